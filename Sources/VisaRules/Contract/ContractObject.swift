/// One field of an object of the contract: its name, whether it is required, and how its
/// value is read into the object being built.
struct ContractField<T> {
  /// How a field's value is read: a function without context (what it needs are the table's
  /// globals), so a call loads no context to retain and release.
  typealias Read = @convention(thin) (inout ContractReader, inout T) throws(VisaRulesError) -> Void

  let name: String
  let required: Bool
  let read: Read
  /// The field's value in `T` as JSON, or nil to leave it out (an optional field not set): how
  /// `Codable` writes the contract (``ContractObject/tree(_:)``).
  let write: (T) -> JSONValue?

  static func required(
    _ name: String, _ write: @escaping (T) -> JSONValue?,
    _ read: Read
  ) -> ContractField {
    ContractField(name: name, required: true, read: read, write: write)
  }

  static func optional(
    _ name: String, _ write: @escaping (T) -> JSONValue?,
    _ read: Read
  ) -> ContractField {
    ContractField(name: name, required: false, read: read, write: write)
  }
}

/// A list of names (an object's keys, an enumeration's values) with their bytes laid out for
/// matching a key or a value of a document without making a `String`: by length, then bytes.
/// Built once (a `static let`) and never freed.
final class ContractNames: @unchecked Sendable {
  let names: [String]
  /// The names' bytes, one after the other, with each name's start and length.
  private let nameBytes: UnsafeBufferPointer<UInt8>
  private let nameRanges: UnsafeBufferPointer<(start: Int, count: Int)>
  /// Each name as a key stands in a document, `name":` (its closing quote and the colon), and
  /// as a value, `name"` (``Pattern``).
  private let keyPatterns: UnsafeBufferPointer<Pattern>
  private let valuePatterns: UnsafeBufferPointer<Pattern>

  /// A name followed by a suffix, as words to compare in one step each: its first eight bytes
  /// (`mask` keeps those of a shorter one) and its last eight; `start` is where the name's bytes
  /// are in `nameBytes`, for the bytes between the two words of a longer one.
  private struct Pattern {
    let head: UInt64
    let mask: UInt64
    let tail: UInt64
    let count: Int
    let start: Int
  }

  init(_ names: [String]) {
    self.names = names
    var pool: [UInt8] = []
    var ranges: [(start: Int, count: Int)] = []
    for name in names {
      ranges.append((pool.count, name.utf8.count))
      pool += Array(name.utf8)
    }
    keyPatterns = ContractNames.patterns(names, ranges, suffix: [UInt8(ascii: "\""), UInt8(ascii: ":")])
    valuePatterns = ContractNames.patterns(names, ranges, suffix: [UInt8(ascii: "\"")])
    let b = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(1, pool.count))
    _ = b.initialize(from: pool)
    nameBytes = UnsafeBufferPointer(b)
    let r = UnsafeMutableBufferPointer<(start: Int, count: Int)>.allocate(capacity: max(1, ranges.count))
    _ = r.initialize(from: ranges)
    nameRanges = UnsafeBufferPointer(rebasing: r[0..<ranges.count])
  }

  private static func patterns(
    _ names: [String], _ ranges: [(start: Int, count: Int)], suffix: [UInt8]
  ) -> UnsafeBufferPointer<Pattern> {
    var patterns: [Pattern] = []
    for (name, range) in zip(names, ranges) {
      var bytes = Array(name.utf8) + suffix
      let count = bytes.count
      while bytes.count < 8 { bytes.append(0) }
      func word(_ at: Int) -> UInt64 { (0..<8).reduce(0) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
      patterns.append(
        Pattern(
          head: word(0), mask: count >= 8 ? ~0 : (1 << (8 * UInt64(count))) - 1, tail: word(max(0, count - 8)),
          count: count, start: range.start))
    }
    let p = UnsafeMutableBufferPointer<Pattern>.allocate(capacity: max(1, patterns.count))
    _ = p.initialize(from: patterns)
    return UnsafeBufferPointer(rebasing: p[0..<patterns.count])
  }

  /// The length of `name":` if name `hint` stands at `p` as a key (the one expected: keys mostly
  /// come in the contract's order), else nil.
  @inline(__always) func expectedKey(_ hint: Int, at p: UnsafePointer<UInt8>, available: Int) -> Int? {
    guard hint < keyPatterns.count, available >= 8 else { return nil }
    return match(keyPatterns[hint], at: p, first: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self), available: available)
  }

  /// The index of the name that stands at `p` as a key, `name":`, with the length of `name":`;
  /// nil if none does (or white space before the colon, escapes, fewer than eight bytes readable
  /// at `p`).
  func key(at p: UnsafePointer<UInt8>, available: Int) -> (Int, Int)? {
    guard available >= 8 else { return nil }
    let first = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    for i in 0..<keyPatterns.count {
      if let n = match(keyPatterns[i], at: p, first: first, available: available) { return (i, n) }
    }
    return nil
  }

  /// The index of the name that stands at `p` as a string's content with its closing quote,
  /// `name"`, with the length of `name"`; nil if none does (fewer than eight bytes readable: nil).
  @inline(__always) func value(at p: UnsafePointer<UInt8>, available: Int) -> (Int, Int)? {
    guard available >= 8 else { return nil }
    let first = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
    for i in 0..<valuePatterns.count {
      if let n = match(valuePatterns[i], at: p, first: first, available: available) { return (i, n) }
    }
    return nil
  }

  /// The length of pattern `k` if it stands at `p`, whose first eight bytes are `first`.
  @inline(__always) private func match(_ k: Pattern, at p: UnsafePointer<UInt8>, first: UInt64, available: Int) -> Int? {
    guard first & k.mask == k.head else { return nil }
    if k.count <= 8 { return k.count }
    guard k.count <= available,
      UnsafeRawPointer(p).loadUnaligned(fromByteOffset: k.count - 8, as: UInt64.self) == k.tail
    else { return nil }
    if k.count > 16 && !ContractNames.same(nameBytes.baseAddress! + k.start + 8, p + 8, k.count - 16) { return nil }
    return k.count
  }

  /// The index of the name spelled by the `count` bytes at `key`, trying `hint` first (keys
  /// mostly come in the contract's order), or nil.
  @inline(__always) func index(of key: UnsafePointer<UInt8>, count: Int, hint: Int = 0) -> Int? {
    if hint < nameRanges.count {
      let (start, n) = nameRanges[hint]
      if n == count && ContractNames.same(nameBytes.baseAddress! + start, key, count) { return hint }
    }
    for i in 0..<nameRanges.count {
      let (start, n) = nameRanges[i]
      if n == count && ContractNames.same(nameBytes.baseAddress! + start, key, count) { return i }
    }
    return nil
  }

  /// The length of name `i` if it stands at `p` followed by a closing quote (`available`
  /// bytes readable there), else nil: the expected key checked in one pass.
  @inline(__always) func quoted(_ i: Int, at p: UnsafePointer<UInt8>, available: Int) -> Int? {
    guard i < nameRanges.count else { return nil }
    let (start, n) = nameRanges[i]
    guard n < available, p[n] == UInt8(ascii: "\""), ContractNames.same(nameBytes.baseAddress! + start, p, n) else {
      return nil
    }
    return n
  }

  /// The index and length of the name that stands at `p` followed by a closing quote
  /// (`available` bytes readable there), trying `hint` first, or nil.
  @inline(__always) func quoted(at p: UnsafePointer<UInt8>, available: Int, hint: Int) -> (Int, Int)? {
    if let n = quoted(hint, at: p, available: available) { return (hint, n) }
    for i in 0..<nameRanges.count where i != hint {
      if let n = quoted(i, at: p, available: available) { return (i, n) }
    }
    return nil
  }

  /// Whether `count` bytes at `a` and `b` are equal, a word at a time (names are short: no
  /// call; from 4 to 16 bytes, two words that overlap as needed).
  @inline(__always) static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    let x = UnsafeRawPointer(a)
    let y = UnsafeRawPointer(b)
    if count >= 8 && count <= 16 {
      return x.loadUnaligned(as: UInt64.self) == y.loadUnaligned(as: UInt64.self)
        && x.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
          == y.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
    }
    if count >= 4 && count < 8 {
      return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
        && x.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
          == y.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
    }
    var i = 0
    while count - i >= 8 {
      if x.loadUnaligned(fromByteOffset: i, as: UInt64.self) != y.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
        return false
      }
      i += 8
    }
    while i < count {
      if a[i] != b[i] { return false }
      i += 1
    }
    return true
  }

}

