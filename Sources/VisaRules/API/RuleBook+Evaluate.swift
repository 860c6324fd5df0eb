extension RuleBook {
  /// Evaluates one application: the fee, deadlines, lodging window and validity the law gives
  /// it on its lodging date, each with its citation.
  ///
  /// Throws a ``VisaRulesError`` naming the field for input the rules cannot decide (an unknown
  /// category, a destination outside the Schengen states, a lodging date before the rules'
  /// coverage), and ``VisaRulesError/Kind/ruleConflict`` when two provisions of equal rank give
  /// different answers.
  public func evaluate(_ application: Application, options: EvaluationOptions = .init()) throws(VisaRulesError) -> Decision {
    try evaluator.checkCoverage(application)
    try application.validate()
    var decision = try evaluateOnce(application, userOptions: options.options, trace: options.trace)
    if options.alternatives {
      for (i, assumption) in decision.assumptions.enumerated() {
        guard let o = compiled.optionIndex[assumption.option] else { continue }
        for value in compiled.options[o].values where value != assumption.value {
          var forced = options.options
          forced[assumption.option] = value
          guard let other = try? evaluateOnce(application, userOptions: forced, trace: false) else { continue }
          let differences = RuleBook.differences(decision, other)
          if !differences.isEmpty {
            decision.assumptions[i].alternatives.append((value, differences.joined(separator: "; ")))
          }
        }
      }
    }
    return decision
  }

  func evaluateOnce(_ app: Application, userOptions: [String: String], trace: Bool) throws(VisaRulesError) -> Decision {
    var run = try evaluator.prepare(app, userOptions: userOptions, trace: trace)
    return try evaluator.decision(for: app, &run)
  }

  static func differences(_ a: Decision, _ b: Decision) -> [String] {
    var out: [String] = []
    if a.eligibility.visaRequired?.value != b.eligibility.visaRequired?.value {
      out.append(b.eligibility.visaRequired?.value == false ? "no visa required" : "a visa is required")
    }
    if a.fee?.amount != b.fee?.amount, let fee = b.fee { out.append("fee \(fee.amount) (\(fee.ruling.citation))") }
    if a.validity != b.validity, let validity = b.validity,
      a.validity?.entries != validity.entries || a.validity?.maxMonths != validity.maxMonths || a.validity?.until != validity.until
    {
      if validity.entries == .multiple, let m = validity.maxMonths {
        out.append("multiple-entry validity \(m) months until \(validity.until.map { "\($0)" } ?? "?")")
      } else {
        out.append("single-entry validity")
      }
    }
    if let processing = b.processing, a.processing?.standardDays?.value != processing.standardDays?.value {
      out.append("decision within \(processing.standardDays.map { "\($0.value) days" } ?? "no set period")")
    }
    if let window = b.lodging, a.lodging?.earliest != window.earliest || a.lodging?.latest != window.latest {
      out.append("lodging window \(window.earliest.map { "\($0)" } ?? "–") to \(window.latest.map { "\($0)" } ?? "–")")
    }
    return out
  }
}

extension Evaluator {
  func ruling(_ o: Outcome) -> Ruling<Int> {
    let p = rules.provisions[o.provision]
    let v = p.versions[o.version]
    var r = Ruling(value: o.number, provision: p.id, citation: v.citation, status: v.status, citationText: v.citationText)
    r.amendment = v.amendmentID
    return r
  }

  func moneyRuling(_ o: Outcome) -> Ruling<Money> {
    let p = rules.provisions[o.provision]
    let v = p.versions[o.version]
    var r = Ruling(value: Money(cents: o.number), provision: p.id, citation: v.citation, status: v.status, citationText: v.citationText)
    r.amendment = v.amendmentID
    return r
  }

  func flagRuling(_ o: Outcome) -> Ruling<Bool> {
    let r = ruling(o)
    return Ruling(value: r.value == 1, provision: r.provision, citation: r.citation, status: r.status, citationText: r.citationText)
  }

