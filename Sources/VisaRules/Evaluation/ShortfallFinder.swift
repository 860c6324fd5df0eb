/// Why a condition does not hold, with the facts the engine read: the "why not" of a trace, and
/// its cheap summary for the uncounted-visas note of every decision.
///
/// One walk over the compiled conditions (``EngineTables``'s node tables) serves both: what it
/// gathers where a condition does not hold is a ``ShortfallGathering`` (the worded shortfalls,
/// or their ``ShortfallSummary``), so the composition (`all`, `any`, `not`) is written once.
struct ShortfallFinder {
  /// The evaluator whose rules are read (a reference: making a finder copies no rule tables).
  unowned(unsafe) let evaluator: Evaluator
  /// The evaluator's compiled conditions, a plain value (read in the walk without retaining
  /// the evaluator's tables).
  let conditions: ConditionTables
  let facts: UnsafePointer<Facts>
  let tripStart: Int
  let birth: LocalDate
  /// With a trace: the evaluation's shortfalls worded so far (``ShortfallMemo``).
  unowned(unsafe) let memo: ShortfallMemo?

  /// `nil` when the condition compiled at `node` holds; otherwise what it needs that the
  /// application does not give, in words.
  func shortfalls(_ node: Int32) -> [Shortfall]? {
    var quiet = facts.pointee
    quiet.assumed = nil
    // One buffer for every leaf's words (a string built by interpolations costs several times
    // more), one list for every shortfall.
    var context = WordedShortfalls.Context(words: ByteBuffer(capacity: 256), list: [])
    defer { context.words.free() }
    let found: WordedShortfalls? = withUnsafePointer(to: &quiet) { gather(node, $0, historyOnly: false, &context) }
    return found == nil ? nil : context.list
  }

  /// What ``shortfalls(_:)`` would return for the condition compiled at `node`, summed up
  /// without allocating or wording anything: how many shortfalls, their ``distance(_:)``,
  /// whether every one is about the visa history, and whether a history shortfall leaves a
  /// visa of the history uncounted. `quiet`: the facts without their assumption recorder, so
  /// that testing a leaf records no assumption the decision did not make.
  ///
  /// `historyOnly`: the caller wants to know only whether every shortfall is about the visa
  /// history (``ShortfallSummary/onlyHistory``); an `all` then tests its other requirements
  /// first and stops at the first that is not about the history (the count and distance of such
  /// a summary are partial). `any` always sums up exactly (its choice reads the distances).
  func summary(_ node: Int32, _ quiet: UnsafePointer<Facts>, historyOnly: Bool = false) -> ShortfallSummary? {
    var none: Void = ()
    return gather(node, quiet, historyOnly: historyOnly, &none)
  }

  /// The one walk: `nil` when the condition at `node` holds (tested on `quiet`, as the engine
  /// tests it); otherwise what `G` gathers of its unmet requirements. An `all` gathers every
  /// child's; an `any` the nearest child's (the smallest ``distance(_:)``, the first on a tie);
  /// a `not` whose condition holds, one exclusion.
  private func gather<G: ShortfallGathering>(
    _ node: Int32, _ quiet: UnsafePointer<Facts>, historyOnly: Bool, _ context: inout G.Context
  ) -> G? {
    if node < 0 { return nil }
    let n = conditions.nodes[Int(node)]
    switch n.op {
    case .always: return nil
    case .all:
      var out: G?
      if historyOnly {
        // The history's counts last: they cost the most.
        func isHistory(_ c: Int32) -> Bool { c >= 0 && conditions.nodes[Int(c)].op == .visas }
        for i in n.a..<(n.a &+ n.b) where !isHistory(conditions.children[i]) {
          guard let s: G = gather(conditions.children[i], quiet, historyOnly: true, &context) else { continue }
          let onlyHistory = s.onlyHistory(&context)
          add(s, to: &out)
          if !onlyHistory { return out }
        }
        for i in n.a..<(n.a &+ n.b) where isHistory(conditions.children[i]) {
          if let s: G = gather(conditions.children[i], quiet, historyOnly: false, &context) { add(s, to: &out) }
        }
        return out
      }
      for i in n.a..<(n.a &+ n.b) {
        if let s: G = gather(conditions.children[i], quiet, historyOnly: false, &context) { add(s, to: &out) }
      }
      return out
    case .any:
      let mark = G.mark(&context)
      var best: G?
      var bestDistance = 0
      for i in n.a..<(n.a &+ n.b) {
        guard let s: G = gather(conditions.children[i], quiet, historyOnly: false, &context) else {
          G.rewind(to: mark, &context)
          return nil
        }
        let d = s.distance(&context)
        if best == nil || d < bestDistance {
          best = G.replace(best, with: s, &context)
          bestDistance = d
        } else {
          G.rewind(to: s.mark, &context)
        }
      }
      return best
    case .not:
      let child = Int32(truncatingIfNeeded: n.a)
      var ignored: UInt64 = 0
      guard conditions.holds(child, quiet, &ignored) else { return nil }
      return G.excluded(child, self, quiet, &context)
    default:
      var ignored: UInt64 = 0
      if conditions.holds(node, quiet, &ignored) { return nil }
      return G.leaf(n, at: node, self, quiet, &context)
    }
  }

  @inline(__always) private func add<G: ShortfallGathering>(_ s: G, to out: inout G?) {
    if out == nil { out = s } else { out!.add(s) }
  }

  /// How far a set of shortfalls is from holding: who the applicant is weighs most, then
  /// how many requirements are unmet.
  static func distance(_ s: [Shortfall]) -> Int {
    var d = s.count
    for x in s where x.aspect == .nationality || x.aspect == .person { d += 100 }
    return d
  }

