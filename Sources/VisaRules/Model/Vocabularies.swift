// The open vocabularies of the application contract. Which values exist is law, declared in
// `Rules/` (`vocabulary.json`, `countries.json`, `nl/vocabulary.json`, or an overlay's vocabulary
// file); these types only carry an id, with what every ``OpenVocabulary`` shares. The static members are conveniences for ids the built-in rules declare;
// ``RuleBook/vocabulary`` lists what a rule book (with its overlays) accepts, and an id it does not
// declare is an `unknownValue` error naming the field, the value, the allowed ids and the nearest one.

/// The main purpose of a trip (`trip.purpose`): `tourism`, `business`, `study`, ….
///
/// An open vocabulary: the built-in purposes are declared in `Rules/vocabulary.json` (`purposes`),
/// and an overlay may add its own. Conditions of the rules test it (`{"purpose": [...]}`).
public struct Purpose: OpenVocabulary {
  /// The purpose id as it appears in the JSON contract (`tourism`).
  public var rawValue: String

  /// Creates a value from its id (any id: the rule book checks it when it evaluates).

  public init(rawValue: String) { self.rawValue = rawValue }

  /// `tourism`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let tourism: Purpose = "tourism"

  /// `business`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let business: Purpose = "business"

  /// `study`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let study: Purpose = "study"

  /// `family`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let family: Purpose = "family"

  /// `culture`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let culture: Purpose = "culture"

  /// `sport`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let sport: Purpose = "sport"

  /// `official`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let official: Purpose = "official"

  /// `medical`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let medical: Purpose = "medical"

  /// `transit`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let transit: Purpose = "transit"

  /// `research`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let research: Purpose = "research"

  /// `journalism`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let journalism: Purpose = "journalism"

  /// `transport`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let transport: Purpose = "transport"

  /// `other`: declared in `Rules/vocabulary.json`, `purposes`.
  public static let other: Purpose = "other"
}

extension Application {
  /// Why an issued visa should be extended (`extensionGround`; Visa Code Art. 33).
  ///
  /// An open vocabulary: the grounds are declared in `Rules/vocabulary.json` (`extensionGrounds`).
  public struct ExtensionGround: OpenVocabulary {
    /// The ground id as it appears in the JSON contract (`forceMajeure`).
    public var rawValue: String

    /// Creates a value from its id (any id: the rule book checks it when it evaluates).

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Force majeure prevents leaving (for example a cancelled flight): Visa Code Art. 33(1);
    /// declared in `Rules/vocabulary.json`, `extensionGrounds`.
    public static let forceMajeure: ExtensionGround = "forceMajeure"

    /// Humanitarian reasons prevent leaving: Visa Code Art. 33(1); declared in
    /// `Rules/vocabulary.json`, `extensionGrounds`.
    public static let humanitarian: ExtensionGround = "humanitarian"

    /// Serious personal reasons justify the extension: Visa Code Art. 33(2); declared in
    /// `Rules/vocabulary.json`, `extensionGrounds`.
    public static let seriousPersonalReasons: ExtensionGround = "seriousPersonalReasons"
  }
}

extension FastTrack {
  /// A fast-track scheme (`fastTrack.scheme`).
  ///
  /// An open vocabulary: the Dutch schemes are declared in `Rules/nl/vocabulary.json`
  /// (`fastTrackSchemes`); an overlay may add another state's.
  public struct Scheme: OpenVocabulary {
    /// The scheme id as it appears in the JSON contract (`orangeCarpet`).
    public var rawValue: String

    /// Creates a value from its id (any id: the rule book checks it when it evaluates).

    public init(rawValue: String) { self.rawValue = rawValue }

    /// Orange Carpet: registered companies and reliable frequent travellers (Dutch consular
    /// policy, legal reference §5.1); declared in `Rules/nl/vocabulary.json`, `fastTrackSchemes`.
    public static let orangeCarpet: Scheme = "orangeCarpet"

