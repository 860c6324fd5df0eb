/// Reads rule files (JSON) into ``CompiledRules``, collecting every problem as a diagnostic
/// with its file, line and column, the way a compiler reports errors.
struct RuleLoader {
  private(set) var diagnostics: [RuleDiagnostic] = []
  var rules = CompiledRules()

  private struct File {
    var path: String
    var locator: SourceLocator
    var root: JSONValue
    var instrument: Int?
  }

  private var files: [File] = []
  /// Raw provision JSON awaiting compilation: (file index, instrument index, JSON).
  private var pendingProvisions: [(file: Int, instrument: Int, json: JSONValue)] = []
  /// Amendments whose target is not a provision (a suspension, or nothing), applied once the
  /// suspensions are read.
  private var deferredAmendments: [(file: Int, json: JSONValue)] = []

  static let vocabularyKeys = ["$schema", "formatVersion", "vocabulary", "coverage", "note"]
  static let fileKeys = [
    "$schema", "formatVersion", "instrument", "options", "provisions", "amendments", "suspensions", "precedence", "settings", "note",
  ]

  // MARK: - Entry point

  mutating func load(_ sources: [(path: String, text: String)]) {
    for source in sources {
      var text = source.text
      text.withUTF8 { bytes in
        let locator = SourceLocator(bytes)
        do throws(JSONSyntaxError) {
          let root = try JSONParser.parse(bytes)
          files.append(File(path: source.path, locator: locator, root: root))
        } catch {
          let (line, column) = locator.location(of: error.offset)
          diagnostics.append(
            RuleDiagnostic(.error, SourceLocation(file: source.path, line: line, column: column), "malformed JSON: \(error.message)"))
        }
      }
    }
    for i in files.indices { readVocabulary(i) }
    for i in files.indices { readInstrument(i) }
    for i in files.indices { readOptions(i) }
    for i in files.indices { registerProvisions(i) }
    for i in files.indices { compileScope(i) }
    for p in pendingProvisions { compileProvision(p.file, p.instrument, p.json) }
    describeFractions()
    // Amendments apply in date order, whatever the order of the files that hold them.
    var amendments: [(file: Int, json: JSONValue, from: LocalDate)] = []
    for i in files.indices { amendments += collectAmendments(i) }
    for a in amendments.sorted(by: { $0.from < $1.from }) { applyAmendment(a.file, a.json) }
    for i in files.indices { readSuspensions(i) }
    for (f, a) in deferredAmendments { amendSuspension(f, a) }
    for i in files.indices { readPrecedence(i) }
    for i in files.indices { readSettings(i) }
    finish()
    diagnostics += rules.compileRuleBookFigures()
    rules.tables = EngineTables(rules)
  }

  var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  // MARK: - Diagnostics

  mutating func error(_ file: Int, _ offset: Int, _ message: String) {
    diagnostics.append(RuleDiagnostic(.error, location(file, offset), message))
  }

  mutating func warning(_ file: Int, _ offset: Int, _ message: String) {
    diagnostics.append(RuleDiagnostic(.warning, location(file, offset), message))
  }

  private func location(_ file: Int, _ offset: Int) -> SourceLocation {
    let (line, column) = files[file].locator.location(of: offset)
    return SourceLocation(file: files[file].path, line: line, column: column)
  }

  /// Checks that an object has only the allowed keys; reports the others.
  mutating func checkKeys(_ file: Int, _ value: JSONValue, _ allowed: [String], _ what: @autoclosure () -> String) -> Bool {
    guard let members = value.members else {
      error(file, value.offset, "\(what()) must be an object, found \(value.typeName)")
      return false
    }
    for m in members where !allowed.containsKey(m.key) {
      error(file, m.keyOffset, "unknown key \"\(m.key)\" in \(what()) (allowed: \(allowed.joined(separator: ", ")))")
    }
    return true
  }

  mutating func string(_ file: Int, _ object: JSONValue, _ key: String, _ what: @autoclosure () -> String, required: Bool = true) -> String?
  {
    guard let v = object[key], !v.isNull else {
      if required { error(file, object.offset, "\(what()) has no \"\(key)\"") }
      return nil
    }
    guard let s = v.string, !s.isEmpty else {
      error(file, v.offset, "\"\(key)\" of \(what()) must be a non-empty string, found \(v.typeName)")
      return nil
    }
    return s
  }

  mutating func date(_ file: Int, _ object: JSONValue, _ key: String, _ what: @autoclosure () -> String, required: Bool = true)
    -> LocalDate?
  {
    guard let v = object[key], !v.isNull else {
      if required { error(file, object.offset, "\(what()) has no \"\(key)\" date") }
      return nil
    }
    guard let s = v.string, let d = LocalDate(iso: s) else {
      error(file, v.offset, "\"\(key)\" of \(what()) must be a date YYYY-MM-DD (a real calendar day)")
      return nil
    }
    return d
  }

  /// A whole number within `range`, or an error. JSON numbers arrive as `Double`s, which may be
  /// fractional or far beyond what an `Int` holds (`1e300`): converting one unchecked traps.
  private mutating func wholeNumber(_ file: Int, _ v: JSONValue, _ what: String, in range: ClosedRange<Int>) -> Int? {
    guard let n = v.number, n == n.rounded(), n >= Double(range.lowerBound), n <= Double(range.upperBound) else {
      error(
        file, v.offset,
        "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), found \(v.number.map { "\($0)" } ?? v.typeName)")
      return nil
    }
    return Int(n)
  }

  mutating func status(_ file: Int, _ object: JSONValue, _ what: @autoclosure () -> String) -> Status {
    guard let v = object["status"] else {
      error(file, object.offset, "\(what()) has no \"status\" (V, C or U, as tagged in the legal reference)")
      return .unverified
    }
    guard let s = v.string, let st = Status(rawValue: s) else {
      error(file, v.offset, "\"status\" of \(what()) must be \"V\", \"C\" or \"U\"")
      return .unverified
    }
    return st
  }

  private mutating func citation(_ file: Int, _ object: JSONValue, instrument: Int, what: @autoclosure () -> String, required: Bool = true)
    -> Citation?
  {
    let inst = rules.instruments[instrument]
    guard let v = object["citation"], !v.isNull else {
      if required { error(file, object.offset, "\(what()) has no citation (article, paragraph, point)") }
      return nil
    }
    guard checkKeys(file, v, ["article", "paragraph", "point", "instrument"], "the citation of \(what())") else { return nil }
    func part(_ key: String) -> String? {
      guard let x = v[key] else { return nil }
      if let s = x.string { return s }
      if let n = x.number, n == n.rounded(), abs(n) < 1e15 { return String(Int(n)) }
      return nil
    }
    guard let article = part("article") else {
      error(file, v.offset, "the citation of \(what()) has no article")
      return nil
    }
    var c = Citation(
      instrument: inst.id, instrumentName: inst.shortName, article: article, paragraph: part("paragraph"), point: part("point"))
    if let other = v["instrument"]?.string {
      if let idx = rules.instrumentIndex[other] {
        c.instrument = other
        c.instrumentName = rules.instruments[idx].shortName
      } else {
        error(file, v.offset, "the citation of \(what()) names unknown instrument \"\(other)\"")
      }
    }
    return c
  }

