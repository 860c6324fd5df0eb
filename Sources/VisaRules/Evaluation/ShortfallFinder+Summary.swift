/// The cheap pass of the "why not": a condition's shortfalls summed up from the compiled
/// conditions, without a word (for ``Evaluator/noteUncountedVisas(_:_:)``).
extension ShortfallFinder {
  /// What ``shortfalls(_:)`` would return for the condition compiled at `node` (of
  /// ``EngineTables``), summed up without allocating or wording anything: how many shortfalls,
  /// their ``distance(_:)``, whether every one is about the visa history, and whether a history
  /// shortfall leaves a visa of the history uncounted. The same composition as
  /// ``shortfalls(_:)`` (the same `all`/`any`/`not` rules; leaves tested as the engine tests
  /// them), so the cheap pass of ``Evaluator/noteUncountedVisas(_:_:)`` picks what the worded
  /// pass would. `quiet`: the facts without their assumption recorder, so that testing a leaf
  /// records no assumption the decision did not make.
  ///
  /// `historyOnly`: the caller wants to know only whether every shortfall is about the visa
  /// history (``ShortfallSummary/onlyHistory``); an `all` then tests its other requirements
  /// first and stops at the first that is not about the history (the count and distance of such
  /// a summary are partial). `any` always sums up exactly (its choice reads the distances).
  func summary(_ node: Int32, _ quiet: UnsafePointer<Facts>, historyOnly: Bool = false) -> ShortfallSummary? {
    if node < 0 { return nil }
    let conditions = evaluator.tables.conditions
    let n = conditions.nodes[Int(node)]
    switch n.op {
    case .always: return nil
    case .all:
      var out: ShortfallSummary?
      if historyOnly {
        // The history's counts last: they cost the most.
        func isHistory(_ c: Int32) -> Bool { c >= 0 && conditions.nodes[Int(c)].op == .visas }
        for i in n.a..<(n.a &+ n.b) where !isHistory(conditions.children[i]) {
          guard let s = summary(conditions.children[i], quiet, historyOnly: true) else { continue }
          out = out.map { $0.adding(s) } ?? s
          if !s.onlyHistory { return out }
        }
        for i in n.a..<(n.a &+ n.b) where isHistory(conditions.children[i]) {
          if let s = summary(conditions.children[i], quiet) { out = out.map { $0.adding(s) } ?? s }
        }
        return out
      }
      for i in n.a..<(n.a &+ n.b) {
        if let s = summary(conditions.children[i], quiet) { out = out.map { $0.adding(s) } ?? s }
      }
      return out
    case .any:
      var best: ShortfallSummary?
      for i in n.a..<(n.a &+ n.b) {
        guard let s = summary(conditions.children[i], quiet) else { return nil }
        if best == nil || s.distance < best!.distance { best = s }
      }
      return best
    case .not:
      let child = Int32(truncatingIfNeeded: n.a)
      guard summary(child, quiet) == nil else { return nil }
      return ShortfallSummary(aspect(of: child < 0 ? .always : conditions.nodes[Int(child)].op))
    default:
      var ignored: UInt64 = 0
      if conditions.holds(node, quiet, &ignored) { return nil }
      switch n.op {
      case .visas:
        var s = ShortfallSummary(.visaHistory)
        s.leavesVisaUncounted = leavesVisaUncounted(conditions.queries[n.a])
        return s
      case .fastTrack:
        let scheme = Int(quiet.pointee.fastTrackScheme)
        return ShortfallSummary(scheme > 0 && (1 << (scheme - 1)) & n.a != 0 ? .circumstance : .person)
      case .categories, .residence, .lodgedIn, .destination, .travelDocument, .purpose, .extensionGround, .hostRelationship,
        .hostNationality, .hostResidence, .hostUnknown, .documentCategory:
        return ShortfallSummary(.person)
      case .nationality: return ShortfallSummary(.nationality)
      case .option: return ShortfallSummary(.option)
      case .age, .daysBeforeTrip, .hostDependent, .biometricDocument, .documentIssued: return ShortfallSummary(.circumstance)
      case .always, .all, .any, .not: return nil
      }
    }
  }

  /// ``aspect(of:)`` for a compiled node's operation.
  private func aspect(of op: EngineTables.Op) -> Shortfall.Aspect {
    switch op {
    case .nationality: return .nationality
    case .age, .daysBeforeTrip, .fastTrack, .hostDependent, .biometricDocument, .documentIssued: return .circumstance
    case .visas: return .visaHistory
    case .option: return .option
    default: return .person
    }
  }
}

/// ``ShortfallFinder/summary(_:_:)``: the shape of a condition's shortfalls, without their words.
struct ShortfallSummary: Equatable {
  /// How many shortfalls (``ShortfallFinder/shortfalls(_:)``'s count).
  var count = 1
  /// ``ShortfallFinder/distance(_:)`` of those shortfalls.
  var distance: Int
  /// Every shortfall is about the visa history.
  var onlyHistory: Bool
  /// A history shortfall leaves a visa of the history out (``VisaCount/leftOut``).
  var leavesVisaUncounted = false

  init(_ aspect: Shortfall.Aspect) {
    distance = aspect == .nationality || aspect == .person ? 101 : 1
    onlyHistory = aspect == .visaHistory
  }

  /// The summary of worded shortfalls (nil: none), to check ``ShortfallFinder/summary(_:_:)``.
  init?(_ shortfalls: [Shortfall]?) {
    guard let shortfalls, let first = shortfalls.first else { return nil }
    self.init(first.aspect)
    count = shortfalls.count
    distance = ShortfallFinder.distance(shortfalls)
    onlyHistory = shortfalls.allSatisfy { $0.aspect == .visaHistory }
    leavesVisaUncounted = shortfalls.contains { $0.visas.contains { $0.leftOut } }
  }

  func adding(_ other: ShortfallSummary) -> ShortfallSummary {
    var s = self
    s.count += other.count
    s.distance += other.distance
    s.onlyHistory = onlyHistory && other.onlyHistory
    s.leavesVisaUncounted = leavesVisaUncounted || other.leavesVisaUncounted
    return s
  }
}