    /// Blue Carpet: seafarers (Dutch consular policy, legal reference §5.2); declared in
    /// `Rules/nl/vocabulary.json`, `fastTrackSchemes`.
    public static let blueCarpet: Scheme = "blueCarpet"
  }
}

extension Host {
  /// How the applicant is related to the host (`applicant.host.relationship`).
  ///
  /// An open vocabulary: the relationships are declared in `Rules/vocabulary.json` (`hostRelationships`).
  public struct Relationship: OpenVocabulary {
    /// The relationship id as it appears in the JSON contract (`spouse`).
    public var rawValue: String

    /// Creates a value from its id (any id: the rule book checks it when it evaluates).

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The applicant is the host's spouse. Declared in `Rules/vocabulary.json`,
    /// `hostRelationships`.
    public static let spouse: Relationship = "spouse"

    /// The applicant is the host's registered partner. Declared in `Rules/vocabulary.json`,
    /// `hostRelationships`.
    public static let registeredPartner: Relationship = "registeredPartner"

    /// The applicant is the host's child (adopted children included). Declared in `Rules/vocabulary.json`,
    /// `hostRelationships`.
    public static let child: Relationship = "child"

    /// The applicant is the host's parent (custodians included). Declared in `Rules/vocabulary.json`,
    /// `hostRelationships`.
    public static let parent: Relationship = "parent"

    /// The applicant is the host's grandparent. Declared in `Rules/vocabulary.json`,
    /// `hostRelationships`.
    public static let grandparent: Relationship = "grandparent"

    /// The applicant is the host's grandchild. Declared in `Rules/vocabulary.json`,
    /// `hostRelationships`.
    public static let grandchild: Relationship = "grandchild"

    /// Any other tie. Declared in `Rules/vocabulary.json`,
    /// `hostRelationships`.
    public static let other: Relationship = "other"
  }
}

extension TravelDocument {
  /// The type of travel document (`applicant.travelDocument.type`).
  ///
  /// An open vocabulary: the types are declared in `Rules/vocabulary.json` (`documentTypes`).
  public struct Kind: OpenVocabulary {
    /// The type id as it appears in the JSON contract (`ordinary`).
    public var rawValue: String

    /// Creates a value from its id (any id: the rule book checks it when it evaluates).

    public init(rawValue: String) { self.rawValue = rawValue }

    /// An ordinary passport.
    /// Declared in `Rules/vocabulary.json`, `documentTypes`.
    public static let ordinary: Kind = "ordinary"

    /// A diplomatic passport.
    /// Declared in `Rules/vocabulary.json`, `documentTypes`.
    public static let diplomatic: Kind = "diplomatic"

    /// A service passport.
    /// Declared in `Rules/vocabulary.json`, `documentTypes`.
    public static let service: Kind = "service"

    /// An official passport (distinct from a service passport in some states' law, for example Georgia's).
    /// Declared in `Rules/vocabulary.json`, `documentTypes`.
    public static let official: Kind = "official"
  }
}

/// A country code of the JSON contract (`destination`, `lodgedIn`, `applicant.nationality`,
/// `applicant.residence`, `applicant.host.nationality`, `applicant.host.residence`): ISO 3166-1
/// alpha-2, or `XK` (Kosovo).
///
/// An open vocabulary: the codes, with their names and which are nationalities, are declared in
/// `Rules/countries.json`; ``RuleBook/vocabulary`` lists them (`countries`). A code it does not
/// declare is an `unknownValue` error naming the field, the code found and the nearest code
/// (`ru` → `RU (Russia)`), from Swift and from JSON alike.
public struct CountryCode: OpenVocabulary {
  /// The code as it appears in the JSON contract (`NL`).
  public var rawValue: String

  /// Creates a code (any text: the rule book checks it when it evaluates).
  public init(rawValue: String) { self.rawValue = rawValue }
}
