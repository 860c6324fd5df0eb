/// Evaluates one application against compiled rules.
///
/// For each figure: within each applicable instrument, the provisions in force whose condition
/// holds and that no suspension switches off compete, and an exception beats the provision it
/// overrides; two survivors with different outcomes are a conflict. Across instruments,
/// precedence rules (data) displace the outcomes of an instrument that another regulates, and
/// of the rest the outcome most favourable to the applicant wins.
struct Evaluator {
  let rules: CompiledRules
  let defaultOptions: [Int]
  let leapDayOption: Int?
  let documentCapOption: Int?

  init(rules: CompiledRules) {
    self.rules = rules
    defaultOptions = rules.options.map(\.defaultValue)
    leapDayOption = rules.optionIndex["age.leapDayBirthday"]
    documentCapOption = rules.optionIndex["validity.travelDocumentCap"]
  }

  struct Outcome {
    var number: Int
    var provision: Int
    var version: Int
    var regime: Int
    var multiple = false
  }

  /// Per-evaluation working state.
  struct Run {
    var facts: Facts
    var applicable: [Bool]
    var optionSources: [Assumption.Source]
    var trace: [TraceEntry]?
    var consulted: UInt64 = 0
    /// For each figure, a bit per regime that produced an outcome (for precedence over a group).
    var regimesWithOutcome: [UInt64] = Array(repeating: 0, count: Figure.allCases.count)
    /// Scratch buffers reused across figures, so deciding allocates almost nothing.
    var candidates: [(p: Int, v: Int)] = []
    var survivors: [(p: Int, v: Int)] = []
    var outcomes: [Outcome] = []
    /// Suspensions marked [U] that switched off a provision, by figure: their outcome rests on
    /// an unverified reading.
    var unverifiedSuspensions: [(figure: Figure, suspension: Int)] = []
    /// Validity suggestions of fast-track schemes (never entitlements).
    var suggestions: [Outcome] = []
    /// The first suspension that switched off a multiple-entry entitlement.
    var validityRestrictedBy: Int?
    /// The first suspension that switched off the consulate's discretion over validity.
    var discretionRemovedBy: Int?
    var tripStart: LocalDate
    var documentExpiry: LocalDate
    /// Previous visas found not lawfully used from their stays, with the day and reason.
    var lawfulUseFailures: [String] = []
  }

  // MARK: - Input checks and facts

  func checkCoverage(_ app: Application) throws(VisaRulesError) {
    let d = app.lodgingDate
    if !rules.coverage.contains(d) {
      throw VisaRulesError(
        .notCovered, field: "lodgingDate", value: d.description,
        message: "the lodging date is outside the periods the rules cover" + (rules.coverageNote.isEmpty ? "" : " (\(rules.coverageNote))"),
        allowed: "a date from \(rules.coverage.from)" + (rules.coverage.until.map { " to \($0)" } ?? ""))
    }
  }

