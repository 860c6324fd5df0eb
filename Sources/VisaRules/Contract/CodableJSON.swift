/// The bridge by which `Codable` reaches the contract's one reader and one writer: a JSON value
/// read from any `Decoder` (then handed, as bytes, to ``ContractReader``) or written to any
/// `Encoder` (from the tree the contract's writer made). No key of the contract is named here.
struct CodableJSON: Codable {
  var value: JSONValue

  init(_ value: JSONValue) { self.value = value }

  /// A key of an object, whatever its name.
  struct Key: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
  }

  init(from decoder: any Decoder) throws {
    if let object = try? decoder.container(keyedBy: Key.self) {
      var members: [JSONMember] = []
      for key in object.allKeys {
        let member = try object.decode(CodableJSON.self, forKey: key)
        members.append(JSONMember(key: key.stringValue, keyOffset: 0, value: member.value))
      }
      value = JSONValue(kind: .object(members), offset: 0)
    } else if var array = try? decoder.unkeyedContainer() {
      var elements: [JSONValue] = []
      while !array.isAtEnd { elements.append(try array.decode(CodableJSON.self).value) }
      value = JSONValue(kind: .array(elements), offset: 0)
    } else {
      let single = try decoder.singleValueContainer()
      if single.decodeNil() {
        value = JSONValue(kind: .null, offset: 0)
      } else if let b = try? single.decode(Bool.self) {
        value = JSONValue(kind: .bool(b), offset: 0)
      } else if let n = try? single.decode(Double.self) {
        value = JSONValue(kind: .number(n), offset: 0)
      } else {
        value = JSONValue(kind: .string(try single.decode(String.self)), offset: 0)
      }
    }
  }

  func encode(to encoder: any Encoder) throws {
    switch value.kind {
    case .null:
      var single = encoder.singleValueContainer()
      try single.encodeNil()
    case .bool(let b):
      var single = encoder.singleValueContainer()
      try single.encode(b)
    case .number(let n):
      var single = encoder.singleValueContainer()
      // Whole numbers as integers (`35`, not `35.0`), as the contract writes them.
      if n == n.rounded(), abs(n) < 9_007_199_254_740_992 { try single.encode(Int(n)) } else { try single.encode(n) }
    case .string(let s):
      var single = encoder.singleValueContainer()
      try single.encode(s)
    case .array(let elements):
      var array = encoder.unkeyedContainer()
      for e in elements { try array.encode(CodableJSON(e)) }
    case .object(let members):
      var object = encoder.container(keyedBy: Key.self)
      for m in members { try object.encode(CodableJSON(m.value), forKey: Key(stringValue: m.key)) }
    }
  }

  /// The value as compact JSON bytes, for the contract's reader.
  var bytes: [UInt8] {
    var w = JSONWriter()
    value.write(to: &w)
    return w.bytes
  }
}

extension VisaRulesError {
  /// The error of a value decoded at `codingPath` of a larger `Codable` document: its field path
  /// gets the document's keys in front (`booking.application.trip.end`).
  func under(codingPath: [any CodingKey]) -> VisaRulesError {
    var e = self
    for key in codingPath.reversed() {
      e = key.intValue.map { e.under(index: $0) } ?? e.under(key: key.stringValue)
    }
    return e
  }
}

extension JSONValue {
  /// A JSON string (the contract's writers, ``ContractField/write``).
  static func text(_ s: String) -> JSONValue { JSONValue(kind: .string(s), offset: 0) }
  /// A date as the contract writes it (`"2024-06-11"`).
  static func day(_ d: LocalDate) -> JSONValue { JSONValue(kind: .string(d.description), offset: 0) }
  static func flag(_ b: Bool) -> JSONValue { JSONValue(kind: .bool(b), offset: 0) }
  static func list(_ elements: [JSONValue]) -> JSONValue { JSONValue(kind: .array(elements), offset: 0) }
}

extension Application: Codable {
  /// Decodes an application from any `Decoder` (`JSONDecoder`, …) with the contract's one reader
  /// (``init(jsonBytes:)``): the same checks and the same ``VisaRulesError`` wording, the
  /// field's path starting from the enclosing document (`booking.application.trip.end`).
  public init(from decoder: any Decoder) throws {
    let bytes = try CodableJSON(from: decoder).bytes
    do throws(VisaRulesError) {
      self = try bytes.withUnsafeBufferPointer { (b) throws(VisaRulesError) -> Application in try Application(jsonBytes: b) }
    } catch {
      throw error.under(codingPath: decoder.codingPath)
    }
  }

  /// Encodes the application as the JSON contract reads it, keys from the contract's one table.
  public func encode(to encoder: any Encoder) throws {
    try CodableJSON(Application.contract.tree(self)).encode(to: encoder)
  }

  /// The application as JSON text of the contract (what ``init(json:)`` reads back).
  public func json(pretty: Bool = false) -> String {
    var w = JSONWriter(indent: pretty ? 2 : nil)
    Application.contract.tree(self).write(to: &w)
    return w.text
  }
}

extension Decision: Encodable {
  /// Encodes the decision exactly as ``json(pretty:fields:members:)`` writes it (the contract's one encoder),
  /// so an app can put a decision inside its own response type with `JSONEncoder`.
  public func encode(to encoder: any Encoder) throws {
    var w = JSONWriter()
    write(to: &w)
    let tree = try w.bytes.withUnsafeBufferPointer { (b) throws(JSONSyntaxError) -> JSONValue in try JSONParser.parse(b) }
    try CodableJSON(tree).encode(to: encoder)
  }
}
