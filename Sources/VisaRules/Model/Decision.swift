/// What the law gives one application: the fee, the service-fee cap, the decision deadlines,
/// the lodging window and the multiple-entry validity, each with the provision that decided it;
/// plus the warnings, the interpretation options relied on, and (on request) the full trace.
public struct Decision: Hashable, Sendable {
  /// The version of the JSON contract this decision follows.
  ///
  /// Version 2: when no visa is required for the trip (``Eligibility/visaRequired`` is false),
  /// ``fee``, ``processing``, ``lodging`` and ``validity`` are `nil` (`null` in JSON), as are
  /// ``serviceFeeCap``, ``extensionFee`` and ``fastTrack``. Version 1 always carried them.
  public static let schemaVersion = 2

  /// The application's `id`, echoed (a JSON fragment), if it had one.
  public var id: String?
  /// The lodging date the decision is keyed on.
  public var lodgingDate: LocalDate
  /// The visa fee; `nil` when no visa is required.
  public var fee: Fee?
  /// The highest service fee an external service provider may charge.
  public var serviceFeeCap: Ruling<Money>?
  /// The decision deadlines; `nil` when no visa is required.
  public var processing: Processing?
  /// When the application may be lodged; `nil` when no visa is required.
  public var lodging: LodgingWindow?
  /// The multiple-entry validity the application can yield; `nil` when no visa is required.
  public var validity: Validity?
  /// The fee for extending the visa, when the application asks about an extension
  /// (``Application/extensionGround``).
  public var extensionFee: Ruling<Money>?
  /// Whether a visa is needed, whether the application can be lodged there and then, and the
  /// documents to bring.
  public var eligibility: Eligibility
  /// What a fast-track scheme gives, when the application states one (`nil` otherwise).
  public var fastTrack: FastTrackOutcome?
  /// The instruments that applied to the application (ids, in rule-book order).
  public var instruments: [String]
  /// Things the reader must know: non-binding guidance, an application lodged outside its
  /// window, an outcome that rests on an unverified reading.
  public var warnings: [String]
  /// The interpretation options the decision relied on, with their values.
  public var assumptions: [Assumption]
  /// Every provision consulted, in order, and what became of it (empty unless requested).
  public var trace: [TraceEntry]
  /// For each figure that did not go the applicant's way (the visa requirement, the fee, the
  /// validity, the decision period, whether it can be lodged), the nearest provision that would
  /// have given more and what was missing, with the facts read. Only with a trace
  /// (``EvaluationOptions/trace``); empty otherwise.
  public var whyNot: [WhyNot] = []
  /// The library's version and the rules the decision was made with (its rule book's
  /// ``RuleBook/provenance``): the decision's last key in JSON.
  public var provenance = Provenance(libraryVersion: RuleBook.libraryVersion, fingerprint: "", rules: [])
}

/// An outcome and the provision that gave it.
public struct Ruling<Value: Hashable & Sendable>: Hashable, Sendable {
  /// The outcome.
  public var value: Value
  /// The id of the deciding provision.
  public var provision: String
  /// Its citation.
  public var citation: Citation
  /// How well established it is.
  public var status: Status
  /// `citation.description`, computed once when the rules were loaded.
  var citationText: String
  /// The amendment that made the version applied, if any (internal: what-if reports name it).
  var amendment: String?

  /// Creates a ruling.
  public init(value: Value, provision: String, citation: Citation, status: Status) {
    self.init(value: value, provision: provision, citation: citation, status: status, citationText: citation.description)
  }

  init(value: Value, provision: String, citation: Citation, status: Status, citationText: String) {
    self.value = value
    self.provision = provision
    self.citation = citation
    self.status = status
    self.citationText = citationText
  }
}

/// The visa fee and why.
public struct Fee: Hashable, Sendable {
  /// The amount to pay.
  public var amount: Money
  /// The provision that set it.
  public var ruling: Ruling<Money>
  /// The waiver that made it free, if one did.
  public var waiver: FeeWaiver?
}

/// A fee waiver: the provision and the reason.
public struct FeeWaiver: Hashable, Sendable {
  /// The waiving provision's id.
  public var provision: String
  /// Its citation.
  public var citation: Citation
  /// Why the fee is waived (the provision's summary).
  public var reason: String
  var citationText: String

  /// Creates a fee waiver.
  public init(provision: String, citation: Citation, reason: String) {
    self.init(provision: provision, citation: citation, reason: reason, citationText: citation.description)
  }

  init(provision: String, citation: Citation, reason: String, citationText: String) {
    self.provision = provision
    self.citation = citation
    self.reason = reason
    self.citationText = citationText
  }
}