  func decision(for app: Application, _ run: inout Run) throws(VisaRulesError) -> Decision {
    let v = try verdict(&run)
    return decision(v, run, id: app.id, fastTrack: app.fastTrack)
  }

  /// Decides every figure of `run` (prepared by ``begin(_:_:trace:)``).
  func verdict(_ run: inout Run) throws(VisaRulesError) -> Verdict {
    let t = tables
    let lodging = LocalDate(dayNumber: run.input.lodging)
    let tripStart = LocalDate(dayNumber: run.input.tripStart)

    // The visa requirement comes first: without one, no visa figure is due.
    let onEntry = try visaRequirementOnEntry(&run)
    var required = try decide(.visaRequired, &run)
    if let entry = onEntry {
      if entry.outcome?.number != required?.number {
        run.consulted |= 1 << UInt64(requirementDateOption!)
        run.warnings.append(.visaRequirementChanges(atLodging: required, onEntry: entry.outcome, entry: tripStart))
      }
      if var trace = run.trace {
        trace.removeAll { $0.figure == .visaRequired }
        trace += entry.trace
        run.trace = trace
      }
      required = entry.outcome
    }
    var v = Verdict()
    v.visaRequired = required
    if let r = required {
      v.exempt = r.number != 1
    } else {
      run.warnings.append(.visaRequirementNotEncoded(reference: rules.visaListReference(on: run.input.lodging)))
    }
    if run.scratch.assumed.pointee != 0 { run.warnings.append(.documentAssumed(run.scratch.assumed.pointee)) }
    if v.exempt {
      // A short stay needs no visa: say so, with what the traveller must know (notices).
      for i in run.lawfulUseFailures.indices { run.warnings.append(.lawfulUse(index: i)) }
      _ = try decide(.travelNotice, &run, list: .notices)
      return v
    }

    guard let fee = try decide(.fee, &run) else {
      throw VisaRulesError(
        .notCovered, field: "lodgingDate", value: lodging.description,
        message: "no provision in force sets the fee for this application on its lodging date",
        allowed: "a lodging date and destination the rules cover (see `visa rules list`)")
    }
    v.fee = fee
    if t.versionInfo[fee.pv].status == .unverified {
      run.warnings.append(.feeUnverified(pv: fee.pv))
    }
    for (figure, s) in run.unverifiedSuspensions where figure == Figure.fee.index {
      run.warnings.append(.feeSuspensionUnverified(suspension: s))
    }
    v.cap = try decide(.serviceFeeCap, &run)
    v.standard = try decide(.decisionStandardDays, &run)
    v.extended = try decide(.decisionExtendedDays, &run)
    v.exceptional = try decide(.decisionExceptionalDays, &run)
    v.urgent = try decide(.decisionUrgentWorkingDays, &run)

    v.earliestMonths = try decide(.lodgingEarliestMonths, &run)
    v.latestDays = try decide(.lodgingLatestDays, &run)
    v.earliest = v.earliestMonths.map { tripStart.adding(months: -$0.number) }
    v.latest = v.latestDays.map { tripStart.adding(days: -$0.number) }
    v.within = (v.earliest.map { lodging >= $0 } ?? true) && (v.latest.map { lodging <= $0 } ?? true)
    if let earliest = v.earliest, lodging < earliest, let m = v.earliestMonths {
      run.warnings.append(.lodgedTooEarly(tripStart: tripStart, earliest: earliest, pv: m.pv))
    }
    if let latest = v.latest, lodging > latest, let d = v.latestDays {
      run.warnings.append(.lodgedLate(pv: d.pv, latest: latest))
    }
    for i in run.lawfulUseFailures.indices { run.warnings.append(.lawfulUse(index: i)) }
    try decideValidity(&v, &run)
    // Eligibility: whether lodging is possible, documents.
    v.lodgingAvailable = try decide(.lodgingAvailable, &run)
    _ = try decide(.document, &run, list: .documents)
    if let l = v.lodgingAvailable, l.number != 1 {
      run.warnings.append(.cannotLodge(pv: l.pv))
    }
    if run.input.fastTrackScheme > 0 {
      v.fastTrackScheme = run.input.fastTrackScheme
      v.fastTrackApplies = try decide(.fastTrackApplies, &run)
      if v.fastTrackApplies?.number == 1 {
        _ = try decide(.fastTrackBenefit, &run, list: .benefits)
        suggest(&v, &run)
      }
    }
    if run.input.extensionGround > 0 {
      v.extensionFee = try decide(.extensionFee, &run)
    }
    _ = try decide(.notice, &run, list: .notices)
    return v
  }

