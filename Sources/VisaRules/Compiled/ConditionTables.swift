/// The flat conditions of ``EngineTables``, as a plain value (no reference counting while
/// conditions recurse).
struct ConditionTables {
  let nodes: Table<EngineTables.Node>
  let children: Table<Int32>
  let codes: Table<UInt16>
  let ints: Table<Int>
  let queries: Table<HistoryQuery>
  /// Country lists as bit sets over the 676 two-letter codes (11 words per list).
  let countrySets: Table<UInt64>

  /// Whether the condition at `node` holds; `consulted` collects the options it read (bit per
  /// option), in short-circuit order, so a decision lists only the options it relied on.
  func holds(_ node: Int32, _ facts: UnsafePointer<Facts>, _ consulted: inout UInt64) -> Bool {
    if node < 0 { return true }
    let n = nodes[Int(node)]
    switch n.op {
    case .always: return true
    case .all:
      for i in n.a..<(n.a &+ n.b) where !holds(children[i], facts, &consulted) { return false }
      return true
    case .any:
      for i in n.a..<(n.a &+ n.b) where holds(children[i], facts, &consulted) { return true }
      return false
    case .not: return !holds(Int32(truncatingIfNeeded: n.a), facts, &consulted)
    case .categories: return facts.pointee.categories & UInt64(bitPattern: Int64(n.a)) != 0
    case .age: return facts.pointee.age >= n.a && facts.pointee.age <= n.b
    case .daysBeforeTrip: return facts.pointee.daysBeforeTrip >= n.a && facts.pointee.daysBeforeTrip <= n.b
    case .nationality: return contains(n, facts.pointee.nationality)
    case .residence: return contains(n, facts.pointee.residence)
    case .lodgedIn: return contains(n, facts.pointee.lodgedIn)
    case .destination: return contains(n, facts.pointee.destination)
    case .travelDocument: return (1 << Int(facts.pointee.document)) & n.a != 0
    case .purpose:
      for i in n.a..<(n.a + n.b) where ints[i] == facts.pointee.purpose { return true }
      return false
    case .option:
      consulted |= 1 << UInt64(n.a)
      return facts.pointee.options[n.a] == n.b
    case .extensionGround: return facts.pointee.extensionGround > 0 && (1 << (Int(facts.pointee.extensionGround) - 1)) & n.a != 0
    case .visas:
      let q = queries[n.a]
      return q.count(in: facts, &consulted) >= q.atLeast
    case .hostRelationship: return facts.pointee.hostRelationship > 0 && (1 << (Int(facts.pointee.hostRelationship) - 1)) & n.a != 0
    case .hostNationality: return facts.pointee.hostRelationship > 0 && contains(n, facts.pointee.hostNationality)
    case .hostUnknown: return facts.pointee.hostRelationship == 0
    case .hostResidence:
      return facts.pointee.hostRelationship > 0 && (facts.pointee.hostResidence == 0 || contains(n, facts.pointee.hostResidence))
    case .fastTrack:
      guard facts.pointee.fastTrackScheme > 0, (1 << (Int(facts.pointee.fastTrackScheme) - 1)) & n.a != 0 else { return false }
      return n.b == 0 || LocalDate(dayNumber: facts.pointee.fastTrackSince).adding(months: n.b).dayNumber <= facts.pointee.lodging
    case .hostDependent: return facts.pointee.hostDependent
    case .biometricDocument:
      let b = facts.pointee.biometric
      if b == 0, let p = facts.pointee.assumed { p.pointee |= DocumentAssumption.biometric }
      return (b != 1) == (n.a != 0)
    case .documentCategory: return (1 << UInt64(facts.pointee.documentCategory)) & UInt64(bitPattern: Int64(n.a)) != 0
    case .documentIssued:
      let day: Int
      if let d = facts.pointee.documentIssued {
        day = d
      } else {
        day = facts.pointee.lodging
        if let p = facts.pointee.assumed { p.pointee |= DocumentAssumption.issued }
      }
      return day >= n.a && day <= n.b
    }
  }

  /// ``Condition/canHold(nationality:)`` of the condition compiled at `node`: false only when it
  /// requires another nationality (the trace leaves such provisions out).
  func canHold(_ node: Int32, nationality code: UInt16) -> Bool {
    if node < 0 { return true }
    let n = nodes[Int(node)]
    switch n.op {
    case .nationality: return contains(n, code)
    case .all:
      for i in n.a..<(n.a &+ n.b) where !canHold(children[i], nationality: code) { return false }
      return true
    case .any:
      for i in n.a..<(n.a &+ n.b) where canHold(children[i], nationality: code) { return true }
      return false
    default: return true
    }
  }

  /// Whether the condition at `node` is false for every applicant of nationality `code` and
  /// ``holds(_:_:_:)`` finds that out before it reads anything that leaves a mark on the
  /// evaluation (an option or the visa history, which it notes as consulted; an assumed fact of
  /// the travel document): an `all` whose children, in order, lead to such a false nationality
  /// test through tests that leave no mark. Dropping such a condition's provision before
  /// evaluating changes nothing the evaluation gives (``NationalityScope/segment(_:_:_:)``).
  func failsUnmarked(_ node: Int32, nationality code: UInt16) -> Bool {
    if node < 0 { return false }
    let n = nodes[Int(node)]
    switch n.op {
    case .nationality: return !contains(n, code)
    case .all:
      for i in n.a..<(n.a &+ n.b) {
        if failsUnmarked(children[i], nationality: code) { return true }
        if !leavesNoMark(children[i]) { return false }
      }
      return false
    default: return false
    }
  }

  /// Whether evaluating the condition at `node` never notes an option or the history as
  /// consulted and never assumes a fact of the travel document.
  func leavesNoMark(_ node: Int32) -> Bool {
    if node < 0 { return true }
    let n = nodes[Int(node)]
    switch n.op {
    case .option, .visas, .biometricDocument, .documentIssued: return false
    case .all, .any:
      for i in n.a..<(n.a &+ n.b) where !leavesNoMark(children[i]) { return false }
      return true
    case .not: return leavesNoMark(Int32(truncatingIfNeeded: n.a))
    default: return true
    }
  }

  @inline(__always) func contains(_ n: EngineTables.Node, _ code: UInt16) -> Bool {
    if n.c >= 0 {
      let bit = countryLetterIndex(code)
      guard bit >= 0 else { return false }
      return countrySets[n.c &+ bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }
    for i in n.a..<(n.a &+ n.b) where codes[i] == code { return true }
    return false
  }

}