/// How long the consulate has to decide.
public struct Processing: Hashable, Sendable {
  /// Days to decide as a rule.
  public var standardDays: Ruling<Int>?
  /// Days to which the period may be extended in individual cases.
  public var extendedDays: Ruling<Int>?
  /// Days in exceptional cases (additional documentation), where the law provides them.
  public var exceptionalDays: Ruling<Int>?
  /// Working days to which the period may be reduced in urgent cases, where the law says so.
  public var urgentWorkingDays: Ruling<Int>?
  /// Lodging date plus the standard days (calendar days, no weekend roll-over).
  public var deadline: LocalDate?
  /// Lodging date plus the extended days.
  public var extendedDeadline: LocalDate?
  /// Lodging date plus the exceptional days.
  public var exceptionalDeadline: LocalDate?
}

/// When an application for the trip may be lodged.
public struct LodgingWindow: Hashable, Sendable {
  /// Months before the trip: the earliest lodging.
  public var earliestMonths: Ruling<Int>?
  /// Days before the trip: the latest lodging, as a rule.
  public var latestDays: Ruling<Int>?
  /// The first day an application may be lodged.
  public var earliest: LocalDate?
  /// The last day an application should be lodged, as a rule (`nil` when there is no limit).
  public var latest: LocalDate?
  /// Whether the lodging date lies in the window.
  public var withinWindow: Bool
}

/// The multiple-entry validity an application is entitled to.
public struct Validity: Hashable, Sendable {
  /// `multiple` only when a multiple-entry visa is an entitlement; otherwise `single`.
  public var entries: PreviousVisa.Entries
  /// The entitlement's length in months, or `nil` when there is none.
  public var maxMonths: Int?
  /// The last day of validity once every cap (travel document, …) is applied.
  public var until: LocalDate?
  /// The provision that gave the entitlement, if any.
  public var ruling: Ruling<Int>?
  /// What a consulate may grant beyond the entitlement, if the law leaves it discretion.
  public var discretionary: String?
  /// When a suspension took away a multiple-entry entitlement (the November 2025 decision,
  /// Decision 2022/333), its citation: why the visa is single-entry.
  public var restrictedBy: String?
}

/// Whether the application is needed and possible, and what to bring.
public struct Eligibility: Hashable, Sendable {
  /// Whether a visa is required (`nil` when the rules do not say for this nationality).
  public var visaRequired: Ruling<Bool>?
  /// Whether the application can be lodged at that place on that date (`nil`: no restriction
  /// is encoded, so it can).
  public var lodgingAvailable: Ruling<Bool>?
  /// Whether the lodging date lies within the lodging window.
  public var withinWindow: Bool
  /// The supporting documents to bring, each with its citation.
  public var documents: [String]

  /// Whether the application can be lodged: available there and then (the window is reported
  /// separately, since a consulate may accept a late application in urgent cases).
  public var canLodge: Bool { lodgingAvailable?.value ?? true }
}

/// What a fast-track scheme (Orange Carpet, Blue Carpet) gives an application.
public struct FastTrackOutcome: Hashable, Sendable {
  /// The scheme stated in the application.
  public var scheme: FastTrack.Scheme
  /// Whether it applies on the lodging date at the place of lodging, and why.
  public var applies: Ruling<Bool>?
  /// What it gives (priority, fewer documents, …), each with its citation.
  public var benefits: [String]
  /// The multiple-entry validity it suggests where the law leaves discretion, after every
  /// hard limit, in months (`nil` when none).
  public var suggestedMonths: Int?
  /// The provision of the suggestion.
  public var suggestion: Ruling<Int>?
  /// Hard limits that bite (the cascade, the travel document, a suspension, the November 2025
  /// decision): the scheme never overrides them.
  public var limits: [String]
}

/// An interpretation option the decision relied on.
public struct Assumption: Hashable, Sendable {
  /// Where the value came from.
  public enum Source: Hashable, Sendable {
    /// The option's default.
    case `default`
    /// Set by a member-state policy that applied (its instrument id).
    case policy(String)
    /// Set by the caller.
    case user
  }

  /// The option's key.
  public var option: String
  /// The value used.
  public var value: String
  /// Where it came from.
  public var source: Source
  /// What the other values would have given, where that differs (`"lowestAmount": "fee 60 EUR"`).
  public var alternatives: [(value: String, outcome: String)]

  /// Whether two assumptions name the same option, value and source, with the same alternatives.
  public static func == (a: Assumption, b: Assumption) -> Bool {
    a.option == b.option && a.value == b.value && a.source == b.source
      && a.alternatives.map { $0.value + "=" + $0.outcome } == b.alternatives.map { $0.value + "=" + $0.outcome }
  }

  /// Hashes the option and the value (consistent with ``==(_:_:)``).
  public func hash(into h: inout Hasher) {
    h.combine(option)
    h.combine(value)
  }
}