  /// The visa requirement on the day of entry, when the option `visaRequirement.date` keys it
  /// there and that day falls in another date segment than the lodging date (the rules in
  /// force differ). `nil` when the lodging date's answer stands. Leaves `run` as it found it.
  private func visaRequirementOnEntry(_ run: inout Run) throws(VisaRulesError) -> (outcome: Outcome?, trace: [TraceEntry])? {
    guard let k = requirementDateOption, run.facts.options[k] == requirementOnEntry else { return nil }
    let lodging = run.input.lodging
    let entry = run.input.tripStart
    guard entry != lodging, tables.segments.index(of: entry) != tables.segments.index(of: lodging) else { return nil }
    let tracing = run.trace != nil
    let chosen = run.chosen
    run.input.lodging = entry
    begin(&run, chosen, trace: tracing)
    let outcome = try decide(.visaRequired, &run)
    let trace = run.trace ?? []
    let assumed = run.scratch.assumed.pointee
    run.input.lodging = lodging
    begin(&run, chosen, trace: tracing)
    // What the entry day's answer assumed about the travel document still stands.
    run.scratch.assumed.pointee |= assumed
    return (outcome, trace)
  }

  /// A fast track's validity suggestion, within every hard limit: it applies only where the
  /// law leaves discretion (Visa Code Art. 24(2) VC-2010, 24(2c)), never below an entitlement,
  /// never past the travel-document cap; each limit that bites is said.
  private func suggest(_ v: inout Verdict, _ run: inout Run) {
    guard let s = run.suggestions.max(by: { $0.number < $1.number }) else { return }
    var months = s.number
    v.suggestion = s
    let entitled = v.validityMultiple ? (v.validityMonths ?? 0) : 0
    guard let room = run.discretionary.max(by: { $0.number < $1.number }) else {
      run.limits.append(.noDiscretion(suspension: run.discretionRemovedBy, months: months, entitled: entitled))
      v.suggestedMonths = entitled > 0 ? entitled : nil
      return
    }
    if months > room.number {
      run.limits.append(.discretionEnds(pv: room.pv, months: room.number))
      months = room.number
    }
    if months < entitled {
      run.limits.append(.entitlementStands(entitled: entitled))
      months = entitled
    }
    var cap = LocalDate(dayNumber: run.input.documentExpiry)
    if let k = documentCapOption, run.facts.options[k] == documentCapMinus3Months { cap = cap.adding(months: -3) }
    let end = LocalDate(dayNumber: run.input.tripStart).adding(months: months).adding(days: -1)
    if cap < end {
      run.limits.append(.documentCapsSuggestion(cap: cap))
    }
    v.suggestedMonths = months
  }

