/// Counts from a batch run.
public struct BatchSummary: Hashable, Sendable {
  /// Input lines read (blank lines included).
  public var lines: Int
  /// Lines that produced a decision.
  public var decisions: Int
  /// Lines that produced an error object.
  public var errors: Int
}

extension RuleBook {
  /// Evaluates one line of JSON Lines input and returns the output line (without the newline):
  /// the decision, or an error object `{"line":N,"id":…,"error":{…}}` naming what was wrong.
  /// A blank line yields an error object here (``evaluateJSONLines(input:output:options:threads:)``
  /// skips blank lines instead).
  public func evaluateLine(_ bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int, options: EvaluationOptions = .batch) -> (
    output: [UInt8], ok: Bool
  ) {
    var lines = LineEvaluator(book: self, options: options)
    var out = ByteBuffer(capacity: 4096)
    defer {
      out.free()
      lines.free()
    }
    let ok = lines.evaluate(bytes, lineNumber: lineNumber, into: &out)
    return (Array(out.buffer.bindMemory(to: UInt8.self)), ok)
  }

  static func writeError(_ e: VisaRulesError, line: Int, id: String?, to w: inout JSONWriter) {
    w.beginObject()
    w.key("line")
    w.int(line)
    if let id {
      w.key("id")
      w.raw(Array(id.utf8))
    }
    w.key("error")
    e.write(to: &w)
    w.endObject()
  }

  /// Evaluates JSON Lines from a file descriptor to another, streaming: one output line per
  /// input line, in input order, using `threads` threads (default: every core). Memory stays
  /// flat whatever the input's length. A final line without a newline is evaluated too (and
  /// reported if it is truncated JSON).
  ///
  /// The input is cut into blocks of whole lines; the blocks are evaluated concurrently and
  /// written in input order as soon as each is ready, while the next blocks are read and
  /// evaluated. At most a few blocks are in flight at any time.
  public func evaluateJSONLines(
    input: Int32, output: Int32, options: EvaluationOptions = .batch, threads: Int? = nil
  ) throws(VisaRulesError) -> BatchSummary {
    let workers = max(1, threads ?? RuleBook.coreCount())
    let book = self
    let counts = Mutex()
    nonisolated(unsafe) var summary = BatchSummary(lines: 0, decisions: 0, errors: 0)
    nonisolated(unsafe) var direct = true
    let pipeline = BlockPipeline(
      workers: workers,
      work: { block, state in
        let lines = state as? LineEvaluatorBox ?? LineEvaluatorBox(book: book, options: options, direct: direct)
        var output = block.output
        output.removeAll()
        var decisions = 0
        var errors = 0
        JSONLines.forEachLine(in: block) { line, lineNumber in
          if lines.evaluator.evaluate(line, lineNumber: lineNumber, into: &output) { decisions += 1 } else { errors += 1 }
          output.append(0x0A)
        }
        block.output = output
        state = lines
        block.decisions = decisions
        block.errors = errors
      },
      deliver: { (block) throws(VisaRulesError) in
        try RuleBook.writeAll(block.output.buffer, to: output)
        counts.locked {
          summary.lines += block.lines
          summary.decisions += block.decisions
          summary.errors += block.errors
        }
      })
    do throws(VisaRulesError) {
      try JSONLines.read(fd: input, take: pipeline.takeBlock, stop: { pipeline.failed }) { (block, only) throws(VisaRulesError) in
        if only {
          // The whole input is one block: no thread to start; for a handful of lines, no
          // date segments or JSON fragments to build either.
          direct = block.lines > 16
          pipeline.run(block)
        } else {
          pipeline.submit(block)
        }
      }
    } catch {
      pipeline.finish()
      throw error
    }
    pipeline.finish()
    if let error = pipeline.error { throw error }
    return counts.locked { summary }
  }

  static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32) throws(VisaRulesError) {
    var offset = 0
    while offset < bytes.count {
      let n = Platform.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
      if n < 0 {
        throw VisaRulesError(.io, message: "cannot write the output: \(Platform.lastError)")
      }
      offset += n
    }
  }

  static func coreCount() -> Int {
    Platform.coreCount()
  }
}
