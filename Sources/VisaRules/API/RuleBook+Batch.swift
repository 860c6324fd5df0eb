import Dispatch

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
    let pipeline = BatchPipeline(book: self, options: options, output: output, workers: workers)
    let blockSize = 128 << 10
    var block = pipeline.takeBlock()
    var filled = 0
    var eof = false
    var lineNumber = 1
    var want = blockSize
    while !eof && !pipeline.failed {
      // Fill the block (a pipe may deliver less than asked).
      while filled < want && !eof {
        if block.input.count < want { block.input.append(contentsOf: repeatElement(0, count: want - block.input.count)) }
        let capacity = block.input.count - filled
        let n = block.input.withUnsafeMutableBytes { Platform.read(input, $0.baseAddress! + filled, capacity) }
        if n < 0 {
          let message = "cannot read the input: \(Platform.lastError)"
          pipeline.finish()
          throw VisaRulesError(.io, message: message)
        }
        if n == 0 { eof = true } else { filled += n }
      }
      // Complete lines: up to the last newline (everything, at the end of input).
      var cut = filled
      if !eof {
        var last = filled - 1
        block.input.withUnsafeBufferPointer { b in
          while last >= 0 && b[last] != 0x0A { last -= 1 }
        }
        guard last >= 0 else {
          // A line longer than the block: read more into the same block.
          want = filled + blockSize
          continue
        }
        cut = last + 1
      }
      if cut == 0 { continue }
      var next = pipeline.takeBlock()
      if filled > cut {
        let rest = filled - cut
        if next.input.count < rest + blockSize { next.input.append(contentsOf: repeatElement(0, count: rest + blockSize - next.input.count)) }
        next.input.withUnsafeMutableBytes { dst in
          block.input.withUnsafeBytes { src in Platform.copy(dst.baseAddress!, src.baseAddress! + cut, count: rest) }
        }
      }
      block.count = cut
      block.firstLine = lineNumber
      block.lines = BatchPipeline.lineCount(block.input, cut)
      lineNumber += block.lines
      if eof && lineNumber - block.lines == 1 {
        // The whole input is one block: no thread to start; for a handful of lines, no
        // date segments or JSON fragments to build either.
        pipeline.direct = block.lines > 16
        pipeline.run(block)
      } else {
        pipeline.submit(block)
      }
      block = next
      filled -= cut
      want = blockSize
    }
    pipeline.finish()
    if let error = pipeline.writeError { throw error }
    return pipeline.summary
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

/// A block of whole input lines and, once evaluated, its output lines. Blocks are recycled, so
/// their buffers keep their capacity from one use to the next.
final class BatchBlock: @unchecked Sendable {
  var input: [UInt8] = []
  /// Bytes of `input` that belong to the block (whole lines; the last may lack its newline).
  var count = 0
  var firstLine = 1
  var lines = 0
  var sequence = 0
  var output = ByteBuffer(capacity: 1 << 16)
  var scratch: LineEvaluator?
  var decisions = 0
  var errors = 0

  deinit { output.free() }
}

/// The concurrent part of ``RuleBook/evaluateJSONLines(input:output:options:threads:)``:
/// evaluates submitted blocks on up to `workers` threads and writes their outputs in order.
final class BatchPipeline: @unchecked Sendable {
  let book: RuleBook
  let options: EvaluationOptions
  let output: Int32
  let maxInFlight: Int
  /// Bounds the blocks read but not yet written (memory stays flat).
  let inFlight: DispatchSemaphore
  /// Bounds the blocks being evaluated at once (the thread count asked for).
  let computing: DispatchSemaphore
  let group = DispatchGroup()
  let queue = DispatchQueue.global()
  /// Whether lines go the direct way (see ``LineEvaluator``); set before the first block.
  var direct = true
  private let mutex = Mutex()
  // Guarded by `mutex`:
  private var free: [BatchBlock] = []
  private var done: [BatchBlock?]
  private var nextToWrite = 0
  private var writing = false
  private var submitted = 0
  private(set) var summary = BatchSummary(lines: 0, decisions: 0, errors: 0)
  private(set) var writeError: VisaRulesError?
  private var _failed = false