  func prepare(_ app: Application, userOptions: [String: String], trace: Bool) throws(VisaRulesError) -> Run {
    let d = app.lodgingDate
    try checkCoverage(app)
    let dest = countryCode(app.destination)
    if !rules.destinations.contains(dest) {
      throw VisaRulesError(
        .unknownValue, field: "destination", value: app.destination,
        message: "\(app.destination) is not a state whose visas these rules decide",
        allowed: rules.destinations.map(countryName).sorted().joined(separator: ", "))
    }
    var mask: UInt64 = 0
    for (i, c) in app.applicant.categories.enumerated() {
      guard let bit = rules.categoryIndex[c.rawValue] else {
        throw VisaRulesError(
          .unknownValue, field: "applicant.categories[\(i)]", value: c.rawValue, message: "unknown category \"\(c.rawValue)\"",
          allowed: rules.categories.joined(separator: ", "))
      }
      mask |= 1 << UInt64(bit)
    }
    guard let purpose = rules.purposeIndex[app.trip.purpose] else {
      throw VisaRulesError(
        .unknownValue, field: "trip.purpose", value: app.trip.purpose, message: "unknown purpose \"\(app.trip.purpose)\"",
        allowed: rules.purposes.joined(separator: ", "))
    }
    var options = defaultOptions
    var sources = [Assumption.Source](repeating: .default, count: options.count)
    let leapKey = leapDayOption
    var history: [Facts.HistoryVisa] = []
    var lawfulUseFailures: [String] = []
    if !app.visaHistory.isEmpty {
      let lawful = StayHistory.lawfulUse(of: app.visaHistory)
      for (i, use) in lawful.enumerated() {
        if let (day, reason) = use.failure {
          lawfulUseFailures.append("visaHistory[\(i)] was not lawfully used: \(reason), on \(day) (Schengen Borders Code Art. 6(1)-(2)); it does not count for multiple-entry visas")
        }
      }
      history.reserveCapacity(app.visaHistory.count)
      for (i, v) in app.visaHistory.enumerated() {
        history.append(
          Facts.HistoryVisa(
            validFrom: v.validFrom.dayNumber, validUntil: v.validUntil.dayNumber, multiple: v.entries == .multiple,
            kind: UInt8(PreviousVisa.Kind.allCases.firstIndex(of: v.kind)!), lawfullyUsed: lawful[i].lawful))
      }
    }
    var facts = Facts(
      lodging: d.dayNumber, age: 0, categories: mask, nationality: countryCode(app.applicant.nationality),
      residence: countryCode(app.applicant.residence), lodgedIn: countryCode(app.lodgedIn), destination: dest,
      document: UInt8(TravelDocument.Kind.allCases.firstIndex(of: app.applicant.travelDocument.type)!),
      purpose: purpose, daysBeforeTrip: d.days(until: app.trip.start), options: options, history: history)

    // Instruments in force and in scope; policies among them may set options.
    var applicable = [Bool](repeating: false, count: rules.instruments.count)
    for (i, inst) in rules.instruments.enumerated() {
      var ignored: UInt64 = 0
      applicable[i] = inst.from <= facts.lodging && facts.lodging <= inst.until && inst.scope.holds(facts, &ignored)
      if applicable[i] {
        for (o, v) in inst.settings {
          options[o] = v
          sources[o] = .policy(inst.id)
        }
      }
    }
    for (key, value) in userOptions.sorted(by: { $0.key < $1.key }) {
      guard let o = rules.optionIndex[key] else {
        throw VisaRulesError(.unknownValue, field: "option", value: key, message: "unknown option \"\(key)\"", allowed: rules.options.map(\.key).joined(separator: ", "))
      }
      guard let v = rules.options[o].values.firstIndex(of: value) else {
        throw VisaRulesError(
          .unknownValue, field: "option \(key)", value: value, message: "option \(key) has no value \"\(value)\"",
          allowed: rules.options[o].values.joined(separator: ", "))
      }
      options[o] = v
      sources[o] = .user
    }
    facts.options = options
    if let h = app.applicant.host {
      facts.hostRelationship = UInt8(Host.Relationship.allCases.firstIndex(of: h.relationship)! + 1)
      facts.hostNationality = countryCode(h.nationality)
      facts.hostDependent = h.dependent
    }
    if let ft = app.fastTrack {
      facts.fastTrackScheme = UInt8(FastTrack.Scheme.allCases.firstIndex(of: ft.scheme)! + 1)
      facts.fastTrackSince = ft.registeredSince?.dayNumber ?? facts.lodging
    }
    if let g = app.extensionGround {
      facts.extensionGround = UInt8(Application.ExtensionGround.allCases.firstIndex(of: g)! + 1)
    }
    if let leapKey {
      let feb28 = rules.options[leapKey].values[options[leapKey]] == "february28"
      facts.age = app.applicant.birthDate.completedYears(on: d, leapDayBirthdayOnFebruary28: feb28)
    } else {
      facts.age = app.applicant.birthDate.completedYears(on: d)
    }
    var run = Run(
      facts: facts, applicable: applicable, optionSources: sources, trace: trace ? [] : nil,
      tripStart: app.trip.start, documentExpiry: app.applicant.travelDocument.expiry)
    run.lawfulUseFailures = lawfulUseFailures
    if let leapKey {
      let (_, bm, bd) = app.applicant.birthDate.components
      if bm == 2 && bd == 29 { run.consulted |= 1 << UInt64(leapKey) }
    }
    // Suspensions of whole instruments.
    for (i, inst) in rules.instruments.enumerated() where run.applicable[i] {
      for s in inst.suspendedBy where suspensionActive(s, &run) {
        run.applicable[i] = false
        break
      }
    }
    return run
  }

