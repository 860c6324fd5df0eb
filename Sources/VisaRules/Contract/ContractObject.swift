/// One field of an object of the contract: its name, whether it is required, and how its
/// value is read into the object being built.
struct ContractField<T> {
  let name: String
  let required: Bool
  let read: (inout ContractReader, inout T) throws(VisaRulesError) -> Void
  /// The field's value in `T` as JSON, or nil to leave it out (an optional field not set): how
  /// `Codable` writes the contract (``ContractObject/tree(_:)``).
  let write: (T) -> JSONValue?

  static func required(
    _ name: String, _ write: @escaping (T) -> JSONValue?,
    _ read: @escaping (inout ContractReader, inout T) throws(VisaRulesError) -> Void
  ) -> ContractField {
    ContractField(name: name, required: true, read: read, write: write)
  }

  static func optional(
    _ name: String, _ write: @escaping (T) -> JSONValue?,
    _ read: @escaping (inout ContractReader, inout T) throws(VisaRulesError) -> Void
  ) -> ContractField {
    ContractField(name: name, required: false, read: read, write: write)
  }
}

/// The table of an object of the contract: its fields in the contract's order. Built once per
/// object type (a `static let`) and never freed; reading looks keys up without allocating.
final class ContractObject<T>: @unchecked Sendable {
  let fields: UnsafeBufferPointer<ContractField<T>>
  let names: [String]
  let requiredMask: UInt64
  /// The names' bytes, one after the other, with each name's start and length.
  private let nameBytes: UnsafeBufferPointer<UInt8>
  private let nameRanges: UnsafeBufferPointer<(start: Int, count: Int)>

  init(_ fields: [ContractField<T>]) {
    precondition(fields.count <= 64)
    let f = UnsafeMutableBufferPointer<ContractField<T>>.allocate(capacity: fields.count)
    _ = f.initialize(from: fields)
    self.fields = UnsafeBufferPointer(f)
    names = fields.map(\.name)
    var pool: [UInt8] = []
    var ranges: [(start: Int, count: Int)] = []
    for field in fields {
      ranges.append((pool.count, field.name.utf8.count))
      pool += Array(field.name.utf8)
    }
    let b = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: pool.count)
    _ = b.initialize(from: pool)
    nameBytes = UnsafeBufferPointer(b)
    let r = UnsafeMutableBufferPointer<(start: Int, count: Int)>.allocate(capacity: ranges.count)
    _ = r.initialize(from: ranges)
    nameRanges = UnsafeBufferPointer(r)
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

  /// The index of the field named by `key`, or nil.
  @inline(__always) func index(of key: UnsafeBufferPointer<UInt8>) -> Int? {
    guard let k = key.baseAddress else { return nil }
    for i in 0..<nameRanges.count {
      let (start, count) = nameRanges[i]
      if count == key.count && nameBytes[start] == k[0] && Platform.equal(nameBytes.baseAddress! + start, k, count: count) {
        return i
      }
    }
    return nil
  }
}
