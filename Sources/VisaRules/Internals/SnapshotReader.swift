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
  private(set) var citations: [(citation: Citation, text: String)] = []

  init(_ bytes: UnsafeBufferPointer<UInt8>, from position: Int = 0) {
    // An empty buffer may have no base address; a one-byte dummy is never read.
    base = bytes.baseAddress ?? UnsafePointer(bitPattern: 1)!
    end = bytes.count
    self.position = position
  }

  func failure(_ message: String) -> SnapshotError { SnapshotError(offset: position, message: message) }

  @inline(__always) mutating func uint() throws(SnapshotError) -> UInt64 {
    // Most numbers are one digit: `P`…`o` (0x50…0x6F), the last digit.
    let p = position
    if p < end {
      let d = base[p] &- 0x50
      if d < 32 {
        position = p &+ 1
        return UInt64(d)
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
    table.string(try index(below: table.count, "string"))
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

  /// Reads the string table (see ``SnapshotWriter/stringTable()``): where each string is; a
  /// string is made the first time it is read (strings with escapes at once, so that making
  /// one later cannot fail).
  mutating func readStringTable() throws(SnapshotError) {
    let n = try count()
    try newline()
    var starts: [Int] = []
    var lengths: [Int] = []
    var escaped: [(Int, String)] = []
    starts.reserveCapacity(n)
    lengths.reserveCapacity(n)
    for i in 0..<n {
      let header = try uint()
      let length = Int(header >> 1)
      guard length < end - position else { throw failure("truncated: a string of \(length) bytes runs past the end") }
      starts.append(position)
      lengths.append(length)
      if header & 1 == 1 {
        escaped.append((i, try Self.unescape(UnsafeBufferPointer(start: base + position, count: length), at: position)))
      }
      position += length
      try newline()
    }
    let table = SnapshotStrings(base: base, starts: starts, lengths: lengths)
    for (i, s) in escaped { table.made[i] = s }
    self.table = table
  }

  /// Reads the citation table (see ``SnapshotWriter/citationTable()``), after the string table.
  mutating func readCitationTable() throws(SnapshotError) {
    let n = try count()
    try newline()
    var out: [(citation: Citation, text: String)] = []
    out.reserveCapacity(n)
    for _ in 0..<n {
      out.append((try citation(), try string()))
      try newline()
    }
    citations = out
  }

  /// A citation of the rules and its text, by its index in the citation table.
  mutating func citationEntry() throws(SnapshotError) -> (citation: Citation, text: String) {
    citations[try index(below: citations.count, "citation")]
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
}

/// The strings of a snapshot: where each one's bytes are, and each one made once, when first
/// read. Used by one thread at a time (the reader while a book loads, then the one reading its
/// descriptions under their lock).
final class SnapshotStrings: @unchecked Sendable {
  let base: UnsafePointer<UInt8>
  let starts: [Int]
  let lengths: [Int]
  /// Each string once made (plain memory: no exclusivity check or copy on write per read).
  let made: UnsafeMutablePointer<String?>

  init(base: UnsafePointer<UInt8> = UnsafePointer(bitPattern: 1)!, starts: [Int] = [], lengths: [Int] = []) {
    self.base = base
    self.starts = starts
    self.lengths = lengths
    made = .allocate(capacity: max(1, starts.count))
    made.initialize(repeating: nil, count: starts.count)
  }

  deinit {
    made.deinitialize(count: starts.count)
    made.deallocate()
  }

  var count: Int { starts.count }

  @inline(__always) func string(_ i: Int) -> String {
    if let s = made[i] { return s }
    let s = String(decoding: UnsafeBufferPointer(start: base + starts[i], count: lengths[i]), as: UTF8.self)
    made[i] = s
    return s
  }
}
