internal import SnapshotFormat

/// The names of the enumerations' cases as the snapshot lists them, mapped once to this build's
/// cases: the body refers to them by index, so reordering a Swift enumeration cannot misread a
/// snapshot (a name this build does not know is an error).
struct SnapshotNames {
  let figures: [Figure]
  let statuses: [Status]
  let caps: [ValidityCap]

  init(_ r: inout SnapshotReader) throws(SnapshotError) {
    func names<T: RawRepresentable>(_: T.Type, _ r: inout SnapshotReader) throws(SnapshotError) -> [T]
    where T.RawValue == String {
      let n = try r.count()
      var out: [T] = []
      for _ in 0..<n {
        let name = try r.string()
        guard let value = T(rawValue: name) else { throw r.failure("unknown \(T.self) \"\(name)\"") }
        out.append(value)
      }
      return out
    }
    figures = try names(Figure.self, &r)
    statuses = try names(Status.self, &r)
    caps = try names(ValidityCap.self, &r)
    try r.newline()
  }

  func figure(_ r: inout SnapshotReader) throws(SnapshotError) -> Figure {
    figures[try r.index(below: figures.count, "figure")]
  }

  func status(_ r: inout SnapshotReader) throws(SnapshotError) -> Status {
    statuses[try r.index(below: statuses.count, "status")]
  }
}

/// Reading a ``CompiledRules`` back from a snapshot, in the order
/// ``SnapshotWriter/write(_:)-(CompiledRules)`` wrote it.
extension SnapshotReader {
  /// The rules but their public descriptions (the last section, ``readPublic(_:)``), and the
  /// names of the enumerations' cases that section needs too.
  mutating func readRules() throws(SnapshotError) -> (CompiledRules, SnapshotNames) {
    let names = try SnapshotNames(&self)
    var rules = CompiledRules()
    try readVocabulary(&rules, names)
    let instruments = try count()
    rules.instruments.reserveCapacity(instruments)
    for _ in 0..<instruments { rules.instruments.append(try readInstrument(instruments)) }
    try newline()
    let provisions = try count()
    rules.provisions.reserveCapacity(provisions)
    for _ in 0..<provisions { rules.provisions.append(try readProvision(names, instruments, provisions)) }
    let suspensions = try count()
    rules.suspensions.reserveCapacity(suspensions)
    for _ in 0..<suspensions {
      rules.suspensions.append(
        CompiledSuspension(
          id: try string(), from: try int(), until: try int(), appliesTo: try condition(), appliesToText: try string(),
          citation: citations[try citationIndex()], status: try names.status(&self), note: try string()))
    }
    try newline()
    let precedence = try count()
    for _ in 0..<precedence {
      let id = try string()
      let winner = try index(below: instruments, "instrument")
      let loser = try index(below: instruments, "instrument")
      let figureCount = try count()
      var figures: [Figure] = []
      for _ in 0..<figureCount { figures.append(try names.figure(&self)) }
      rules.precedence.append(
        CompiledPrecedence(
          id: id, winner: winner, loser: loser, figures: figures, kinds: try strings(),
          unless: try bool() ? try condition() : nil, citation: citations[try citationIndex()], status: try names.status(&self),
          note: try string()))
    }
    try newline()
    let options = try count()
    for _ in 0..<options {
      rules.options.append(CompiledOption(key: try string(), values: try strings(), defaultValue: try int()))
    }
    rules.optionIndex = try nameIndex()
    try newline()
    let figures = try count()
    guard figures == Figure.allCases.count else { throw failure("\(figures) figures, this build has \(Figure.allCases.count)") }
    rules.byFigure = []
    for _ in 0..<figures {
      let groupCount = try count()
      var groups: [(regime: Int, provisions: [Int])] = []
      groups.reserveCapacity(groupCount)
      for _ in 0..<groupCount {
        groups.append((try index(below: instruments, "instrument"), try indices(below: provisions, "provision")))
      }
      rules.byFigure.append(groups)
    }
    rules.instrumentIndex = try nameIndex()
    rules.provisionIndex = try nameIndex()
    try newline()
    let figureTables = try count()
    for _ in 0..<figureTables {
      let n = try count()
      var segments: [RuleBookSegment] = []
      segments.reserveCapacity(n)
      for _ in 0..<n {
        segments.append(
          RuleBookSegment(
            from: try int(), until: try int(), value: try int(), provision: try index(below: provisions, "provision"),
            version: try int()))
      }
      rules.ruleBookSegments.append(segments)
    }
    try newline()
    return (rules, names)
  }

