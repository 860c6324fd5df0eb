/// The flat conditions of ``EngineTables``, as a plain value (no reference counting while
/// conditions are tested).
///
/// Conditions are tested as branch programs: each node's condition is compiled, once, into a
/// sequence of tests of one fact (``Step``), each naming the step to go to when it holds and
/// when it does not (`all`, `any` and `not` become those jumps). Testing a condition is a loop
/// over its steps, in the order and with the short-circuits of the condition tree: the same
/// answer, the same options noted as consulted, the same document facts noted as assumed.
struct ConditionTables {
  let nodes: Table<EngineTables.Node>
  let children: Table<Int32>
  let codes: Table<UInt16>
  let ints: Table<Int>
  let queries: Table<HistoryQuery>
  /// Country lists as bit sets over the 676 two-letter codes (11 words per list).
  let countrySets: Table<UInt64>
  /// The steps of every node's program.
  let steps: Table<Step>
  /// Per node, its program's first step, or ``holdsAlways`` / ``holdsNever``.
  let programs: Table<Int32>

  /// A test of one fact (a leaf node), and where to go next.
  struct Step {
    var node: EngineTables.Node
    /// The next step when the test holds (or ``holdsAlways`` / ``holdsNever``: the answer).
    var onTrue: Int32
    /// The next step when it does not.
    var onFalse: Int32
  }

  /// The end of a program: the condition holds.
  static let holdsAlways: Int32 = -1
  /// The end of a program: the condition does not hold.
  static let holdsNever: Int32 = -2

  init(
    nodes: Table<EngineTables.Node>, children: Table<Int32>, codes: Table<UInt16>, ints: Table<Int>,
    queries: Table<HistoryQuery>, countrySets: Table<UInt64>
  ) {
    self.nodes = nodes
    self.children = children
    self.codes = codes
    self.ints = ints
    self.queries = queries
    self.countrySets = countrySets
    var steps: [Step] = []
    steps.reserveCapacity(nodes.count * 2)
    var programs: [Int32] = []
    programs.reserveCapacity(nodes.count)
    for n in 0..<nodes.count {
      programs.append(Self.compile(Int32(n), nodes, children, onTrue: Self.holdsAlways, onFalse: Self.holdsNever, &steps))
    }
    self.steps = Table(steps)
    self.programs = Table(programs)
  }

  /// Appends the steps of the condition at `node` (its children's first, from the last one
  /// back, so each knows where its successor starts); returns where the condition's test
  /// begins.
  private static func compile(
    _ node: Int32, _ nodes: Table<EngineTables.Node>, _ children: Table<Int32>, onTrue: Int32, onFalse: Int32,
    _ steps: inout [Step]
  ) -> Int32 {
    if node < 0 { return onTrue }
    let n = nodes[Int(node)]
    switch n.op {
    case .always: return onTrue
    case .all:
      var next = onTrue
      for i in stride(from: n.a &+ n.b &- 1, through: n.a, by: -1) {
        next = compile(children[i], nodes, children, onTrue: next, onFalse: onFalse, &steps)
      }
      return next
    case .any:
      var next = onFalse
      for i in stride(from: n.a &+ n.b &- 1, through: n.a, by: -1) {
        next = compile(children[i], nodes, children, onTrue: onTrue, onFalse: next, &steps)
      }
      return next
    case .not:
      return compile(Int32(truncatingIfNeeded: n.a), nodes, children, onTrue: onFalse, onFalse: onTrue, &steps)
    default:
      steps.append(Step(node: n, onTrue: onTrue, onFalse: onFalse))
      return Int32(steps.count - 1)
    }
  }

  func free() {
    steps.free()
    programs.free()
  }

  /// Whether the condition at `node` holds; `consulted` collects the options it read (bit per
  /// option), in short-circuit order, so a decision lists only the options it relied on.
  func holds(_ node: Int32, _ facts: UnsafePointer<Facts>, _ consulted: inout UInt64) -> Bool {
    if node < 0 { return true }
    var next = programs[Int(node)]
    while next >= 0 {
      let s = steps[Int(next)]
      next = test(s.node, facts, &consulted) ? s.onTrue : s.onFalse
    }
    return next == Self.holdsAlways
  }

