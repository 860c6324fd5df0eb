/// The in-memory form of a rule book, prepared once for fast evaluation: every condition
/// compiled, every amendment folded into a provision's version timeline, every reference
/// resolved to an index.
struct CompiledRules: Sendable {
  var instruments: [CompiledInstrument] = []
  var provisions: [CompiledProvision] = []
  var suspensions: [CompiledSuspension] = []
  var precedence: [CompiledPrecedence] = []
  var options: [CompiledOption] = []
  var optionIndex: [String: Int] = [:]
  var categories: [String] = []
  var categoryIndex: [String: Int] = [:]
  /// Purposes, travel-document types, host relationships, extension grounds, fast-track schemes
  /// (``VocabularyLists``).
  var vocabularyLists = SharedVocabularyLists(VocabularyLists())
  var countryGroups: [String: [String]] = [:]
  /// Destinations where the rules can decide on every covered date (the states applying the
  /// Visa Code throughout).
  var destinations: [UInt16] = []
  /// Destinations that apply the common visa policy only from a date.
  var datedDestinations: [UInt16: DatedDestination] = [:]
  /// The country vocabulary: every code an application may give, with its name.
  var countries: [UInt16: CountryEntry] = [:]
  /// The same codes as a bit set over the 676 two-letter codes (empty: no country vocabulary,
  /// any two capital letters pass).
  var knownCountries: [UInt64] = []
  /// Travel-document categories (index 0 is always `national`).
  var documentCategories: [String] = ["national"]
  var documentCategoryIndex: [String: Int] = ["national": 0]
  var documentCategoryDescriptions: [String: String] = [:]
  var coverage = Period(from: LocalDate(dayNumber: 0))
  var coverageNote = ""
  /// The ISO 4217 code of every amount in the rules (`vocabulary.currency`).
  var currency = ""
  /// For each figure, provision indices grouped by regime (instrument) in instrument order.
  var byFigure: [[(regime: Int, provisions: [Int])]] = Array(repeating: [], count: Figure.allCases.count)
  var instrumentIndex: [String: Int] = [:]
  var provisionIndex: [String: Int] = [:]
  /// The public descriptions (`publicInstruments`, `publicProvisions`, `publicOptions`,
  /// `categoryDescriptions`), read on first use when the rules come from a snapshot.
  var descriptions = RuleDescriptions()
  /// For each rule-book figure (``Figure/isRuleBookFigure``, in `Figure` order), its values by
  /// date.
  var ruleBookSegments: [[RuleBookSegment]] = []
  /// The flat form the evaluator reads, built once loading ends.
  var tables: EngineTables?
}

struct CompiledInstrument: Sendable {
  var id: String
  var shortName: String
  var from: Int
  var until: Int
  var scope: Condition
  /// The instrument whose provisions this one's belong to (itself unless it amends another).
  var regime: Int
  /// Option values this policy sets while it applies: (option index, value index).
  var settings: [(Int, Int)]
  var suspendedBy: [Int]
}

/// A compiled provision. A reference type so the hot loop reads it without copying; it is
/// mutated only while the loader builds the rule book, and immutable once the book is shared.
final class CompiledProvision: @unchecked Sendable {
  var id: String
  var regime: Int
  /// The instrument whose file defines the provision (an amending act may insert provisions).
  var definedBy: Int
  var figure: Figure
  var kind: String
  var isWaiver: Bool { kind == "waiver" }
  /// Discretion (what a consulate may grant), not an entitlement.
  var isDiscretionary: Bool { kind == "discretionary" }
  /// A right the applicant may invoke; several combine by favourability, not by conflict.
  var isEntitlement: Bool { kind == "entitlement" }
  var versions: [ProvisionVersion]
  /// Provisions this one beats when both apply (the transitive closure of `overrides`).
  var beats: [Int]
  var suspendedBy: [Int]
  var citation: Citation {
    didSet { citationText = citation.description }
  }
  /// `citation.description`, computed once.
  var citationText: String
  var summary: String
  var status: Status

  init(
    id: String, regime: Int, definedBy: Int, figure: Figure, kind: String, versions: [ProvisionVersion], beats: [Int],
    suspendedBy: [Int], citation: Citation, summary: String, status: Status, citationText: String? = nil
  ) {
    self.id = id
    self.regime = regime
    self.definedBy = definedBy
    self.figure = figure
    self.kind = kind
    self.versions = versions
    self.beats = beats
    self.suspendedBy = suspendedBy
    self.citation = citation
    // A snapshot gives the text it recorded (``RulesSnapshot``); the loader words it here.
    self.citationText = citationText ?? citation.description
    self.summary = summary
    self.status = status
  }
}

