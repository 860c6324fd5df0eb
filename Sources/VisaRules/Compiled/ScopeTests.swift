/// The scope conditions of the instruments a nationality can fall under, as that nationality
/// reads them: a nationality test is a constant, equal conditions are tested once per
/// evaluation, and each date segment lists only the instruments in force on it whose scope can
/// hold (``NationalityScope/instrumentsInForce(_:_:)``).
///
/// Two conditions are equal when they test the same facts against the same values in the same
/// order (nationality tests replaced by their outcome): they hold alike and read alike, so one
/// stands for all. A scope folds to a constant only when it reads nothing but the nationality.
final class ScopeTests {
  /// One node for each distinct condition that is not a constant.
  let conditions: Table<Int32>
  /// Per evaluation: whether each of `conditions` holds (1, 0), or -1 when not tested yet.
  let results: UnsafeMutablePointer<Int8>
  /// For each instrument of the scope's list (``NationalityScope/instruments``): the index of
  /// its condition in `conditions`, `always` when its scope holds for the nationality, `never`
  /// when it cannot.
  let testOf: [Int32]
  /// By segment: `(instrument, test)` for the instruments in scope and in force on it whose scope
  /// can hold, in rule-book order; built on first use.
  private let bySegment: SegmentSlots<Table<(Int32, Int32)>>

  static let always: Int32 = -1
  static let never: Int32 = -2

  init(_ instruments: Table<Int32>, nationality code: UInt16?, _ tables: EngineTables) {
    let c = tables.conditions
    // The keys of `nodes`, searched in order (a few dozen instruments: no dictionary, whose
    // type costs more to set up at start-up than the search).
    var keys: [[Int]] = []
    var nodes: [Int32] = []
    var tests: [Int32] = []
    for k in 0..<instruments.count {
      let node = tables.instrumentInfo[Int(instruments[k])].scope
      let (key, constant) = Self.key(node, code, c)
      if let constant {
        tests.append(constant ? Self.always : Self.never)
      } else if let known = keys.firstIndex(of: key) {
        tests.append(Int32(known))
      } else {
        keys.append(key)
        tests.append(Int32(nodes.count))
        nodes.append(node)
      }
    }
    conditions = Table(nodes)
    results = .allocate(capacity: max(1, nodes.count))
    results.initialize(repeating: -1, count: max(1, nodes.count))
    testOf = tests
    bySegment = SegmentSlots(count: tables.segments.starts.count)
  }

  deinit {
    bySegment.free { $0.free() }
    results.deallocate()
    conditions.free()
  }

  /// `(instrument, test)` of the instruments of `instruments` in force on segment `index`
  /// whose scope can hold.
  func inForce(_ index: Int, _ instruments: Table<Int32>, _ tables: EngineTables) -> Table<(Int32, Int32)> {
    if let built = bySegment(index) { return built }
    // Instruments' dates cut the segments: one day of the segment tells them all.
    let day = tables.segments.starts[index]
    var list: [(Int32, Int32)] = []
    for k in 0..<instruments.count where testOf[k] != Self.never {
      let i = instruments[k]
      let inst = tables.instrumentInfo[Int(i)]
      if inst.from <= day && day <= inst.until { list.append((i, testOf[k])) }
    }
    let built = Table(list)
    bySegment.set(index, built)
    return built
  }

  /// A key equal for conditions that hold alike and read the same facts in the same order for
  /// nationality `code` (nil: any nationality, whose tests stay in the key), and the
  /// condition's value when it reads nothing but the nationality.
  private static func key(_ node: Int32, _ code: UInt16?, _ c: ConditionTables) -> (key: [Int], constant: Bool?) {
    if node < 0 { return ([0], true) }
    let n = c.nodes[Int(node)]
    let op = Int(n.op.rawValue) + 1
    switch n.op {
    case .always: return ([0], true)
    case .nationality:
      if let code {
        let holds = c.contains(n, code)
        return ([holds ? -1 : -2], holds)
      }
      return ([op, n.b] + (0..<n.b).map { Int(c.codes[n.a + $0]) }, nil)
    case .all, .any:
      // Children are read in order until one decides: a constant that decides before anything
      // else is read decides the whole.
      let decisive = n.op == .any
      var key = [op, n.b]
      var readsOnlyNationality = true
      for i in n.a..<(n.a &+ n.b) {
        let (k, value) = Self.key(c.children[i], code, c)
        key += k
        if let value {
          if value == decisive && readsOnlyNationality { return ([0], decisive) }
        } else {
          readsOnlyNationality = false
        }
      }
      return (key, readsOnlyNationality ? !decisive : nil)
    case .not:
      let (k, value) = Self.key(Int32(truncatingIfNeeded: n.a), code, c)
      return ([op] + k, value.map { !$0 })
    case .residence, .lodgedIn, .destination, .hostNationality, .hostResidence:
      return ([op, n.b] + (0..<n.b).map { Int(c.codes[n.a + $0]) }, nil)
    case .purpose:
      return ([op, n.b] + (0..<n.b).map { c.ints[n.a + $0] }, nil)
    case .categories, .age, .daysBeforeTrip, .travelDocument, .option, .extensionGround, .visas, .hostRelationship,
      .hostUnknown, .fastTrack, .hostDependent, .biometricDocument, .documentCategory, .documentIssued:
      // `visas`: the query's index (equal only to itself).
      return ([op, n.a, n.b], nil)
    }
  }
}
