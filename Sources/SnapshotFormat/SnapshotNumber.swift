/// How a snapshot writes a number: in base 32, lowest digit first, `0`…`O` (0x30…0x4F) for a
/// digit that more digits follow, `P`…`o` (0x50…0x6F) for the last one, so that a reader checks a
/// byte with one comparison (a signed number is zigzag-encoded first, by the library's writer).
package enum SnapshotNumber {
  /// The byte of digit 0 when more digits follow (`0`).
  @inlinable package static var moreDigits: UInt8 { 0x30 }
  /// The byte of digit 0 when it is the last (`P`).
  @inlinable package static var lastDigit: UInt8 { 0x50 }

  /// Appends `value`'s digits to `out`.
  package static func append(_ value: UInt64, to out: inout [UInt8]) {
    var v = value
    while v >= 32 {
      out.append(moreDigits + UInt8(v & 31))
      v >>= 5
    }
    out.append(lastDigit + UInt8(v))
  }

  /// The number that starts at `position` (of the bytes below `end`), of any length; moves
  /// `position` past it, or, on an error, to the byte at fault. Throws on a byte that is no
  /// digit, a number beyond 64 bits, and the end of the bytes inside a number. (Inlinable: the
  /// library's reader reads every number of more than two digits here, at start-up.)
  @inlinable @inline(__always) package static func read(_ base: UnsafePointer<UInt8>, at position: inout Int, end: Int)
    throws(SnapshotError)
    -> UInt64
  {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    var p = position
    while p < end {
      let c = base[p]
      if c &- moreDigits < 32 {
        // 13 digits hold 64 bits: a 14th is too many.
        guard shift < 60 else {
          position = p
          throw SnapshotError(offset: p, message: "a number does not fit 64 bits")
        }
        value |= UInt64(c &- moreDigits) << shift
        shift &+= 5
        p &+= 1
      } else if c &- lastDigit < 32 {
        let d = UInt64(c &- lastDigit)
        guard shift < 60 || d < 16 else {
          position = p
          throw SnapshotError(offset: p, message: "a number does not fit 64 bits")
        }
        position = p &+ 1
        return value | d << shift
      } else {
        position = p
        throw SnapshotError(offset: p, message: "expected a number digit (0-9, :-O or P-o), found byte \(c)")
      }
    }
    position = p
    throw SnapshotError(offset: p, message: "truncated: the snapshot ends inside a number")
  }
}
