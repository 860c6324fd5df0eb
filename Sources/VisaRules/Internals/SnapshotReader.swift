internal import SnapshotFormat

/// Reads what ``SnapshotWriter`` wrote, from bytes it does not own (the snapshot embedded in the
/// library is a static literal: nothing is copied but the strings, each made once). Every read
/// is bounds-checked and every malformed byte throws; nothing traps on a corrupt snapshot.
/// Sendable for a snapshot whose bytes outlive every reader (the one compiled into the library).
struct SnapshotReader: @unchecked Sendable {
  let base: UnsafePointer<UInt8>
  let end: Int
  private(set) var position: Int
  /// The string table, once read.
  private(set) var table = SnapshotStrings()
  /// The citation table, once read: each citation of the rules and its text.
  private(set) var citations: [Citation] = []
  private(set) var citationTexts: [String] = []

  init(_ bytes: UnsafeBufferPointer<UInt8>, from position: Int = 0) {
    // An empty buffer may have no base address; a one-byte dummy is never read.
    base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
    end = bytes.count
    self.position = position
  }

  func failure(_ message: String) -> SnapshotError { SnapshotError(offset: position, message: message) }

  @inline(__always) mutating func uint() throws(SnapshotError) -> UInt64 {
    // Most numbers are one or two digits (``SnapshotNumber``): `P`…`o` (0x50…0x6F) is the last
    // digit, `0`…`O` (0x30…0x4F) one that more digits follow.
    let p = position
    if p < end {
      let d = base[p] &- 0x50
      if d < 32 {
        position = p &+ 1
        return UInt64(d)
      }
      if p &+ 1 < end {
        let low = base[p] &- 0x30
        let high = base[p &+ 1] &- 0x50
        if low < 32 && high < 32 {
          position = p &+ 2
          return UInt64(low) | UInt64(high) << 5
        }
      }
    }
    return try longNumber()
  }

  /// A number of more than one digit, or an error (``SnapshotNumber/read(_:at:end:)``).
  @inline(never) private mutating func longNumber() throws(SnapshotError) -> UInt64 {
    try SnapshotNumber.read(base, at: &position, end: end)
  }

  @inline(__always) mutating func int() throws(SnapshotError) -> Int {
    let z = try uint()
    return Int(Int64(bitPattern: (z >> 1) ^ (0 &- (z & 1))))
  }

  @inline(__always) mutating func bool() throws(SnapshotError) -> Bool {
    switch try uint() {
    case 0: return false
    case 1: return true
    case let v: throw failure("expected 0 or 1 (a flag), found \(v)")
    }
  }

  /// A count of elements to come; each takes at least one byte, so a count beyond the bytes
  /// left is corrupt (and is not allocated).
  @inline(__always) mutating func count() throws(SnapshotError) -> Int {
    let n = try uint()
    guard n <= UInt64(end - position) else { throw failure("a list of \(n) elements is longer than the snapshot") }
    return Int(n)
  }

  /// An index below `limit` (of a list read earlier).
  @inline(__always) mutating func index(below limit: Int, _ what: @autoclosure () -> String) throws(SnapshotError) -> Int {
    let i = try uint()
    guard i < UInt64(limit) else { throw outOfRange(i, limit, what()) }
    return Int(i)
  }

  @inline(never) private func outOfRange(_ i: UInt64, _ limit: Int, _ what: String) -> SnapshotError {
    failure("\(what) \(i) is out of range (0..<\(limit))")
  }

  /// An unsigned number within a narrower type (a bit set of a few bits).
  mutating func narrow<T: UnsignedInteger & FixedWidthInteger>(_: T.Type) throws(SnapshotError) -> T {
    let v = try uint()
    guard let n = T(exactly: v) else { throw failure("\(v) does not fit a \(T.self)") }
    return n
  }

  @inline(__always) mutating func string() throws(SnapshotError) -> String {
    try table.string(try index(below: table.count, "string"), at: position)
  }

  mutating func optionalString() throws(SnapshotError) -> String? {
    try bool() ? try string() : nil
  }

  mutating func optionalInt() throws(SnapshotError) -> Int? {
    try bool() ? try int() : nil
  }

  /// A line break (``SnapshotCursor/newline()``, the format's one definition).
  mutating func newline() throws(SnapshotError) {
    var cursor = SnapshotCursor(base, at: position, end: end)
    try cursor.newline()
    position = cursor.position
  }

  /// Whether the next bytes are `text`, consumed if so (``SnapshotCursor/skip(_:)``).
  mutating func skip(_ text: StaticString) -> Bool {
    var cursor = SnapshotCursor(base, at: position, end: end)
    defer { position = cursor.position }
    return cursor.skip(text)
  }

  /// Reads the string table's header (``SnapshotStringTable``) and skips the rest: a string is
  /// made the first time it is read, or taken from `premade` when that holds the table's strings
  /// (as many, in order: the literals the build made of the snapshot compiled into the library,
  /// `embeddedSnapshotStrings`).
  mutating func readStringTable(premade: [String] = []) throws(SnapshotError) {
    let strings = try SnapshotStringTable(base, at: &position, end: end)
    table = SnapshotStrings(strings, premade: premade.count == strings.count ? premade : [])
  }

  /// Reads the citation table (see ``SnapshotWriter/citationTable()``), after the string table.
  mutating func readCitationTable() throws(SnapshotError) {
    let n = try count()
    try newline()
    citations.reserveCapacity(n)
    citationTexts.reserveCapacity(n)
    for _ in 0..<n {
      citations.append(try citation())
      citationTexts.append(try string())
      try newline()
    }
  }

  /// The index of a citation of the rules in the citation table (``citations``,
  /// ``citationTexts``).
  @inline(__always) mutating func citationIndex() throws(SnapshotError) -> Int {
    try index(below: citations.count, "citation")
  }
}

/// The strings of a snapshot's table (``SnapshotStringTable``), each made once, when first read,
/// and checked then. Used by one thread at a time (the reader while a book loads, then the one
/// reading its descriptions under their lock).
final class SnapshotStrings: @unchecked Sendable {
  let table: SnapshotStringTable
  var count: Int { table.count }
  /// Each string once made (plain memory: no exclusivity check or copy on write per read).
  let made: UnsafeMutablePointer<String?>
  /// The table's strings made already (literals compiled into the library), or empty.
  let premade: [String]

  init(_ table: SnapshotStringTable = SnapshotStringTable(), premade: [String] = []) {
    self.table = table
    self.premade = premade
    made = .allocate(capacity: max(1, table.count))
    made.initialize(repeating: nil, count: table.count)
  }

  deinit {
    made.deinitialize(count: table.count)
    made.deallocate()
  }

  /// String `i` (below `count`); `at`: where the reader is, for errors.
  @inline(__always) func string(_ i: Int, at position: Int) throws(SnapshotError) -> String {
    if let s = made[i] { return s }
    let s = try make(i, at: position)
    made[i] = s
    return s
  }

  @inline(never) private func make(_ i: Int, at position: Int) throws(SnapshotError) -> String {
    if !premade.isEmpty { return premade[i] }
    return try table.string(i, at: position)
  }
}
