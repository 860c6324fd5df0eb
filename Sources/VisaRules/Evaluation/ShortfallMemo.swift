/// With a trace: the shortfalls already worded in one evaluation, by requirement.
///
/// A requirement that several provisions share (a category, a destination, a visa count) is
/// worded once per evaluation and its text shared by every entry that names it: the facts a
/// shortfall reads do not change within an evaluation, and ``Evaluator/begin(_:_:trace:)``
/// forgets every shortfall before the next one. Requirements are the same when their words must
/// be: the same test of the same values (a country list's words name only the applicant's own
/// country, so any two lists of one fact are the same requirement).
final class ShortfallMemo {
  /// Per compiled node, the slot of its requirement as a leaf (-1: not a leaf).
  private let leafSlot: UnsafeMutablePointer<Int32>
  /// Per compiled node, the slot of its exclusion (a `not` over it that holds).
  private let exclusionSlot: UnsafeMutablePointer<Int32>
  private let nodeCount: Int
  /// The shortfalls worded in this evaluation, by slot (plain memory: no exclusivity checks on
  /// the hot path of a trace).
  private let slots: UnsafeMutablePointer<Shortfall?>
  private let slotCount: Int
  /// The slots filled since the last ``clear()``, in `filled[0..<filledCount]`.
  private let filled: UnsafeMutablePointer<Int32>
  private var filledCount = 0

  init(_ c: ConditionTables) {
    var ids: [Requirement: Int32] = [:]
    func id(_ r: Requirement) -> Int32 {
      if let known = ids[r] { return known }
      let new = Int32(ids.count)
      ids[r] = new
      return new
    }
    nodeCount = c.nodes.count
    leafSlot = .allocate(capacity: max(1, nodeCount))
    exclusionSlot = .allocate(capacity: max(1, nodeCount))
    for i in 0..<nodeCount {
      let r = Requirement(c, i)
      leafSlot[i] = r.isLeaf ? id(r) : -1
      exclusionSlot[i] = id(Requirement(excluding: r, node: i))
    }
    slotCount = ids.count
    slots = .allocate(capacity: max(1, slotCount))
    slots.initialize(repeating: nil, count: slotCount)
    filled = .allocate(capacity: max(1, slotCount))
  }

  deinit {
    slots.deinitialize(count: slotCount)
    slots.deallocate()
    filled.deallocate()
    leafSlot.deallocate()
    exclusionSlot.deallocate()
  }

  /// The shortfall of the leaf at `node`, worded by `word` the first time it is asked.
  @inline(__always) func leaf(_ node: Int32, _ word: () -> Shortfall) -> Shortfall {
    remembered(leafSlot[Int(node)], word)
  }

  /// The exclusion of the condition at `child` (≥ 0), worded by `word` the first time.
  @inline(__always) func exclusion(_ child: Int32, _ word: () -> Shortfall) -> Shortfall {
    remembered(exclusionSlot[Int(child)], word)
  }

  @inline(__always) private func remembered(_ slot: Int32, _ word: () -> Shortfall) -> Shortfall {
    if slot < 0 { return word() }
    let p = slots + Int(slot)
    if let known = p.pointee { return known }
    let s = word()
    p.pointee = s
    filled[filledCount] = slot
    filledCount += 1
    return s
  }

  /// Forgets every shortfall (a new evaluation).
  func clear() {
    for i in 0..<filledCount { slots[Int(filled[i])] = nil }
    filledCount = 0
  }

  /// What a node's words depend on besides the facts.
  private struct Requirement: Hashable {
    var op: EngineTables.Op
    var a = 0
    var b = 0
    var query: HistoryQuery?
    var purposes: [Int] = []
    /// -1: a leaf's own requirement; 1: an exclusion; 2: a node that is not a leaf.
    var role: Int8 = -1
    /// For what is worded from the node itself (an exclusion of a composite condition).
    var node = -1

    var isLeaf: Bool { role == -1 }

    init(_ c: ConditionTables, _ i: Int) {
      let n = c.nodes[i]
      op = n.op
      switch n.op {
      case .always, .all, .any, .not:
        role = 2
        node = i
      case _ where ShortfallFinder.isWordedWithOwnFact(n.op):
        break  // worded with the applicant's own country
      case .visas: query = c.queries[n.a]
      case .purpose: purposes = (n.a..<(n.a &+ n.b)).map { c.ints[$0] }
      default:
        a = n.a
        b = n.b
      }
    }

    init(excluding r: Requirement, node i: Int) {
      self = r
      role = 1
      // Unless worded with the applicant's own fact: "excluded: " and the condition described.
      if r.role == 2 || !ShortfallFinder.isWordedWithOwnFact(op) { node = i }
    }
  }
}
