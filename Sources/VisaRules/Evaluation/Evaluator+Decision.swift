extension Evaluator {
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
      warnings: warnings, assumptions: assumptions, trace: run.trace ?? [], whyNot: run.whyNot)
  }
}
