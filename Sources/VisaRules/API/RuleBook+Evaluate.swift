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
    if a.fee.amount != b.fee.amount { out.append("fee \(b.fee.amount) (\(b.fee.ruling.citation))") }
    if a.validity.entries != b.validity.entries || a.validity.maxMonths != b.validity.maxMonths || a.validity.until != b.validity.until {
      if b.validity.entries == .multiple, let m = b.validity.maxMonths {
        out.append("multiple-entry validity \(m) months until \(b.validity.until.map { "\($0)" } ?? "?")")
      } else {
        out.append("single-entry validity")
      }
    }
    if a.processing.standardDays?.value != b.processing.standardDays?.value {
      out.append("decision within \(b.processing.standardDays.map { "\($0.value) days" } ?? "no set period")")
    }
    if a.lodging.earliest != b.lodging.earliest || a.lodging.latest != b.lodging.latest {
      out.append("lodging window \(b.lodging.earliest.map { "\($0)" } ?? "–") to \(b.lodging.latest.map { "\($0)" } ?? "–")")
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

  func decision(for app: Application, _ run: inout Run) throws(VisaRulesError) -> Decision {
    var notices: [String] = []
    var discretionary: [Outcome] = []
    var warnings: [String] = []
    let lodging = app.lodgingDate

    guard let feeOutcome = try decide(.fee, &run, notices: &notices, discretionary: &discretionary) else {
      throw VisaRulesError(
        .notCovered, field: "lodgingDate", value: lodging.description,
        message: "no provision in force sets the fee for this application on its lodging date",
        allowed: "a lodging date and destination the rules cover (see `visa rules list`)")
    }
    let feeRuling = moneyRuling(feeOutcome)
    let feeProvision = rules.provisions[feeOutcome.provision]
    var waiver: FeeWaiver?
    if feeProvision.kind == "waiver" {
      waiver = FeeWaiver(provision: feeProvision.id, citation: feeRuling.citation, reason: feeProvision.summary, citationText: feeRuling.citationText)
    }
    if feeRuling.status == .unverified {
      warnings.append("UNVERIFIED: the fee rests on \(feeRuling.citation), which the legal reference marks [U]; re-check before relying on it")
    }
    for (figure, s) in run.unverifiedSuspensions where figure == .fee {
      let sus = rules.suspensions[s]
      warnings.append("UNVERIFIED: the fee depends on \(sus.citation) (\(sus.id)), which the legal reference marks [U]; see `visa options` for the alternative reading")
    }
    let cap = try decide(.serviceFeeCap, &run, notices: &notices, discretionary: &discretionary).map(moneyRuling)

    let standard = try decide(.decisionStandardDays, &run, notices: &notices, discretionary: &discretionary).map(ruling)
    let extended = try decide(.decisionExtendedDays, &run, notices: &notices, discretionary: &discretionary).map(ruling)
    let exceptional = try decide(.decisionExceptionalDays, &run, notices: &notices, discretionary: &discretionary).map(ruling)
    let urgent = try decide(.decisionUrgentWorkingDays, &run, notices: &notices, discretionary: &discretionary).map(ruling)
    let processing = Processing(
      standardDays: standard, extendedDays: extended, exceptionalDays: exceptional, urgentWorkingDays: urgent,
      deadline: standard.map { lodging.adding(days: $0.value) }, extendedDeadline: extended.map { lodging.adding(days: $0.value) },
      exceptionalDeadline: exceptional.map { lodging.adding(days: $0.value) })

    let earliestMonths = try decide(.lodgingEarliestMonths, &run, notices: &notices, discretionary: &discretionary).map(ruling)
    let latestDays = try decide(.lodgingLatestDays, &run, notices: &notices, discretionary: &discretionary).map(ruling)
    let earliest = earliestMonths.map { app.trip.start.adding(months: -$0.value) }
    let latest = latestDays.map { app.trip.start.adding(days: -$0.value) }
    let within = (earliest.map { lodging >= $0 } ?? true) && (latest.map { lodging <= $0 } ?? true)
    if let earliest, lodging < earliest, let m = earliestMonths {
      warnings.append("lodged too early: applications for a trip starting \(app.trip.start) may be lodged from \(earliest) (\(m.citation))")
    }
    if let latest, lodging > latest, let d = latestDays {
      warnings.append("lodged later than the rule of \(d.citation) (\(latest)); the consulate may still accept it in justified cases of urgency")
    }
    let window = LodgingWindow(earliestMonths: earliestMonths, latestDays: latestDays, earliest: earliest, latest: latest, withinWindow: within)

    warnings += run.lawfulUseFailures
    let validity = try decideValidity(app, &run, notices: &notices, discretionary: &discretionary, warnings: &warnings)
    // Eligibility: visa requirement, whether lodging is possible, documents.
    func flag(_ o: Outcome?) -> Ruling<Bool>? {
      o.map { let r = ruling($0); return Ruling(value: r.value == 1, provision: r.provision, citation: r.citation, status: r.status, citationText: r.citationText) }
    }
    var unused: [Outcome] = []
    var documents: [String] = []
    let visaRequired = flag(try decide(.visaRequired, &run, notices: &notices, discretionary: &unused))
    let lodgingAvailable = flag(try decide(.lodgingAvailable, &run, notices: &notices, discretionary: &unused))
    _ = try decide(.document, &run, notices: &documents, discretionary: &unused)
    if visaRequired == nil {
      warnings.append("whether nationals of \(app.applicant.nationality) need a visa is not encoded (Regulation (EU) 2018/1806, Annexes I and II): the figures assume one is needed")
    } else if visaRequired?.value == false, let v = visaRequired {
      warnings.append("no visa is required for this trip (\(v.citationText)): the figures apply only if one is applied for anyway")
    }
    if let l = lodgingAvailable, !l.value {
      warnings.append("the application cannot be lodged at this place on this date (\(l.citationText))")
    }
    let eligibility = Eligibility(visaRequired: visaRequired, lodgingAvailable: lodgingAvailable, withinWindow: within, documents: documents)
    var fastTrack: FastTrackOutcome?
    if let ft = app.fastTrack {
      var benefits: [String] = []
      let applies = flag(try decide(.fastTrackApplies, &run, notices: &notices, discretionary: &unused))
      if applies?.value == true {
        _ = try decide(.fastTrackBenefit, &run, notices: &benefits, discretionary: &unused)
      }
      var outcome = FastTrackOutcome(scheme: ft.scheme, applies: applies, benefits: benefits, suggestedMonths: nil, suggestion: nil, limits: [])
      if applies?.value == true { suggest(&outcome, validity: validity, discretionary: discretionary, app: app, run: &run) }
      fastTrack = outcome
    }

    var extensionFee: Ruling<Money>?
    if app.extensionGround != nil {
      extensionFee = try decide(.extensionFee, &run, notices: &notices, discretionary: &discretionary).map(moneyRuling)
    }
    _ = try decide(.notice, &run, notices: &notices, discretionary: &discretionary)
    warnings = notices + warnings

    var assumptions: [Assumption] = []
    for o in rules.options.indices where run.consulted & (1 << UInt64(o)) != 0 {
      assumptions.append(
        Assumption(option: rules.options[o].key, value: rules.options[o].values[run.facts.options[o]], source: run.optionSources[o], alternatives: []))
    }
    var instruments: [String] = []
    for (i, applies) in run.applicable.enumerated() where applies && rules.instruments[i].regime == i {
      instruments.append(rules.instruments[i].id)
    }
    return Decision(
      id: app.id, lodgingDate: lodging,
      fee: Fee(amount: feeRuling.value, ruling: feeRuling, waiver: waiver), serviceFeeCap: cap,
      processing: processing, lodging: window, validity: validity, extensionFee: extensionFee, eligibility: eligibility,
      fastTrack: fastTrack, instruments: instruments,
      warnings: warnings, assumptions: assumptions, trace: run.trace ?? [])
  }

  /// A fast track's validity suggestion, within every hard limit: it applies only where the
  /// law leaves discretion (Visa Code Art. 24(2) VC-2010, 24(2c)), never below an entitlement,
  /// never past the travel-document cap; each limit that bites is said.
  private func suggest(_ ft: inout FastTrackOutcome, validity: Validity, discretionary: [Outcome], app: Application, run: inout Run) {
    guard let s = run.suggestions.max(by: { $0.number < $1.number }) else { return }
    var months = s.number
    ft.suggestion = ruling(s)
    let entitled = validity.entries == .multiple ? (validity.maxMonths ?? 0) : 0
    guard let room = discretionary.max(by: { $0.number < $1.number }) else {
      let why = run.discretionRemovedBy.map { "\(rules.suspensions[$0].citation) (\(rules.suspensions[$0].id)) leaves no discretion" }
        ?? "no provision in force leaves the consulate discretion"
      ft.limits.append("\(why): the suggested \(months)-month visa cannot be given" + (entitled > 0 ? "; the entitlement is \(entitled) months" : "; single entry"))
      ft.suggestedMonths = entitled > 0 ? entitled : nil
      return
    }
    if months > room.number {
      ft.limits.append("the discretion of \(rules.provisions[room.provision].versions[room.version].citationText) ends at \(room.number) months")
      months = room.number
    }
    if months < entitled {
      ft.limits.append("the entitlement (\(entitled) months) is longer than the suggestion: the entitlement stands")
      months = entitled
    }
    var cap = app.applicant.travelDocument.expiry
    if let k = documentCapOption, rules.options[k].values[run.facts.options[k]] == "expiryMinus3Months" { cap = cap.adding(months: -3) }
    let end = app.trip.start.adding(months: months).adding(days: -1)
    if cap < end {
      ft.limits.append("the travel document caps any visa at \(cap)")
    }
    ft.suggestedMonths = months
  }

  private func decideValidity(
    _ app: Application, _ run: inout Run, notices: inout [String], discretionary: inout [Outcome], warnings: inout [String]
  ) throws(VisaRulesError) -> Validity {
    let best = try decide(.validity, &run, notices: &notices, discretionary: &discretionary)
    var text: String?
    if let d = discretionary.max(by: { $0.number < $1.number }) {
      text = rules.provisions[d.provision].versions[d.version].annotatedText
    }
    guard let best, best.multiple, best.number > 0 else {
      var restriction: String?
      if let s = run.validityRestrictedBy {
        let sus = rules.suspensions[s]
        restriction = "\(sus.citation) (\(sus.id))"
      }
      return Validity(entries: .single, maxMonths: nil, until: nil, ruling: best.map(ruling), discretionary: text, restrictedBy: restriction)
    }
    // Travel-document cap (Visa Code Art. 24(2) last subparagraph, Art. 12(a)).
    var cap = run.documentExpiry
    if let k = documentCapOption {
      run.consulted |= 1 << UInt64(k)
      if rules.options[k].values[run.facts.options[k]] == "expiryMinus3Months" { cap = cap.adding(months: -3) }
    }
    let end = run.tripStart.adding(months: best.number).adding(days: -1)
    let documentCaps = cap < end
    var until = min(end, cap)
    if case .validity(_, _, let limit?) = rules.provisions[best.provision].versions[best.version].value {
      let date = limit == .hostResidenceUntil ? app.applicant.host?.residenceUntil : app.applicant.termOfOfficeUntil
      let what = limit == .hostResidenceUntil ? "the host's residence permit (applicant.host.residenceUntil)" : "the term of office (applicant.termOfOfficeUntil)"
      if let date {
        if date < until { warnings.append("validity limited to \(what), which ends \(date)") }
        until = min(until, date)
      } else {
        warnings.append("the entitlement is limited to \(what), which the application does not give")
      }
    }
    if until < run.tripStart {
      warnings.append("the travel document's validity (\(run.documentExpiry)) leaves no room for a multiple-entry visa from \(run.tripStart)")
      return Validity(entries: .single, maxMonths: nil, until: nil, ruling: ruling(best), discretionary: text, restrictedBy: nil)
    }
    if documentCaps && until == cap {
      warnings.append("validity capped at \(until) by the travel document expiring \(run.documentExpiry)")
    }
    let r = ruling(best)
    if r.status == .unverified {
      warnings.append("UNVERIFIED: the validity rests on \(r.citation), which the legal reference marks [U]")
    }
    return Validity(entries: .multiple, maxMonths: best.number, until: until, ruling: r, discretionary: text, restrictedBy: nil)
  }
}