  // MARK: - Vocabulary

  private mutating func readVocabulary(_ f: Int) {
    let root = files[f].root
    guard root["vocabulary"] != nil || root["coverage"] != nil else { return }
    guard checkKeys(f, root, RuleLoader.vocabularyKeys, "a vocabulary file") else { return }
    if let cov = root["coverage"] {
      _ = checkKeys(f, cov, ["from", "until", "note"], "coverage")
      if let from = date(f, cov, "from", "coverage") {
        rules.coverage = Period(from: from, until: date(f, cov, "until", "coverage", required: false))
      }
      rules.coverageNote = cov["note"]?.string ?? ""
    }
    guard let vocab = root["vocabulary"] else { return }
    guard
      checkKeys(
        f, vocab, ["categories", "purposes", "countryGroups", "destinations", "countries", "documentCategories", "currency"],
        "vocabulary")
    else { return }
    if let c = vocab["currency"] { readCurrency(f, c) }
    if let list = vocab["countries"] { readCountries(f, list) }
    if let list = vocab["documentCategories"] { readDocumentCategories(f, list) }
    if let cats = vocab["categories"]?.elements {
      for c in cats {
        guard checkKeys(f, c, ["id", "description", "articles"], "a category") else { continue }
        guard let id = string(f, c, "id", "a category") else { continue }
        if rules.categoryIndex[id] != nil {
          error(f, c.offset, "category \"\(id)\" is defined twice")
          continue
        }
        if rules.categories.count >= 64 {
          error(f, c.offset, "too many categories (at most 64)")
          continue
        }
        rules.categoryIndex[id] = rules.categories.count
        rules.categories.append(id)
        rules.categoryDescriptions.append((Category(rawValue: id), c["description"]?.string ?? ""))
      }
    }
    if let list = vocab["purposes"]?.elements {
      for p in list {
        guard let s = p.string else {
          error(f, p.offset, "a purpose must be a string")
          continue
        }
        if rules.purposeIndex[s] == nil {
          rules.purposeIndex[s] = rules.purposes.count
          rules.purposes.append(s)
        }
      }
    }
    if let groups = vocab["countryGroups"]?.members {
      for g in groups {
        guard let list = g.value.elements else {
          error(f, g.value.offset, "country group \"\(g.key)\" must be an array of country codes")
          continue
        }
        var codes: [String] = []
        for c in list {
          guard let s = c.string, isCountry(s) else {
            error(f, c.offset, "\"\(c.string ?? c.typeName)\" is not a two-letter country code")
            continue
          }
          codes.append(s)
        }
        rules.countryGroups[g.key] = codes
      }
    }
    if let d = vocab["destinations"] { readDestinations(f, d) }
  }

  func isCountry(_ s: String) -> Bool {
    let u = Array(s.utf8)
    return u.count == 2 && u.allSatisfy { $0 >= 65 && $0 <= 90 }
  }

  /// Reads a list of country codes and `@group` names into packed codes.
  mutating func countries(_ f: Int, _ v: JSONValue, _ what: @autoclosure () -> String) -> [UInt16] {
    guard let list = v.elements else {
      error(f, v.offset, "\(what()) must be an array of country codes or @groups")
      return []
    }
    var out: [UInt16] = []
    for c in list {
      guard let s = c.string else {
        error(f, c.offset, "\(what()): expected a country code, found \(c.typeName)")
        continue
      }
      if s.hasPrefix("@") {
        guard let g = rules.countryGroups[String(s.dropFirst())] else {
          error(
            f, c.offset,
            "unknown country group \"\(s)\" (defined: \(rules.countryGroups.keys.sorted().map { "@" + $0 }.joined(separator: ", ")))")
          continue
        }
        out += g.map(countryCode)
      } else if isCountry(s) {
        if !rules.knowsCountry(countryCode(s)) {
          error(f, c.offset, "unknown country code \"\(s)\" (not in the country vocabulary, Rules/countries.json)")
        }
        out.append(countryCode(s))
      } else {
        error(f, c.offset, "\"\(s)\" is not a two-letter country code or an @group")
      }
    }
    return out
  }

  // MARK: - Instruments

  private mutating func readInstrument(_ f: Int) {
    let root = files[f].root
    guard root["vocabulary"] == nil, root["coverage"] == nil else { return }
    guard checkKeys(f, root, RuleLoader.fileKeys, "a rule file") else { return }
    guard let header = root["instrument"] else {
      error(f, root.offset, "a rule file needs an \"instrument\" (or a \"vocabulary\")")
      return
    }
    let allowed = [
      "id", "shortName", "title", "kind", "officialReference", "inForce", "scope", "amends", "status", "lastVerified", "note", "adopted",
    ]
    guard checkKeys(f, header, allowed, "the instrument") else { return }
    guard let id = string(f, header, "id", "the instrument") else { return }
    if rules.instrumentIndex[id] != nil {
      error(f, header.offset, "instrument \"\(id)\" is defined twice")
      return
    }
    if rules.instruments.count >= 64 {
      error(f, header.offset, "too many instruments (at most 64 in one rule book)")
      return
    }
    let shortName = string(f, header, "shortName", "instrument \(id)") ?? id
    let title = string(f, header, "title", "instrument \(id)") ?? id
    let kind = string(f, header, "kind", "instrument \(id)") ?? "instrument"
    let reference = string(f, header, "officialReference", "instrument \(id)") ?? ""
    var period = Period(from: LocalDate(dayNumber: 0))
    if let inForce = header["inForce"] {
      _ = checkKeys(f, inForce, ["from", "until"], "inForce of \(id)")
      if let from = date(f, inForce, "from", "inForce of \(id)") {
        period = Period(from: from, until: date(f, inForce, "until", "inForce of \(id)", required: false))
      }
    } else {
      error(f, header.offset, "instrument \(id) has no \"inForce\" dates")
    }
    if let u = period.until, u < period.from {
      error(f, header["inForce"]!.offset, "instrument \(id) ends (\(u)) before it begins (\(period.from))")
    }
    let st = status(f, header, "instrument \(id)")
    let lastVerified = date(f, header, "lastVerified", "instrument \(id)")
    let index = rules.instruments.count
    rules.instrumentIndex[id] = index
    rules.instruments.append(
      CInstrument(
        id: id, shortName: shortName, from: period.from.dayNumber, until: period.until?.dayNumber ?? Int.max, scope: .always, regime: index,
        settings: [], suspendedBy: []))
    rules.publicInstruments.append(
      Instrument(
        id: id, shortName: shortName, title: title, kind: kind, officialReference: reference, inForce: period,
        amends: header["amends"]?.string, scope: "", status: st, lastVerified: lastVerified,
        note: header["note"]?.string ?? "", location: location(f, header.offset)))
    files[f].instrument = index
  }

