/// A visa application: who applies, where and when, for which trip, with which visa history.
///
/// This is the input of the JSON contract (version 1). Build one in Swift, or decode one with
/// ``Application/init(json:)``.
public struct Application: Hashable, Sendable {
  /// The date the application is lodged. Every date-dependent choice (regime, fee, deadlines)
  /// is keyed on it.
  public var lodgingDate: LocalDate
  /// The main destination, ISO 3166-1 alpha-2 (`NL`): the competent Member State.
  public var destination: CountryCode
  /// Where the application is lodged, ISO 3166-1 alpha-2 (`RU`).
  public var lodgedIn: CountryCode
  /// The applicant.
  public var applicant: Applicant
  /// The intended trip.
  public var trip: Trip
  /// Previous visas (used for the multiple-entry validity).
  public var visaHistory: [PreviousVisa]
  /// The applicant's fast-track status with the consulate (Orange Carpet, Blue Carpet), if any.
  public var fastTrack: FastTrack?

  /// The ground of a request to extend an issued visa (Visa Code Art. 33), if the question is
  /// an extension: the decision then carries the extension fee.
  public var extensionGround: ExtensionGround?

  /// An identifier echoed on the decision (batch work), if any, as a JSON fragment: a number
  /// (`17`) or a quoted string (`"A-17"`), written back verbatim.
  public var id: String?

  /// Creates an application.
  public init(
    lodgingDate: LocalDate, destination: CountryCode, lodgedIn: CountryCode, applicant: Applicant,
    trip: Trip, visaHistory: [PreviousVisa] = [], fastTrack: FastTrack? = nil, extensionGround: ExtensionGround? = nil,
    id: String? = nil
  ) {
    self.fastTrack = fastTrack
    self.extensionGround = extensionGround
    self.lodgingDate = lodgingDate
    self.destination = destination
    self.lodgedIn = lodgedIn
    self.applicant = applicant
    self.trip = trip
    self.visaHistory = visaHistory
    self.id = id
  }
}

/// The person who applies.
public struct Applicant: Hashable, Sendable {
  /// Nationality, ISO 3166-1 alpha-2 (`RU`).
  public var nationality: CountryCode
  /// Country of residence, ISO 3166-1 alpha-2.
  public var residence: CountryCode
  /// Date of birth; the age is the completed years on the lodging date.
  public var birthDate: LocalDate
  /// The categories the applicant belongs to (student, close relative of a resident, …).
  public var categories: [Category]
  /// The travel document (passport).
  public var travelDocument: TravelDocument
  /// The person visited, where the law looks at the family tie (VFA Art. 5(1)(b), 6(3)(a);
  /// the November 2025 family exception). `nil` when not given.
  public var host: Host?
  /// The end of the applicant's term of office (members of governments, parliaments and
  /// courts: VFA Art. 5(1)(a) limits the visa to it).
  public var termOfOfficeUntil: LocalDate?

  /// Creates an applicant.
  public init(
    nationality: CountryCode, residence: CountryCode, birthDate: LocalDate, categories: [Category] = [],
    travelDocument: TravelDocument, host: Host? = nil, termOfOfficeUntil: LocalDate? = nil
  ) {
    self.host = host
    self.termOfOfficeUntil = termOfOfficeUntil
    self.nationality = nationality
    self.residence = residence
    self.birthDate = birthDate
    self.categories = categories
    self.travelDocument = travelDocument
  }
}

/// A fast-track status: the scheme, and since when the applicant (or the company) is registered.
public struct FastTrack: Hashable, Sendable {
  /// The scheme.
  public var scheme: Scheme
  /// Since when the applicant (or the employer) is registered for it.
  public var registeredSince: LocalDate?

  /// Creates a fast-track status.
  public init(scheme: Scheme, registeredSince: LocalDate? = nil) {
    self.scheme = scheme
    self.registeredSince = registeredSince
  }
}

/// The person an applicant visits, and how they are related.
public struct Host: Hashable, Sendable {
  /// How the applicant is related to the host.
  public var relationship: Relationship
  /// The host's nationality, ISO 3166-1 alpha-2.
  public var nationality: CountryCode
  /// Where the host lives, ISO 3166-1 alpha-2, if given.
  public var residence: CountryCode?
  /// The last day of the host's residence permit, if the host is a third-country national.
  public var residenceUntil: LocalDate?
  /// Whether the applicant, as the host's child aged 21 or more, is dependent on the host.
  public var dependent: Bool

  /// Creates a host.
  public init(
    relationship: Relationship, nationality: CountryCode, residence: CountryCode? = nil, residenceUntil: LocalDate? = nil,
    dependent: Bool = false
  ) {
    self.relationship = relationship
    self.nationality = nationality
    self.residence = residence
    self.residenceUntil = residenceUntil
    self.dependent = dependent
  }
}

/// The applicant's passport or other travel document.
///
/// What the visa list distinguishes (Regulation (EU) 2018/1806, Annexes and footnotes) is
/// optional: `biometric` (missing: taken as biometric, and the decision warns when the answer
/// depends on it), `issued` (missing: taken as issued on the lodging date, with the same
/// warning) and `category` (default ``Category/national``).
public struct TravelDocument: Hashable, Sendable {
  /// Which document it is, where the visa list tells documents apart (an open vocabulary: the
  /// ids are listed in `Rules/vocabulary.json`, `documentCategories`).
  public struct Category: OpenVocabulary {
    /// The id, as in the vocabulary.
    public var rawValue: String
    /// Creates a category from its id (any id: the rule book checks it when it evaluates).
    public init(rawValue: String) { self.rawValue = rawValue }

