extension Evaluator {
  // MARK: - Figures

  func versionIndex(_ p: CompiledProvision, at day: Int) -> VersionIndex? {
    EngineTables.versionIndex(p, at: day).map(VersionIndex.init)
  }

  /// The number a version gives on the lodging date (cents, days, months).
  func number(_ value: ProvisionValue, at day: Int) -> Int { EngineTables.number(rules, value, at: day) }

  /// A provision was switched off by suspension `s`: remember what that takes away.
  @inline(__always) func suspended(_ figure: Figure, _ p: ProvisionIndex, _ s: SuspensionIndex, _ run: inout Run) {
    let flags = tables.provisionInfo[p].flags
    if figure == .validity {
      if flags & EngineTables.entitlement != 0 && run.validityRestrictedBy == nil { run.validityRestrictedBy = s }
      if flags & EngineTables.discretionary != 0 && run.discretionRemovedBy == nil { run.discretionRemovedBy = s }
    }
    if tables.suspensionInfo[s].unverified
      && !run.unverifiedSuspensions.contains(where: { $0.figure == figure && $0.suspension == s })
    {
      run.unverifiedSuspensions.append((figure, s))
    }
  }

  /// The candidates of one group: the provisions in force on the lodging date (from its date
  /// segment) that no suspension switches off and whose condition holds. Returns their count.
  ///
  /// The same walk serves every evaluation; with a trace it also records why each provision of
  /// the group did not apply (not in force, repealed, suspended, condition false), in the
  /// group's provision order.
  @inline(__always) func collect(_ figure: Figure, _ group: GroupIndex, _ run: inout Run) -> Int {
    let t = tables
    let segment = run.segment.unsafelyUnwrapped
    let candidates = run.candidates
    let tracing = run.tracing
    var n = 0
    let g = segment.groupEntries[t.figureGroupOffset[figure.index] &+ group.value]
    var k = Int(g.0)
    let end = k &+ Int(g.1)
    // With a trace, the group's provisions in order, to record those that have no entry here.
    let provisions = tracing ? groupProvisions(figure, group) : nil
    var next = 0
    while true {
      if let provisions {
        let p = k < end ? Int(segment.entries[k].provision) : -1
        while next < provisions.count && provisions[next] != p {
          recordOutOfForce(ProvisionIndex(provisions[next]), &run)
          next += 1
        }
        next += 1
      }
      if k >= end { break }
      let e = segment.entries[k]
      k &+= 1
      var suspendedBy: SuspensionIndex?
      for j in Int(e.suspendedStart)..<Int(e.suspendedStart &+ e.suspendedCount) {
        let s = SuspensionIndex(segment.entrySuspensions[j])
        if t.holds(t.suspensionInfo[s].condition, run.factsPointer, &run.consulted) {
          suspendedBy = s
          break
        }
      }
      if let suspendedBy {
        suspended(figure, ProvisionIndex(e.provision), suspendedBy, &run)
        if tracing { recordSuspended(ProvisionIndex(e.provision), VersionIndex(e.version), suspendedBy, &run) }
        continue
      }
      // A category the condition needs and the applicant lacks: false, with nothing consulted.
      if (e.requires != 0 && run.facts.categories & e.requires == 0)
        || (e.condition >= 0 && !t.holds(e.condition, run.factsPointer, &run.consulted))
      {
        if tracing { recordConditionFalse(ProvisionIndex(e.provision), VersionIndex(e.version), &run) }
        continue
      }
      candidates[n] = Candidate(
        p: ProvisionIndex(e.provision), v: VersionIndex(e.version), pv: VersionRow(e.pv), number: e.number)
      n += 1
    }
    return n
  }

  // The trace's side of `collect`, kept out of line: the plain walk never touches the rules'
  // provision records (reading them from the hot loop copied the compiled rules' header).

