/// The visa history against a query, in words: what it needs, which visas counted, and why
/// each other one did not.
extension ShortfallFinder {
  /// The visa history against a query: what it needs, what counted, and why each other
  /// visa did not.
  func history(_ q: HistoryQuery) -> Shortfall {
    let f = facts.pointee
    let windows = q.windowStarts(facts)
    let fromTrip = q.lookBackFrom.mode(facts) == 1
    let start = fromTrip ? windows.trip : windows.lodging
    let countUnused = q.unused.mode(facts) == 1
    let exactly = q.validFor.mode(facts) == 1
    // The text is written into one byte buffer (a string built by interpolations and appends
    // costs several times more, and this runs for the uncounted-visas note of plain lines).
    var out = ByteBuffer(capacity: 512)
    defer { out.free() }
    out.append("needs ")
    out.int(q.atLeast)
    out.append(" ")
    var first = true
    for (k, kind) in PreviousVisa.Kind.allCases.enumerated() where Int(q.kinds) & (1 << k) != 0 {
      if !first { out.append("/") }
      first = false
      out.append(kind.rawValue)
    }
    if q.multipleEntryOnly { out.append(" multiple-entry") }
    out.append(q.atLeast == 1 ? " visa" : " visas")
    if q.minValidityMonths > 0 {
      out.append(exactly ? " valid " : " valid at least ")
      out.int(q.minValidityMonths)
      out.append(" months")
    }
    if q.lawfullyUsedOnly { out.append(" lawfully used") }
    out.append(" in the previous ")
    out.int(q.withinMonths)
    out.append(" months (validity from ")
    out.dateText(LocalDate(dayNumber: start))
    out.append(fromTrip ? ", counted back from trip.start" : ", counted back from the lodging date")
    if q.lookBackFrom.option >= 0 {
      out.append(", option ")
      out.append(evaluator.rules.options[q.lookBackFrom.option].key)
    }
    out.append(")")
    var visas: [VisaCount] = []
    visas.reserveCapacity(f.history.count)
    var countedCount = 0
    for (i, v) in f.history.enumerated() {
      let l = q.look(v, windows)
      let from = LocalDate(dayNumber: v.validFrom)
      var reason: String?
      let dropped = drop(v, l, fromTrip: fromTrip, exactly: exactly, countUnused: countUnused)
      switch dropped {
      case nil: reason = nil
      case .repeat: reason = "repeats an earlier entry of the history and is counted once"
      case .kind: reason = "is of kind \(PreviousVisa.Kind.allCases[Int(v.kind)].rawValue), which does not count"
      case .singleEntry: reason = "is single-entry"
      case .outsideWindow: reason = "is outside the window"
      case .tooShort: reason = "was valid \(months(v)) months, less than \(q.minValidityMonths)"
      case .notExactly:
        reason =
          "was valid \(months(v)) months, not \(q.minValidityMonths) (option \(evaluator.rules.options[q.validFor.option].key) = exactly)"
      case .neverUsed:
        let option =
          q.unused.option >= 0
          ? "; option \(evaluator.rules.options[q.unused.option].key) = \(evaluator.rules.options[q.unused.option].values[f.options[q.unused.option]])"
          : ""
        reason = "was never used (neither lawfullyUsed nor stays given\(option))"
      case .notLawfullyUsed: reason = "was not lawfully used"
      }
      if reason == nil { countedCount += 1 }
      var count = VisaCount(index: i, validFrom: from, counted: reason == nil, reason: reason)
      count.leftOut = dropped?.leavesOut ?? false
      visas.append(count)
    }
    out.append(": ")
    out.int(countedCount)
    out.append(" counted")
    if countedCount > 0 {
      out.append(" (")
      var firstCounted = true
      for v in visas where v.counted {
        if !firstCounted { out.append(", ") }
        firstCounted = false
        out.dateText(v.validFrom)
      }
      out.append(")")
    }
    for v in visas where !v.counted {
      out.append("; the visa of ")
      out.dateText(v.validFrom)
      out.append(" (visaHistory[")
      out.int(v.index)
      out.append("]) ")
      out.append(v.reason ?? "")
    }
    let text = String(decoding: out.buffer, as: UTF8.self)
    return Shortfall(aspect: .visaHistory, text: text, visas: visas)
  }

  /// Whether the query's count leaves a visa of the history out (``history(_:)``'s
  /// ``VisaCount/leftOut`` flags, without building them).
  func leavesVisaUncounted(_ q: HistoryQuery) -> Bool {
    let windows = q.windowStarts(facts)
    let fromTrip = q.lookBackFrom.mode(facts) == 1
    let countUnused = q.unused.mode(facts) == 1
    let exactly = q.validFor.mode(facts) == 1
    for v in facts.pointee.history
    where drop(v, q.look(v, windows), fromTrip: fromTrip, exactly: exactly, countUnused: countUnused)?.leavesOut == true {
      return true
    }
    return false
  }

  /// Why a visa of the history does not count towards a query, in the order the reasons are
  /// given (the first that applies).
  enum Drop {
    case `repeat`, kind, singleEntry, outsideWindow, tooShort, notExactly, neverUsed, notLawfullyUsed

    /// Whether the count left the visa out for what it is or when it was valid, rather than
    /// for not being the visa the requirement asks for (``VisaCount/leftOut``).
    var leavesOut: Bool {
      switch self {
      case .repeat, .kind, .outsideWindow, .neverUsed, .notLawfullyUsed: return true
      case .singleEntry, .tooShort, .notExactly: return false
      }
    }
  }

  /// The first reason `v` does not count (`nil`: it counts), whether or not it is worded.
  func drop(_ v: Facts.HistoryVisa, _ l: HistoryQuery.Look, fromTrip: Bool, exactly: Bool, countUnused: Bool) -> Drop? {
    if v.duplicate { return .repeat }
    if !l.kindOK { return .kind }
    if !l.multipleOK { return .singleEntry }
    if !(fromTrip ? l.inWindowTrip : l.inWindowLodging) { return .outsideWindow }
    if !l.validAtLeast { return .tooShort }
    if exactly && !l.validExactly { return .notExactly }
    if !l.lawful && !(l.unused && countUnused) { return l.unused ? .neverUsed : .notLawfullyUsed }
    return nil
  }

  /// Whole months of validity: the largest m with validFrom + m months on or before the day
  /// after validUntil.
  func months(_ v: Facts.HistoryVisa) -> Int {
    let start = LocalDate(dayNumber: v.validFrom)
    var m = 0
    while m < 1200 && start.adding(months: m + 1).dayNumber <= v.validUntil + 1 { m += 1 }
    return m
  }
}