    /// The national passport of the state of nationality (the default).
    public static let national: Category = "national"
    /// A passport of the Hong Kong Special Administrative Region.
    public static let hongKongSAR: Category = "hongKongSAR"
    /// A passport of the Macao Special Administrative Region.
    public static let macaoSAR: Category = "macaoSAR"
    /// A Taiwanese passport that includes an identity card number.
    public static let taiwanWithIdNumber: Category = "taiwanWithIdNumber"
    /// A Taiwanese passport without an identity card number.
    public static let taiwanWithoutIdNumber: Category = "taiwanWithoutIdNumber"
    /// A British National (Overseas) passport.
    public static let britishNationalOverseas: Category = "britishNationalOverseas"
    /// A British Overseas Territories citizen's passport.
    public static let britishOverseasTerritoriesCitizen: Category = "britishOverseasTerritoriesCitizen"
    /// A British Overseas citizen's passport.
    public static let britishOverseasCitizen: Category = "britishOverseasCitizen"
    /// A British protected person's passport.
    public static let britishProtectedPerson: Category = "britishProtectedPerson"
    /// A British subject's passport.
    public static let britishSubject: Category = "britishSubject"
    /// A Serbian passport issued by the Coordination Directorate (Koordinaciona uprava).
    public static let serbianCoordinationDirectorate: Category = "serbianCoordinationDirectorate"
    /// A refugee travel document (1951 Convention) issued by the state of residence.
    public static let refugeeTravelDocument: Category = "refugeeTravelDocument"
    /// A stateless person's travel document (1954 Convention) issued by the state of residence.
    public static let statelessTravelDocument: Category = "statelessTravelDocument"
  }

  /// The type of document.
  public var type: Kind
  /// The last day the document is valid.
  public var expiry: LocalDate
  /// Whether the passport is biometric (ICAO standards), if known. `nil`: taken as biometric;
  /// the decision then warns when the answer depends on it.
  public var biometric: Bool?
  /// The day the document was issued, if known. `nil`: taken as issued on the lodging date;
  /// the decision then warns when the answer depends on it.
  public var issued: LocalDate?
  /// Which document it is, where the visa list tells documents apart (default ``Category/national``).
  public var category: Category

  /// Creates a travel document.
  public init(
    type: Kind = .ordinary, expiry: LocalDate, biometric: Bool? = nil, issued: LocalDate? = nil,
    category: Category = .national
  ) {
    self.type = type
    self.expiry = expiry
    self.biometric = biometric
    self.issued = issued
    self.category = category
  }
}

/// The intended trip.
public struct Trip: Hashable, Sendable {
  /// The main purpose (`tourism`, `business`, `study`, …; ``RuleBook/vocabulary`` lists them).
  public var purpose: Purpose
  /// The intended date of departure to, and first day in, the Schengen area.
  public var start: LocalDate
  /// The last intended day in the Schengen area.
  public var end: LocalDate

  /// Creates a trip.
  public init(purpose: Purpose, start: LocalDate, end: LocalDate) {
    self.purpose = purpose
    self.start = start
    self.end = end
  }
}

/// A visa the applicant held before.
public struct PreviousVisa: Hashable, Sendable {
  /// Single or multiple entries.
  public enum Entries: String, Hashable, Sendable, CaseIterable {
    /// One entry (or two).
    case single
    /// Multiple entries.
    case multiple
  }

  /// The sort of visa.
  public enum Kind: String, Hashable, Sendable, CaseIterable {
    /// A uniform (type C) visa valid for the whole Schengen area.
    case uniform
    /// A visa with limited territorial validity (Visa Code Art. 25).
    case ltv
    /// An airport transit visa.
    case airportTransit
  }

  /// First day of validity.
  public var validFrom: LocalDate
  /// Last day of validity.
  public var validUntil: LocalDate
  /// Single or multiple entries.
  public var entries: Entries
  /// Uniform, LTV or airport transit.
  public var kind: Kind
  /// Whether the visa was lawfully used, when stated. When `nil`, it is computed from `stays`.
  public var lawfullyUsed: Bool?
  /// The stays made on the visa, when known.
  public var stays: [Stay]

  /// Creates a previous visa.
  public init(
    validFrom: LocalDate, validUntil: LocalDate, entries: Entries, kind: Kind = .uniform,
    lawfullyUsed: Bool? = nil, stays: [Stay] = []
  ) {
    self.validFrom = validFrom
    self.validUntil = validUntil
    self.entries = entries
    self.kind = kind
    self.lawfullyUsed = lawfullyUsed
    self.stays = stays
  }
}

/// A stay in the Schengen area: entry and exit dates, both days counted as days of stay.
public struct Stay: Hashable, Sendable {
  /// The day of entry.
  public var entry: LocalDate
  /// The day of exit.
  public var exit: LocalDate
  /// True for a stay under a residence permit or a long-stay visa, which the 90/180-day rule
  /// does not count (Schengen Borders Code Art. 6(2)).
  public var exempt: Bool

  /// Creates a stay.
  public init(entry: LocalDate, exit: LocalDate, exempt: Bool = false) {
    self.entry = entry
    self.exit = exit
    self.exempt = exempt
  }
}