  private mutating func readVocabulary(_ rules: inout CompiledRules, _ names: SnapshotNames) throws(SnapshotError) {
    var lists = VocabularyLists()
    for k in 0..<6 {
      let ids = try strings()
      let descriptions = try strings()
      let articles = try strings()
      guard ids.count == descriptions.count, ids.count == articles.count else {
        throw failure("a vocabulary list's ids, descriptions and articles differ in number")
      }
      var list = VocabularyList()
      for i in ids.indices { list.append(ids[i], description: descriptions[i], articles: articles[i]) }
      switch k {
      case 0: lists.categories = list
      case 1: lists.purposes = list
      case 2: lists.documentTypes = list
      case 3: lists.hostRelationships = list
      case 4: lists.extensionGrounds = list
      default: lists.fastTrackSchemes = list
      }
    }
    rules.vocabularyLists = SharedVocabularyLists(lists)
    rules.categories = try strings()
    rules.categoryIndex = try nameIndex()
    let groups = try count()
    rules.countryGroups = Dictionary(minimumCapacity: groups)
    for _ in 0..<groups {
      let name = try string()
      rules.countryGroups[name] = try strings()
    }
    rules.destinations = try codes()
    let dated = try count()
    rules.datedDestinations = Dictionary(minimumCapacity: dated)
    for _ in 0..<dated {
      let code = try code()
      rules.datedDestinations[code] = DatedDestination(
        from: LocalDate(dayNumber: try int()), citation: try string(), status: try names.status(&self), note: try string())
    }
    try newline()
    let countries = try count()
    rules.countries = Dictionary(minimumCapacity: countries)
    for _ in 0..<countries {
      let code = try code()
      rules.countries[code] = CountryEntry(
        code: try string(), name: try string(), territoryOf: try optionalString(), isNationality: try bool(),
        note: try string())
    }
    try newline()
    let words = try count()
    rules.knownCountries = []
    rules.knownCountries.reserveCapacity(words)
    for _ in 0..<words { rules.knownCountries.append(try uint()) }
    rules.documentCategories = try strings()
    rules.documentCategoryIndex = try nameIndex()
    let described = try count()
    rules.documentCategoryDescriptions = Dictionary(minimumCapacity: described)
    for _ in 0..<described {
      let category = try string()
      rules.documentCategoryDescriptions[category] = try string()
    }
    rules.coverage = try period()
    rules.coverageNote = try string()
    rules.currency = try string()
    try newline()
  }

  private mutating func readInstrument(_ instruments: Int) throws(SnapshotError) -> CompiledInstrument {
    let id = try string()
    let shortName = try string()
    let from = try int()
    let until = try int()
    let scope = try condition()
    let regime = try index(below: instruments, "instrument")
    let settingCount = try count()
    var settings: [(Int, Int)] = []
    settings.reserveCapacity(settingCount)
    for _ in 0..<settingCount { settings.append((try int(), try int())) }
    return CompiledInstrument(
      id: id, shortName: shortName, from: from, until: until, scope: scope, regime: regime, settings: settings,
      suspendedBy: try ints())
  }

  private mutating func readProvision(_ names: SnapshotNames, _ instruments: Int, _ provisions: Int) throws(SnapshotError)
    -> CompiledProvision
  {
    let id = try string()
    let regime = try index(below: instruments, "instrument")
    let definedBy = try index(below: instruments, "instrument")
    let figure = try names.figure(&self)
    let kind = try string()
    let versionCount = try count()
    var versions: [ProvisionVersion] = []
    versions.reserveCapacity(versionCount)
    for _ in 0..<versionCount { versions.append(try readVersion(names, provisions)) }
    let beats = try indices(below: provisions, "provision")
    let suspendedBy = try ints()
    let citation = try citationIndex()
    let provision = CompiledProvision(
      id: id, regime: regime, definedBy: definedBy, figure: figure, kind: kind, versions: versions, beats: beats,
      suspendedBy: suspendedBy, citation: citations[citation], summary: try string(), status: try names.status(&self),
      citationText: citationTexts[citation])
    try newline()
    return provision
  }

  private mutating func readVersion(_ names: SnapshotNames, _ provisions: Int) throws(SnapshotError) -> ProvisionVersion {
    let from = try int()
    let until = try int()
    let value = try provisionValue(names, provisions)
    let condition = try condition()
    let conditionText = try string()
    let amendment = try optionalInt()
    let amendmentID = try optionalString()
    let amendmentLocation = try bool() ? try location() : nil
    let citation = try citationIndex()
    // Made in one piece (a version is large: setting fields afterwards copies it).
    return ProvisionVersion(
      from: from, until: until, value: value, condition: condition, conditionText: conditionText, amendment: amendment,
      amendmentID: amendmentID, amendmentLocation: amendmentLocation, citation: citations[citation],
      status: try names.status(&self), citationText: citationTexts[citation], annotatedText: try string())
  }

  private mutating func provisionValue(_ names: SnapshotNames, _ provisions: Int) throws(SnapshotError) -> ProvisionValue {
    switch try uint() {
    case 0: return .repealed
    case 1: return .cents(try int())
    case 2: return .count(try int())
    case 3:
      return .fractionOf(provision: try index(below: provisions, "provision"), numerator: try int(), denominator: try int())
    case 4:
      let multiple = try bool()
      let months = try optionalInt()
      let cap = try index(below: names.caps.count + 1, "validity cap")
      return .validity(multiple: multiple, months: months, cap: cap == 0 ? nil : names.caps[cap - 1])
    case 5: return .notice(try string())
    case let tag: throw failure("unknown provision value tag \(tag)")
    }
  }
}

extension ProvisionVersion {
  /// A version as a snapshot recorded it, its citation's text included.
  init(
    from: Int, until: Int, value: ProvisionValue, condition: Condition, conditionText: String, amendment: Int?,
    amendmentID: String?, amendmentLocation: SourceLocation? = nil, citation: Citation, status: Status,
    citationText: String, annotatedText: String = ""
  ) {
    self.from = from
    self.until = until
    self.value = value
    self.condition = condition
    self.conditionText = conditionText
    self.amendment = amendment
    self.amendmentID = amendmentID
    self.citation = citation
    self.status = status
    self.citationText = citationText
    self.amendmentLocation = amendmentLocation
    self.annotatedText = annotatedText
  }
}
