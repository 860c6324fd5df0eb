/// Writing a ``CompiledRules`` into a snapshot: every stored field of every compiled type (the
/// public descriptions apart: ``writePublic(_:)``, the last section), in the order
/// ``SnapshotReader/readRules()`` reads them (keep the two files in step, and bump
/// ``RulesSnapshot/formatVersion`` when the format changes). Dictionaries are written sorted by
/// key, so the same rules give the same bytes.
extension SnapshotWriter {
  mutating func write(_ rules: CompiledRules) {
    // The names of the enumerations' cases, once: the body refers to them by index.
    count(Figure.allCases.count)
    for f in Figure.allCases { string(f.rawValue) }
    count(Status.allCases.count)
    for s in Status.allCases { string(s.rawValue) }
    count(ValidityCap.allCases.count)
    for c in ValidityCap.allCases { string(c.rawValue) }
    newline()

    writeVocabulary(rules)
    count(rules.instruments.count)
    for i in rules.instruments { write(i) }
    newline()
    count(rules.provisions.count)
    for p in rules.provisions { write(p) }
    count(rules.suspensions.count)
    for s in rules.suspensions { write(s) }
    newline()
    count(rules.precedence.count)
    for p in rules.precedence { write(p) }
    newline()
    count(rules.options.count)
    for o in rules.options {
      string(o.key)
      strings(o.values)
      int(o.defaultValue)
    }
    nameIndex(rules.optionIndex)
    newline()
    count(rules.byFigure.count)
    for groups in rules.byFigure {
      count(groups.count)
      for g in groups {
        index(g.regime)
        indices(g.provisions)
      }
    }
    nameIndex(rules.instrumentIndex)
    nameIndex(rules.provisionIndex)
    newline()
    count(rules.ruleBookSegments.count)
    for segments in rules.ruleBookSegments {
      count(segments.count)
      for s in segments {
        int(s.from)
        int(s.until)
        int(s.value)
        index(s.provision)
        int(s.version)
      }
    }
    newline()
  }

  private mutating func writeVocabulary(_ rules: CompiledRules) {
    let lists = rules.vocabularyLists.lists
    for list in [
      lists.categories, lists.purposes, lists.documentTypes, lists.hostRelationships, lists.extensionGrounds,
      lists.fastTrackSchemes,
    ] {
      strings(list.ids)
      strings(list.descriptions)
      strings(list.articles)
    }
    strings(rules.categories)
    nameIndex(rules.categoryIndex)
    let groups = rules.countryGroups.keys.sorted()
    count(groups.count)
    for g in groups {
      string(g)
      strings(rules.countryGroups[g]!)
    }
    codes(rules.destinations)
    let dated = rules.datedDestinations.keys.sorted()
    count(dated.count)
    for code in dated {
      let d = rules.datedDestinations[code]!
      uint(UInt64(code))
      int(d.from.dayNumber)
      string(d.citation)
      write(d.status)
      string(d.note)
    }
    newline()
    let countries = rules.countries.keys.sorted()
    count(countries.count)
    for code in countries {
      let c = rules.countries[code]!
      uint(UInt64(code))
      string(c.code)
      string(c.name)
      optionalString(c.territoryOf)
      bool(c.isNationality)
      string(c.note)
    }
    newline()
    count(rules.knownCountries.count)
    for w in rules.knownCountries { uint(w) }
    strings(rules.documentCategories)
    nameIndex(rules.documentCategoryIndex)
    let described = rules.documentCategoryDescriptions.keys.sorted()
    count(described.count)
    for k in described {
      string(k)
      string(rules.documentCategoryDescriptions[k]!)
    }
    write(rules.coverage)
    string(rules.coverageNote)
    string(rules.currency)
    newline()
  }

  private mutating func write(_ i: CompiledInstrument) {
    string(i.id)
    string(i.shortName)
    int(i.from)
    int(i.until)
    write(i.scope)
    index(i.regime)
    count(i.settings.count)
    for (option, value) in i.settings {
      int(option)
      int(value)
    }
    ints(i.suspendedBy)
  }

  private mutating func write(_ p: CompiledProvision) {
    string(p.id)
    index(p.regime)
    index(p.definedBy)
    write(p.figure)
    string(p.kind)
    count(p.versions.count)
    for v in p.versions { write(v) }
    indices(p.beats)
    ints(p.suspendedBy)
    citation(p.citation, text: p.citationText)
    string(p.summary)
    write(p.status)
    newline()
  }

  private mutating func write(_ v: ProvisionVersion) {
    int(v.from)
    int(v.until)
    write(v.value)
    write(v.condition)
    string(v.conditionText)
    optionalInt(v.amendment)
    optionalString(v.amendmentID)
    bool(v.amendmentLocation != nil)
    if let l = v.amendmentLocation { write(l) }
    citation(v.citation, text: v.citationText)
    write(v.status)
    string(v.annotatedText)
  }

