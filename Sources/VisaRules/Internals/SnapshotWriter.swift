/// Writes the text-safe encoding of a rule-book snapshot (``RulesSnapshot``): every byte is
/// printable ASCII, a line break, or part of a UTF-8 character of a string, so the snapshot can
/// sit in a Swift string literal.
///
/// - A number is written in base 32, lowest digit first: `0`…`O` (0x30…0x4F) for a digit that
///   more digits follow, `P`…`o` (0x50…0x6F) for the last one (a signed number is zigzag-encoded
///   first), so that a reader checks a byte with one comparison.
/// - A string is written once, in the string table, and referred to by its index there; the
///   table holds each string's offset (fixed-width, so a reader finds a string without reading
///   the others), and its UTF-8 length and bytes (control characters escaped as `^` and the
///   character plus 64, `^` itself as `^^`).
/// - A citation of the rules is written once, in the citation table (after the string table),
///   with its text, and referred to by its index there (``citation(_:text:)``).
/// - A line break (``newline()``) only separates records for readability; the reader expects it
///   where the writer put it.
struct SnapshotWriter {
  /// The body (everything but the string table), as written so far.
  private(set) var body: [UInt8] = []
  /// The distinct strings in order of first use, and each one's index.
  private(set) var strings: [String] = []
  private var stringIndex: [String: Int] = [:]
  /// The citation table's entries, as written so far, and each citation's index there.
  private var citationEntries: [UInt8] = []
  private var citationIndex: [CitationKey: Int] = [:]

  private struct CitationKey: Hashable {
    var citation: Citation
    var text: String
  }

  mutating func uint(_ value: UInt64) {
    Self.appendNumber(value, to: &body)
  }

  static func appendNumber(_ value: UInt64, to out: inout [UInt8]) {
    var v = value
    while v >= 32 {
      out.append(0x30 + UInt8(v & 31))
      v >>= 5
    }
    out.append(0x50 + UInt8(v))
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

  /// A citation of the rules and its text (`citation.description` as the loader worded it), as
  /// an index into the citation table, written there the first time.
  mutating func citation(_ citation: Citation, text: String) {
    let key = CitationKey(citation: citation, text: text)
    if let i = citationIndex[key] {
      uint(UInt64(i))
      return
    }
    let i = citationIndex.count
    citationIndex[key] = i
    swap(&body, &citationEntries)
    write(citation)
    string(text)
    newline()
    swap(&body, &citationEntries)
    uint(UInt64(i))
  }

  /// The citation table: the count, a line break, then each citation and its text, one per line.
  func citationTable() -> [UInt8] {
    var out: [UInt8] = []
    Self.appendNumber(UInt64(citationIndex.count), to: &out)
    out.append(UInt8(ascii: "\n"))
    return out + citationEntries
  }

  /// The string table: the count, the length of the strings' part and the width of an offset,
  /// a line break; each string's offset in that part (in `width` digits `0`…`O`, lowest first),
  /// a line break; then each string's encoded length and bytes, one per line.
  func stringTable() -> [UInt8] {
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
      Self.appendNumber(UInt64(encoded.count) << 1 | (escaped ? 1 : 0), to: &data)
      data += encoded
      data.append(UInt8(ascii: "\n"))
    }
    var width = 1
    while data.count >> (5 * width) != 0 { width += 1 }
    var out: [UInt8] = []
    Self.appendNumber(UInt64(strings.count), to: &out)
    Self.appendNumber(UInt64(data.count), to: &out)
    Self.appendNumber(UInt64(width), to: &out)
    out.append(UInt8(ascii: "\n"))
    for offset in offsets {
      for k in 0..<width { out.append(0x30 + UInt8((offset >> (5 * k)) & 31)) }
    }
    out.append(UInt8(ascii: "\n"))
    return out + data
  }
}