  /// The provisions of a figure's group, in order (the rules' own list: nothing copied).
  @inline(never) func groupProvisions(_ figure: Figure, _ group: GroupIndex) -> [Int] {
    rules.byFigure[figure.index][group].provisions
  }

  /// Records a provision switched off by suspension `s`.
  @inline(never) func recordSuspended(_ p: ProvisionIndex, _ v: VersionIndex, _ s: SuspensionIndex, _ run: inout Run) {
    var why = conditionShortfalls(p, v, &run)
    let label = suspensionLabels[s]
    why.append(Shortfall(aspect: .suspension, text: "suspended by " + label))
    record(p, v, .suspended(by: label), &run, why)
  }

  /// Records a provision whose condition is false; the trace leaves out provisions whose
  /// condition names other nationalities only.
  @inline(never) func recordConditionFalse(_ p: ProvisionIndex, _ v: VersionIndex, _ run: inout Run) {
    guard tables.conditions.canHold(tables.versionInfo[tables.row(p, v)].condition, nationality: run.facts.nationality) else { return }
    let why = conditionShortfalls(p, v, &run)
    record(p, v, .conditionFalse, &run, why)
  }

  /// Records why a provision of the group has no candidate on the lodging date: no version in
  /// force, or the version in force repeals it.
  func recordOutOfForce(_ p: ProvisionIndex, _ run: inout Run) {
    let prov = rules.provisions[p]
    guard let vi = versionIndex(prov, at: run.facts.lodging) else {
      record(p, nil, .notInForce, &run)
      return
    }
    record(p, vi, .repealed(by: prov.versions[vi].citation.amendedBy ?? "an amendment"), &run)
  }

