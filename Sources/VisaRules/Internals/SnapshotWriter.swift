/// Writes the text-safe encoding of a rule-book snapshot (``RulesSnapshot``): every byte is
/// printable ASCII, a line break, or part of a UTF-8 character of a string, so the snapshot can
/// sit in a Swift string literal.
///
/// - A number is written in base 16, lowest digit first: `A`…`P` for a digit that more digits
///   follow, `a`…`p` for the last one (a signed number is zigzag-encoded first).
/// - A string is written once, in the string table, and referred to by its index there; the
///   table holds each string's UTF-8 length and bytes (control characters escaped as `^` and the
///   character plus 64, `^` itself as `^^`).
/// - A line break (``newline()``) only separates records for readability; the reader expects it
///   where the writer put it.
struct SnapshotWriter {
  /// The body (everything but the string table), as written so far.
  private(set) var body: [UInt8] = []
  /// The distinct strings in order of first use, and each one's index.
  private(set) var strings: [String] = []
  private var stringIndex: [String: Int] = [:]

  mutating func uint(_ value: UInt64) {
    Self.appendNumber(value, to: &body)
  }

  static func appendNumber(_ value: UInt64, to out: inout [UInt8]) {
    var v = value
    while v >= 16 {
      out.append(UInt8(ascii: "A") + UInt8(v & 15))
      v >>= 4
    }
    out.append(UInt8(ascii: "a") + UInt8(v))
  }

  mutating func int(_ value: Int) {
    uint(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63))))
  }

  mutating func bool(_ value: Bool) { uint(value ? 1 : 0) }

  /// A count of elements (of a list that follows).
  mutating func count(_ n: Int) { uint(UInt64(n)) }

  mutating func string(_ value: String) {
    if let i = stringIndex[value] {
      uint(UInt64(i))
      return
    }
    let i = strings.count
    strings.append(value)
    stringIndex[value] = i
    uint(UInt64(i))
  }

  mutating func optionalString(_ value: String?) {
    bool(value != nil)
    if let value { string(value) }
  }

  mutating func optionalInt(_ value: Int?) {
    bool(value != nil)
    if let value { int(value) }
  }

  mutating func newline() { body.append(UInt8(ascii: "\n")) }

  /// The string table: the count, then each string's encoded length and bytes, one per line.
  func stringTable() -> [UInt8] {
    var out: [UInt8] = []
    Self.appendNumber(UInt64(strings.count), to: &out)
    out.append(UInt8(ascii: "\n"))
    for s in strings {
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
      Self.appendNumber(UInt64(encoded.count) << 1 | (escaped ? 1 : 0), to: &out)
      out += encoded
      out.append(UInt8(ascii: "\n"))
    }
    return out
  }
}
