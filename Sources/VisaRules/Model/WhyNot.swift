/// One requirement of a provision (or of its instrument's scope) that the application did not
/// meet, with the facts the engine read: "needs age at most 5; the applicant is 7 on the
/// lodging date (born 2017-03-01)".
///
/// Found only for a traced evaluation (``EvaluationOptions/trace``): a plain evaluation does
/// not spend time on them.
public struct Shortfall: Hashable, Sendable {
  /// What the requirement is about.
  public enum Aspect: String, Hashable, Sendable, CaseIterable {
    /// The applicant's nationality.
    case nationality
    /// Who the applicant is or what the trip is: categories, travel document type or category,
    /// host, residence, destination, place of lodging, purpose, extension ground.
    case person
    /// A circumstance of the application: age, days before the trip, the travel document's
    /// issue date or chip, fast-track registration, dependency on the host.
    case circumstance
    /// The visa history (``Shortfall/visas`` says which visas counted).
    case visaHistory
    /// An interpretation option's value (see `visa options`).
    case option
    /// A suspension switched the provision, or its instrument, off.
    case suspension
  }

  /// What the requirement is about.
  public var aspect: Aspect
  /// What was needed and what the engine found, in words.
  public var text: String
  /// For ``Aspect/visaHistory``: every previous visa of the application, counted or not, and why.
  public var visas: [VisaCount]
  /// False for a requirement far out of reach (an age bound years away): such a provision is
  /// not "near" for ``WhyNot``.
  var withinReach = true

  /// Creates a shortfall.
  public init(aspect: Aspect, text: String, visas: [VisaCount] = []) {
    self.aspect = aspect
    self.text = text
    self.visas = visas
  }

  /// Whether the requirement is about who the applicant is (nationality, person), not about a
  /// circumstance, the history, an option or a suspension.
  public var isAboutWhoTheApplicantIs: Bool { aspect == .nationality || aspect == .person }
}

/// A previous visa as a history requirement counted it.
public struct VisaCount: Hashable, Sendable {
  /// Its index in ``Application/visaHistory``.
  public var index: Int
  /// Its first day of validity.
  public var validFrom: LocalDate
  /// Whether it counted.
  public var counted: Bool
  /// Why it did not count (`nil` when it did): outside the window, never used, single-entry, …
  public var reason: String?
  /// Whether the count left it out for what it is or when it was valid (a repeat, its kind,
  /// outside the window, not lawfully used or never used), rather than for not being the visa
  /// the requirement asks for (single-entry, too short): what the "visas not counted" note names.
  var leftOut = false

  /// Creates a visa count.
  public init(index: Int, validFrom: LocalDate, counted: Bool, reason: String?) {
    self.index = index
    self.validFrom = validFrom
    self.counted = counted
    self.reason = reason
  }
}

/// For a figure that did not go the applicant's way, the nearest provision that would have
/// given more, and what was missing: "Art. 24(2)(a) would give multiple entry, up to 12
/// months: needs 3 uniform visas lawfully used in the previous 24 months …: 2 counted (…); the
/// visa of 2022-01-05 (visaHistory[0]) is outside the window".
///
/// "Nearest": among the provisions that would have given a more favourable outcome and did not
/// apply only because of circumstances, the visa history, an option or a suspension (not
/// because of who the applicant is), the one with the fewest unmet requirements, then the
/// smallest improvement. Listed in ``Decision/whyNot`` for a traced evaluation only.
public struct WhyNot: Hashable, Sendable {
  /// The figure.
  public var figure: Figure
  /// The provision's id.
  public var provision: String
  /// Its citation.
  public var citation: Citation
  /// Its status tag.
  public var status: Status
  /// What it would have given, in words.
  public var wouldGive: String
  /// What was missing.
  public var shortfalls: [Shortfall]

  /// Creates an entry.
  public init(figure: Figure, provision: String, citation: Citation, status: Status, wouldGive: String, shortfalls: [Shortfall]) {
    self.figure = figure
    self.provision = provision
    self.citation = citation
    self.status = status
    self.wouldGive = wouldGive
    self.shortfalls = shortfalls
  }

  /// One line: "fee: Art. 16(4)(a) would give 0 EUR: needs age at most 5; the applicant is 7 …".
  public var text: String {
    "\(figure.rawValue): \(citation) \(status) would give \(wouldGive): " + shortfalls.map(\.text).joined(separator: "; ")
  }
}