  /// Decides one figure; returns the winning outcome (if any). List figures (notices,
  /// documents, fast-track benefits) add every applicable version to `list` instead.
  func decide(_ figure: Figure, _ run: inout Run, list: ListTarget = .notices) throws(VisaRulesError) -> Outcome? {
    let t = tables
    let fi = figure.index
    let groupCount = t.groupCount[fi]
    if groupCount == 0 { return nil }
    let candidates = run.candidates
    let survivors = run.survivors
    let outcomes = run.outcomes
    let applicable = run.applicable
    let regimesWithOutcome = run.regimesWithOutcome
    let tracing = run.tracing
    let lower = figure.lowerIsFavourable
    // Validity compares the candidates once capped (Evaluator+ValidityCaps).
    let capAware = figure == .validity
    // The travel document's margin, read once the first capped comparison needs it.
    var knownMargin: Int?
    func margin() -> Int {
      if let m = knownMargin { return m }
      let m = documentMargin(run).months
      knownMargin = m
      return m
    }
    var outcomeCount = 0
    var traceStart = run.trace?.count ?? 0
    for g in 0..<groupCount {
      let regime = InstrumentIndex(t.groupRegime[t.figureGroupOffset[fi] + g])
      if !applicable[regime] {
        // The trace leaves out instruments whose scope names other nationalities only (they
        // could never apply to this applicant, ``NationalityScope``) and instruments not in
        // force on the lodging date (nothing of them was consulted).
        if tracing, run.scope?.canApply[regime] ?? true,
          t.instrumentInfo[regime].from <= run.facts.lodging && run.facts.lodging <= t.instrumentInfo[regime].until
        {
          let reason = instrumentReason(regime, &run)
          // Once per instrument and evaluation: its scope does not change from figure to figure.
          if run.scopeShortfalls.isEmpty { run.scopeShortfalls = Array(repeating: nil, count: run.instrumentCount) }
          let why = run.scopeShortfalls[regime] ?? instrumentShortfalls(regime, &run)
          run.scopeShortfalls[regime] = why
          for p in rules.byFigure[fi][g].provisions {
            record(ProvisionIndex(p), nil, .instrumentNotApplicable(reason), &run, why)
          }
        }
        continue
      }
      let candidateCount = collect(figure, GroupIndex(g), &run)
      if candidateCount == 0 { continue }
      // Exceptions beat the provisions they override.
      var survivorCount = 0
      for i in 0..<candidateCount {
        let c = candidates[i]
        var winner = -1
        for j in 0..<candidateCount where t.beats(candidates[j].p, c.p) {
          winner = j
          break
        }
        if winner >= 0 {
          if tracing {
            let w = candidates[winner]
            record(c.p, c.v, .overridden(by: rules.provisions[w.p].versions[w.v].citationText), &run)
          }
        } else {
          survivors[survivorCount] = c
          survivorCount += 1
        }
      }
      if figure.isList {
        for i in 0..<survivorCount {
          let s = survivors[i]
          switch list {
          case .notices: run.notices.append(s.pv)
          case .documents: run.documents.append(s.pv)
          case .benefits: run.benefits.append(s.pv)
          }
          if tracing { record(s.p, s.v, .applied, &run) }
        }
        continue
      }
      if figure == .validity {
        var kept = 0
        for i in 0..<survivorCount {
          let d = survivors[i]
          if t.provisionInfo[d.p].flags & EngineTables.discretionary != 0 {
            run.discretionary.append(Outcome(number: d.number, provision: d.p, version: d.v, pv: d.pv, regime: regime))
            if tracing { record(d.p, d.v, .applied, &run) }
          } else {
            survivors[kept] = d
            kept += 1
          }
        }
        survivorCount = kept
        kept = 0
        for i in 0..<survivorCount {
          let d = survivors[i]
          if t.provisionInfo[d.p].flags & EngineTables.suggestion != 0 {
            run.suggestions.append(Outcome(number: d.number, provision: d.p, version: d.v, pv: d.pv, regime: regime))
            if tracing { record(d.p, d.v, .applied, &run) }
          } else {
            survivors[kept] = d
            kept += 1
          }
        }
        survivorCount = kept
        if survivorCount == 0 { continue }
      }
      // Entitlements are alternative rights the applicant may invoke: several give the most
      // favourable. Any other two survivors must agree, or the rules conflict.
      var first = survivors[0]
      if survivorCount > 1 {
        var allEntitlements = true
        for i in 0..<survivorCount where t.provisionInfo[survivors[i].p].flags & EngineTables.entitlement == 0 {
          allEntitlements = false
          break
        }
        if allEntitlements {
          if capAware {
            var firstRank = validityRank(number: first.number, pv: first.pv, run.input, margin: margin())
            for i in 1..<survivorCount {
              let s = survivors[i]
              let rank = validityRank(number: s.number, pv: s.pv, run.input, margin: margin())
              if rank > firstRank {
                first = s
                firstRank = rank
              }
            }
          } else {
            for i in 1..<survivorCount {
              let s = survivors[i]
              if lower ? s.number < first.number : s.number > first.number { first = s }
            }
          }
          if tracing {
            let winner = rules.provisions[first.p].versions[first.v].citationText
            for i in 0..<survivorCount where survivors[i].p != first.p {
              let s = survivors[i]
              let than =
                capAware
                ? compareCapped(winner, (first.number, first.pv), (s.number, s.pv), run.input, margin: margin()) : winner
              record(s.p, s.v, .lessFavourable(than: than), &run)
            }
          }
          survivors[0] = first
          survivorCount = 1
        }
      }
      let value = first.number
      for i in 1..<max(1, survivorCount) where survivors[i].number != value {
        let other = survivors[i]
        let a = rules.provisions[first.p]
        let b = rules.provisions[other.p]
        throw VisaRulesError(
          .ruleConflict,
          message:
            "\(a.id) (\(a.versions[first.v].citation)) and \(b.id) (\(b.versions[other.v].citation)) both apply to \(figure) with different outcomes (\(a.versions[first.v].value.describe(figure, rules: rules)) and \(b.versions[other.v].value.describe(figure, rules: rules))) and neither overrides the other",
          location: rules.publicProvisions[other.p].location)
      }
      outcomes[outcomeCount] = Outcome(
        number: value, provision: first.p, version: first.v, pv: first.pv, regime: regime, multiple: t.versionInfo[first.pv].multiple)
      outcomeCount += 1
      if tracing {
        record(first.p, first.v, .applied, &run)
        for i in 1..<max(1, survivorCount) {
          record(survivors[i].p, survivors[i].v, .concurring(with: rules.provisions[first.p].versions[first.v].citationText), &run)
        }
      }
    }
    var mask: UInt64 = 0
    for i in 0..<outcomeCount { mask |= 1 << UInt64(outcomes[i].regime.value) }
    regimesWithOutcome[fi] = mask
    if outcomeCount == 0 { return nil }
    // Precedence: an instrument that regulates the point (it gave an outcome for this figure or
    // another of the rule's group) displaces the other instrument's outcome.
    for r in Int(t.precedenceStart[fi])..<Int(t.precedenceStart[fi + 1]) {
      let ri = Int(t.precedenceByFigure[r])
      let rule = t.precedenceInfo[ri]
      let winner = InstrumentIndex(rule.winner)
      guard applicable[winner] else { continue }
      var regulates = false
      for g in 0..<Figure.allCases.count where rule.figures & (1 << UInt32(g)) != 0 {
        if regimesWithOutcome[g] & (1 << UInt64(winner.value)) != 0 {
          regulates = true
          break
        }
      }
      guard regulates else { continue }
      if rule.unless >= 0, t.holds(rule.unless, run.factsPointer, &run.consulted) { continue }
      var kept = 0
      for i in 0..<outcomeCount {
        let o = outcomes[i]
        var displaced = false
        if o.regime == InstrumentIndex(rule.loser) {
          if rule.anyKind {
            displaced = true
          } else {
            let kind = t.provisionInfo[o.provision].kind
            for k in Int(rule.kindsStart)..<Int(rule.kindsStart + rule.kindsCount) where t.precedenceKinds[k] == kind {
              displaced = true
              break
            }
          }
        }
        if displaced {
          if tracing {
            let prec = rules.precedence[ri]
            markVerdict(o.provision, figure, .displaced(by: "\(prec.citation) (\(prec.id))"), &run, from: traceStart)
          }
        } else {
          outcomes[kept] = o
          kept += 1
        }
      }
      outcomeCount = kept
    }
    if outcomeCount == 0 { return nil }
    // Most favourable to the applicant; ties go to the instrument that prevails, else rule-book order.
    var best = outcomes[0]
    if capAware && outcomeCount > 1 {
      var bestRank = validityRank(number: best.number, pv: best.pv, run.input, margin: margin())
      for i in 1..<outcomeCount {
        let o = outcomes[i]
        let rank = validityRank(number: o.number, pv: o.pv, run.input, margin: margin())
        if rank > bestRank || (rank == bestRank && t.prevails[o.regime.value * t.regimeCount + best.regime.value]) {
          best = o
          bestRank = rank
        }
      }
    } else {
      for i in 1..<outcomeCount {
        let o = outcomes[i]
        if lower ? o.number < best.number : o.number > best.number {
          best = o
        } else if o.number == best.number && t.prevails[o.regime.value * t.regimeCount + best.regime.value] {
          best = o
        }
      }
    }
    if tracing {
      let winner = rules.provisions[best.provision].versions[best.version].citationText
      for i in 0..<outcomeCount where outcomes[i].provision != best.provision {
        let o = outcomes[i]
        let than = capAware ? compareCapped(winner, (best.number, best.pv), (o.number, o.pv), run.input, margin: margin()) : winner
        markVerdict(o.provision, figure, .lessFavourable(than: than), &run, from: traceStart)
      }
      traceStart = 0
    }
    return best
  }

}