  private mutating func compileScope(_ f: Int) {
    guard let i = files[f].instrument, let header = files[f].root["instrument"] else { return }
    if let amends = header["amends"]?.string {
      guard let target = rules.instrumentIndex[amends] else {
        error(f, header["amends"]!.offset, "instrument \(rules.instruments[i].id) amends unknown instrument \"\(amends)\"")
        return
      }
      rules.instruments[i].regime = rules.instruments[target].regime
    }
    if let scope = header["scope"] {
      let (c, text) = compileCondition(f, scope, allowOptions: false)
      rules.instruments[i].scope = c
      rules.publicInstruments[i].scope = text
    } else {
      rules.publicInstruments[i].scope = "everyone"
    }
  }

  // MARK: - Options

  private mutating func readOptions(_ f: Int) {
    guard let inst = files[f].instrument, let list = files[f].root["options"] else { return }
    guard let options = list.elements else {
      error(f, list.offset, "\"options\" must be an array")
      return
    }
    for o in options {
      guard checkKeys(f, o, ["key", "question", "values", "default", "reason", "citation", "status"], "an option") else { continue }
      guard let key = string(f, o, "key", "an option") else { continue }
      if rules.optionIndex[key] != nil {
        error(f, o.offset, "option \"\(key)\" is declared twice")
        continue
      }
      if rules.options.count >= 64 {
        error(f, o.offset, "too many options (at most 64)")
        continue
      }
      var values: [InterpretationOption.Value] = []
      if let vs = o["values"]?.elements {
        for v in vs {
          guard let name = string(f, v, "name", "a value of option \(key)") else { continue }
          values.append(.init(name: name, meaning: v["meaning"]?.string ?? ""))
        }
      }
      if values.count < 2 {
        error(f, o.offset, "option \(key) needs at least two values")
        continue
      }
      guard let def = string(f, o, "default", "option \(key)") else { continue }
      guard let defIndex = values.firstIndex(where: { $0.name == def }) else {
        error(
          f, o["default"]!.offset,
          "the default \"\(def)\" of option \(key) is not one of its values (\(values.map(\.name).joined(separator: ", ")))")
        continue
      }
      let st = status(f, o, "option \(key)")
      let cit = citation(f, o, instrument: inst, what: "option \(key)", required: false)
      rules.optionIndex[key] = rules.options.count
      rules.options.append(COption(key: key, values: values.map(\.name), defaultValue: defIndex))
      rules.publicOptions.append(
        InterpretationOption(
          id: key, question: o["question"]?.string ?? "", values: values, defaultValue: def,
          reason: o["reason"]?.string ?? "", citation: cit, status: st, location: location(f, o.offset)))
    }
  }

  // MARK: - Provisions

  private mutating func registerProvisions(_ f: Int) {
    guard let inst = files[f].instrument, let list = files[f].root["provisions"] else { return }
    guard let provisions = list.elements else {
      error(f, list.offset, "\"provisions\" must be an array")
      return
    }
    for p in provisions {
      guard let id = p["id"]?.string else {
        error(f, p.offset, "a provision has no \"id\"")
        continue
      }
      if rules.provisionIndex[id] != nil {
        error(f, p.offset, "provision \"\(id)\" is defined twice")
        continue
      }
      rules.provisionIndex[id] = rules.provisions.count
      // A placeholder, filled in by compileProvision.
      rules.provisions.append(
        CProvision(
          id: id, regime: inst, definedBy: inst, figure: .notice, kind: "", versions: [], beats: [], suspendedBy: [],
          citation: Citation(instrument: "", instrumentName: ""), summary: "", status: .unverified))
      rules.publicProvisions.append(
        Provision(
          id: id, citation: Citation(instrument: "", instrumentName: ""), status: .unverified, figure: .notice, kind: "",
          summary: "", note: "", overrides: [], versions: [], location: location(f, p.offset)))
      pendingProvisions.append((f, inst, p))
    }
  }

  private mutating func compileProvision(_ f: Int, _ inst: Int, _ p: JSONValue) {
    let allowed = ["id", "citation", "status", "effective", "figure", "kind", "value", "when", "overrides", "summary", "note"]
    guard let id = p["id"]?.string, let index = rules.provisionIndex[id] else { return }
    guard checkKeys(f, p, allowed, "provision \(id)") else { return }
    let what = "provision \(id)"
    var cit =
      citation(f, p, instrument: inst, what: what)
      ?? Citation(instrument: rules.instruments[inst].id, instrumentName: rules.instruments[inst].shortName)
    let regime = rules.instruments[inst].regime
    if regime != inst {
      // Inserted by an amending act: cite the amended instrument, as amended.
      cit.amendedBy = rules.publicInstruments[inst].shortName
      cit.instrument = rules.instruments[regime].id
      cit.instrumentName = rules.instruments[regime].shortName
    }
    let st = status(f, p, what)
    guard let figureName = string(f, p, "figure", what) else { return }
    guard let figure = Figure(rawValue: figureName) else {
      error(
        f, p["figure"]!.offset,
        "unknown figure \"\(figureName)\" in \(what) (allowed: \(Figure.allCases.map(\.rawValue).joined(separator: ", ")))")
      return
    }
    let kind = p["kind"]?.string ?? "rule"
    if (kind == "discretionary" || kind == "suggestion" || kind == "entitlement") && figure != .validity {
      error(f, p["kind"]!.offset, "kind \"\(kind)\" of \(what) is for the validity figure only")
    }
    var from = LocalDate(dayNumber: 0)
    var until: LocalDate?
    if let eff = p["effective"] {
      _ = checkKeys(f, eff, ["from", "until"], "effective dates of \(id)")
      from = date(f, eff, "from", "effective dates of \(id)") ?? from
      until = date(f, eff, "until", "effective dates of \(id)", required: false)
      if let u = until, u < from { error(f, eff.offset, "\(what) ends (\(u)) before it begins (\(from))") }
      let ip = rules.publicInstruments[inst].inForce
      if from < ip.from {
        error(f, eff.offset, "\(what) takes effect (\(from)) before its instrument \(rules.instruments[inst].id) is in force (\(ip.from))")
      }
    } else {
      error(f, p.offset, "\(what) has no \"effective\" dates")
    }
    guard let valueJSON = p["value"] else {
      error(f, p.offset, "\(what) has no \"value\"")
      return
    }
    let value = compileValue(f, valueJSON, figure: figure, what: what)
    var condition = Condition.always
    var conditionText = ""
    if let w = p["when"] {
      if figure.isRuleBookFigure {
        error(f, w.offset, "\(what) gives \(figure), a figure of the rule book (one value per date): it takes no \"when\"")
      } else {
        (condition, conditionText) = compileCondition(f, w, allowOptions: true)
      }
    }
    var overrides: [String] = []
    if let o = p["overrides"] {
      if let list = o.elements {
        for e in list {
          guard let s = e.string else { continue }
          if rules.provisionIndex[s] != nil {
            overrides.append(s)
          } else {
            error(f, e.offset, "\(what) overrides unknown provision \"\(s)\"")
          }
        }
      } else {
        error(f, o.offset, "\"overrides\" of \(what) must be an array of provision ids")
      }
    }
    rules.provisions[index] = CProvision(
      id: id, regime: regime, definedBy: inst, figure: figure, kind: kind,
      versions: [
        CVersion(
          from: from.dayNumber, until: until?.dayNumber ?? Int.max, value: value, condition: condition, conditionText: conditionText,
          amendment: nil, amendmentID: nil, citation: cit, status: st)
      ],
      beats: overrides.compactMap { rules.provisionIndex[$0] }, suspendedBy: [], citation: cit,
      summary: p["summary"]?.string ?? "", status: st)
    rules.publicProvisions[index] = Provision(
      id: id, citation: cit, status: st, figure: figure, kind: kind, summary: p["summary"]?.string ?? "",
      note: p["note"]?.string ?? "", overrides: overrides,
      versions: [
        .init(
          period: Period(from: from, until: until), value: value.describe(figure, rules: rules), condition: conditionText, amendment: nil,
          amendedBy: cit.amendedBy)
      ],
      location: location(f, p.offset))
    if p["summary"]?.string == nil { warning(f, p.offset, "\(what) has no \"summary\"") }
  }

