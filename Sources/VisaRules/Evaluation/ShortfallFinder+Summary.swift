/// ``ShortfallFinder/summary(_:_:historyOnly:)``: the shape of a condition's shortfalls, without
/// their words (for ``Evaluator/noteUncountedVisas(_:_:)``, in every decision).
struct ShortfallSummary: Equatable, ShortfallGathering {
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

  static func leaf(
    _ n: EngineTables.Node, at node: Int32, _ finder: ShortfallFinder, _ quiet: UnsafePointer<Facts>, _ context: inout Void
  ) -> ShortfallSummary {
    var s = ShortfallSummary(ShortfallFinder.aspect(of: n, quiet))
    if n.op == .visas { s.leavesVisaUncounted = finder.leavesVisaUncounted(finder.conditions.queries[n.a]) }
    return s
  }

  static func excluded(_ child: Int32, _ finder: ShortfallFinder, _ quiet: UnsafePointer<Facts>, _ context: inout Void)
    -> ShortfallSummary
  {
    ShortfallSummary(finder.exclusionAspect(child))
  }

  static func mark(_ context: inout Void) -> Int { 0 }
  static func rewind(to mark: Int, _ context: inout Void) {}
  static func replace(_ old: ShortfallSummary?, with new: ShortfallSummary, _ context: inout Void) -> ShortfallSummary { new }
  var mark: Int { 0 }
  func distance(_ context: inout Void) -> Int { distance }
  func onlyHistory(_ context: inout Void) -> Bool { onlyHistory }

  mutating func add(_ other: ShortfallSummary) {
    count += other.count
    distance += other.distance
    onlyHistory = onlyHistory && other.onlyHistory
    leavesVisaUncounted = leavesVisaUncounted || other.leavesVisaUncounted
  }
}
