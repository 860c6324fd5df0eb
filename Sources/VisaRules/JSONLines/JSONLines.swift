/// JSON Lines, as every batch path of the library reads them (``RuleBook/evaluateJSONLines(input:output:options:threads:)``
/// and ``RuleBook/compare(with:input:options:threads:examples:progress:)``):
///
/// - a line ends at LF; a CR before the LF is dropped (CRLF files are read alike);
/// - a final line without a newline is read too (its CR dropped as well); if it is truncated
///   JSON, evaluating it reports it;
/// - a blank line (empty, or only spaces, tabs and CR) is skipped: it gives no output, but it
///   counts for the numbers of the lines after it, which are those of the file;
/// - a UTF-8 byte-order mark at the start of the input is skipped.
///
/// The input is read in blocks of whole lines, so memory stays that of a few blocks whatever
/// the input's length; a line longer than a block makes its block grow.
enum JSONLines {
  static let blockSize = 128 << 10

  /// Reads `fd` to its end in blocks of whole lines. `take` gives a block to fill (recycled,
  /// so its buffer keeps its capacity); `submit` receives each block filled, with
  /// `only: true` when it is the whole input. Stops early when `stop` says so.
  static func read(
    fd: Int32, take: () -> LineBlock, stop: () -> Bool,
    submit: (LineBlock, _ only: Bool) throws(VisaRulesError) -> Void
  ) throws(VisaRulesError) {
    var block = take()
    var filled = 0
    var eof = false
    var lineNumber = 1
    var want = blockSize
    while !eof && !stop() {
      // Fill the block (a pipe may deliver less than asked).
      while filled < want && !eof {
        if block.input.count < want { block.input.append(contentsOf: repeatElement(0, count: want - block.input.count)) }
        let capacity = block.input.count - filled
        let n = block.input.withUnsafeMutableBytes { Platform.read(fd, $0.baseAddress! + filled, capacity) }
        if n < 0 { throw VisaRulesError(.io, message: "cannot read the input: \(Platform.lastError)") }
        if n == 0 { eof = true } else { filled += n }
      }
      // A UTF-8 byte-order mark at the start of the input is white space to the reader.
      if lineNumber == 1 && filled >= 3 {
        block.input.withUnsafeMutableBufferPointer { b in
          if b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF { (b[0], b[1], b[2]) = (0x20, 0x20, 0x20) }
        }
      }
      // Complete lines: up to the last newline (everything, at the end of input).
      var cut = filled
      if !eof {
        var last = filled - 1
        block.input.withUnsafeBufferPointer { b in
          while last >= 0 && b[last] != 0x0A { last -= 1 }
        }
        guard last >= 0 else {
          want = filled + blockSize  // a line longer than the block: read more into it
          continue
        }
        cut = last + 1
      }
      if cut == 0 { continue }
      let next = take()
      if filled > cut {
        let rest = filled - cut
        if next.input.count < rest + blockSize {
          next.input.append(contentsOf: repeatElement(0, count: rest + blockSize - next.input.count))
        }
        next.input.withUnsafeMutableBytes { dst in
          block.input.withUnsafeBytes { src in Platform.copy(dst.baseAddress!, src.baseAddress! + cut, count: rest) }
        }
      }
      block.count = cut
      block.firstLine = lineNumber
      block.lines = lineCount(block.input, cut)
      lineNumber += block.lines
      try submit(block, eof && block.firstLine == 1)
      block = next
      filled -= cut
      want = blockSize
    }
  }

  /// The lines of `count` bytes (a final line without its newline counts).
  static func lineCount(_ bytes: [UInt8], _ count: Int) -> Int {
    bytes.withUnsafeBytes { raw in
      let base = raw.baseAddress!
      var lines = 0
      var offset = 0
      while offset < count {
        guard let nl = Platform.find(0x0A, in: base + offset, count: count - offset) else {
          lines += 1
          break
        }
        lines += 1
        offset = nl - base + 1
      }
      return lines
    }
  }

  /// Calls `body` with each line of the block that is not blank (CR dropped) and its number.
  @inline(__always) static func forEachLine(
    in block: LineBlock, _ body: (UnsafeBufferPointer<UInt8>, _ lineNumber: Int) -> Void
  ) {
    let count = block.count
    var lineNumber = block.firstLine
    block.input.withUnsafeBufferPointer { all in
      let base = all.baseAddress!
      var start = 0
      while start < count {
        let end = Platform.find(0x0A, in: base + start, count: count - start).map { $0 - UnsafeRawPointer(base) } ?? count
        var e = end
        if e > start && all[e - 1] == 0x0D { e -= 1 }
        if !isBlank(all, start, e) { body(UnsafeBufferPointer(rebasing: all[start..<e]), lineNumber) }
        lineNumber += 1
        start = end + 1
      }
    }
  }

  @inline(__always) static func isBlank(_ all: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
    var i = start
    while i < end {
      let c = all[i]
      if c != 0x20 && c != 0x09 && c != 0x0D { return false }
      i += 1
    }
    return true
  }
}

/// A block of whole input lines and, once worked on, its result. Blocks are recycled, so their
/// buffers keep their capacity from one use to the next.
final class LineBlock: @unchecked Sendable {
  var input: [UInt8] = []
  /// Bytes of `input` that belong to the block (whole lines; the last may lack its newline).
  var count = 0
  /// The number of the block's first line (1-based, blank lines counted).
  var firstLine = 1
  /// Lines in the block, blank lines included.
  var lines = 0
  var sequence = 0
  /// Output lines (evaluation) of the block.
  var output = ByteBuffer(capacity: 1 << 16)
  /// Any other result of the work on the block (a comparison's totals).
  var result: Any?
  var decisions = 0
  var errors = 0

  deinit { output.free() }
}