  private func suspensionActive(_ s: Int, _ run: inout Run) -> Bool {
    let sus = rules.suspensions[s]
    guard sus.from <= run.facts.lodging && run.facts.lodging <= sus.until else { return false }
    return sus.appliesTo.holds(run.facts, &run.consulted)
  }

  // MARK: - Figures

  func versionIndex(_ p: CProvision, at day: Int) -> Int? {
    for (i, v) in p.versions.enumerated() where v.from <= day && day <= v.until { return i }
    return nil
  }

  /// The number a version gives on the lodging date (cents, days, months).
  func number(_ value: CValue, at day: Int) -> Int {
    switch value {
    case .cents(let c): return c
    case .count(let n): return n
    case .fractionOf(let p, let num, let den):
      guard let vi = versionIndex(rules.provisions[p], at: day) else { return 0 }
      // A fraction names a plain amount (the loader rejects chains); never follow a chain here,
      // so that even rules with errors can be checked without recursing forever.
      if case .fractionOf = rules.provisions[p].versions[vi].value { return 0 }
      return number(rules.provisions[p].versions[vi].value, at: day) * num / den
    case .validity(let multiple, let months, _): return multiple ? (months ?? 1) : 0
    case .repealed, .notice: return 0
    }
  }

  /// Decides one figure; returns the winning outcome (if any) and, for notices, all texts.
  func decide(_ figure: Figure, _ run: inout Run, notices: inout [String], discretionary: inout [Outcome]) throws(VisaRulesError) -> Outcome? {
    let fi = figure.index
    let groups = rules.byFigure[fi]
    if groups.isEmpty { return nil }
    let day = run.facts.lodging
    var outcomes = run.outcomes
    outcomes.removeAll(keepingCapacity: true)
    run.outcomes = []
    defer { run.outcomes = outcomes }
    var candidates = run.candidates
    run.candidates = []
    var survivors = run.survivors
    run.survivors = []
    defer {
      run.candidates = candidates
      run.survivors = survivors
    }
    var traceStart = run.trace?.count ?? 0
    for group in groups {
      let regime = group.regime
      if !run.applicable[regime] {
        if run.trace != nil {
          let reason = instrumentReason(regime, run)
          for p in group.provisions { record(p, nil, .instrumentNotApplicable(reason), &run) }
        }
        continue
      }
      candidates.removeAll(keepingCapacity: true)
      for p in group.provisions {
        let prov = rules.provisions[p]
        guard let vi = versionIndex(prov, at: day) else {
          if run.trace != nil { record(p, nil, .notInForce, &run) }
          continue
        }
        let version = prov.versions[vi]
        if case .repealed = version.value {
          if run.trace != nil { record(p, vi, .repealed(by: version.citation.amendedBy ?? "an amendment"), &run) }
          continue
        }
        var suspendedBy: Int?
        for s in prov.suspendedBy where suspensionActive(s, &run) {
          suspendedBy = s
          break
        }
        if let s = suspendedBy {
          if figure == .validity && prov.isEntitlement && run.validityRestrictedBy == nil { run.validityRestrictedBy = s }
          if figure == .validity && prov.isDiscretionary && run.discretionRemovedBy == nil { run.discretionRemovedBy = s }
          if rules.suspensions[s].status == .unverified && !run.unverifiedSuspensions.contains(where: { $0.figure == figure && $0.suspension == s }) {
            run.unverifiedSuspensions.append((figure, s))
          }
          if run.trace != nil { record(p, vi, .suspended(by: "\(rules.suspensions[s].citation) (\(rules.suspensions[s].id))"), &run) }
          continue
        }
        guard version.condition.holds(run.facts, &run.consulted) else {
          if run.trace != nil { record(p, vi, .conditionFalse, &run) }
          continue
        }
        candidates.append((p, vi))
      }
      if candidates.isEmpty { continue }
      // Exceptions beat the provisions they override.
      survivors.removeAll(keepingCapacity: true)
      for c in candidates {
        if let winner = candidates.first(where: { rules.provisions[$0.p].beats.contains(c.p) }) {
          if run.trace != nil { record(c.p, c.v, .overridden(by: rules.provisions[winner.p].versions[winner.v].citation.description), &run) }
        } else {
          survivors.append(c)
        }
      }
      if figure.isList {
        for s in survivors {
          notices.append(rules.provisions[s.p].versions[s.v].annotatedText)
          if run.trace != nil { record(s.p, s.v, .applied, &run) }
        }
        continue
      }
      if figure == .validity {
        for d in survivors where rules.provisions[d.p].isDiscretionary {
          discretionary.append(Outcome(number: number(rules.provisions[d.p].versions[d.v].value, at: day), provision: d.p, version: d.v, regime: regime))
          if run.trace != nil { record(d.p, d.v, .applied, &run) }
        }
        survivors.removeAll { rules.provisions[$0.p].isDiscretionary }
        for d in survivors where rules.provisions[d.p].kind == "suggestion" {
          run.suggestions.append(Outcome(number: number(rules.provisions[d.p].versions[d.v].value, at: day), provision: d.p, version: d.v, regime: regime))
          if run.trace != nil { record(d.p, d.v, .applied, &run) }
        }
        survivors.removeAll { rules.provisions[$0.p].kind == "suggestion" }
        if survivors.isEmpty { continue }
      }
      // Entitlements are alternative rights the applicant may invoke: several give the most
      // favourable. Any other two survivors must agree, or the rules conflict.
      var first = survivors[0]
      if survivors.count > 1 && survivors.allSatisfy({ rules.provisions[$0.p].isEntitlement }) {
        for s in survivors.dropFirst() {
          let a = number(rules.provisions[s.p].versions[s.v].value, at: day)
          let b = number(rules.provisions[first.p].versions[first.v].value, at: day)
          if figure.lowerIsFavourable ? a < b : a > b { first = s }
        }
        if run.trace != nil {
          for s in survivors where s.p != first.p {
            record(s.p, s.v, .lessFavourable(than: rules.provisions[first.p].versions[first.v].citationText), &run)
          }
        }
        survivors = [first]
      }
      let value = number(rules.provisions[first.p].versions[first.v].value, at: day)
      for other in survivors.dropFirst() {
        let v2 = number(rules.provisions[other.p].versions[other.v].value, at: day)
        if v2 != value {
          let a = rules.provisions[first.p]
          let b = rules.provisions[other.p]
          throw VisaRulesError(
            .ruleConflict,
            message: "\(a.id) (\(a.versions[first.v].citation)) and \(b.id) (\(b.versions[other.v].citation)) both apply to \(figure) with different outcomes (\(a.versions[first.v].value.describe(figure, rules: rules)) and \(b.versions[other.v].value.describe(figure, rules: rules))) and neither overrides the other",
            location: rules.publicProvisions[other.p].location)
        }
      }
      var outcome = Outcome(number: value, provision: first.p, version: first.v, regime: regime)
      if case .validity(let multiple, _, _) = rules.provisions[first.p].versions[first.v].value { outcome.multiple = multiple }
      outcomes.append(outcome)
      if run.trace != nil {
        record(first.p, first.v, .applied, &run)
        for other in survivors.dropFirst() {
          record(other.p, other.v, .concurring(with: rules.provisions[first.p].versions[first.v].citation.description), &run)
        }
      }
    }
    var mask: UInt64 = 0
    for o in outcomes { mask |= 1 << UInt64(o.regime) }
    run.regimesWithOutcome[fi] = mask
    if outcomes.isEmpty { return nil }
    // Precedence: an instrument that regulates the point (it gave an outcome for this figure or
    // another of the rule's group) displaces the other instrument's outcome.
    do {
      for rule in rules.precedence where rule.figures.contains(figure) {
        guard run.applicable[rule.winner] else { continue }
        let regulates = rule.figures.contains { g in
          run.regimesWithOutcome[g.index] & (1 << UInt64(rule.winner)) != 0
        }
        guard regulates else { continue }
        if let u = rule.unless, u.holds(run.facts, &run.consulted) { continue }
        outcomes.removeAll { o in
          guard o.regime == rule.loser else { return false }
          let kind = rules.provisions[o.provision].kind
          guard rule.kinds.isEmpty || rule.kinds.contains(kind) else { return false }
          if run.trace != nil {
            markVerdict(o.provision, figure, .displaced(by: "\(rule.citation) (\(rule.id))"), &run, from: traceStart)
          }
          return true
        }
      }
    }
    if outcomes.isEmpty { return nil }
    // Most favourable to the applicant; ties go to the instrument that prevails, else rule-book order.
    var best = outcomes[0]
    for o in outcomes.dropFirst() {
      if figure.lowerIsFavourable ? o.number < best.number : o.number > best.number {
        best = o
      } else if o.number == best.number && prevails(o.regime, over: best.regime) {
        best = o
      }
    }
    if run.trace != nil {
      let winner = rules.provisions[best.provision].versions[best.version].citation.description
      for o in outcomes where o.provision != best.provision {
        markVerdict(o.provision, figure, .lessFavourable(than: winner), &run, from: traceStart)
      }
      traceStart = 0
    }
    return best
  }