  /// The test of one leaf node.
  @inline(__always) private func test(_ n: EngineTables.Node, _ facts: UnsafePointer<Facts>, _ consulted: inout UInt64) -> Bool {
    switch n.op {
    case .categories: return facts.pointee.categories & UInt64(bitPattern: Int64(n.a)) != 0
    case .age: return facts.pointee.age >= n.a && facts.pointee.age <= n.b
    case .daysBeforeTrip: return facts.pointee.daysBeforeTrip >= n.a && facts.pointee.daysBeforeTrip <= n.b
    case .nationality: return contains(n, facts.pointee.nationality)
    case .residence: return contains(n, facts.pointee.residence)
    case .lodgedIn: return contains(n, facts.pointee.lodgedIn)
    case .destination: return contains(n, facts.pointee.destination)
    case .travelDocument: return (1 << Int(facts.pointee.document)) & n.a != 0
    case .purpose:
      for i in n.a..<(n.a &+ n.b) where ints[i] == facts.pointee.purpose { return true }
      return false
    case .option:
      consulted |= 1 << UInt64(n.a)
      return facts.pointee.options[n.a] == n.b
    case .extensionGround: return facts.pointee.extensionGround > 0 && (1 << (Int(facts.pointee.extensionGround) - 1)) & n.a != 0
    case .hostUnknown: return facts.pointee.hostRelationship == 0
    case .hostDependent: return facts.pointee.hostDependent
    case .documentCategory: return (1 << UInt64(facts.pointee.documentCategory)) & UInt64(bitPattern: Int64(n.a)) != 0
    default: return rareTest(n, facts, &consulted)
    }
  }

  /// The tests that read the visa history, the host, the fast track or document facts that
  /// may be assumed: kept out of the loop. (`always`, `all`, `any` and `not` have no step.)
  @inline(never) private func rareTest(_ n: EngineTables.Node, _ facts: UnsafePointer<Facts>, _ consulted: inout UInt64) -> Bool {
    switch n.op {
    case .visas:
      let q = queries[n.a]
      return q.count(in: facts, &consulted) >= q.atLeast
    case .hostRelationship: return facts.pointee.hostRelationship > 0 && (1 << (Int(facts.pointee.hostRelationship) - 1)) & n.a != 0
    case .hostNationality: return facts.pointee.hostRelationship > 0 && contains(n, facts.pointee.hostNationality)
    case .hostResidence:
      return facts.pointee.hostRelationship > 0 && (facts.pointee.hostResidence == 0 || contains(n, facts.pointee.hostResidence))
    case .fastTrack:
      guard facts.pointee.fastTrackScheme > 0, (1 << (Int(facts.pointee.fastTrackScheme) - 1)) & n.a != 0 else { return false }
      return n.b == 0 || LocalDate(dayNumber: facts.pointee.fastTrackSince).adding(months: n.b).dayNumber <= facts.pointee.lodging
    case .biometricDocument:
      let b = facts.pointee.biometric
      if b == 0, let p = facts.pointee.assumed { p.pointee |= DocumentAssumption.biometric }
      return (b != 1) == (n.a != 0)
    case .documentIssued:
      let day: Int
      if let d = facts.pointee.documentIssued {
        day = d
      } else {
        day = facts.pointee.lodging
        if let p = facts.pointee.assumed { p.pointee |= DocumentAssumption.issued }
      }
      return day >= n.a && day <= n.b
    case .always: return true
    case .all, .any, .not, .categories, .age, .daysBeforeTrip, .nationality, .residence, .lodgedIn, .destination,
      .travelDocument, .purpose, .option, .extensionGround, .hostUnknown, .hostDependent, .documentCategory:
      assertionFailure("\(n.op) is tested in line, never here")
      return false
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
