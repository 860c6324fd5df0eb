/// A fixed array of plain values, read without bounds checks or reference counting; freed by
/// its owner.
struct Table<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T>
  let count: Int

  init(_ values: [T]) {
    let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
    values.withUnsafeBufferPointer { src in
      if let s = src.baseAddress { p.initialize(from: s, count: values.count) }
    }
    base = p
    count = values.count
  }

  /// A table of the first `count` values at `base`, allocated by the caller (for `count` or more).
  init(adopting base: UnsafeMutablePointer<T>, count: Int) {
    self.base = base
    self.count = count
  }

  @inline(__always) subscript(_ i: Int) -> T { base[i] }
  @inline(__always) subscript(_ i: Int32) -> T { base[Int(i)] }

  func free() {
    base.deinitialize(count: count)
    base.deallocate()
  }
}