  private func decideValidity(_ v: inout Verdict, _ run: inout Run) throws(VisaRulesError) {
    let best = try decide(.validity, &run)
    v.validityDiscretionary = run.discretionary.max(by: { $0.number < $1.number })
    v.validityRuling = best
    guard let best, best.multiple, best.number > 0 else {
      v.validityRestrictedBy = run.validityRestrictedBy
      return
    }
    // Travel-document cap (Visa Code Art. 24(2) last subparagraph, Art. 12(a)).
    let expiry = LocalDate(dayNumber: run.input.documentExpiry)
    let tripStart = LocalDate(dayNumber: run.input.tripStart)
    var cap = expiry
    if let k = documentCapOption {
      run.consulted |= 1 << UInt64(k)
      if run.facts.options[k] == documentCapMinus3Months { cap = cap.adding(months: -3) }
    }
    let end = tripStart.adding(months: best.number).adding(days: -1)
    let documentCaps = cap < end
    var until = min(end, cap)
    if tables.versionInfo[best.pv].cap > 0 {
      let limit = ValidityCap.allCases[Int(tables.versionInfo[best.pv].cap) - 1]
      let day = limit == .hostResidenceUntil ? run.input.hostResidenceUntil : run.input.termOfOfficeUntil
      if let day {
        let date = LocalDate(dayNumber: day)
        if date < until { run.warnings.append(.validityLimited(cap: limit, until: date)) }
        until = min(until, date)
      } else {
        run.warnings.append(.validityLimitMissing(cap: limit))
      }
    }
    if until < tripStart {
      run.warnings.append(.noRoomForMultipleEntry(expiry: expiry, tripStart: tripStart))
      return
    }
    if documentCaps && until == cap {
      run.warnings.append(.validityCapped(until: until, expiry: expiry))
    }
    if tables.versionInfo[best.pv].status == .unverified {
      run.warnings.append(.validityUnverified(pv: best.pv))
    }
    v.validityMultiple = true
    v.validityMonths = best.number
    v.validityUntil = until
  }

  // MARK: - Building the decision

  /// The ``Decision`` for a verdict.
  func decision(_ v: Verdict, _ run: Run, id: String?, fastTrack: FastTrack?) -> Decision {
    let lodging = LocalDate(dayNumber: run.input.lodging)
    var fee: Fee?
    var processing: Processing?
    var window: LodgingWindow?
    var validity: Validity?
    if let feeOutcome = v.fee {
      let feeRuling = moneyRuling(feeOutcome)
      let feeProvision = rules.provisions[feeOutcome.provision]
      var waiver: FeeWaiver?
      if feeProvision.kind == "waiver" {
        waiver = FeeWaiver(
          provision: feeProvision.id, citation: feeRuling.citation, reason: feeProvision.summary, citationText: feeRuling.citationText)
      }
      fee = Fee(amount: feeRuling.value, ruling: feeRuling, waiver: waiver)
      let standard = v.standard.map(ruling)
      let extended = v.extended.map(ruling)
      let exceptional = v.exceptional.map(ruling)
      processing = Processing(
        standardDays: standard, extendedDays: extended, exceptionalDays: exceptional, urgentWorkingDays: v.urgent.map(ruling),
        deadline: standard.map { lodging.adding(days: $0.value) }, extendedDeadline: extended.map { lodging.adding(days: $0.value) },
        exceptionalDeadline: exceptional.map { lodging.adding(days: $0.value) })
      window = LodgingWindow(
        earliestMonths: v.earliestMonths.map(ruling), latestDays: v.latestDays.map(ruling), earliest: v.earliest, latest: v.latest,
        withinWindow: v.within)
      let discretionaryText = v.validityDiscretionary.map { rules.provisions[$0.provision].versions[$0.version].annotatedText }
      if v.validityMultiple {
        validity = Validity(
          entries: .multiple, maxMonths: v.validityMonths, until: v.validityUntil, ruling: v.validityRuling.map(ruling),
          discretionary: discretionaryText, restrictedBy: nil)
      } else {
        let restriction = v.validityRestrictedBy.map { "\(rules.suspensions[$0].citation) (\(rules.suspensions[$0].id))" }
        validity = Validity(
          entries: .single, maxMonths: nil, until: nil, ruling: v.validityRuling.map(ruling), discretionary: discretionaryText,
          restrictedBy: restriction)
      }
    }
    let eligibility = Eligibility(
      visaRequired: v.visaRequired.map(flagRuling), lodgingAvailable: v.lodgingAvailable.map(flagRuling), withinWindow: v.within,
      documents: run.documents.map(annotatedText))
    var fastTrackOutcome: FastTrackOutcome?
    if let ft = fastTrack, !v.exempt {
      fastTrackOutcome = FastTrackOutcome(
        scheme: ft.scheme, applies: v.fastTrackApplies.map(flagRuling), benefits: run.benefits.map(annotatedText),
        suggestedMonths: v.suggestedMonths, suggestion: v.suggestion.map(ruling), limits: run.limits.map { text(of: $0, run) })
    }
    var warnings = run.notices.map(annotatedText)
    for w in run.warnings { warnings.append(text(of: w, run)) }
    var assumptions: [Assumption] = []
    for o in rules.options.indices where run.consulted & (1 << UInt64(o)) != 0 {
      let source: Assumption.Source
      switch run.sources[o] {
      case 0: source = .default
      case 1: source = .user
      default: source = .policy(rules.instruments[run.sources[o] - 2].id)
      }
      assumptions.append(
        Assumption(option: rules.options[o].key, value: rules.options[o].values[run.facts.options[o]], source: source, alternatives: []))
    }
    var instruments: [String] = []
    for i in 0..<run.instrumentCount where run.applicable[i] && rules.instruments[i].regime == i {
      instruments.append(rules.instruments[i].id)
    }
    return Decision(
      id: id, lodgingDate: lodging,
      fee: fee, serviceFeeCap: v.cap.map(moneyRuling),
      processing: processing, lodging: window, validity: validity, extensionFee: v.extensionFee.map(moneyRuling), eligibility: eligibility,
      fastTrack: fastTrackOutcome, instruments: instruments,
      warnings: warnings, assumptions: assumptions, trace: run.trace ?? [])
  }

