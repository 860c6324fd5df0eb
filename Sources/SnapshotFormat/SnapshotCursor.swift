/// A position in a snapshot's bytes, for the parts this module reads (the header and the
/// string table's header), and the line breaks and literal words the library's reader meets:
/// every read is bounds-checked and every malformed byte throws.
package struct SnapshotCursor {
  let base: UnsafePointer<UInt8>
  let end: Int
  package var position: Int

  package init(_ base: UnsafePointer<UInt8>, at position: Int, end: Int) {
    self.base = base
    self.end = end
    self.position = position
  }

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    // An empty buffer may have no base address; a one-byte dummy is never read.
    self.init(bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!, at: 0, end: bytes.count)
  }

  func failure(_ message: String) -> SnapshotError { SnapshotError(offset: position, message: message) }

  mutating func number() throws(SnapshotError) -> UInt64 {
    try SnapshotNumber.read(base, at: &position, end: end)
  }

  /// A count of elements to come; each takes at least one byte, so a count beyond the bytes
  /// left is corrupt.
  mutating func count() throws(SnapshotError) -> Int {
    let n = try number()
    guard n <= UInt64(end - position) else { throw failure("a list of \(n) elements is longer than the snapshot") }
    return Int(n)
  }

  package mutating func newline() throws(SnapshotError) {
    guard position < end, base[position] == UInt8(ascii: "\n") else {
      throw failure(position < end ? "expected a line break, found byte \(base[position])" : "truncated: the snapshot ends early")
    }
    position &+= 1
  }

  /// Whether the next bytes are `text` (consumed if so).
  package mutating func skip(_ text: StaticString) -> Bool {
    let n = text.utf8CodeUnitCount
    guard end - position >= n else { return false }
    for i in 0..<n where base[position + i] != text.utf8Start[i] { return false }
    position += n
    return true
  }
}
