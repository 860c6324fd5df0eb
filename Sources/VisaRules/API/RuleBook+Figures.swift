/// The value a rule-book figure has on a date (``Figure/isRuleBookFigure``: the 90/180-day
/// rule's numbers, the longest validity, the period of grace, the travel document's validity
/// rules), with the provision that gives it.
public struct RuleBookFigureValue: Hashable, Sendable {
  /// The figure.
  public var figure: Figure
  /// The whole-number value, in the figure's unit (days, months or years).
  public var value: Int
  /// The id of the provision that gives it (`sbc.6.1.days`).
  public var provision: String
  /// The citation of the version in force (`Schengen Borders Code Art. 6(1)`).
  public var citation: String
  /// How well the provision is established.
  public var status: Status
}

/// The 90/180-day rule as a rule book gives it on a date: at most ``maximumDays`` days of stay in
/// any period of ``periodDays`` days.
public struct StayRule: Hashable, Sendable {
  /// The most days of stay allowed in one period (90).
  public var maximumDays: Int
  /// The days of the rolling period, the day itself included (180).
  public var periodDays: Int
  /// Where the numbers come from (`Schengen Borders Code Art. 6(1)`).
  public var citation: String
  /// The weaker status of the two numbers.
  public var status: Status

  /// Creates a rule (to explore a reform; the law's rule comes from ``RuleBook/stayRule(on:)``).
  public init(maximumDays: Int, periodDays: Int, citation: String, status: Status) {
    self.maximumDays = maximumDays
    self.periodDays = periodDays
    self.citation = citation
    self.status = status
  }

  /// `90 days in any 180-day period`.
  public var summary: String { "\(maximumDays) days in any \(periodDays)-day period" }
}

extension RuleBook {
  /// The ISO 4217 code of every amount in the rules (`vocabulary.currency`: `EUR`, the Visa
  /// Code's fees being in euro).
  public var currency: String { compiled.currency }

  /// The value of a rule-book figure on a date, or a `notCovered` error when no provision gives
  /// it then (an `invalidValue` error for a figure decided per application).
  public func figure(_ figure: Figure, on date: LocalDate) throws(VisaRulesError) -> RuleBookFigureValue {
    try compiled.figureValue(figure, on: date)
  }

  /// The 90/180-day rule in force on a date (`stay.maximumDays` and `stay.periodDays`).
  public func stayRule(on date: LocalDate) throws(VisaRulesError) -> StayRule {
    try compiled.stayRule(on: date)
  }
}