  func annotatedText(_ pv: Int) -> String {
    let info = tables.versionInfo[pv]
    return rules.provisions[Int(info.provision)].versions[Int(info.version)].annotatedText
  }

  func text(of w: Warning, _ run: Run) -> String {
    var sink = StringSink(rules: rules, tables: tables)
    Evaluator.render(w, run, into: &sink)
    return sink.text
  }

  /// Writes a warning or a limit, the one place its wording is kept.
  static func render<S: TextSink>(_ w: Warning, _ run: Run, into s: inout S) {
    switch w {
    case .feeUnverified(let pv):
      s.literal("UNVERIFIED: the fee rests on ")
      s.citation(pv)
      s.literal(", which the legal reference marks [U]; re-check before relying on it")
    case .feeSuspensionUnverified(let sus):
      s.literal("UNVERIFIED: the fee depends on ")
      s.suspension(sus)
      s.literal(", which the legal reference marks [U]; see `visa options` for the alternative reading")
    case .lodgedTooEarly(let tripStart, let earliest, let pv):
      s.literal("lodged too early: applications for a trip starting ")
      s.date(tripStart)
      s.literal(" may be lodged from ")
      s.date(earliest)
      s.literal(" (")
      s.citation(pv)
      s.literal(")")
    case .lodgedLate(let pv, let latest):
      s.literal("lodged later than the rule of ")
      s.citation(pv)
      s.literal(" (")
      s.date(latest)
      s.literal("); the consulate may still accept it in justified cases of urgency")
    case .lawfulUse(let i):
      s.text(run.lawfulUseFailures[i])
    case .validityLimited(let cap, let until):
      s.literal("validity limited to ")
      s.literal(
        cap == .hostResidenceUntil
          ? "the host's residence permit (applicant.host.residenceUntil)" : "the term of office (applicant.termOfOfficeUntil)")
      s.literal(", which ends ")
      s.date(until)
    case .validityLimitMissing(let cap):
      s.literal("the entitlement is limited to ")
      s.literal(
        cap == .hostResidenceUntil
          ? "the host's residence permit (applicant.host.residenceUntil)" : "the term of office (applicant.termOfOfficeUntil)")
      s.literal(", which the application does not give")
    case .noRoomForMultipleEntry(let expiry, let tripStart):
      s.literal("the travel document's validity (")
      s.date(expiry)
      s.literal(") leaves no room for a multiple-entry visa from ")
      s.date(tripStart)
    case .validityCapped(let until, let expiry):
      s.literal("validity capped at ")
      s.date(until)
      s.literal(" by the travel document expiring ")
      s.date(expiry)
    case .validityUnverified(let pv):
      s.literal("UNVERIFIED: the validity rests on ")
      s.citation(pv)
      s.literal(", which the legal reference marks [U]")
    case .visaRequirementNotEncoded(let reference):
      s.literal("whether nationals of ")
      if let n = run.input.nationalityText { s.text(n) } else { s.text(countryName(run.input.nationality)) }
      s.literal(" need a visa is not encoded (")
      s.text(reference)
      s.literal(", Annexes I and II): the figures assume one is needed")
    case .visaRequirementChanges(let atLodging, let onEntry, let entry):
      s.literal("the visa requirement changes between the lodging date and the day of entry (")
      s.date(entry)
      s.literal("): on the lodging date a visa was ")
      if let o = atLodging {
        s.literal(o.number == 1 ? "required (" : "not required (")
        s.citation(o.pv)
        s.literal(")")
      } else {
        s.literal("not decided by these rules")
      }
      s.literal("; the decision follows the day of entry (")
      if let o = onEntry { s.citation(o.pv) } else { s.literal("no provision") }
      s.literal("; option visaRequirement.date)")
    case .documentAssumed(let bits):
      var parts: [String] = []
      if bits & DocumentAssumption.biometric != 0 { parts.append("biometric (applicant.travelDocument.biometric not given)") }
      if bits & DocumentAssumption.issued != 0 {
        parts.append("issued on the lodging date (applicant.travelDocument.issued not given)")
      }
      s.literal("the travel document was taken as ")
      s.text(parts.joined(separator: " and "))
      s.literal("; whether a visa is required depends on it: give the field to be sure")
    case .cannotLodge(let pv):
      s.literal("the application cannot be lodged at this place on this date (")
      s.citation(pv)
      s.literal(")")
    case .noDiscretion(let suspension, let months, let entitled):
      if let sus = suspension {
        s.suspension(sus)
        s.literal(" leaves no discretion")
      } else {
        s.literal("no provision in force leaves the consulate discretion")
      }
      s.literal(": the suggested ")
      s.int(months)
      s.literal("-month visa cannot be given")
      if entitled > 0 {
        s.literal("; the entitlement is ")
        s.int(entitled)
        s.literal(" months")
      } else {
        s.literal("; single entry")
      }
    case .discretionEnds(let pv, let months):
      s.literal("the discretion of ")
      s.citation(pv)
      s.literal(" ends at ")
      s.int(months)
      s.literal(" months")
    case .entitlementStands(let entitled):
      s.literal("the entitlement (")
      s.int(entitled)
      s.literal(" months) is longer than the suggestion: the entitlement stands")
    case .documentCapsSuggestion(let cap):
      s.literal("the travel document caps any visa at ")
      s.date(cap)
    }
  }
}

