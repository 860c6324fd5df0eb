/// An amount of money, held exactly in hundredths (cents), in a rule book's currency.
///
/// The currency is rule data, not Swift: an amount a rule book gives carries that book's
/// ``RuleBook/currency`` (`vocabulary.currency`, euro in the built-in rules: the Visa Code states
/// its fees in euro). An amount made without one takes the built-in rules' currency.
public struct Money: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The amount in hundredths of the currency unit (euro cents).
  public var cents: Int
  /// The ISO 4217 currency code (`vocabulary.currency` of the rules that gave the amount).
  public var currency: String

  /// Creates an amount from hundredths of a currency's unit.
  public init(cents: Int, currency: String) {
    self.cents = cents
    self.currency = currency
  }
  /// Creates an amount from hundredths of the built-in rules' currency unit (euro cents).
  public init(cents: Int) { self.init(cents: cents, currency: Money.builtInCurrency) }
  /// Creates an amount from whole units of the built-in rules' currency (euro).
  public init(euros: Int) { self.init(cents: euros * 100) }

  /// The amount in whole units as a number (`35.0`).
  public var euros: Double { Double(cents) / 100 }

  /// The currency of the built-in rules (`vocabulary.currency` of `Rules/vocabulary.json`),
  /// read from the embedded rule files without loading the rule book; the last file that
  /// states one wins, as when the book loads.
  static let builtInCurrency: String = {
    var code = ""
    for file in embeddedRuleFiles where file.path.hasSuffix("vocabulary.json") {
      if let root = try? JSONParser.parse(file.text), let c = root["vocabulary"]?["currency"]?.string { code = c }
    }
    return code
  }()

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
