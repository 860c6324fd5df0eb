/// An amount of money in euro, held exactly in cents.
public struct Money: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The amount in euro cents.
  public var cents: Int
  /// The ISO 4217 currency code; the law states every amount in euro.
  public var currency: String { "EUR" }

  /// Creates an amount from euro cents.
  public init(cents: Int) { self.cents = cents }
  /// Creates an amount from whole euro.
  public init(euros: Int) { self.cents = euros * 100 }

  /// The amount in euro as a number (`35.0`).
  public var euros: Double { Double(cents) / 100 }

  /// `35 EUR`, or `35.50 EUR` when there are cents.
  public var description: String { description(currency: currency) }

  /// The amount followed by a currency code (a rule book's ``RuleBook/currency``): `35 EUR`,
  /// `35.50 EUR`.
  public func description(currency: String) -> String {
    let sign = cents < 0 ? "-" : ""
    let whole = abs(cents) / 100
    let rest = abs(cents) % 100
    return rest == 0 ? "\(sign)\(whole) \(currency)" : "\(sign)\(whole).\(rest < 10 ? "0" : "")\(rest) \(currency)"
  }

  /// Whether `a` is the smaller amount.
  public static func < (a: Money, b: Money) -> Bool { a.cents < b.cents }
}
