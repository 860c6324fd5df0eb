extension RuleLoader {
  // MARK: - Provisions

  mutating func registerProvisions(_ f: Int) {
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
        CompiledProvision(
          id: id, regime: inst, definedBy: inst, figure: .notice, kind: "", versions: [], beats: [], suspendedBy: [],
          citation: Citation(instrument: "", instrumentName: ""), summary: "", status: .unverified))
      rules.publicProvisions.append(
        Provision(
          id: id, citation: Citation(instrument: "", instrumentName: ""), status: .unverified, figure: .notice, kind: "",
          summary: "", note: "", overrides: [], versions: [], location: location(f, p.offset)))
      pendingProvisions.append((f, inst, p))
    }
  }

  mutating func compileProvision(_ f: Int, _ inst: Int, _ p: JSONValue) {
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
      if figure.ruleBookTakesOptions {
        (condition, conditionText) = compileCondition(f, w, allowOptions: true)
        var other = false
        condition.forEachLeaf { if case .option = $0 {} else { other = true } }
        if other {
          error(
            f, w.offset,
            "\(what) gives \(figure), a figure of the rule book: its \"when\" may test interpretation options only ({\"option\": {KEY: VALUE}})"
          )
        }
      } else if figure.isRuleBookFigure {
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
    rules.provisions[index] = CompiledProvision(
      id: id, regime: regime, definedBy: inst, figure: figure, kind: kind,
      versions: [
        ProvisionVersion(
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
  mutating func compileValue(_ f: Int, _ v: JSONValue, figure: Figure, what: @autoclosure () -> String) -> ProvisionValue {
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
      .travelDocumentValidAfterDepartureMonths, .travelDocumentIssuedWithinYears, .shortStayMaximumDays,
      .validityTravelDocumentMarginMonths:
      let (unit, range) = figure.ruleBookUnit ?? ("", 0...0)
      return .count(wholeNumber(f, v, "the value of \(what()) (\(unit))", in: range) ?? range.lowerBound)
    case .notice, .travelNotice, .entryNotice, .document, .fastTrackBenefit:
      guard let s = v.string else {
        error(f, v.offset, "the value of \(what()) must be the notice's text")
        return .notice("")
      }
      return .notice(s)
    }
  }

}