  // Not optimised: Swift 6.3.1 crashes compiling this function in release builds
  // (SIL CopyPropagation, "Found ownership error"); it runs once per provision at load time.
  @_optimize(none)
  private mutating func compileValue(_ f: Int, _ v: JSONValue, figure: Figure, what: @autoclosure () -> String) -> CValue {
    switch figure {
    case .fee, .serviceFeeCap, .extensionFee:
      if let n = v.number {
        guard n >= 0, n < 1_000_000 else {
          error(f, v.offset, "the amount of \(what()) must be between 0 and 1000000 \(currencyName)")
          return .cents(0)
        }
        return .cents(Int((n * 100).rounded()))
      }
      if v["fractionOf"] != nil {
        _ = checkKeys(f, v, ["fractionOf", "numerator", "denominator"], "the value of \(what())")
        guard let target = v["fractionOf"]?.string, let t = rules.provisionIndex[target] else {
          error(f, v.offset, "\"fractionOf\" of \(what()) must name a provision")
          return .cents(0)
        }
        if let tv = pendingProvisions.first(where: { $0.json["id"]?.string == target })?.json,
          let fig = tv["figure"]?.string, fig != "fee", tv["value"]?.number == nil
        {
          error(f, v.offset, "\"fractionOf\" of \(what()) must name a fee provision with a plain amount (\(target) is not one)")
          return .cents(0)
        } else if let tv = pendingProvisions.first(where: { $0.json["id"]?.string == target })?.json, tv["value"]?.number == nil {
          error(f, v.offset, "\"fractionOf\" of \(what()) must name a provision with a plain amount, not another fraction (\(target))")
          return .cents(0)
        }
        var terms = (numerator: 1, denominator: 1)
        if let n = v["numerator"] {
          guard let x = wholeNumber(f, n, "the numerator of the fraction of \(what())", in: 1...1_000_000) else { return .cents(0) }
          terms.numerator = x
        }
        if let d = v["denominator"] {
          guard let x = wholeNumber(f, d, "the denominator of the fraction of \(what())", in: 1...1_000_000) else { return .cents(0) }
          terms.denominator = x
        }
        return .fractionOf(provision: t, numerator: terms.numerator, denominator: terms.denominator)
      }
      error(
        f, v.offset,
        "the value of \(what()) must be an amount in \(currencyName) (a number) or {\"fractionOf\": id, \"numerator\": n, \"denominator\": d}"
      )
      return .cents(0)
    case .decisionStandardDays, .decisionExtendedDays, .decisionExceptionalDays, .decisionUrgentWorkingDays,
      .lodgingEarliestMonths, .lodgingLatestDays:
      guard let n = v.number, n == n.rounded(), n >= 0, n <= 3650 else {
        error(
          f, v.offset,
          "the value of \(what()) must be a whole number of \(figure == .lodgingEarliestMonths ? "months" : "days") (0 to 3650)")
        return .count(0)
      }
      return .count(Int(n))
    case .validity:
      guard checkKeys(f, v, ["entries", "months", "capAt"], "the validity of \(what())") else {
        return .validity(multiple: false, months: nil, cap: nil)
      }
      let entries = v["entries"]?.string
      guard entries == "single" || entries == "multiple" else {
        error(f, v.offset, "the validity of \(what()) needs \"entries\": \"single\" or \"multiple\"")
        return .validity(multiple: false, months: nil, cap: nil)
      }
      var months: Int?
      if let m = v["months"], !m.isNull {
        // A bound of the format only: the law's maximum is the rule-book figure
        // validity.maximumMonths, checked against every validity once loading ends.
        guard let n = m.number, n == n.rounded(), n >= 1, n <= 1200 else {
          error(
            f, m.offset,
            "\"months\" of \(what()) must be a whole number from 1 to 1200, found \(m.number.map { $0 == $0.rounded() && abs($0) < 1e15 ? String(Int($0)) : "\($0)" } ?? m.typeName)"
          )
          return .validity(multiple: false, months: nil, cap: nil)
        }
        months = Int(n)
      }
      var cap: ValidityCap?
      if let c = v["capAt"] {
        guard let name = c.string, let vc = ValidityCap(rawValue: name) else {
          error(f, c.offset, "\"capAt\" of \(what()) must be one of \(ValidityCap.allCases.map(\.rawValue).joined(separator: ", "))")
          return .validity(multiple: false, months: nil, cap: nil)
        }
        cap = vc
      }
      return .validity(multiple: entries == "multiple", months: months, cap: cap)
    case .visaRequired, .lodgingAvailable, .fastTrackApplies:
      guard let b = v.bool else {
        error(f, v.offset, "the value of \(what()) must be true or false")
        return .count(0)
      }
      return .count(b ? 1 : 0)
    case .stayMaximumDays, .stayPeriodDays, .validityMaximumMonths, .validityGraceDays,
      .travelDocumentValidAfterDepartureMonths, .travelDocumentIssuedWithinYears:
      let (unit, range) = figure.ruleBookUnit ?? ("", 0...0)
      return .count(wholeNumber(f, v, "the value of \(what()) (\(unit))", in: range) ?? range.lowerBound)
    case .notice, .travelNotice, .document, .fastTrackBenefit:
      guard let s = v.string else {
        error(f, v.offset, "the value of \(what()) must be the notice's text")
        return .notice("")
      }
      return .notice(s)
    }
  }

