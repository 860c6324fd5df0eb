import Dispatch

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

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
  public func evaluateLine(_ bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int, options: EvaluationOptions = .batch) -> (output: [UInt8], ok: Bool) {
    var w = JSONWriter(capacity: 1024)
    do throws(VisaRulesError) {
      let root: JSONValue
      do throws(JSONSyntaxError) {
        root = try JSONParser.parse(bytes)
      } catch {
        throw VisaRulesError(.malformedJSON, message: "malformed JSON at column \(error.offset + 1): \(error.message)")
      }
      do throws(VisaRulesError) {
        let app = try Application(jsonValue: root)
        let decision = try evaluate(app, options: options)
        decision.write(to: &w)
        return (w.bytes, true)
      } catch {
        RuleBook.writeError(error, line: lineNumber, id: RuleBook.rawID(root), to: &w)
        return (w.bytes, false)
      }
    } catch {
      RuleBook.writeError(error, line: lineNumber, id: nil, to: &w)
      return (w.bytes, false)
    }
  }

  static func rawID(_ root: JSONValue) -> String? {
    guard let v = root["id"] else { return nil }
    var w = JSONWriter()
    switch v.kind {
    case .string(let s): w.string(s)
    case .number(let n): w.double(n)
    default: return nil
    }
    return w.text
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
  public func evaluateJSONLines(
    input: Int32, output: Int32, options: EvaluationOptions = .batch, threads: Int? = nil
  ) throws(VisaRulesError) -> BatchSummary {
    let workers = max(1, threads ?? RuleBook.coreCount())
    let chunkSize = 1 << 20
    var pending: [UInt8] = []
    var summary = BatchSummary(lines: 0, decisions: 0, errors: 0)
    var readBuffer = [UInt8](repeating: 0, count: chunkSize)
    var eof = false
    while !eof {
      let n = readBuffer.withUnsafeMutableBytes { Glibc.read(input, $0.baseAddress, chunkSize) }
      if n < 0 {
        if errno == EINTR { continue }
        throw VisaRulesError(.io, message: "cannot read the input: \(String(cString: strerror(errno)))")
      }
      if n == 0 {
        eof = true
      } else {
        pending.append(contentsOf: readBuffer[0..<n])
        if pending.count < chunkSize * 2 && n == chunkSize { continue }
      }
      // Complete lines: up to the last newline (everything, at the end of input).
      var cut = pending.count
      if !eof {
        guard let last = pending.lastIndex(of: 0x0A) else { continue }
        cut = last + 1
      }
      if cut == 0 { continue }
      let batch = Array(pending[0..<cut])
      pending.removeFirst(cut)
      let (out, s) = processBlock(batch, firstLine: summary.lines + 1, options: options, workers: workers)
      summary.lines += s.lines
      summary.decisions += s.decisions
      summary.errors += s.errors
      try RuleBook.writeAll(out, to: output)
    }
    return summary
  }

  /// Splits a block into lines, evaluates them on `workers` threads, joins outputs in order.
  private func processBlock(_ block: [UInt8], firstLine: Int, options: EvaluationOptions, workers: Int) -> ([UInt8], BatchSummary) {
    var starts: [Int] = [0]
    var ends: [Int] = []
    for (i, c) in block.enumerated() where c == 0x0A {
      ends.append(i)
      starts.append(i + 1)
    }
    if starts.last! < block.count {
      ends.append(block.count)
    } else {
      starts.removeLast()
    }
    let count = starts.count
    let (lineStarts, lineEnds) = (starts, ends)
    let parts = min(workers * 4, max(1, count))
    final class Slot: @unchecked Sendable {
      var bytes: [UInt8] = []
      var decisions = 0
      var errors = 0
    }
    let slots = (0..<parts).map { _ in Slot() }
    block.withUnsafeBufferPointer { all in
      nonisolated(unsafe) let all = all
      DispatchQueue.concurrentPerform(iterations: parts) { part in
        let lo = count * part / parts
        let hi = count * (part + 1) / parts
        let slot = slots[part]
        slot.bytes.reserveCapacity((hi - lo) * 900)
        for i in lo..<hi {
          var e = lineEnds[i]
          if e > lineStarts[i] && all[e - 1] == 0x0D { e -= 1 }  // CRLF
          let line = UnsafeBufferPointer(rebasing: all[lineStarts[i]..<e])
          let (out, ok) = evaluateLine(line, lineNumber: firstLine + i, options: options)
          slot.bytes.append(contentsOf: out)
          slot.bytes.append(0x0A)
          if ok { slot.decisions += 1 } else { slot.errors += 1 }
        }
      }
    }
    var out: [UInt8] = []
    out.reserveCapacity(slots.reduce(0) { $0 + $1.bytes.count })
    var summary = BatchSummary(lines: count, decisions: 0, errors: 0)
    for s in slots {
      out.append(contentsOf: s.bytes)
      summary.decisions += s.decisions
      summary.errors += s.errors
    }
    return (out, summary)
  }

  static func writeAll(_ bytes: [UInt8], to fd: Int32) throws(VisaRulesError) {
    var offset = 0
    while offset < bytes.count {
      let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, bytes.count - offset) }
      if n < 0 {
        if errno == EINTR { continue }
        throw VisaRulesError(.io, message: "cannot write the output: \(String(cString: strerror(errno)))")
      }
      offset += n
    }
  }

  static func coreCount() -> Int {
    let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    return n > 0 ? n : 1
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