  private func prevails(_ a: Int, over b: Int) -> Bool {
    rules.precedence.contains { $0.winner == a && $0.loser == b }
  }

  private func instrumentReason(_ regime: Int, _ run: Run) -> String {
    let inst = rules.instruments[regime]
    let day = run.facts.lodging
    if day < inst.from { return "\(inst.shortName) not yet in force (from \(LocalDate(dayNumber: inst.from)))" }
    if day > inst.until { return "\(inst.shortName) no longer in force (until \(LocalDate(dayNumber: inst.until)))" }
    var ignored: UInt64 = 0
    if !inst.scope.holds(run.facts, &ignored) { return "outside the scope of \(inst.shortName) (\(rules.publicInstruments[regime].scope))" }
    for s in inst.suspendedBy {
      let sus = rules.suspensions[s]
      if sus.from <= day && day <= sus.until && sus.appliesTo.holds(run.facts, &ignored) {
        return "\(inst.shortName) suspended by \(sus.citation) (\(sus.id)) from \(LocalDate(dayNumber: sus.from))"
      }
    }
    return "\(inst.shortName) does not apply"
  }

  private func record(_ p: Int, _ v: Int?, _ verdict: TraceEntry.Verdict, _ run: inout Run) {
    let prov = rules.provisions[p]
    let version = v.map { prov.versions[$0] }
    run.trace?.append(
      TraceEntry(
        figure: prov.figure, provision: prov.id, citation: version?.citation ?? prov.citation, status: version?.status ?? prov.status,
        period: version.map { Period(from: LocalDate(dayNumber: $0.from), until: $0.until == Int.max ? nil : LocalDate(dayNumber: $0.until)) },
        value: version.map { $0.value.describe(prov.figure, rules: rules) } ?? "", condition: version?.conditionText ?? "",
        verdict: verdict))
  }

  private func markVerdict(_ p: Int, _ figure: Figure, _ verdict: TraceEntry.Verdict, _ run: inout Run, from: Int) {
    guard var t = run.trace else { return }
    let id = rules.provisions[p].id
    for i in from..<t.count where t[i].provision == id && t[i].figure == figure && t[i].verdict == .applied {
      t[i].verdict = verdict
    }
    run.trace = t
  }
}