  /// What a requirement of operation `op` is about (for a failed `fastTrack`, see
  /// ``aspect(of:_:_:)``).
  static func aspect(of op: EngineTables.Op) -> Shortfall.Aspect {
    switch op {
    case .nationality: return .nationality
    case .age, .daysBeforeTrip, .fastTrack, .hostDependent, .biometricDocument, .documentIssued: return .circumstance
    case .visas: return .visaHistory
    case .option: return .option
    default: return .person
    }
  }

  /// What the unmet requirement of leaf `n` is about: a fast-track registration too recent is a
  /// circumstance, a missing or other scheme is about the person.
  static func aspect(of n: EngineTables.Node, _ quiet: UnsafePointer<Facts>) -> Shortfall.Aspect {
    if n.op == .fastTrack {
      let scheme = Int(quiet.pointee.fastTrackScheme)
      return scheme > 0 && (1 << (scheme - 1)) & n.a != 0 ? .circumstance : .person
    }
    return aspect(of: n.op)
  }

  /// The aspect of the condition at `node` as the exclusion of a `not` (-1: `always`).
  func exclusionAspect(_ node: Int32) -> Shortfall.Aspect {
    node < 0 ? .person : ShortfallFinder.aspect(of: conditions.nodes[Int(node)].op)
  }
}

/// What ``ShortfallFinder``'s walk gathers of a condition that does not hold.
///
/// A gathering may keep what it finds in its context (the worded shortfalls fill one list): a
/// requirement's gathering is then what it added last, and the walk says what to forget
/// (``rewind(to:_:)``) and what to keep (``replace(_:with:_:)``).
protocol ShortfallGathering {
  /// What the gathering needs besides the finder (a buffer for the words and the list, or nothing).
  associatedtype Context
  /// The gathering of leaf `n` (at index `node`), which does not hold.
  static func leaf(
    _ n: EngineTables.Node, at node: Int32, _ finder: ShortfallFinder, _ quiet: UnsafePointer<Facts>, _ context: inout Context
  ) -> Self
  /// The gathering of a `not` whose condition (at `child`) holds.
  static func excluded(_ child: Int32, _ finder: ShortfallFinder, _ quiet: UnsafePointer<Facts>, _ context: inout Context)
    -> Self
  /// Where the context stands now, to come back to.
  static func mark(_ context: inout Context) -> Int
  /// Forgets what was gathered since `mark`.
  static func rewind(to mark: Int, _ context: inout Context)
  /// `new` (gathered last) instead of `old` (gathered just before it), if any.
  static func replace(_ old: Self?, with new: Self, _ context: inout Context) -> Self
  /// Where this gathering starts (``mark(_:)`` before it).
  var mark: Int { get }
  /// Adds another requirement's gathering (an `all`; gathered just after this one).
  mutating func add(_ other: Self)
  /// ``ShortfallFinder/distance(_:)``.
  func distance(_ context: inout Context) -> Int
  /// Every shortfall is about the visa history.
  func onlyHistory(_ context: inout Context) -> Bool
}

/// The worded shortfalls (``ShortfallFinder/shortfalls(_:)``): a stretch of the one list that
/// the walk fills.
struct WordedShortfalls: ShortfallGathering {
  struct Context {
    /// The words of the shortfall being written.
    var words: ByteBuffer
    /// Every shortfall kept so far.
    var list: [Shortfall]
  }
  /// The stretch of `Context.list`.
  var mark: Int
  var end: Int

  static func leaf(
    _ n: EngineTables.Node, at node: Int32, _ finder: ShortfallFinder, _ quiet: UnsafePointer<Facts>, _ context: inout Context
  ) -> WordedShortfalls {
    let shortfall: Shortfall
    if let memo = finder.memo {
      shortfall = memo.leaf(node) { finder.shortfall(n, quiet, &context.words) }
    } else {
      shortfall = finder.shortfall(n, quiet, &context.words)
    }
    context.list.append(shortfall)
    return WordedShortfalls(mark: context.list.count - 1, end: context.list.count)
  }

  static func excluded(_ child: Int32, _ finder: ShortfallFinder, _ quiet: UnsafePointer<Facts>, _ context: inout Context)
    -> WordedShortfalls
  {
    func word() -> Shortfall {
      context.words.removeAll()
      finder.excluded(child, quiet, &context.words)
      return Shortfall(aspect: finder.exclusionAspect(child), text: String(decoding: context.words.buffer, as: UTF8.self))
    }
    if child >= 0, let memo = finder.memo {
      context.list.append(memo.exclusion(child, word))
    } else {
      context.list.append(word())
    }
    return WordedShortfalls(mark: context.list.count - 1, end: context.list.count)
  }

  static func mark(_ context: inout Context) -> Int { context.list.count }

  static func rewind(to mark: Int, _ context: inout Context) {
    context.list.removeSubrange(mark..<context.list.count)
  }

  static func replace(_ old: WordedShortfalls?, with new: WordedShortfalls, _ context: inout Context) -> WordedShortfalls {
    guard let old else { return new }
    context.list.removeSubrange(old.mark..<old.end)
    return WordedShortfalls(mark: old.mark, end: old.mark + (new.end - new.mark))
  }

  mutating func add(_ other: WordedShortfalls) { end = other.end }

  func distance(_ context: inout Context) -> Int {
    var d = end - mark
    for i in mark..<end where context.list[i].isAboutWhoTheApplicantIs { d += 100 }
    return d
  }

  func onlyHistory(_ context: inout Context) -> Bool {
    context.list[mark..<end].allSatisfy { $0.aspect == .visaHistory }
  }
}