  // MARK: - Conditions

  /// Compiles a condition of the rule language; returns it with a readable rendering.
  mutating func compileCondition(_ f: Int, _ v: JSONValue, allowOptions: Bool) -> (Condition, String) {
    guard let members = v.members, members.count == 1, let m = members.first else {
      error(
        f, v.offset,
        "a condition must be an object with exactly one key (all, any, not, category, anyCategory, age, daysBeforeTrip, nationality, residence, lodgedIn, destination, travelDocument, purpose, option, visas, extensionGround, hostRelationship, hostNationality, hostUnknown, hostDependent, fastTrack, biometricDocument, documentCategory, documentIssued)"
      )
      return (.always, "")
    }
    let x = m.value
    switch m.key {
    case "all", "any":
      guard let list = x.elements, !list.isEmpty else {
        error(f, x.offset, "\"\(m.key)\" needs a non-empty array of conditions")
        return (.always, "")
      }
      var parts: [Condition] = []
      var texts: [String] = []
      for e in list {
        let (c, t) = compileCondition(f, e, allowOptions: allowOptions)
        parts.append(c)
        texts.append(t)
      }
      let joiner = m.key == "all" ? " and " : " or "
      let text = texts.count == 1 ? texts[0] : "(" + texts.joined(separator: joiner) + ")"
      return (m.key == "all" ? .all(parts) : .any(parts), text)
    case "not":
      let (c, t) = compileCondition(f, x, allowOptions: allowOptions)
      return (.not(c), "not " + t)
    case "category", "anyCategory":
      var names: [String] = []
      if let s = x.string { names = [s] } else if let list = x.elements { names = list.compactMap(\.string) }
      if names.isEmpty { error(f, x.offset, "\"\(m.key)\" needs a category id or a list of them") }
      var mask: UInt64 = 0
      for n in names {
        if let i = rules.categoryIndex[n] {
          mask |= 1 << UInt64(i)
        } else {
          error(f, x.offset, "unknown category \"\(n)\" (defined in the vocabulary: \(rules.categories.joined(separator: ", ")))")
        }
      }
      return (.categories(mask), "category " + names.joined(separator: " or "))
    case "age", "daysBeforeTrip":
      guard checkKeys(f, x, ["below", "atLeast", "atMost", "above"], "\"\(m.key)\"") else { return (.always, "") }
      var lo = Int.min
      var hi = Int.max
      var texts: [String] = []
      func bound(_ key: String) -> Int? {
        guard let b = x[key] else { return nil }
        return wholeNumber(f, b, "\"\(key)\" of \"\(m.key)\"", in: -1_000_000...1_000_000)
      }
      if let n = bound("atLeast") { lo = n; texts.append("≥ \(n)") }
      if let n = bound("above") { lo = n + 1; texts.append("> \(n)") }
      if let n = bound("below") { hi = n - 1; texts.append("< \(n)") }
      if let n = bound("atMost") { hi = n; texts.append("≤ \(n)") }
      if texts.isEmpty && !["below", "atLeast", "atMost", "above"].contains(where: { x[$0] != nil }) {
        error(f, x.offset, "\"\(m.key)\" needs below, atLeast, atMost or above")
      }
      if lo > hi { error(f, x.offset, "\"\(m.key)\" selects no value (its bounds exclude each other)") }
      let name = m.key == "age" ? "age" : "days before the trip"
      return (m.key == "age" ? .age(low: lo, high: hi) : .daysBeforeTrip(low: lo, high: hi), name + " " + texts.joined(separator: " and "))
    case "nationality", "residence", "lodgedIn", "destination":
      let codes = countries(f, x, "\"\(m.key)\"")
      let text = m.key + " in " + (x.elements?.compactMap(\.string).joined(separator: ", ") ?? "")
      switch m.key {
      case "nationality": return (.nationality(codes), text)
      case "residence": return (.residence(codes), text)
      case "lodgedIn": return (.lodgedIn(codes), text)
      default: return (.destination(codes), text)
      }
    case "travelDocument":
      var mask: UInt8 = 0
      let names = x.elements?.compactMap(\.string) ?? []
      for n in names {
        if let k = TravelDocument.Kind.allCases.firstIndex(where: { $0.rawValue == n }) {
          mask |= 1 << UInt8(k)
        } else {
          error(
            f, x.offset,
            "unknown travel document type \"\(n)\" (allowed: \(TravelDocument.Kind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
      }
      if names.isEmpty { error(f, x.offset, "\"travelDocument\" needs a list of types") }
      return (.travelDocument(mask), "travel document " + names.joined(separator: " or "))
    case "purpose":
      let names = x.elements?.compactMap(\.string) ?? []
      var list: [Int] = []
      for n in names {
        if let i = rules.purposeIndex[n] {
          list.append(i)
        } else {
          error(f, x.offset, "unknown purpose \"\(n)\" (defined: \(rules.purposes.joined(separator: ", ")))")
        }
      }
      return (.purpose(list), "purpose " + names.joined(separator: " or "))
    case "option":
      guard allowOptions else {
        error(f, x.offset, "an instrument's scope cannot depend on an option")
        return (.always, "")
      }
      guard let om = x.members, om.count == 1, let pair = om.first, let value = pair.value.string else {
        error(f, x.offset, "\"option\" needs {\"option.key\": \"value\"}")
        return (.always, "")
      }
      guard let oi = rules.optionIndex[pair.key] else {
        error(f, pair.keyOffset, "unknown option \"\(pair.key)\"")
        return (.always, "")
      }
      guard let vi = rules.options[oi].values.firstIndex(of: value) else {
        error(
          f, pair.value.offset, "option \(pair.key) has no value \"\(value)\" (values: \(rules.options[oi].values.joined(separator: ", ")))"
        )
        return (.always, "")
      }
      return (.option(oi, vi), "option \(pair.key) = \(value)")
    case "extensionGround":
      var mask: UInt8 = 0
      let names = x.elements?.compactMap(\.string) ?? []
      for n in names {
        if let k = Application.ExtensionGround.allCases.firstIndex(where: { $0.rawValue == n }) {
          mask |= 1 << UInt8(k)
        } else {
          error(
            f, x.offset,
            "unknown extension ground \"\(n)\" (allowed: \(Application.ExtensionGround.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
      }
      return (.extensionGround(mask), "extension ground " + names.joined(separator: " or "))
    case "hostRelationship":
      var mask: UInt8 = 0
      let names = x.elements?.compactMap(\.string) ?? []
      for n in names {
        if let k = Host.Relationship.allCases.firstIndex(where: { $0.rawValue == n }) {
          mask |= 1 << UInt8(k)
        } else {
          error(
            f, x.offset, "unknown relationship \"\(n)\" (allowed: \(Host.Relationship.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
      }
      if names.isEmpty { error(f, x.offset, "\"hostRelationship\" needs a list of relationships") }
      return (.hostRelationship(mask), "the applicant is the host's " + names.joined(separator: " or "))
    case "hostNationality":
      return (
        .hostNationality(countries(f, x, "\"hostNationality\"")),
        "host of nationality " + (x.elements?.compactMap(\.string).joined(separator: ", ") ?? "")
      )
    case "fastTrack":
      guard checkKeys(f, x, ["schemes", "registeredForMonths"], "\"fastTrack\"") else { return (.always, "") }
      var mask: UInt8 = 0
      let names = x["schemes"]?.elements?.compactMap(\.string) ?? []
      for n in names {
        if let k = FastTrack.Scheme.allCases.firstIndex(where: { $0.rawValue == n }) {
          mask |= 1 << UInt8(k)
        } else {
          error(
            f, x.offset,
            "unknown fast-track scheme \"\(n)\" (allowed: \(FastTrack.Scheme.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
      }
      if names.isEmpty { error(f, x.offset, "\"fastTrack\" needs \"schemes\"") }
      let months = Int(x["registeredForMonths"]?.number ?? 0)
      return (
        .fastTrack(mask, months: months),
        "fast track " + names.joined(separator: " or ") + (months > 0 ? " registered \(months) months or more" : "")
      )
    case "hostUnknown":
      guard x.bool == true else {
        error(f, x.offset, "\"hostUnknown\" takes true")
        return (.always, "")
      }
      return (.hostUnknown, "no host given")
    case "hostDependent":
      guard x.bool == true else {
        error(f, x.offset, "\"hostDependent\" takes true")
        return (.always, "")
      }
      return (.hostDependent, "dependent on the host")
    case "biometricDocument", "documentCategory", "documentIssued":
      return compileDocumentCondition(f, m.key, x)
    case "visas":
      guard checkKeys(f, x, ["atLeast", "withinMonths", "kinds", "multipleEntry", "minValidityMonths", "lawfullyUsed"], "\"visas\"") else {
        return (.always, "")
      }
      var atLeast = 1
      if let n = x["atLeast"] {
        guard let k = wholeNumber(f, n, "\"atLeast\" of \"visas\"", in: 0...1000) else { return (.always, "") }
        atLeast = k
      }
      guard let w = x["withinMonths"] else {
        error(f, x.offset, "\"visas\" needs \"withinMonths\" (the look-back window)")
        return (.always, "")
      }
      guard let within = wholeNumber(f, w, "\"withinMonths\" of \"visas\"", in: 1...12_000) else { return (.always, "") }
      var kinds: UInt8 = 0
      let kindNames = x["kinds"]?.elements?.compactMap(\.string) ?? ["uniform"]
      for k in kindNames {
        if let i = PreviousVisa.Kind.allCases.firstIndex(where: { $0.rawValue == k }) {
          kinds |= 1 << UInt8(i)
        } else {
          error(f, x.offset, "unknown visa kind \"\(k)\" (allowed: uniform, ltv, airportTransit)")
        }
      }
      let multiple = x["multipleEntry"]?.bool ?? false
      var minMonths = 0
      if let n = x["minValidityMonths"] {
        guard let k = wholeNumber(f, n, "\"minValidityMonths\" of \"visas\"", in: 0...1200) else { return (.always, "") }
        minMonths = k
      }
      let lawful = x["lawfullyUsed"]?.bool ?? true
      var text = "at least \(atLeast) \(kindNames.joined(separator: "/")) visa\(atLeast == 1 ? "" : "s")"
      if multiple { text += ", multiple-entry" }
      if minMonths > 0 { text += ", valid \(minMonths) months or more" }
      if lawful { text += ", lawfully used" }
      text += ", valid from within the previous \(within) months"
      return (
        .visas(
          HistoryQuery(
            atLeast: atLeast, withinMonths: within, kinds: kinds, multipleEntryOnly: multiple, minValidityMonths: minMonths,
            lawfullyUsedOnly: lawful)),
        text
      )
    default:
      error(
        f, v.offset,
        "unknown condition \"\(m.key)\" (allowed: all, any, not, category, anyCategory, age, daysBeforeTrip, nationality, residence, lodgedIn, destination, travelDocument, purpose, option, visas, extensionGround, hostRelationship, hostNationality, hostUnknown, hostDependent, fastTrack, biometricDocument, documentCategory, documentIssued)"
      )
      return (.always, "")
    }
  }

  // MARK: - Amendments, suspensions, precedence, settings

  private mutating func collectAmendments(_ f: Int) -> [(file: Int, json: JSONValue, from: LocalDate)] {
    guard files[f].instrument != nil, let list = files[f].root["amendments"] else { return [] }
    guard let amendments = list.elements else {
      error(f, list.offset, "\"amendments\" must be an array")
      return []
    }
    var out: [(file: Int, json: JSONValue, from: LocalDate)] = []
    var ids = Set<String>()
    for a in amendments {
      guard checkKeys(f, a, ["id", "target", "from", "value", "when", "repeal", "citation", "status", "note"], "an amendment") else {
        continue
      }
      guard let id = string(f, a, "id", "an amendment") else { continue }
      if !ids.insert(id).inserted { error(f, a.offset, "amendment \"\(id)\" is defined twice") }
      guard let from = date(f, a, "from", "amendment \(id)") else { continue }
      let inForce = rules.publicInstruments[files[f].instrument!].inForce
      if !inForce.contains(from) {
        error(f, a["from"]!.offset, "amendment \(id) acts from \(from), outside the in-force dates of its instrument (\(inForce))")
      }
      out.append((f, a, from))
    }
    return out
  }

  private mutating func applyAmendment(_ f: Int, _ a: JSONValue) {
    let inst = files[f].instrument!
    do {
      guard let id = a["id"]?.string else { return }
      let what = "amendment \(id)"
      guard let targetName = string(f, a, "target", what) else { return }
      guard let t = rules.provisionIndex[targetName] else {
        // Perhaps a suspension: those are read later.
        deferredAmendments.append((f, a))
        return
      }
      guard let from = date(f, a, "from", what) else { return }
      let amendmentStatus = status(f, a, what)
      guard citation(f, a, instrument: inst, what: what) != nil else { return }
      var target = rules.provisions[t]
      guard let last = target.versions.indices.last(where: { target.versions[$0].from <= from.dayNumber }),
        target.versions[last].until >= from.dayNumber
      else {
        error(f, a["from"]!.offset, "\(what) acts on \(targetName) from \(from), outside the provision's effective period")
        return
      }
      if target.versions[last].from == from.dayNumber {
        error(
          f, a["from"]!.offset,
          "\(what) acts on \(targetName) on the very day another version begins (\(from)): the versions overlap (two values for one day)")
        return
      }
      var next = target.versions[last]
      next.from = from.dayNumber
      next.amendment = inst
      next.amendmentID = id
      next.amendmentLocation = location(f, a.offset)
      next.status = amendmentStatus
      next.citation.amendedBy = rules.publicInstruments[inst].shortName
      if let r = a["repeal"], r.bool != true {
        error(f, r.offset, "\"repeal\" of \(what) can only be true (leave it out otherwise)")
      }
      if a["repeal"]?.bool == true && (a["value"] != nil || a["when"] != nil) {
        error(f, a.offset, "\(what) repeals \(targetName) and also gives a value or condition: give one or the other")
      }
      if a["repeal"]?.bool == true {
        next.value = .repealed
      } else if let v = a["value"] {
        next.value = compileValue(f, v, figure: target.figure, what: what)
      }
      if let w = a["when"] {
        if target.figure.isRuleBookFigure {
          error(
            f, w.offset,
            "\(what) acts on \(targetName), which gives \(target.figure), a figure of the rule book (one value per date): it takes no \"when\""
          )
        } else {
          (next.condition, next.conditionText) = compileCondition(f, w, allowOptions: true)
        }
      }
      if a["value"] == nil && a["when"] == nil && a["repeal"] == nil {
        error(f, a.offset, "\(what) changes nothing: give a \"value\", a \"when\" or \"repeal\": true")
      }
      target.versions[last].until = from.dayNumber - 1
      target.versions.insert(next, at: last + 1)
      rules.provisions[t] = target
      var pub = rules.publicProvisions[t]
      pub.versions = target.versions.map { v in
        Provision.Version(
          period: Period(from: LocalDate(dayNumber: v.from), until: v.until == Int.max ? nil : LocalDate(dayNumber: v.until)),
          value: v.value.describe(target.figure, rules: rules), condition: v.conditionText,
          amendment: v.amendmentID, amendedBy: v.amendment.map { rules.publicInstruments[$0].shortName })
      }
      rules.publicProvisions[t] = pub
    }
  }

  /// An amendment that lifts a suspension from a date (a reform reinstating an instrument):
  /// `{"target": <suspension id>, "from": date, "repeal": true}` ends it the day before.
  private mutating func amendSuspension(_ f: Int, _ a: JSONValue) {
    let id = a["id"]?.string ?? "?"
    let targetName = a["target"]?.string ?? ""
    guard let s = rules.suspensions.firstIndex(where: { $0.id == targetName }) else {
      error(f, a["target"]?.offset ?? a.offset, "amendment \(id) acts on unknown provision or suspension \"\(targetName)\"")
      return
    }
    guard a["repeal"]?.bool == true, a["value"] == nil, a["when"] == nil else {
      error(f, a.offset, "amendment \(id) of suspension \(targetName) can only lift it: give \"repeal\": true and no value or condition")
      return
    }
    guard let from = date(f, a, "from", "amendment \(id)") else { return }
    guard citation(f, a, instrument: files[f].instrument!, what: "amendment \(id)") != nil else { return }
    if from.dayNumber <= rules.suspensions[s].from {
      error(
        f, a["from"]!.offset,
        "amendment \(id) lifts \(targetName) from \(from), before the suspension begins (\(LocalDate(dayNumber: rules.suspensions[s].from)))"
      )
      return
    }
    rules.suspensions[s].until = min(rules.suspensions[s].until, from.dayNumber - 1)
    rules.suspensions[s].note += " Lifted from \(from) by \(id)."
  }

  private mutating func readSuspensions(_ f: Int) {
    guard let inst = files[f].instrument, let list = files[f].root["suspensions"] else { return }
    guard let suspensions = list.elements else {
      error(f, list.offset, "\"suspensions\" must be an array")
      return
    }
    for s in suspensions {
      guard checkKeys(f, s, ["id", "targets", "from", "until", "appliesTo", "citation", "status", "note"], "a suspension") else { continue }
      guard let id = string(f, s, "id", "a suspension") else { continue }
      let what = "suspension \(id)"
      guard let from = date(f, s, "from", what) else { continue }
      let until = date(f, s, "until", what, required: false)
      if let until, until < from { error(f, s.offset, "\(what) ends (\(until)) before it begins (\(from))") }
      let st = status(f, s, what)
      guard let cit = citation(f, s, instrument: inst, what: what) else { continue }
      var cond = Condition.always
      var condText = "everyone"
      if let a = s["appliesTo"] { (cond, condText) = compileCondition(f, a, allowOptions: true) }
      let index = rules.suspensions.count
      rules.suspensions.append(
        CSuspension(
          id: id, from: from.dayNumber, until: until?.dayNumber ?? Int.max, appliesTo: cond, appliesToText: condText, citation: cit,
          status: st, note: s["note"]?.string ?? ""))
      guard let targets = s["targets"]?.elements, !targets.isEmpty else {
        error(f, s.offset, "\(what) needs \"targets\": the provisions or instruments it suspends")
        continue
      }
      for t in targets {
        guard let name = t.string else { continue }
        if let p = rules.provisionIndex[name] {
          if rules.provisions[p].figure.isRuleBookFigure {
            error(
              f, t.offset,
              "\(what) targets \(name), which gives \(rules.provisions[p].figure), a figure of the rule book: amend it instead (a \"value\" from a date)"
            )
            continue
          }
          rules.provisions[p].suspendedBy.append(index)
        } else if let i = rules.instrumentIndex[name] {
          rules.instruments[i].suspendedBy.append(index)
        } else {
          error(f, t.offset, "\(what) targets unknown provision or instrument \"\(name)\"")
        }
      }
    }
  }

  private mutating func readPrecedence(_ f: Int) {
    guard let inst = files[f].instrument, let list = files[f].root["precedence"] else { return }
    guard let rulesList = list.elements else {
      error(f, list.offset, "\"precedence\" must be an array")
      return
    }
    for r in rulesList {
      guard checkKeys(f, r, ["id", "over", "figures", "kinds", "unless", "citation", "status", "note"], "a precedence rule") else {
        continue
      }
      guard let id = string(f, r, "id", "a precedence rule") else { continue }
      let what = "precedence rule \(id)"
      guard let over = string(f, r, "over", what) else { continue }
      guard let loser = rules.instrumentIndex[over] else {
        error(f, r["over"]!.offset, "\(what) is over unknown instrument \"\(over)\"")
        continue
      }
      var figures: [Figure] = []
      for x in r["figures"]?.elements ?? [] {
        if let s = x.string, let fig = Figure(rawValue: s), fig.isRuleBookFigure {
          error(f, x.offset, "\(what): \(fig) is a figure of the rule book (one value per date), which precedence does not decide")
        } else if let s = x.string, let fig = Figure(rawValue: s) {
          figures.append(fig)
        } else {
          error(f, x.offset, "\(what): unknown figure (allowed: \(Figure.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
      }
      if figures.isEmpty { error(f, r.offset, "\(what) needs \"figures\"") }
      let kinds = r["kinds"]?.elements?.compactMap(\.string) ?? []
      var unless: Condition?
      if let u = r["unless"] { unless = compileCondition(f, u, allowOptions: true).0 }
      let st = status(f, r, what)
      guard let cit = citation(f, r, instrument: inst, what: what) else { continue }
      rules.precedence.append(
        CPrecedence(
          id: id, winner: rules.instruments[inst].regime, loser: rules.instruments[loser].regime, figures: figures, kinds: kinds,
          unless: unless, citation: cit, status: st, note: r["note"]?.string ?? ""))
    }
  }

  private mutating func readSettings(_ f: Int) {
    guard let inst = files[f].instrument, let list = files[f].root["settings"] else { return }
    for s in list.elements ?? [] {
      guard let key = s["option"]?.string, let value = s["value"]?.string else {
        error(f, s.offset, "a setting needs {\"option\": key, \"value\": value}")
        continue
      }
      guard let oi = rules.optionIndex[key] else {
        error(f, s.offset, "setting of unknown option \"\(key)\"")
        continue
      }
      guard let vi = rules.options[oi].values.firstIndex(of: value) else {
        error(f, s.offset, "option \(key) has no value \"\(value)\" (values: \(rules.options[oi].values.joined(separator: ", ")))")
        continue
      }
      rules.instruments[inst].settings.append((oi, vi))
    }
  }

  /// A fraction's text names its target's citation, known only once every provision is compiled
  /// (a file may sort before the one its target is in: `eu-cv/…` names `vc.16.1` of `eu/…`).
  private mutating func describeFractions() {
    for (i, p) in rules.provisions.enumerated() {
      for (j, v) in p.versions.enumerated() {
        guard case .fractionOf = v.value, j < rules.publicProvisions[i].versions.count else { continue }
        rules.publicProvisions[i].versions[j].value = v.value.describe(p.figure, rules: rules)
      }
    }
  }

  // MARK: - Finish

  private mutating func finish() {
    // Transitive closure of "beats" (an exception to an exception also beats the default).
    let n = rules.provisions.count
    for i in 0..<n {
      var seen = Set<Int>()
      var stack = rules.provisions[i].beats
      while let x = stack.popLast() {
        if x == i { continue }
        if seen.insert(x).inserted { stack += rules.provisions[x].beats }
      }
      if seen.contains(i) || rules.provisions[i].beats.contains(i) {
        diagnostics.append(
          RuleDiagnostic(
            .error, rules.publicProvisions[i].location,
            "provision \(rules.provisions[i].id) overrides itself (through a cycle of overrides)"))
      }
      rules.provisions[i].beats = seen.sorted()
      for x in rules.provisions[i].beats where rules.provisions[x].figure != rules.provisions[i].figure {
        diagnostics.append(
          RuleDiagnostic(
            .error, rules.publicProvisions[i].location,
            "provision \(rules.provisions[i].id) overrides \(rules.provisions[x].id), which decides another figure (\(rules.provisions[x].figure))"
          ))
      }
    }
    // Group provisions by figure and regime, instruments in load order.
    var table = Array(repeating: [(regime: Int, provisions: [Int])](), count: Figure.allCases.count)
    for (i, p) in rules.provisions.enumerated() {
      let fi = p.figure.index
      if let g = table[fi].firstIndex(where: { $0.regime == p.regime }) {
        table[fi][g].provisions.append(i)
      } else {
        table[fi].append((p.regime, [i]))
      }
    }
    rules.byFigure = table
    for i in rules.instruments.indices {
      rules.publicInstruments[i].suspensions = rules.instruments[i].suspendedBy.map { s in
        let sus = rules.suspensions[s]
        let period = Period(from: LocalDate(dayNumber: sus.from), until: sus.until == Int.max ? nil : LocalDate(dayNumber: sus.until))
        return "suspended by \(sus.citation) (\(sus.id)) \(period) for \(sus.appliesToText) \(sus.status)"
      }
    }
    // A fraction must name a plain amount on every date: an amendment can turn its target into
    // a fraction too (or make a provision a fraction of itself), and evaluating such a chain
    // would recurse without end.
    for (i, p) in rules.provisions.enumerated() {
      for v in p.versions {
        guard case .fractionOf(let t, _, _) = v.value else { continue }
        let chained = rules.provisions[t].versions.contains { if case .fractionOf = $0.value { return true } else { return false } }
        if chained {
          diagnostics.append(
            RuleDiagnostic(
              .error, v.amendmentLocation ?? rules.publicProvisions[i].location,
              "provision \(p.id)\(v.amendmentID.map { " as amended by \($0)" } ?? "") is a fraction of \(rules.provisions[t].id), which is itself a fraction (on some dates): a fraction must name a plain amount"
            ))
        }
      }
    }
    for p in rules.provisions {
      for i in p.versions.indices {
        let v = p.versions[i]
        if case .notice(let text) = v.value {
          p.versions[i].annotatedText = "\(text) (\(v.citationText))"
        } else {
          p.versions[i].annotatedText = "\(p.summary) (\(v.citationText))"
        }
      }
    }
    if rules.categories.isEmpty {
      diagnostics.append(
        RuleDiagnostic(
          .error, SourceLocation(file: "Rules", line: 1, column: 1),
          "no vocabulary: the rule book defines no categories (Rules/vocabulary.json)"))
    } else if rules.currency.isEmpty {
      diagnostics.append(
        RuleDiagnostic(
          .error, SourceLocation(file: "Rules", line: 1, column: 1),
          "no currency: the rule book does not say in which currency its amounts are (vocabulary.currency, as in Rules/vocabulary.json: \"EUR\")"
        ))
    }
  }
}
