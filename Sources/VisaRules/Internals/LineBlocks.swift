import Dispatch

/// Reading JSON Lines in blocks of whole lines, and working on a block's lines on every core
/// while keeping their order. Memory stays that of one block, whatever the input's length.
enum LineBlocks {
  static let blockSize = 1 << 20

  /// Calls `body` with each block of complete lines: the bytes, the line ranges, and the
  /// 1-based number of the block's first line. A last line without a newline is included.
  static func read(
    fd: Int32, _ body: (_ bytes: [UInt8], _ lines: [Range<Int>], _ firstLine: Int) throws(VisaRulesError) -> Void
  ) throws(VisaRulesError) {
    var pending: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: blockSize)
    var lineNumber = 1
    var eof = false
    while !eof {
      let n = buffer.withUnsafeMutableBytes { Platform.read(fd, $0.baseAddress!, blockSize) }
      if n < 0 {
        throw VisaRulesError(.io, message: "cannot read the input: \(Platform.lastError)")
      }
      if n == 0 { eof = true } else { pending.append(contentsOf: buffer[0..<n]) }
      if !eof && pending.count < blockSize { continue }
      var cut = pending.count
      if !eof {
        guard let last = pending.lastIndex(of: 0x0A) else { continue }
        cut = last + 1
      }
      if cut == 0 { continue }
      let block = Array(pending[0..<cut])
      pending.removeFirst(cut)
      var lines: [Range<Int>] = []
      var start = 0
      for (i, c) in block.enumerated() where c == 0x0A {
        lines.append(start..<(i > start && block[i - 1] == 0x0D ? i - 1 : i))
        start = i + 1
      }
      if start < block.count { lines.append(start..<block.count) }
      try body(block, lines, lineNumber)
      lineNumber += lines.count
    }
  }

  /// Splits `count` items into parts worked on concurrently; returns the parts' results in order.
  static func parallel<T>(count: Int, workers: Int, _ work: @Sendable (Range<Int>) -> T) -> [T] {
    let parts = max(1, min(workers * 4, count))
    let boxes = (0..<parts).map { _ in ResultBox<T>() }
    DispatchQueue.concurrentPerform(iterations: parts) { p in
      let lo = count * p / parts
      let hi = count * (p + 1) / parts
      boxes[p].value = work(lo..<hi)
    }
    return boxes.map { $0.value! }
  }
}

/// One worker's result: each worker writes only its own box.
private final class ResultBox<T>: @unchecked Sendable {
  var value: T?
}
