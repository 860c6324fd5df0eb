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
  /// A blank line yields an error object too, so every input line has one output line.
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
      work: { block in
        let lines = block.scratch as? LineEvaluatorBox ?? LineEvaluatorBox(book: book, options: options, direct: direct)
        var output = block.output
        output.removeAll()
        var decisions = 0
        var errors = 0
        JSONLines.forEachLine(in: block) { line, lineNumber in
          if lines.evaluator.evaluate(line, lineNumber: lineNumber, into: &output) { decisions += 1 } else { errors += 1 }
          output.append(0x0A)
        }
        block.output = output
        block.scratch = lines
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

/// Evaluates lines with one set of options, reusing its working state from line to line.
///
/// Every line is decoded by the contract's one reader (``Application/init(jsonBytes:)``), then
/// checked and evaluated in the order ``RuleBook/evaluate(_:options:)`` follows, so a line gives
/// the same decision or the same error as a single evaluation. Without a trace or alternatives,
/// and with options the rule book knows, the evaluation reuses one working state and writes the
/// decision from precomputed fragments (``Evaluator/writeJSON(_:_:_:id:into:)``); otherwise it
/// goes through ``RuleBook/evaluate(_:options:)`` and the decision's JSON.
struct LineEvaluator {
  let book: RuleBook
  let options: EvaluationOptions
  let chosen: Evaluator.ChosenOptions?
  let batch: JSONFragments?
  var run: Evaluator.Run
  var general = JSONWriter(capacity: 4096)

  /// `direct: false` evaluates every line through ``RuleBook/evaluate(_:options:)`` (for a
  /// handful of lines, where building the date segments and JSON fragments would cost more
  /// than it saves).
  init(book: RuleBook, options: EvaluationOptions, direct: Bool = true) {
    self.book = book
    run = Evaluator.Run(book.evaluator)
    self.options = options
    chosen = !direct || options.trace || options.alternatives ? nil : try? book.evaluator.choose(options.options)
    batch = chosen == nil ? nil : book.evaluator.tables.fragments(book.compiled)
  }

  func free() {}

  /// Appends the output line for `line` (without the newline) to `out`; returns whether it is
  /// a decision.
  mutating func evaluate(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, into out: inout ByteBuffer) -> Bool {
    var app = Application.blank
    general.bytes.removeAll(keepingCapacity: true)
    general.resetState()
    do throws(VisaRulesError) {
      try Application.decode(line, into: &app)
      if let chosen, let batch {
        let evaluator = book.evaluator
        try evaluator.checkCoverage(app)
        try app.validate()
        try evaluator.load(app, into: &run)
        evaluator.begin(&run, chosen, trace: false)
        let verdict = try evaluator.verdict(&run)
        if var id = app.id {
          id.withUTF8 { evaluator.writeJSON(verdict, run, batch, id: $0, into: &out) }
        } else {
          evaluator.writeJSON(verdict, run, batch, id: nil, into: &out)
        }
        return true
      }
      let decision = try book.evaluate(app, options: options)
      decision.write(to: &general)
      out.append(general.bytes)
      return true
    } catch {
      RuleBook.writeError(error, line: lineNumber, id: error.kind == .malformedJSON ? nil : app.id, to: &general)
      out.append(general.bytes)
      return false
    }
  }
}

/// A line evaluator kept with a block between uses.
final class LineEvaluatorBox {
  var evaluator: LineEvaluator

  init(book: RuleBook, options: EvaluationOptions, direct: Bool) {
    evaluator = LineEvaluator(book: book, options: options, direct: direct)
  }
}

extension VisaRulesError {
  /// The error as a JSON object: `{"kind":…,"field":…,"value":…,"message":…,"allowed":…}`.
  public var json: String {
    var w = JSONWriter()
    write(to: &w)
    return w.text
  }

  func write(to w: inout JSONWriter) {
    w.beginObject()
    w.key("kind")
    w.string(kind.rawValue)
    w.key("field")
    w.string(field)
    w.key("value")
    w.string(value)
    w.key("message")
    w.string(message)
    w.key("allowed")
    w.string(allowed)
    if let location {
      w.key("location")
      w.string(location.description)
    }
    w.endObject()
  }
}
