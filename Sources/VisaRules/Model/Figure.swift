/// A figure of a decision that provisions of law decide: the fee, a deadline, a window, …
///
/// Each figure knows which direction favours the applicant, so that where two instruments
/// both decide it the engine can keep the more favourable outcome.
public enum Figure: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
  /// The visa fee, in euro.
  case fee
  /// The highest service fee an external service provider may charge, in euro.
  case serviceFeeCap
  /// Calendar days within which the consulate decides, as a rule.
  case decisionStandardDays = "decision.standardDays"
  /// Calendar days to which the period may be extended in individual cases.
  case decisionExtendedDays = "decision.extendedDays"
  /// Calendar days in exceptional cases (additional documentation).
  case decisionExceptionalDays = "decision.exceptionalDays"
  /// Working days to which the period may be reduced in urgent cases.
  case decisionUrgentWorkingDays = "decision.urgentWorkingDays"
  /// How many months before the trip an application may be lodged at the earliest.
  case lodgingEarliestMonths = "lodging.earliestMonths"
  /// How many days before the trip an application must be lodged at the latest, as a rule.
  case lodgingLatestDays = "lodging.latestDays"
  /// The multiple-entry validity an application is entitled to, in months.
  case validity
  /// The fee for extending an issued visa (Visa Code Art. 33), in euro.
  case extensionFee = "extension.fee"
  /// Whether the applicant needs a visa at all (1) or not (0).
  case visaRequired = "eligibility.visaRequired"
  /// Whether the application can be lodged at that place on that date (1) or not (0).
  case lodgingAvailable = "eligibility.lodgingAvailable"
  /// A supporting document the applicant must bring (every applicable one is listed).
  case document = "eligibility.document"
  /// Whether a fast-track scheme (Orange Carpet, Blue Carpet) applies (1) or not (0).
  case fastTrackApplies = "fastTrack.applies"
  /// What a fast-track scheme gives (every applicable benefit is listed).
  case fastTrackBenefit = "fastTrack.benefit"
  /// A notice for the applicant or the consulate (non-binding guidance, procedural hints).
  case notice
  /// What a traveller who needs no visa must know (the 90/180-day rule, the Entry/Exit System,
  /// a travel authorisation): listed, in place of the visa figures, when no visa is required.
  case travelNotice = "eligibility.travelNotice"
  /// The most days of short stay allowed in any period of `stay.periodDays` days (a rule-book
  /// figure: the 90/180-day rule).
  case stayMaximumDays = "stay.maximumDays"
  /// The days of the rolling period the short-stay days are counted in (a rule-book figure).
  case stayPeriodDays = "stay.periodDays"
  /// The longest validity a visa may have, in months (a rule-book figure).
  case validityMaximumMonths = "validity.maximumMonths"
  /// The period of grace added to a single-entry visa's validity, in days (a rule-book figure).
  case validityGraceDays = "validity.graceDays"
  /// Months the travel document must remain valid after the intended departure (a rule-book
  /// figure).
  case travelDocumentValidAfterDepartureMonths = "travelDocument.validAfterDepartureMonths"
  /// Years within which the travel document must have been issued (a rule-book figure).
  case travelDocumentIssuedWithinYears = "travelDocument.issuedWithinYears"
  /// The longest intended stay, in days, that a short-stay visa is for (a rule-book figure: the
  /// Visa Code's scope, Art. 1(1)); a longer trip is an error, not a decision.
  case shortStayMaximumDays = "shortStay.maximumDays"
  /// Months before the travel document's expiry at which a multiple-entry visa ends at the
  /// latest (a rule-book figure whose provision may test interpretation options only: where its
  /// condition does not hold, the visa may run until the expiry).
  case validityTravelDocumentMarginMonths = "validity.travelDocumentMarginMonths"
  /// What every traveller meets at the border, visa or not (the Entry/Exit System): listed
  /// among the warnings, decided by the rules in force on the day of entry (`trip.start`).
  case entryNotice = "eligibility.entryNotice"

  /// Whether a lower value favours the applicant (`true` for fees and deadlines) or a higher
  /// one does (`false` for the lodging lead time and the validity).
  public var lowerIsFavourable: Bool {
    switch self {
    case .lodgingEarliestMonths, .validity, .lodgingAvailable, .fastTrackApplies: return false
    default: return true
    }
  }

  /// The figure's name as rule files write it (`fee`, `decision.standardDays`).
  public var description: String { rawValue }

  /// Position in `allCases`, without building the array.
  var index: Int {
    switch self {
    case .fee: return 0
    case .serviceFeeCap: return 1
    case .decisionStandardDays: return 2
    case .decisionExtendedDays: return 3
    case .decisionExceptionalDays: return 4
    case .decisionUrgentWorkingDays: return 5
    case .lodgingEarliestMonths: return 6
    case .lodgingLatestDays: return 7
    case .validity: return 8
    case .extensionFee: return 9
    case .visaRequired: return 10
    case .lodgingAvailable: return 11
    case .document: return 12
    case .fastTrackApplies: return 13
    case .fastTrackBenefit: return 14
    case .notice: return 15
    case .travelNotice: return 16
    case .stayMaximumDays: return 17
    case .stayPeriodDays: return 18
    case .validityMaximumMonths: return 19
    case .validityGraceDays: return 20
    case .travelDocumentValidAfterDepartureMonths: return 21
    case .travelDocumentIssuedWithinYears: return 22
    case .shortStayMaximumDays: return 23
    case .validityTravelDocumentMarginMonths: return 24
    case .entryNotice: return 25
    }
  }

  /// A figure of the rule book rather than of a decision: it depends on the date alone (no
  /// condition, no competition between instruments), and the stay calculator, the cascade
  /// simulator and the loader read it (``RuleBook/figure(_:on:)``).
  public var isRuleBookFigure: Bool { ruleBookUnit != nil }

  /// The rule-book figures, in the order of their compiled tables.
  static let ruleBookFigures: [Figure] = [
    .stayMaximumDays, .stayPeriodDays, .validityMaximumMonths, .validityGraceDays, .travelDocumentValidAfterDepartureMonths,
    .travelDocumentIssuedWithinYears, .shortStayMaximumDays, .validityTravelDocumentMarginMonths,
  ]

  /// A rule-book figure whose provision may take a `when` that tests interpretation options
  /// only (the figure is 0 where it does not hold).
  var ruleBookTakesOptions: Bool { self == .validityTravelDocumentMarginMonths }

  /// Position among ``ruleBookFigures`` (`nil` for a figure of the decision).
  var ruleBookIndex: Int? { Figure.ruleBookFigures.firstIndex(of: self) }

  /// The unit of a rule-book figure's whole-number value, and the bounds the rule format
  /// accepts (a sanity check of the format, not the law: the law is the value).
  var ruleBookUnit: (unit: String, range: ClosedRange<Int>)? {
    switch self {
    case .stayMaximumDays, .stayPeriodDays: return ("days", 1...3650)
    case .validityMaximumMonths: return ("months", 1...1200)
    case .validityGraceDays: return ("days", 0...365)
    case .travelDocumentValidAfterDepartureMonths: return ("months", 0...120)
    case .travelDocumentIssuedWithinYears: return ("years", 1...100)
    case .shortStayMaximumDays: return ("days", 1...3650)
    case .validityTravelDocumentMarginMonths: return ("months", 0...120)
    default: return nil
    }
  }

  /// Figures whose every applicable provision is listed, rather than one outcome chosen.
  var isList: Bool {
    self == .notice || self == .travelNotice || self == .entryNotice || self == .document || self == .fastTrackBenefit
  }

  var isMoney: Bool { self == .fee || self == .serviceFeeCap || self == .extensionFee }
}
