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
    var r = Ruling(
      value: Money(cents: o.number, currency: rules.currency), provision: p.id, citation: v.citation, status: v.status,
      citationText: v.citationText)
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

  /// Decides the figures of `run` (prepared by ``begin(_:_:trace:)``) that the blocks `fields`
  /// need: every figure for the warnings or the assumptions (they read every step); otherwise
  /// the visa requirement and the fee (which say whether the rules cover the application) and
  /// what the blocks asked for hold. A block's content never depends on the others asked for.
  func verdict(_ run: inout Run, for fields: DecisionFields = .all) throws(VisaRulesError) -> Verdict {
    let t = tables
    let full = fields.contains(.warnings) || fields.contains(.assumptions) || precedenceLinksFigures
    func wants(_ f: DecisionFields) -> Bool { full || !fields.isDisjoint(with: f) }
    let lodging = LocalDate(dayNumber: run.input.lodging)
    let tripStart = LocalDate(dayNumber: run.input.tripStart)

    // The visa requirement comes first: without one, no visa figure is due.
    let onEntry = try visaRequirementOnEntry(&run)
    let entryNotices = full ? try entryNoticesOnEntry(&run) : nil
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
      if t.versionInfo[r.pv].status == .unverified { run.warnings.append(.visaRequirementUnverified(pv: r.pv)) }
    } else {
      run.warnings.append(.visaRequirementNotEncoded(reference: rules.visaListReference(on: run.input.lodging)))
    }
    // A travel document taken as biometric (the field not given) is worth a warning only where a
    // document that is not biometric gets another answer (a diplomatic passport under a
    // suspension, say, needs a visa either way).
    if run.scratch.assumed.pointee & DocumentAssumption.biometric != 0, run.input.biometric == 0,
      try requirementIfNotBiometric(&run) == required?.number
    {
      run.scratch.assumed.pointee &= ~DocumentAssumption.biometric
    }
    if run.scratch.assumed.pointee != 0 { run.warnings.append(.documentAssumed(run.scratch.assumed.pointee)) }
    if v.exempt {
      // A short stay needs no visa: say so, with what the traveller must know (notices).
      guard full else { return v }
      for i in run.lawfulUseFailures.indices { run.warnings.append(.lawfulUse(index: i)) }
      try decideTravelNoticesOnEntry(&run)
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
    for (figure, s) in run.unverifiedSuspensions where figure == .fee {
      run.warnings.append(.feeSuspensionUnverified(suspension: s))
    }
    if wants(.serviceFeeCap) { v.cap = try decide(.serviceFeeCap, &run) }
    if wants(.decision) { try decidePeriods(&v, &run) }
    if wants([.lodging, .eligibility]) { try decideLodgingWindow(&v, &run) }
    if full {
      for i in run.lawfulUseFailures.indices { run.warnings.append(.lawfulUse(index: i)) }
      for i in run.historyNotes.indices { run.warnings.append(.historyNote(index: i)) }
    }
    if wants([.validity, .fastTrack]) { try decideValidity(&v, &run) }
    if full { noteUncountedVisas(v, &run) }
    // Eligibility: whether lodging is possible, documents.
    if wants(.eligibility) {
      v.lodgingAvailable = try decide(.lodgingAvailable, &run)
      _ = try decide(.document, &run, list: .documents)
      if let l = v.lodgingAvailable, l.number != 1 {
        run.warnings.append(.cannotLodge(pv: l.pv))
      }
      if run.input.extensionGround == 0 { checkTravelDocument(&v, &run) }
    }
    if run.input.fastTrackScheme > 0 && wants(.fastTrack) {
      v.fastTrackScheme = run.input.fastTrackScheme
      v.fastTrackApplies = try decide(.fastTrackApplies, &run)
      if v.fastTrackApplies?.number == 1 {
        _ = try decide(.fastTrackBenefit, &run, list: .benefits)
        suggest(&v, &run)
      }
    }
    if run.input.extensionGround > 0 && wants(.extension) {
      v.extensionFee = try decide(.extensionFee, &run)
    }
    guard full else { return v }
    _ = try decide(.notice, &run, list: .notices)
    if let e = entryNotices {
      run.notices.append(contentsOf: e.notices)
      run.trace = run.trace.map { $0 + e.trace }
      run.consulted |= e.consulted
    } else {
      _ = try decide(.entryNotice, &run, list: .notices)
    }
    if run.tracing {
      let found = whyNot(v, &run)
      run.whyNot = found
    }
    return v
  }

  /// The decision periods and, without an extension ground, the warning that the decision may
  /// come after departure.
  private func decidePeriods(_ v: inout Verdict, _ run: inout Run) throws(VisaRulesError) {
    let lodging = LocalDate(dayNumber: run.input.lodging)
    let tripStart = LocalDate(dayNumber: run.input.tripStart)
    v.standard = try decide(.decisionStandardDays, &run)
    v.extended = try decide(.decisionExtendedDays, &run)
    v.exceptional = try decide(.decisionExceptionalDays, &run)
    v.urgent = try decide(.decisionUrgentWorkingDays, &run)
    if run.input.extensionGround == 0, let s = v.standard {
      let deadline = lodging.adding(days: s.number)
      if deadline > tripStart {
        let urgent = v.urgent.map { (until: lodging.adding(workingDays: $0.number), days: $0.number, pv: $0.pv) }
        run.warnings.append(
          .decisionAfterDeparture(
            deadline: deadline, tripStart: tripStart, lodgeBy: tripStart.adding(days: -s.number), pv: s.pv, urgent: urgent))
      }
    }
  }

  /// The lodging window (earliest and latest days, whether the lodging date is within it).
  private func decideLodgingWindow(_ v: inout Verdict, _ run: inout Run) throws(VisaRulesError) {
    let lodging = LocalDate(dayNumber: run.input.lodging)
    let tripStart = LocalDate(dayNumber: run.input.tripStart)
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
  }

  /// The visa requirement on the day of entry, when the option `visaRequirement.date` keys it
  /// there and that day falls in another date segment than the lodging date (the rules in
  /// force differ). `nil` when the lodging date's answer stands. Leaves `run` as it found it.
  private func visaRequirementOnEntry(_ run: inout Run) throws(VisaRulesError) -> (outcome: Outcome?, trace: [TraceEntry])? {
    guard let k = requirementDateOption, run.facts.options[k] == requirementOnEntry else { return nil }
    let lodging = run.input.lodging
    let entry = run.input.tripStart
    guard entry != lodging else { return nil }
    if let scope = run.scope, scope.sameRequirementRules(entry, lodging) { return nil }
    let day = try onEntryDay(&run, keepingAge: false) { (run) throws(VisaRulesError) in try decide(.visaRequired, &run) }
    return (day.value, day.trace)
  }

  /// The visa requirement (its outcome's number) decided again with the travel document taken as
  /// not biometric, on the day the pass decided it (the day of entry where the option says so).
  /// `run` is then begun again and the requirement decided as before, its warnings, trace,
  /// options consulted and assumptions as they were.
  private func requirementIfNotBiometric(_ run: inout Run) throws(VisaRulesError) -> Int? {
    let warnings = run.warnings
    let trace = run.trace
    let consulted = run.consulted
    let assumed = run.scratch.assumed.pointee
    let chosen = run.chosen
    let tracing = run.tracing
    run.input.biometric = 1
    begin(&run, chosen, trace: false)
    var outcome = try decide(.visaRequired, &run)
    if let entry = try visaRequirementOnEntry(&run) { outcome = entry.outcome }
    run.input.biometric = 0
    begin(&run, chosen, trace: tracing)
    _ = try decide(.visaRequired, &run)
    run.warnings = warnings
    run.trace = trace
    run.consulted = consulted
    run.scratch.assumed.pointee = assumed
    return outcome?.number
  }

  /// The notices of the day of entry of a traveller who needs a visa (the Entry/Exit System,
  /// `eligibility.entryNotice`), when that day reads other rules than the lodging date: decided
  /// on the rules of the day of entry, with the age of the lodging date, before anything else of
  /// `run` (which the pass begins again). `nil`: the lodging date's rules give the same notices.
  private func entryNoticesOnEntry(
    _ run: inout Run
  ) throws(VisaRulesError) -> (notices: [VersionRow], trace: [TraceEntry], consulted: UInt64)? {
    let lodging = run.input.lodging
    let entry = run.input.tripStart
    guard entry != lodging, tables.groupCount[Figure.entryNotice.index] > 0 else { return nil }
    if let scope = run.scope, scope.sameEntryNoticeRules(entry, lodging) { return nil }
    let day = try onEntryDay(&run, keepingAge: true) { (run) throws(VisaRulesError) in
      _ = try decide(.entryNotice, &run, list: .notices)
      return Array(run.notices)
    }
    return (day.value, day.trace, day.consulted)
  }

  /// The travel notices of a visa-free traveller (the Entry/Exit System, ETIAS, the 90/180-day
  /// rule) concern the border crossing: the rules in force are those of the day of entry
  /// (`trip.start`), whatever the lodging date. Ages stay as on the lodging date, the day the
  /// traveller asks (ETIAS fees depend on the age "at the time of the application", Art. 18(2)).
  /// Everything else of `run` stays as on the lodging date; the entry day's trace entries follow
  /// the lodging date's. The notices for every traveller (`eligibility.entryNotice`) come first.
  private func decideTravelNoticesOnEntry(_ run: inout Run) throws(VisaRulesError) {
    let lodging = run.input.lodging
    let entry = run.input.tripStart
    guard entry != lodging else {
      _ = try decide(.entryNotice, &run, list: .notices)
      _ = try decide(.travelNotice, &run, list: .notices)
      return
    }
    let warnings = run.warnings
    let trace = run.trace
    let consulted = run.consulted
    let assumed = run.scratch.assumed.pointee
    let day = try onEntryDay(&run, keepingAge: true) { (run) throws(VisaRulesError) in
      _ = try decide(.entryNotice, &run, list: .notices)
      _ = try decide(.travelNotice, &run, list: .notices)
      return run.notices
    }
    run.warnings = warnings
    run.notices = day.value
    run.trace = trace.map { $0 + day.trace }
    run.consulted = consulted | day.consulted
    run.scratch.assumed.pointee |= assumed
  }

  /// Runs `body` on the rules of the day of entry (the run begun again with the trip's start as
  /// its day; `keepingAge`: the applicant's age stays the lodging date's), then begins the run
  /// on the lodging date again. Returns what `body` returned, with the entry day's trace entries
  /// and the options it consulted; what the entry day assumed about the travel document stands.
  private func onEntryDay<T>(
    _ run: inout Run, keepingAge: Bool, _ body: (inout Run) throws(VisaRulesError) -> T
  ) throws(VisaRulesError) -> (value: T, trace: [TraceEntry], consulted: UInt64) {
    let lodging = run.input.lodging
    let chosen = run.chosen
    let tracing = run.tracing
    let age = run.facts.age
    run.input.lodging = run.input.tripStart
    begin(&run, chosen, trace: tracing)
    if keepingAge { run.facts.age = age }
    let value = try body(&run)
    let trace = run.trace ?? []
    let consulted = run.consulted
    let assumed = run.scratch.assumed.pointee
    run.input.lodging = lodging
    begin(&run, chosen, trace: tracing)
    run.scratch.assumed.pointee |= assumed
    return (value, trace, consulted)
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
    let margin = documentMargin(run).months
    let cap = LocalDate(dayNumber: run.input.documentExpiry).adding(months: -margin)
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
    // Travel-document cap (Visa Code Art. 24(2) last subparagraph, Art. 12(a)) and the
    // entitlement's own limit (Evaluator+ValidityCaps).
    let expiry = LocalDate(dayNumber: run.input.documentExpiry)
    let tripStart = LocalDate(dayNumber: run.input.tripStart)
    let margin = documentMargin(run)
    run.consulted |= margin.options
    let capped = cappedValidity(months: best.number, pv: best.pv, run.input, margin: margin.months)
    let cap = capped.documentCap
    let documentCaps = cap < capped.end
    let until = capped.until
    if let (limit, date) = capped.limit {
      if let date {
        if date < tripStart && cap >= tripStart {
          run.warnings.append(.limitLeavesNoRoom(cap: limit, until: date, tripStart: tripStart))
          return
        }
        if date < min(capped.end, cap) { run.warnings.append(.validityLimited(cap: limit, until: date)) }
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
}
