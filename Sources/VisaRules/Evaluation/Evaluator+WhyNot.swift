/// The traced path's "why not": what each provision that did not apply was missing, and, for
/// each figure that did not go the applicant's way, the nearest provision that would have
/// given more. Called only when a trace is asked for.
extension Evaluator {
  /// A finder over the run's facts. It takes the run `inout` so that no copy of the working
  /// state is made to read three of its fields.
  func shortfallFinder(_ run: inout Run) -> ShortfallFinder {
    ShortfallFinder(
      evaluator: self, conditions: tables.conditions, facts: UnsafePointer(run.factsPointer), tripStart: run.input.tripStart,
      birth: run.input.birth,
      memo: run.tracing ? run.shortfallMemo : nil)
  }

  /// What a provision's version needed that the application did not give (empty when its
  /// condition holds).
  func conditionShortfalls(_ p: ProvisionIndex, _ v: VersionIndex, _ run: inout Run) -> [Shortfall] {
    shortfallFinder(&run).shortfalls(tables.versionInfo[tables.row(p, v)].condition) ?? []
  }

  /// Why an instrument does not apply: its scope's unmet requirements, or the suspension.
  func instrumentShortfalls(_ regime: InstrumentIndex, _ run: inout Run) -> [Shortfall] {
    let info = tables.instrumentInfo[regime]
    let day = run.facts.lodging
    if day < info.from || day > info.until { return [] }
    if let s = shortfallFinder(&run).shortfalls(info.scope) { return s }
    if let s = suspensionInForce(rules.instruments[regime].suspendedBy, run.factsPointer) {
      return [Shortfall(aspect: .suspension, text: "suspended by " + suspensionLabels[s])]
    }
    return []
  }

  /// The figures a "why not" looks at, with the outcome the verdict gave (as the engine
  /// compares them; `nil`: no provision decided).
  private func outcomes(_ v: Verdict) -> [(Figure, Int?)] {
    if v.exempt { return [] }
    var out: [(Figure, Int?)] = [(.visaRequired, v.visaRequired?.number)]
    guard let fee = v.fee else { return out }
    out.append((.fee, fee.number))
    out.append((.validity, v.validityMultiple ? (v.validityMonths ?? 0) : 0))
    out.append((.decisionStandardDays, v.standard?.number))
    out.append((.lodgingAvailable, v.lodgingAvailable?.number ?? 1))
    return out
  }

  /// For each figure that did not go the applicant's way, the nearest provision that would
  /// have given more: it did not apply only for circumstances, the history, an option or a
  /// suspension; the fewest unmet requirements win, then the smallest improvement.
  func whyNot(_ v: Verdict, _ run: inout Run) -> [WhyNot] {
    guard let trace = run.trace else { return [] }
    let considered = outcomes(v)
    if considered.isEmpty { return [] }
    let day = run.facts.lodging
    typealias Best = (entry: Int, version: VersionIndex, shortfalls: [Shortfall], distance: Int, gain: Int)
    var best = [Best?](repeating: nil, count: considered.count)
    // One pass over the trace; the cheap tests first.
    for i in trace.indices {
      guard let k = considered.firstIndex(where: { $0.0 == trace[i].figure }) else { continue }
      switch trace[i].verdict {
      case .conditionFalse, .suspended, .instrumentNotApplicable: break
      default: continue
      }
      let p = trace[i].provisionIndex
      guard p.value >= 0, !trace[i].shortfalls.isEmpty, !trace[i].shortfalls.contains(where: { $0.isAboutWhoTheApplicantIs }) else {
        continue
      }
      let (figure, outcome) = considered[k]
      let prov = rules.provisions[p]
      if figure == .validity && !prov.isEntitlement { continue }
      guard let vi = versionIndex(prov, at: day) else { continue }
      let number = self.number(prov.versions[vi].value, at: day)
      let gain: Int
      if let o = outcome {
        gain = figure.lowerIsFavourable ? o - number : number - o
      } else {
        gain = 1
      }
      guard gain > 0 else { continue }
      var shortfalls = trace[i].shortfalls
      // The provision's own shortfalls can only add to these: one that cannot beat the best so
      // far is passed over before they are looked for.
      if let b = best[k], (b.distance, b.gain) <= (shortfalls.count, gain) { continue }
      if case .instrumentNotApplicable = trace[i].verdict {
        // The instrument is suspended: would the provision itself have applied? A category
        // it needs and the applicant lacks says no at once.
        let requires = tables.versionRequires[tables.row(p, vi)]
        if requires != 0 && run.facts.categories & requires == 0 { continue }
        // The cheap pass next: a requirement about who the applicant is says no as well,
        // before any is worded.
        var quiet = run.facts
        quiet.assumed = nil
        let node = tables.versionInfo[tables.row(p, vi)].condition
        if let s = shortfallFinder(&run).summary(node, &quiet), s.distance >= 100 { continue }
        shortfalls = conditionShortfalls(p, vi, &run) + shortfalls
        if shortfalls.contains(where: { $0.isAboutWhoTheApplicantIs }) { continue }
      }
      if shortfalls.contains(where: { !$0.withinReach }) { continue }
      let distance = shortfalls.count
      if let b = best[k], (b.distance, b.gain) <= (distance, gain) { continue }
      best[k] = (i, vi, shortfalls, distance, gain)
    }
    var out: [WhyNot] = []
    for (k, b) in best.enumerated() {
      guard let b else { continue }
      let t = trace[b.entry]
      let figure = considered[k].0
      out.append(
        WhyNot(
          figure: figure, provision: t.provision, citation: t.citation, status: t.status,
          wouldGive: rules.provisions[t.provisionIndex].versions[b.version].value.describe(figure, rules: rules),
          shortfalls: b.shortfalls))
    }
    return out
  }
}