/// The table of an object of the contract: its fields in the contract's order. Built once per
/// object type (a `static let`) and never freed; reading looks keys up without allocating.
final class ContractObject<T>: @unchecked Sendable {
  let fields: UnsafeBufferPointer<ContractField<T>>
  /// The fields' names, matched against a document's keys.
  let keys: ContractNames
  var names: [String] { keys.names }
  let requiredMask: UInt64

  init(_ fields: [ContractField<T>]) {
    precondition(fields.count <= 64)
    let f = UnsafeMutableBufferPointer<ContractField<T>>.allocate(capacity: fields.count)
    _ = f.initialize(from: fields)
    self.fields = UnsafeBufferPointer(f)
    keys = ContractNames(fields.map(\.name))
    var mask: UInt64 = 0
    for (i, field) in fields.enumerated() where field.required { mask |= 1 << UInt64(i) }
    requiredMask = mask
  }

  /// `value` as a JSON object of this table's fields, in the contract's order (the fields whose
  /// writer gives nil left out).
  func tree(_ value: T) -> JSONValue {
    var members: [JSONMember] = []
    for i in 0..<fields.count {
      if let v = fields[i].write(value) { members.append(JSONMember(key: names[i], keyOffset: 0, value: v)) }
    }
    return JSONValue(kind: .object(members), offset: 0)
  }
}

/// The values of an enumeration of the contract (`single`, `multiple`), matched on a document's
/// bytes: one table per enumeration (a `static let`), no `String` made for a known value.
final class ContractEnumeration<E: RawRepresentable & CaseIterable>: @unchecked Sendable where E.RawValue == String {
  let values: ContractNames
  private let cases: UnsafeBufferPointer<E>

  init() {
    let all = Array(E.allCases)
    values = ContractNames(all.map(\.rawValue))
    let c = UnsafeMutableBufferPointer<E>.allocate(capacity: max(1, all.count))
    _ = c.initialize(from: all)
    cases = UnsafeBufferPointer(rebasing: c[0..<all.count])
  }

  /// The case whose name stands at `p` followed by a closing quote (`available` bytes readable
  /// there), with the name's length, or nil.
  @inline(__always) func quoted(at p: UnsafePointer<UInt8>, available: Int) -> (E, Int)? {
    values.value(at: p, available: available).map { (cases[$0.0], $0.1 - 1) }
  }
}
