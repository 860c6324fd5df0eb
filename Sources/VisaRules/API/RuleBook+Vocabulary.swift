extension RuleBook {
  /// What this rule book accepts in an application, with what each value means: enough for an
  /// app to build its forms (pick lists of categories, purposes, countries, document types,
  /// host relationships, extension grounds and fast-track schemes; the interpretation options
  /// with their values and defaults).
  ///
  /// Every list comes from the rule files (`Rules/vocabulary.json`, `Rules/countries.json`,
  /// `Rules/nl/vocabulary.json` and any overlay added with ``RuleBook/adding(_:name:)``), in the order they
  /// declare it. A value listed here is one ``evaluate(_:options:)`` accepts; any other is an
  /// `unknownValue` error naming the field, the value, the allowed values and the nearest one.
  public var vocabulary: Vocabulary {
    let rules = compiled
    let lists = rules.vocabularyLists.lists
    func terms<ID>(_ list: VocabularyList, _ make: (String) -> ID) -> [Vocabulary.Term<ID>] {
      list.ids.indices.map { Vocabulary.Term(id: make(list.ids[$0]), description: list.descriptions[$0], articles: list.articles[$0]) }
    }
    let countries = rules.countries.values.sorted { $0.code < $1.code }.map {
      Vocabulary.Country(
        code: CountryCode($0.code), name: $0.name, isNationality: $0.isNationality, territoryOf: $0.territoryOf.map(CountryCode.init),
        note: $0.note)
    }
    func name(_ code: UInt16) -> String { rules.countries[code]?.name ?? "" }
    var destinations = Set(rules.destinations).map {
      Vocabulary.Destination(code: CountryCode(countryName($0)), name: name($0), from: nil, citation: nil)
    }
    for (code, d) in rules.datedDestinations {
      destinations.append(
        Vocabulary.Destination(code: CountryCode(countryName(code)), name: name(code), from: d.from, citation: d.citation))
    }
    destinations.sort { $0.code < $1.code }
    return Vocabulary(
      categories: terms(lists.categories, Category.init(rawValue:)),
      purposes: lists.purposes.ids.map(Purpose.init(rawValue:)),
      countries: countries, destinations: destinations,
      documentTypes: terms(lists.documentTypes, TravelDocument.Kind.init(rawValue:)),
      documentCategories: rules.documentCategories.map {
        Vocabulary.Term(id: TravelDocument.Category(rawValue: $0), description: rules.documentCategoryDescriptions[$0] ?? "", articles: "")
      },
      hostRelationships: terms(lists.hostRelationships, Host.Relationship.init(rawValue:)),
      extensionGrounds: terms(lists.extensionGrounds, Application.ExtensionGround.init(rawValue:)),
      fastTrackSchemes: terms(lists.fastTrackSchemes, FastTrack.Scheme.init(rawValue:)),
      options: rules.publicOptions, currency: rules.currency, coverage: rules.coverage)
  }

  /// The vocabulary of a rule book: see ``RuleBook/vocabulary``.
  public struct Vocabulary: Hashable, Sendable {
    /// One value of a vocabulary: its id (as the JSON contract spells it), what it means, and
    /// the provisions that name it (empty where the rules give none).
    public struct Term<ID: Hashable & Sendable>: Hashable, Sendable {
      /// The id (`student`, `ordinary`, `orangeCarpet`).
      public var id: ID
      /// What the value means.
      public var description: String
      /// The provisions that name it (`VFA Art. 6(3)(d); Visa Code Art. 16(4)(b)`), if given.
      public var articles: String
    }

    /// A country code an application may give, with its name.
    public struct Country: Hashable, Sendable {
      /// ISO 3166-1 alpha-2 (or `XK`, Kosovo).
      public var code: CountryCode
      /// The English short name.
      public var name: String
      /// Whether the code may be given as a nationality (`applicant.nationality`,
      /// `applicant.host.nationality`); a territory or an uninhabited area may not.
      public var isNationality: Bool
      /// For a territory, the state whose nationality its people hold.
      public var territoryOf: CountryCode?
      /// What to give instead, or other guidance, if any.
      public var note: String
    }

    /// A state whose visas the rules decide (`destination`).
    public struct Destination: Hashable, Sendable {
      /// ISO 3166-1 alpha-2.
      public var code: CountryCode
      /// The country's name.
      public var name: String
      /// The first lodging date for which it applies the common visa policy; `nil`: every date
      /// the rules cover.
      public var from: LocalDate?
      /// The act that made it apply the common visa policy from `from`, if dated.
      public var citation: String?
    }

    /// Applicant categories (`applicant.categories`).
    public var categories: [Term<Category>]
    /// Trip purposes (`trip.purpose`).
    public var purposes: [Purpose]
    /// Every country code an application may give, by code.
    public var countries: [Country]
    /// The destinations the rules decide (`destination`), by code.
    public var destinations: [Destination]
    /// Types of travel document (`applicant.travelDocument.type`).
    public var documentTypes: [Term<TravelDocument.Kind>]
    /// Which document it is, where the visa list tells documents apart
    /// (`applicant.travelDocument.category`; `national` is the default).
    public var documentCategories: [Term<TravelDocument.Category>]
    /// How an applicant may be related to the host (`applicant.host.relationship`).
    public var hostRelationships: [Term<Host.Relationship>]
    /// Grounds of a request to extend an issued visa (`extensionGround`).
    public var extensionGrounds: [Term<Application.ExtensionGround>]
    /// Fast-track schemes (`fastTrack.scheme`).
    public var fastTrackSchemes: [Term<FastTrack.Scheme>]
    /// The interpretation options and policy switches, each with its values and default
    /// (``EvaluationOptions/options`` takes them).
    public var options: [InterpretationOption]
    /// The ISO 4217 code of every amount (`EUR`).
    public var currency: String
    /// The lodging dates the rules cover.
    public var coverage: Period
  }
}
