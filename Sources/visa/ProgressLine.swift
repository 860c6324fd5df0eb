/// A progress line on standard error, rewritten in place (only used when standard error is a
/// terminal): lines done, the rate, and the time left when the input's size is known.
final class ProgressLine {
  private let total: Int?
  private let start = Terminal.now()
  private var lastShown = 0.0
  private var shown = false

  init(total: Int?) {
    self.total = total
  }

  /// Shows the progress, at most a few times a second.
  func update(lines: Int, bytes: Int) {
    let now = Terminal.now()
    guard now - lastShown >= 0.2 else { return }
    lastShown = now
    let elapsed = max(now - start, 1e-6)
    var text = "\r\(lines) lines, \(Int(Double(lines) / elapsed)) lines/s"
    if let total, total > 0, bytes > 0 {
      let left = Double(max(total - bytes, 0)) * elapsed / Double(bytes)
      text += ", \(Int(left.rounded(.up))) s left (\(min(100, bytes * 100 / total))%)"
    }
    Terminal.writeAll(Array((text + "\u{1B}[K").utf8), fd: 2)
    shown = true
  }

  /// Clears the line.
  func end() {
    if shown { Terminal.writeAll(Array("\r\u{1B}[K".utf8), fd: 2) }
  }
}