  init(book: RuleBook, options: EvaluationOptions, output: Int32, workers: Int) {
    self.book = book
    self.options = options
    self.output = output
    maxInFlight = workers * 2 + 2
    inFlight = DispatchSemaphore(value: maxInFlight)
    computing = DispatchSemaphore(value: workers)
    done = Array(repeating: nil, count: maxInFlight)
  }

  var failed: Bool { mutex.locked { _failed } }

  func takeBlock() -> BatchBlock {
    mutex.locked { free.popLast() } ?? BatchBlock()
  }

  static func lineCount(_ bytes: [UInt8], _ count: Int) -> Int {
    bytes.withUnsafeBytes { raw in
      let base = raw.baseAddress!
      var lines = 0
      var offset = 0
      while offset < count {
        guard let nl = Platform.find(0x0A, in: base + offset, count: count - offset) else {
          lines += 1  // a final line without its newline
          break
        }
        lines += 1
        offset = nl - base + 1
      }
      return lines
    }
  }

  func submit(_ block: BatchBlock) {
    inFlight.wait()
    computing.wait()
    block.sequence = submitted
    submitted += 1
    queue.async(group: group) { [self] in
      evaluate(block)
      computing.signal()
      completed(block)
    }
  }

  /// Evaluates and writes a block on the calling thread (when it is the only one).
  func run(_ block: BatchBlock) {
    inFlight.wait()
    block.sequence = submitted
    submitted += 1
    evaluate(block)
    completed(block)
  }

  /// Waits until every submitted block is written.
  func finish() {
    group.wait()
  }

  private func evaluate(_ block: BatchBlock) {
    var decisions = 0
    var errors = 0
    var output = block.output
    output.removeAll()
    var lines = block.scratch ?? LineEvaluator(book: book, options: options, direct: direct)
    let count = block.count
    var lineNumber = block.firstLine
    block.input.withUnsafeBufferPointer { all in
      var start = 0
      while start < count {
        var end = start
        if let nl = Platform.find(0x0A, in: all.baseAddress! + start, count: count - start) {
          end = nl - UnsafeRawPointer(all.baseAddress!)
        } else {
          end = count
        }
        var e = end
        if e > start && all[e - 1] == 0x0D { e -= 1 }  // CRLF
        let line = UnsafeBufferPointer(rebasing: all[start..<e])
        if lines.evaluate(line, lineNumber: lineNumber, into: &output) {
          decisions += 1
        } else {
          errors += 1
        }
        output.append(0x0A)
        lineNumber += 1
        start = end + 1
      }
    }
    block.output = output
    block.scratch = lines
    block.decisions = decisions
    block.errors = errors
  }

  /// Records a finished block; whoever finds the next block to write writes it, and every
  /// block after it that is ready.
  private func completed(_ block: BatchBlock) {
    mutex.lock()
    done[block.sequence % maxInFlight] = block
    if writing {
      mutex.unlock()
      return
    }
    writing = true
    while let b = done[nextToWrite % maxInFlight], b.sequence == nextToWrite {
      done[nextToWrite % maxInFlight] = nil
      let skip = _failed
      mutex.unlock()
      var error: VisaRulesError?
      if !skip {
        do throws(VisaRulesError) {
          try RuleBook.writeAll(b.output.buffer, to: output)
        } catch let e {
          error = e
        }
      }
      mutex.lock()
      if let error, writeError == nil {
        writeError = error
        _failed = true
      }
      summary.lines += b.lines
      summary.decisions += b.decisions
      summary.errors += b.errors
      nextToWrite += 1
      free.append(b)
      inFlight.signal()
    }
    writing = false
    mutex.unlock()
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
