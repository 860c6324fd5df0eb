/// A value of an open vocabulary of the JSON contract: an id such as a ``Category``
/// (`student`), a ``Purpose`` (`tourism`) or a ``CountryCode`` (`NL`).
///
/// Which ids exist is law, declared in `Rules/` (and in any overlay), not in Swift: a value
/// holds any text, and ``RuleBook/evaluate(_:options:)`` rejects an id its rules do not declare
/// with an `unknownValue` error naming the field, the value, the allowed ids and the nearest one.
/// ``RuleBook/vocabulary`` lists the ids a rule book accepts.
///
/// Every vocabulary type conforms, so each only declares its stored `rawValue`, its
/// `init(rawValue:)` and its static members; the rest comes from here: creation from a string
/// (`Purpose("tourism")`) or a string literal (`let p: Purpose = "tourism"`), the id as
/// `description`, order by id, and `Codable` as the bare JSON string of the contract.
public protocol OpenVocabulary: RawRepresentable, Hashable, Sendable, Codable, Comparable,
  ExpressibleByStringLiteral, CustomStringConvertible
where RawValue == String, StringLiteralType == String {
  /// Creates a value from its id (any id: the rule book checks it when it evaluates).
  init(rawValue: String)
}

extension OpenVocabulary {
  /// Creates a value from its id (any id: the rule book checks it when it evaluates).
  public init(_ rawValue: String) { self.init(rawValue: rawValue) }
  /// Creates a value from a string literal.
  public init(stringLiteral value: String) { self.init(rawValue: value) }
  /// The id, as the JSON contract spells it.
  public var description: String { rawValue }
  /// Orders values by id.
  public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

  /// Decodes the id from a JSON string.
  public init(from decoder: any Decoder) throws {
    self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
  }

  /// Encodes the id as a JSON string.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(rawValue)
  }
}