/// Where `Evaluator.render(_:_:into:)` writes: a `String`, or escaped bytes inside a JSON string.
protocol TextSink {
  mutating func literal(_ s: StaticString)
  mutating func text(_ s: String)
  /// The citation of a version (`citationText`).
  mutating func citation(_ pv: Int)
  /// `citation (id)` of a suspension.
  mutating func suspension(_ s: Int)
  /// `YYYY-MM-DD`, as `LocalDate.description`.
  mutating func date(_ d: LocalDate)
  mutating func int(_ n: Int)
}

struct StringSink: TextSink {
  let rules: CompiledRules
  let tables: EngineTables
  var text = ""

  init(rules: CompiledRules, tables: EngineTables) {
    self.rules = rules
    self.tables = tables
  }

  mutating func literal(_ s: StaticString) { text += s.description }
  mutating func text(_ s: String) { text += s }
  mutating func citation(_ pv: Int) {
    let info = tables.versionInfo[pv]
    text += rules.provisions[Int(info.provision)].versions[Int(info.version)].citationText
  }
  mutating func suspension(_ s: Int) { text += "\(rules.suspensions[s].citation) (\(rules.suspensions[s].id))" }
  mutating func date(_ d: LocalDate) { text += d.description }
  mutating func int(_ n: Int) { text += String(n) }
}
