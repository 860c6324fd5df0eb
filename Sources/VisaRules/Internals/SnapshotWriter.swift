internal import SnapshotFormat

/// Writes the text-safe encoding of a rule-book snapshot (``RulesSnapshot``): every byte is
/// printable ASCII, a line break, or part of a UTF-8 character of a string, so the snapshot can
/// sit in a Swift string literal.
///
/// - A number is written in base 32, lowest digit first (``SnapshotNumber``; a signed number is
///   zigzag-encoded first).
/// - A string is written once, in the string table (``SnapshotStringTable``), and referred to by
///   its index there.
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
    SnapshotNumber.append(value, to: &body)
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
    SnapshotNumber.append(UInt64(citationIndex.count), to: &out)
    out.append(UInt8(ascii: "\n"))
    return out + citationEntries
  }

  /// The string table of the strings written (``SnapshotStringTable/encode(_:)``).
  func stringTable() -> [UInt8] { SnapshotStringTable.encode(strings) }
}