  private mutating func write(_ value: ProvisionValue) {
    switch value {
    case .repealed: uint(0)
    case .cents(let c):
      uint(1)
      int(c)
    case .count(let n):
      uint(2)
      int(n)
    case .fractionOf(let p, let num, let den):
      uint(3)
      index(p)
      int(num)
      int(den)
    case .validity(let multiple, let months, let cap):
      uint(4)
      bool(multiple)
      optionalInt(months)
      uint(cap.map { UInt64(ValidityCap.allCases.firstIndex(of: $0)! + 1) } ?? 0)
    case .notice(let text):
      uint(5)
      string(text)
    }
  }

  private mutating func write(_ s: CompiledSuspension) {
    string(s.id)
    int(s.from)
    int(s.until)
    write(s.appliesTo)
    string(s.appliesToText)
    citation(s.citation, text: s.citation.description)
    write(s.status)
    string(s.note)
  }

  private mutating func write(_ p: CompiledPrecedence) {
    string(p.id)
    index(p.winner)
    index(p.loser)
    count(p.figures.count)
    for f in p.figures { write(f) }
    strings(p.kinds)
    bool(p.unless != nil)
    if let u = p.unless { write(u) }
    citation(p.citation, text: p.citation.description)
    write(p.status)
    string(p.note)
  }

  mutating func write(_ c: Condition) {
    switch c {
    case .always: uint(0)
    case .all(let parts):
      uint(1)
      count(parts.count)
      for p in parts { write(p) }
    case .any(let parts):
      uint(2)
      count(parts.count)
      for p in parts { write(p) }
    case .not(let inner):
      uint(3)
      write(inner)
    case .categories(let mask):
      uint(4)
      uint(mask)
    case .age(let low, let high):
      uint(5)
      int(low)
      int(high)
    case .daysBeforeTrip(let low, let high):
      uint(6)
      int(low)
      int(high)
    case .nationality(let list):
      uint(7)
      codes(list)
    case .residence(let list):
      uint(8)
      codes(list)
    case .lodgedIn(let list):
      uint(9)
      codes(list)
    case .destination(let list):
      uint(10)
      codes(list)
    case .travelDocument(let mask):
      uint(11)
      uint(UInt64(mask))
    case .purpose(let list):
      uint(12)
      ints(list)
    case .option(let option, let value):
      uint(13)
      int(option)
      int(value)
    case .extensionGround(let mask):
      uint(14)
      uint(UInt64(mask))
    case .visas(let q):
      uint(15)
      write(q)
    case .hostRelationship(let mask):
      uint(16)
      uint(UInt64(mask))
    case .hostNationality(let list):
      uint(17)
      codes(list)
    case .hostUnknown: uint(18)
    case .fastTrack(let mask, let months):
      uint(19)
      uint(UInt64(mask))
      int(months)
    case .hostDependent: uint(20)
    case .biometricDocument(let b):
      uint(21)
      bool(b)
    case .documentCategory(let mask):
      uint(22)
      uint(mask)
    case .documentIssued(let low, let high):
      uint(23)
      int(low)
      int(high)
    case .hostResidence(let list):
      uint(24)
      codes(list)
    }
  }

  mutating func write(_ q: HistoryQuery) {
    int(q.atLeast)
    int(q.withinMonths)
    uint(UInt64(q.kinds))
    bool(q.multipleEntryOnly)
    int(q.minValidityMonths)
    bool(q.lawfullyUsedOnly)
    for r in [q.unused, q.validFor, q.lookBackFrom] {
      int(r.option)
      uint(UInt64(r.fixed))
      uint(r.modes)
    }
  }

  // MARK: - Small values

  mutating func write(_ f: Figure) { uint(UInt64(f.index)) }

  mutating func write(_ s: Status) { uint(UInt64(Status.allCases.firstIndex(of: s)!)) }

  mutating func write(_ c: Citation) {
    string(c.instrument)
    string(c.instrumentName)
    optionalString(c.article)
    optionalString(c.paragraph)
    optionalString(c.point)
    optionalString(c.amendedBy)
  }

  mutating func write(_ l: SourceLocation) {
    string(l.file)
    int(l.line)
    int(l.column)
  }

  mutating func write(_ p: Period) {
    int(p.from.dayNumber)
    optionalInt(p.until?.dayNumber)
  }

  mutating func strings(_ list: [String]) {
    count(list.count)
    for s in list { string(s) }
  }

  mutating func ints(_ list: [Int]) {
    count(list.count)
    for i in list { int(i) }
  }

  /// An index into a list written earlier (read back with a bounds check).
  mutating func index(_ i: Int) { uint(UInt64(i)) }

  mutating func indices(_ list: [Int]) {
    count(list.count)
    for i in list { index(i) }
  }

  mutating func codes(_ list: [UInt16]) {
    count(list.count)
    for c in list { uint(UInt64(c)) }
  }

  /// A name → index dictionary, sorted by name.
  mutating func nameIndex(_ d: [String: Int]) {
    let keys = d.keys.sorted()
    count(keys.count)
    for k in keys {
      string(k)
      int(d[k]!)
    }
  }
}
