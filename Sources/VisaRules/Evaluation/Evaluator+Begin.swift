extension Evaluator {
  /// Starts an evaluation of `run.input` (and the visa history already in `run.scratch`):
  /// the instruments that apply, the options in force, the facts conditions read.
  func begin(_ run: inout Run, _ chosen: ChosenOptions, trace: Bool) {
    let t = tables
    let input = run.input
    let lodging = input.lodging
    if trace {
      // Room for a usual trace (a few dozen entries) at once, not grown entry by entry.
      var entries: [TraceEntry] = []
      entries.reserveCapacity(96)
      run.trace = entries
    } else {
      run.trace = nil
    }
    run.tracing = trace
    if trace && run.traceParts == nil {
      run.traceParts = TraceFragments.Held(t.traceFragments(self))
    }
    if trace {
      if let memo = run.shortfallMemo {
        memo.clear()
      } else {
        run.shortfallMemo = ShortfallMemo(t.conditions)
      }
    }
    if !run.whyNot.isEmpty { run.whyNot.removeAll() }
    if !run.scopeShortfalls.isEmpty { run.scopeShortfalls.removeAll() }
    if !run.scopeReasons.isEmpty { run.scopeReasons.removeAll() }
    run.chosen = chosen
    run.consulted = 0
    run.validityRestrictedBy = nil
    run.discretionRemovedBy = nil
    run.unverifiedSuspensions.empty()
    run.suggestions.empty()
    run.discretionary.empty()
    run.notices.empty()
    run.documents.empty()
    run.benefits.empty()
    run.warnings.empty()
    run.limits.empty()
    for i in 0..<Figure.allCases.count { run.regimesWithOutcome[i] = 0 }
    let optionCount = defaultOptions.count
    let options = run.options
    let optionValues = run.optionValues
    if run.sources.count != optionCount {
      run.sources = Array(repeating: 0, count: optionCount)
    } else {
      run.sources.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
    defaultOptions.withUnsafeBufferPointer { defaults in
      guard let d = defaults.baseAddress else { return }
      optionValues.update(from: d, count: optionCount)
      options.update(from: d, count: optionCount)
    }
    run.facts.history = run.scratch.historyBuffer
    run.facts.lodging = lodging
    run.facts.age = 0
    run.facts.categories = input.categories
    run.facts.nationality = input.nationality
    run.facts.residence = input.residence
    run.facts.lodgedIn = input.lodgedIn
    run.facts.destination = input.destination
    run.facts.document = input.document
    run.facts.purpose = input.purpose
    run.facts.daysBeforeTrip = input.tripStart - lodging
    run.facts.extensionGround = 0
    run.facts.hostRelationship = 0
    run.facts.hostNationality = 0
    run.facts.hostResidence = 0
    run.facts.hostDependent = false
    run.facts.fastTrackScheme = 0
    run.facts.fastTrackSince = Int.min / 2
    run.facts.biometric = input.biometric
    run.facts.documentCategory = input.documentCategory
    run.facts.documentIssued = input.documentIssued
    run.scratch.assumed.pointee = 0
    run.facts.assumed = run.scratch.assumed

    // Instruments in force and in scope (their scopes read the facts known so far: default
    // options, no age, host or fast track yet); policies among them may set options.
    let instrumentCount = t.instrumentInfo.count
    let applicable = run.applicable
    for i in 0..<instrumentCount { applicable[i] = false }
    let slot = NationalityScope.slot(input.nationality)
    if run.scopeCache.isEmpty { run.scopeCache = Array(repeating: nil, count: NationalityScope.slots) }
    let scope: NationalityScope
    if let known = run.scopeCache[slot] {
      scope = known
    } else {
      scope = NationalityScope(slot: slot, rules, t, sharing: run.scopeCache)
      run.scopeCache[slot] = scope
    }
    run.scope = scope
    // Scopes read the facts as they stand; equal ones are tested once, and only when an
    // instrument in force needs them (what they assume about the document stays as it was).
    let si = t.segments.index(of: lodging)
    let inForce = scope.instrumentsInForce(si, t)
    let tests = scope.tests
    let tested = tests.results
    for d in 0..<tests.conditions.count { tested[d] = -1 }
    for k in 0..<inForce.count {
      let (instrument, test) = inForce[k]
      let i = Int(instrument)
      if test >= 0 {
        var result = tested[Int(test)]
        if result < 0 {
          var ignored: UInt64 = 0
          result = t.holds(tests.conditions[test], run.factsPointer, &ignored) ? 1 : 0
          tested[Int(test)] = result
        }
        guard result == 1 else { continue }
      }
      applicable[i] = true
      let inst = t.instrumentInfo[i]
      for j in Int(inst.settingsStart)..<Int(inst.settingsStart + inst.settingsCount) {
        let (o, v) = t.settings[j]
        optionValues[Int(o)] = Int(v)
        run.sources[Int(o)] = 2 + i
      }
    }
    for (o, v) in chosen.values {
      optionValues[o] = v
      run.sources[o] = 1
    }
    options.update(from: optionValues, count: optionCount)
    if input.hostRelationship > 0 {
      run.facts.hostRelationship = input.hostRelationship
      run.facts.hostNationality = input.hostNationality
      run.facts.hostResidence = input.hostResidence
      run.facts.hostDependent = input.hostDependent
    }
    if input.fastTrackScheme > 0 {
      run.facts.fastTrackScheme = input.fastTrackScheme
      run.facts.fastTrackSince = input.fastTrackSince ?? lodging
    }
    run.facts.extensionGround = input.extensionGround
    let lodgingDate = LocalDate(dayNumber: lodging)
    if let leapKey = leapDayOption {
      let feb28 = run.facts.options[leapKey] == leapDayFebruary28
      run.facts.age = input.birth.completedYears(on: lodgingDate, leapDayBirthdayOnFebruary28: feb28)
      let (_, bm, bd) = input.birth.components
      if bm == 2 && bd == 29 { run.consulted |= 1 << UInt64(leapKey) }
    } else {
      run.facts.age = input.birth.completedYears(on: lodgingDate)
    }
    // Suspensions of whole instruments.
    for k in 0..<inForce.count {
      let i = Int(inForce[k].0)
      guard applicable[i] else { continue }
      let inst = t.instrumentInfo[i]
      for k in Int(inst.suspendedStart)..<Int(inst.suspendedStart + inst.suspendedCount)
      where suspensionActive(SuspensionIndex(t.instrumentSuspensions[k]), &run) {
        applicable[i] = false
        break
      }
    }
    if si != run.segmentIndex || scope !== run.segmentScope || trace != run.segmentTraced {
      if run.segmentCache.isEmpty { run.segmentCache = Array(repeating: nil, count: t.segments.starts.count) }
      let base: DateSegments.Segment
      if let cached = run.segmentCache[si] {
        base = cached
      } else {
        base = t.segments.segment(si, rules)
        run.segmentCache[si] = base
      }
      // Without a trace, the nationality's cut of the segment: the same outcome, fewer entries.
      run.segment = trace ? base : scope.segment(si, base)
      run.segmentIndex = si
      run.segmentScope = scope
      run.segmentTraced = trace
    }
  }

  @inline(__always) func suspensionActive(_ s: SuspensionIndex, _ run: inout Run) -> Bool {
    let sus = tables.suspensionInfo[s]
    guard sus.from <= run.facts.lodging && run.facts.lodging <= sus.until else { return false }
    return tables.holds(sus.condition, run.factsPointer, &run.consulted)
  }

}
