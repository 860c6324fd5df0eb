/// A snapshot's string table: every string of the snapshot once, referred to by its index.
///
/// Layout: the number of strings, the length of the strings' part and the width of an offset
/// (``SnapshotNumber`` digits), a line break; each string's offset in the strings' part (in
/// `width` digits `0`…`O`, lowest first), a line break; then each string as its encoded length
/// (the length times two, plus one when it holds escapes), its bytes and a line break. In the
/// bytes, a control character is escaped as `^` and the character plus 64, and `^` as `^^`, so
/// that a snapshot is text a Swift string literal holds.
///
/// The offsets are fixed-width so that a reader finds a string without reading the others; a
/// table read here looks at no string before ``string(_:at:)`` is asked for it.
package struct SnapshotStringTable: @unchecked Sendable {
  package let base: UnsafePointer<UInt8>
  package let count: Int
  /// Where the offsets start, and their width in digits.
  let offsets: Int
  let width: Int
  /// Where the strings' lengths and bytes start and end.
  let data: Int
  let dataEnd: Int

  /// A table of no strings.
  package init() {
    base = UnsafePointer(bitPattern: 1)!
    count = 0
    offsets = 0
    width = 1
    data = 0
    dataEnd = 0
  }

  /// Reads the table's header at `position` (of the bytes from `base` below `end`) and moves
  /// `position` past the whole table, whose strings stay unread.
  package init(_ base: UnsafePointer<UInt8>, at position: inout Int, end: Int) throws(SnapshotError) {
    var r = SnapshotCursor(base, at: position, end: end)
    defer { position = r.position }
    let n = try r.count()
    let dataLength = try r.number()
    let width = try r.number()
    guard width >= 1 && width <= 12 else { throw r.failure("string offsets of \(width) digits (1 to 12 expected)") }
    try r.newline()
    let offsets = r.position
    guard n <= (end - r.position) / Int(width) else { throw r.failure("truncated: the string offsets run past the end") }
    r.position += n * Int(width)
    try r.newline()
    guard dataLength <= UInt64(end - r.position) else { throw r.failure("truncated: the strings run past the end") }
    self.base = base
    count = n
    self.offsets = offsets
    self.width = Int(width)
    data = r.position
    dataEnd = r.position + Int(dataLength)
    r.position = dataEnd
  }

  /// String `i` (below ``count``), made from its bytes and checked; `at`: where the reader is,
  /// for errors.
  package func string(_ i: Int, at position: Int) throws(SnapshotError) -> String {
    var offset = 0
    let digits = base + offsets + i * width
    for k in 0..<width {
      let d = digits[k] &- SnapshotNumber.moreDigits
      guard d < 32 else {
        throw SnapshotError(offset: offsets + i * width + k, message: "expected a string offset's digit (0-9, :-O)")
      }
      offset |= Int(d) << (5 * k)
    }
    guard offset < dataEnd - data else {
      throw SnapshotError(offset: position, message: "string \(i) starts past the string table (offset \(offset))")
    }
    // The encoded length (a number of at most 6 digits here).
    var p = data + offset
    var header = 0
    var shift = 0
    while true {
      guard p < dataEnd, shift <= 25 else {
        throw SnapshotError(offset: p, message: "string \(i): its length runs past the string table")
      }
      let c = base[p]
      p += 1
      if c &- SnapshotNumber.moreDigits < 32 {
        header |= Int(c &- SnapshotNumber.moreDigits) << shift
        shift += 5
      } else if c &- SnapshotNumber.lastDigit < 32 {
        header |= Int(c &- SnapshotNumber.lastDigit) << shift
        break
      } else {
        throw SnapshotError(offset: p - 1, message: "string \(i): expected its length's digit, found byte \(c)")
      }
    }
    let length = header >> 1
    guard length <= dataEnd - p else {
      throw SnapshotError(offset: p, message: "truncated: a string of \(length) bytes runs past the string table")
    }
    let bytes = UnsafeBufferPointer(start: base + p, count: length)
    if header & 1 == 1 { return try Self.unescape(bytes, at: p) }
    return String(decoding: bytes, as: UTF8.self)
  }

  private static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) throws(SnapshotError) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(bytes.count)
    var i = 0
    while i < bytes.count {
      var b = bytes[i]
      if b == UInt8(ascii: "^") {
        guard i + 1 < bytes.count else {
          throw SnapshotError(offset: offset + i, message: "an escape (^) ends a string")
        }
        i += 1
        b = bytes[i] == UInt8(ascii: "^") ? bytes[i] : bytes[i] ^ 0x40
      }
      out.append(b)
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The string table of `strings`, in order.
  package static func encode(_ strings: [String]) -> [UInt8] {
    var data: [UInt8] = []
    var offsets: [Int] = []
    offsets.reserveCapacity(strings.count)
    for s in strings {
      offsets.append(data.count)
      var encoded: [UInt8] = []
      encoded.reserveCapacity(s.utf8.count)
      var escaped = false
      for b in s.utf8 {
        if b < 0x20 || b == 0x7F || b == UInt8(ascii: "^") {
          escaped = true
          encoded.append(UInt8(ascii: "^"))
          encoded.append(b == UInt8(ascii: "^") ? b : b ^ 0x40)
        } else {
          encoded.append(b)
        }
      }
      // The length, times two, plus one when the string holds escapes.
      SnapshotNumber.append(UInt64(encoded.count) << 1 | (escaped ? 1 : 0), to: &data)
      data += encoded
      data.append(UInt8(ascii: "\n"))
    }
    var width = 1
    while data.count >> (5 * width) != 0 { width += 1 }
    var out: [UInt8] = []
    SnapshotNumber.append(UInt64(strings.count), to: &out)
    SnapshotNumber.append(UInt64(data.count), to: &out)
    SnapshotNumber.append(UInt64(width), to: &out)
    out.append(UInt8(ascii: "\n"))
    for offset in offsets {
      for k in 0..<width { out.append(SnapshotNumber.moreDigits + UInt8((offset >> (5 * k)) & 31)) }
    }
    out.append(UInt8(ascii: "\n"))
    return out + data
  }

  /// Every string of the table of `snapshot` (a whole snapshot, its header checked but for the
  /// format version), in order; nil when the bytes are no readable snapshot.
  package static func strings(ofSnapshot snapshot: UnsafeBufferPointer<UInt8>) -> [String]? {
    guard let header = try? SnapshotHeader(reading: snapshot, version: nil), let base = snapshot.baseAddress else {
      return nil
    }
    var position = header.bodyStart
    do throws(SnapshotError) {
      let table = try SnapshotStringTable(base, at: &position, end: snapshot.count)
      var strings: [String] = []
      strings.reserveCapacity(table.count)
      for i in 0..<table.count { strings.append(try table.string(i, at: position)) }
      return strings
    } catch {
      return nil
    }
  }
}