struct ProvisionVersion: Sendable {
  var from: Int
  var until: Int
  var value: ProvisionValue
  var condition: Condition
  var conditionText: String
  var amendment: Int?
  /// The id of the amendment that made this version.
  var amendmentID: String?
  /// Where that amendment is written.
  var amendmentLocation: SourceLocation?
  var citation: Citation {
    didSet { citationText = citation.description }
  }
  var status: Status
  /// `citation.description`, computed once.
  var citationText: String
  /// "summary (citation)" or, for notices, "text (citation)": computed once when loading ends.
  var annotatedText = ""

  init(
    from: Int, until: Int, value: ProvisionValue, condition: Condition, conditionText: String, amendment: Int?,
    amendmentID: String?, citation: Citation, status: Status
  ) {
    self.init(
      from: from, until: until, value: value, condition: condition, conditionText: conditionText, amendment: amendment,
      amendmentID: amendmentID, citation: citation, status: status, citationText: citation.description)
  }
}

enum ProvisionValue: Sendable {
  case repealed
  case cents(Int)
  case count(Int)
  /// A fraction of another provision's amount on the same date (Visa Code Art. 17(4)).
  case fractionOf(provision: Int, numerator: Int, denominator: Int)
  /// A multiple- or single-entry entitlement; `cap` limits its end to a date the application
  /// gives (the host's residence permit, the term of office).
  case validity(multiple: Bool, months: Int?, cap: ValidityCap?)
  case notice(String)
}

/// A date from the application that limits a visa's validity.
enum ValidityCap: String, Sendable, CaseIterable {
  case hostResidenceUntil
  case termOfOfficeUntil
}

struct CompiledSuspension: Sendable {
  var id: String
  var from: Int
  var until: Int
  var appliesTo: Condition
  var appliesToText: String
  var citation: Citation
  var status: Status
  var note: String
}

struct CompiledPrecedence: Sendable {
  var id: String
  var winner: Int
  var loser: Int
  var figures: [Figure]
  var kinds: [String]
  var unless: Condition?
  var citation: Citation
  var status: Status
  var note: String
}

struct CompiledOption: Sendable {
  var key: String
  var values: [String]
  var defaultValue: Int
}

extension ProvisionValue {
  func describe(_ figure: Figure, rules: CompiledRules) -> String {
    switch self {
    case .repealed: return "repealed"
    case .cents(let c): return Money(cents: c).description(currency: rules.currency)
    case .count(let n):
      switch figure {
      case .visaRequired: return n == 1 ? "visa required" : "no visa required"
      case .lodgingAvailable: return n == 1 ? "can be lodged" : "cannot be lodged"
      case .fastTrackApplies: return n == 1 ? "applies" : "does not apply"
      case .lodgingEarliestMonths: return "\(n) months"
      case .decisionUrgentWorkingDays: return "\(n) working days"
      case .validityMaximumMonths, .travelDocumentValidAfterDepartureMonths, .validityTravelDocumentMarginMonths: return "\(n) months"
      case .travelDocumentIssuedWithinYears: return "\(n) years"
      default: return "\(n) days"
      }
    case .fractionOf(let p, let num, let den):
      return "\(num)/\(den) of \(rules.provisions[p].citation)"
    case .validity(let multiple, let months, let cap):
      if !multiple { return "single entry" }
      let limit =
        cap.map { $0 == .hostResidenceUntil ? ", limited to the host's residence permit" : ", limited to the term of office" } ?? ""
      return (months.map { "multiple entry, up to \($0) months" } ?? "multiple entry") + limit
    case .notice(let text): return text
    }
  }
}

/// A country of the vocabulary.
struct CountryEntry: Sendable {
  var code: String
  var name: String
  /// For a territory: the state whose nationality its people hold (nil for a state or an
  /// entity of the visa list).
  var territoryOf: String?
  /// False for a code that is no nationality at all (a territory, an uninhabited area).
  var isNationality: Bool
  /// What to give instead, for a code that is not a nationality.
  var note: String
}

/// A destination that applies the common visa policy (issues uniform visas) only from a date.
struct DatedDestination: Sendable {
  var from: LocalDate
  var citation: String
  var status: Status
  var note: String
}

extension CompiledRules {
  /// Whether the code is in the country vocabulary (always true without one).
  func knowsCountry(_ code: UInt16) -> Bool {
    if knownCountries.isEmpty { return true }
    let bit = countryLetterIndex(code)
    guard bit >= 0 else { return false }
    return knownCountries[bit >> 6] & (1 << UInt64(bit & 63)) != 0
  }
}
