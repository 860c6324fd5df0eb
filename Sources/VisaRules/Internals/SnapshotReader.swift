/// Why a rule-book snapshot could not be read: what was wrong and at which byte.
struct SnapshotError: Error, Sendable, CustomStringConvertible {
  var offset: Int
  var message: String

  var description: String { "rule-book snapshot, byte \(offset): \(message)" }
}

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
    // Most numbers are one or two digits: `P`…`o` (0x50…0x6F) is the last digit, `0`…`O`
    // (0x30…0x4F) one that more digits follow.
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

  /// A number of more than one digit: `0`…`O` (0x30…0x4F) for each digit that more digits
  /// follow, `P`…`o` (0x50…0x6F) for the last.
  @inline(never) private mutating func longNumber() throws(SnapshotError) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    var p = position
    while p < end {
      let c = base[p]
      if c &- 0x30 < 32 {
        // 13 digits hold 64 bits: a 14th is too many.
        guard shift < 60 else {
          position = p
          throw failure("a number does not fit 64 bits")
        }
        value |= UInt64(c &- 0x30) << shift
        shift &+= 5
        p &+= 1
      } else if c &- 0x50 < 32 {
        let d = UInt64(c &- 0x50)
        guard shift < 60 || d < 16 else {
          position = p
          throw failure("a number does not fit 64 bits")
        }
        position = p &+ 1
        return value | d << shift
      } else {
        position = p
        throw failure("expected a number digit (0-9, :-O or P-o), found byte \(c)")
      }
    }
    position = p
    throw failure("truncated: the snapshot ends inside a number")
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

  mutating func newline() throws(SnapshotError) {
    guard position < end, base[position] == UInt8(ascii: "\n") else {
      throw failure(position < end ? "expected a line break, found byte \(base[position])" : "truncated: the snapshot ends early")
    }
    position &+= 1
  }

  /// Whether the next bytes are `text` (consumed if so).
  mutating func skip(_ text: StaticString) -> Bool {
    let n = text.utf8CodeUnitCount
    guard end - position >= n else { return false }
    for i in 0..<n where base[position + i] != text.utf8Start[i] { return false }
    position += n
    return true
  }

  /// Reads the string table's header (see ``SnapshotWriter/stringTable()``) and skips the rest:
  /// a string is found (through its offset) and made the first time it is read, or taken from
  /// `premade` when that holds the table's strings (as many, in order: the literals the build
  /// made of the snapshot compiled into the library, `embeddedSnapshotStrings`).
  mutating func readStringTable(premade: [String] = []) throws(SnapshotError) {
    let n = try count()
    let dataLength = try uint()
    let width = try uint()
    guard width >= 1 && width <= 12 else { throw failure("string offsets of \(width) digits (1 to 12 expected)") }
    try newline()
    let offsets = position
    guard n <= (end - position) / Int(width) else { throw failure("truncated: the string offsets run past the end") }
    position += n * Int(width)
    try newline()
    guard dataLength <= UInt64(end - position) else { throw failure("truncated: the strings run past the end") }
    table = SnapshotStrings(
      base: base, count: n, offsets: offsets, width: Int(width), data: position, dataEnd: position + Int(dataLength),
      premade: premade.count == n ? premade : [])
    position += Int(dataLength)
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

  fileprivate static func unescape(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) throws(SnapshotError) -> String {
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
}

/// The strings of a snapshot: where each one's offset is (a column of fixed-width numbers, so that
/// no string is looked at before it is read), and each one made once, when first read, and
/// checked then. Used by one thread at a time (the reader while a book loads, then the one
/// reading its descriptions under their lock).
final class SnapshotStrings: @unchecked Sendable {
  let base: UnsafePointer<UInt8>
  let count: Int
  /// Where the offsets start, and their width in digits.
  let offsets: Int
  let width: Int
  /// Where the strings' lengths and bytes start and end.
  let data: Int
  let dataEnd: Int
  /// Each string once made (plain memory: no exclusivity check or copy on write per read).
  let made: UnsafeMutablePointer<String?>
  /// The table's strings made already (literals compiled into the library), or empty.
  let premade: [String]

  init(
    base: UnsafePointer<UInt8> = UnsafePointer(bitPattern: 1)!, count: Int = 0, offsets: Int = 0, width: Int = 1,
    data: Int = 0, dataEnd: Int = 0, premade: [String] = []
  ) {
    self.premade = premade
    self.base = base
    self.count = count
    self.offsets = offsets
    self.width = width
    self.data = data
    self.dataEnd = dataEnd
    made = .allocate(capacity: max(1, count))
    made.initialize(repeating: nil, count: count)
  }

  deinit {
    made.deinitialize(count: count)
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
    var offset = 0
    let digits = base + offsets + i * width
    for k in 0..<width {
      let d = digits[k] &- 0x30
      guard d < 32 else {
        throw SnapshotError(offset: offsets + i * width + k, message: "expected a string offset's digit (0-9, :-O)")
      }
      offset |= Int(d) << (5 * k)
    }
    guard offset < dataEnd - data else {
      throw SnapshotError(offset: position, message: "string \(i) starts past the string table (offset \(offset))")
    }
    // The header: the length times two, plus one for a string with escapes (a number, as
    // ``SnapshotReader/uint()`` reads them, of at most 6 digits here).
    var p = data + offset
    var header = 0
    var shift = 0
    while true {
      guard p < dataEnd, shift <= 25 else {
        throw SnapshotError(offset: p, message: "string \(i): its length runs past the string table")
      }
      let c = base[p]
      p += 1
      if c &- 0x30 < 32 {
        header |= Int(c &- 0x30) << shift
        shift += 5
      } else if c &- 0x50 < 32 {
        header |= Int(c &- 0x50) << shift
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
    if header & 1 == 1 { return try SnapshotReader.unescape(bytes, at: p) }
    return String(decoding: bytes, as: UTF8.self)
  }
}
