/// One slot per date segment (``DateSegments``), each empty until its value is built on first
/// use: the per-segment caches of ``SegmentCut`` and ``ScopeTests``. Plain memory (no
/// exclusivity check or copy on write per read); its owner frees it once, with ``free(_:)``.
struct SegmentSlots<Value> {
  private let slots: UnsafeMutablePointer<Value?>
  /// The number of slots: the number of date segments.
  let count: Int

  init(count: Int) {
    self.count = count
    slots = .allocate(capacity: max(1, count))
    slots.initialize(repeating: nil, count: count)
  }

  /// The value of segment `index` (below ``count``), nil until set.
  @inline(__always) func callAsFunction(_ index: Int) -> Value? { slots[index] }

  /// Sets the value of segment `index`.
  @inline(__always) func set(_ index: Int, _ value: Value) { slots[index] = value }

  /// Releases each value built (`release`: what a value holds beyond itself) and the slots.
  func free(_ release: (Value) -> Void) {
    for i in 0..<count { if let value = slots[i] { release(value) } }
    slots.deinitialize(count: count)
    slots.deallocate()
  }
}
