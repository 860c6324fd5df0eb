extension Evaluator {
  /// Why instrument `regime` does not apply to the application (the trace's
  /// `instrumentNotApplicable`), worded once per instrument and evaluation: it does not change
  /// from figure to figure.
  func instrumentReason(_ regime: InstrumentIndex, _ run: inout Run) -> String {
    if run.scopeReasons.isEmpty { run.scopeReasons = Array(repeating: nil, count: run.instrumentCount) }
    if let known = run.scopeReasons[regime.value] { return known }
    let reason = instrumentReasonWords(regime, run)
    run.scopeReasons[regime.value] = reason
    return reason
  }

  private func instrumentReasonWords(_ regime: InstrumentIndex, _ run: Run) -> String {
    let reasons = run.traceParts.unsafelyUnwrapped.fragments.instrumentReasons[regime.value]
    let info = tables.instrumentInfo[regime]
    let day = run.facts.lodging
    if day < info.from || day > info.until {
      // Not reached from a decision (it asks only of instruments in force), and worded here only:
      // an instrument without an end has no date to word.
      let inst = rules.instruments[regime]
      if day < inst.from { return "\(inst.shortName) not yet in force (from \(LocalDate(dayNumber: inst.from)))" }
      return "\(inst.shortName) no longer in force (until \(LocalDate(dayNumber: inst.until)))"
    }
    var ignored: UInt64 = 0
    if !tables.holds(info.scope, run.factsPointer, &ignored) { return reasons.outsideScope }
    let suspendedBy = rules.instruments[regime].suspendedBy
    if let s = suspensionInForce(suspendedBy, run.factsPointer), let k = suspendedBy.firstIndex(of: s.value) {
      return reasons.suspended[k] ?? suspendedReason(regime, s)
    }
    return reasons.doesNotApply
  }

  /// Every way an instrument in force can fail to apply, in words (the same for every application:
  /// worded once per rule book, in ``TraceFragments``).
  struct InstrumentReasons {
    var outsideScope: String
    /// By suspension, in the order of the instrument's `suspendedBy` (`nil`: a suspension
    /// without a first day, worded when met).
    var suspended: [String?]
    var doesNotApply: String
  }

  func instrumentReasons(_ regime: InstrumentIndex) -> InstrumentReasons {
    let inst = rules.instruments[regime]
    return InstrumentReasons(
      outsideScope: "outside the scope of \(inst.shortName) (\(rules.publicInstruments[regime].scope))",
      suspended: inst.suspendedBy.map { s in
        abs(rules.suspensions[s].from) < Int.max / 2 ? suspendedReason(regime, SuspensionIndex(s)) : nil
      },
      doesNotApply: "\(inst.shortName) does not apply")
  }

  private func suspendedReason(_ regime: InstrumentIndex, _ s: SuspensionIndex) -> String {
    let sus = rules.suspensions[s]
    return "\(rules.instruments[regime].shortName) suspended by \(sus.citation) (\(sus.id)) from \(LocalDate(dayNumber: sus.from))"
  }

  /// The first of `suspensions` in force on the lodging date whose condition holds for the
  /// application (what switches an instrument or a provision off), if any.
  func suspensionInForce(_ suspensions: [Int], _ facts: UnsafeMutablePointer<Facts>) -> SuspensionIndex? {
    let day = facts.pointee.lodging
    var ignored: UInt64 = 0
    for s in suspensions.lazy.map(SuspensionIndex.init) {
      let sus = rules.suspensions[s]
      if sus.from <= day && day <= sus.until && tables.holds(tables.suspensionInfo[s].condition, facts, &ignored) {
        return s
      }
    }
    return nil
  }

  func record(_ p: ProvisionIndex, _ v: VersionIndex?, _ verdict: TraceEntry.Verdict, _ run: inout Run, _ shortfalls: [Shortfall] = []) {
    guard run.tracing else { return }
    let fixed = run.traceParts.unsafelyUnwrapped.fixedParts[v.map { tables.row(p, $0).value } ?? tables.versionInfo.count + p.value]
    run.trace!.append(TraceEntry(fixed, verdict: verdict, shortfalls: shortfalls, provisionIndex: p))
  }

  /// The fixed part of the trace entries of provision `p` (version `v`, if one is in force),
  /// numbered for ``TraceFragments``: what the rule book says of it, the same for every
  /// application.
  func traceFixedPart(_ p: ProvisionIndex, _ v: VersionIndex?) -> TraceEntry.FixedPart.Fields {
    let prov = rules.provisions[p]
    // The version's fields are read in place (binding the version would copy it).
    guard let v else {
      return TraceEntry.FixedPart.Fields(
        figure: prov.figure, provision: prov.id, citation: prov.citation, status: prov.status, period: nil, value: "",
        condition: "", citationText: prov.citationText, fragment: tables.versionInfo.count + p.value)
    }
    return TraceEntry.FixedPart.Fields(
      figure: prov.figure, provision: prov.id, citation: prov.versions[v].citation, status: prov.versions[v].status,
      period: Period(
        from: LocalDate(dayNumber: prov.versions[v].from),
        until: prov.versions[v].until == Int.max ? nil : LocalDate(dayNumber: prov.versions[v].until)),
      value: rules.publicProvisions[p].versions[v].value, condition: prov.versions[v].conditionText,
      citationText: prov.versions[v].citationText, fragment: tables.row(p, v).value)
  }

  func markVerdict(_ p: ProvisionIndex, _ figure: Figure, _ verdict: TraceEntry.Verdict, _ run: inout Run, from: Int) {
    guard let count = run.trace?.count else { return }
    // In place: the trace is never copied.
    for i in from..<count where run.trace![i].provisionIndex == p && run.trace![i].figure == figure && run.trace![i].verdict == .applied {
      run.trace![i].verdict = verdict
    }
  }
}
