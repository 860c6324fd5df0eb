/// Cap-aware validity: each multiple-entry candidate is capped first (by the travel document and
/// by its own limit, the host's residence permit or the term of office), then the longest actual
/// validity wins. A VFA Art. 5(1) visa limited to a host's permit must not beat a longer Visa
/// Code cascade visa on its raw months (the law gives the applicant the better right).
extension Evaluator {
  /// Where a multiple-entry validity ends once capped.
  struct CappedValidity {
    /// The end counted from the trip's start (the months less one day), before any cap.
    var end: LocalDate
    /// The travel document's cap: its expiry less the margin of
    /// `validity.travelDocumentMarginMonths` (``documentMargin(_:)``).
    var documentCap: LocalDate
    /// The version's own limit and its date (`nil` when the application does not give it).
    var limit: (cap: ValidityCap, date: LocalDate?)?
    /// The actual end: the earliest of the three.
    var until: LocalDate
  }

  /// The months before the travel document's expiry at which a multiple-entry visa ends at the
  /// latest: the rule-book figure `validity.travelDocumentMarginMonths` on the lodging date where
  /// its provision's condition (interpretation options only) holds for the run, else 0 (the
  /// expiry itself); `options` has a bit for each option the condition read.
  func documentMargin(_ run: Run) -> (months: Int, options: UInt64) {
    guard let s = rules.ruleBookFigure(.validityTravelDocumentMarginMonths, on: run.input.lodging) else { return (0, 0) }
    var read: UInt64 = 0
    let holds = Evaluator.optionsHold(rules.provisions[s.provision].versions[s.version].condition, run.facts.options, &read)
    return (holds ? s.value : 0, read)
  }

  /// Whether a condition that tests interpretation options only holds for these option values
  /// (the loader allows nothing else in a rule-book figure's `when`).
  private static func optionsHold(_ c: Condition, _ options: UnsafeBufferPointer<Int>, _ read: inout UInt64) -> Bool {
    switch c {
    case .option(let k, let v):
      read |= 1 << UInt64(k)
      return options[k] == v
    case .all(let parts):
      var all = true
      for p in parts where !optionsHold(p, options, &read) { all = false }
      return all
    case .any(let parts):
      var any = false
      for p in parts where optionsHold(p, options, &read) { any = true }
      return any
    case .not(let x): return !optionsHold(x, options, &read)
    default: return true
    }
  }

  /// The capped end of a multiple-entry validity of `months` given by version `pv`.
  func cappedValidity(months: Int, pv: VersionRow, _ input: Input, margin: Int) -> CappedValidity {
    let tripStart = LocalDate(dayNumber: input.tripStart)
    var documentCap = LocalDate(dayNumber: input.documentExpiry)
    if margin != 0 { documentCap = documentCap.adding(months: -margin) }
    let end = tripStart.adding(months: months).adding(days: -1)
    var until = min(end, documentCap)
    var limit: (cap: ValidityCap, date: LocalDate?)?
    let c = Int(tables.versionInfo[pv].cap)
    if c > 0 {
      let cap = ValidityCap.allCases[c - 1]
      let day = cap == .hostResidenceUntil ? input.hostResidenceUntil : input.termOfOfficeUntil
      let date = day.map { LocalDate(dayNumber: $0) }
      if let date { until = min(until, date) }
      limit = (cap, date)
    }
    return CappedValidity(end: end, documentCap: documentCap, limit: limit, until: until)
  }

  /// The trace's "less favourable than" for a validity: the winner's citation and, when both
  /// are multiple-entry, where each ends once capped (and what capped the loser).
  func compareCapped(
    _ winner: String, _ w: (number: Int, pv: VersionRow), _ l: (number: Int, pv: VersionRow), _ input: Input, margin: Int
  ) -> String {
    guard tables.versionInfo[w.pv].multiple, w.number > 0, tables.versionInfo[l.pv].multiple, l.number > 0 else { return winner }
    let a = cappedValidity(months: w.number, pv: w.pv, input, margin: margin)
    let b = cappedValidity(months: l.number, pv: l.pv, input, margin: margin)
    var by = ""
    if b.until < b.end {
      if let (cap, date) = b.limit, date == b.until {
        by = cap == .hostResidenceUntil ? ", by the host's residence permit" : ", by the term of office"
      } else if b.until == b.documentCap {
        by = ", by the travel document"
      }
    }
    return "\(winner) (until \(a.until); this one, \(l.number) months, ends \(b.until)\(by))"
  }

  /// How favourable a validity outcome is once capped, higher being better: every multiple-entry
  /// outcome ranks above every single-entry one; among multiple-entry outcomes the later actual
  /// end wins, then the longer months (months stay below 4096: `validity.maximumMonths` ≤ 1200).
  func validityRank(number: Int, pv: VersionRow, _ input: Input, margin: Int) -> Int {
    guard tables.versionInfo[pv].multiple, number > 0 else { return number }
    let until = cappedValidity(months: number, pv: pv, input, margin: margin).until
    let days = max(0, until.dayNumber - input.tripStart + 1)
    return (days + 1) << 12 | number
  }
}
