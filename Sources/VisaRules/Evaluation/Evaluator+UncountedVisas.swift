/// The cascade's uncounted visas in every decision, traced or not (issue 13: "when a visa in the
/// history is not counted, the decision says which one and why"). The trace's "why not" gives
/// the same reasons for every figure; this gives them for the validity alone, without a trace,
/// for any visa the count left out: a repeat, one not lawfully used or never used, a kind that
/// does not count, one outside the look-back window. A first pass over the compiled conditions
/// (``ShortfallFinder/summary(_:_:historyOnly:)``) allocates and words nothing; only the entitlement kept
/// is worded.
extension Evaluator {
  /// Adds a warning naming the nearest multiple-entry entitlement that only the visa history
  /// kept from the applicant, the visas its count left out and why (``ShortfallFinder/history(_:)``).
  func noteUncountedVisas(_ v: Verdict, _ run: inout Run) {
    run.uncountedVisas.removeAll(keepingCapacity: true)
    let history = run.facts.history
    guard !history.isEmpty else { return }
    let current = v.validityMultiple ? (v.validityMonths ?? 0) : 0
    // A first pass finds the nearest entitlement from the shortfalls' summaries (nothing
    // allocated, nothing worded); the second words the one kept.
    let finder = shortfallFinder(&run)
    var quiet = run.facts
    quiet.assumed = nil
    let t = tables
    let segment = run.segment.unsafelyUnwrapped
    let fi = Figure.validity.index
    let groups = t.figureGroupOffset[fi]
    let categories = run.facts.categories
    var best: (count: Int, months: Int, p: Int, v: Int, condition: Int32)?
    // The validity candidates in force on the lodging date (the date segment's entries, in
    // rule-book order), cheapest tests first.
    for g in 0..<t.groupCount[fi] where run.applicable[Int(t.groupRegime[groups &+ g])] {
      let range = segment.groupEntries[groups &+ g]
      for k in Int(range.0)..<Int(range.0 &+ range.1) {
        let e = segment.entries[k]
        let p = Int(e.provision)
        // A category the condition needs and the applicant lacks: a shortfall of the person,
        // never of the history alone.
        guard e.number > current, t.provisionInfo[p].flags & EngineTables.entitlement != 0,
          e.requires == 0 || categories & e.requires != 0
        else { continue }
        let vi = Int(e.version)
        let prov = rules.provisions[p]
        guard case .validity(true, let months?, _) = prov.versions[vi].value, months > current else { continue }
        var suspended = false
        var ignored: UInt64 = 0
        for j in Int(e.suspendedStart)..<Int(e.suspendedStart &+ e.suspendedCount)
        where t.holds(t.suspensionInfo[Int(segment.entrySuspensions[j])].condition, run.factsPointer, &ignored) {
          suspended = true
          break
        }
        if suspended { continue }
        let summary = finder.summary(e.condition, &quiet, historyOnly: true)
        // Stopping early changes no choice: debug builds (`swift test`) check it on every
        // candidate.
        assert(
          { () -> Bool in
            guard let exact = finder.summary(e.condition, &quiet) else { return summary == nil }
            if exact.onlyHistory { return summary == exact }
            return summary.map { !$0.onlyHistory } ?? false
          }(), "summary \(prov.id)")
        // Only the history may be missing, and the count must have left a visa out.
        guard let s = summary, s.onlyHistory, s.leavesVisaUncounted else { continue }
        if let b = best, (b.count, b.months) <= (s.count, months) { continue }
        best = (s.count, months, p, vi, e.condition)
      }
    }
    guard let best else { return }
    let version = rules.provisions[best.p].versions[best.v]
    let gives = version.value.describe(.validity, rules: rules)
    let why = (finder.shortfalls(best.condition) ?? []).map { $0.text }.joined(separator: "; ")
    run.uncountedVisas.append("visas not counted: \(version.citationText) would give \(gives): \(why)")
    run.warnings.append(.uncountedVisas(index: run.uncountedVisas.count - 1))
  }
}
