import Dispatch

/// Working on parts of a list on every core while keeping their order.
enum Parallel {
  /// Splits `count` items into parts worked on concurrently; returns the parts' results in order.
  static func parts<T>(count: Int, workers: Int, _ work: @Sendable (Range<Int>) -> T) -> [T] {
    let parts = max(1, min(workers * 4, count))
    let boxes = (0..<parts).map { _ in ResultBox<T>() }
    DispatchQueue.concurrentPerform(iterations: parts) { p in
      let lo = count * p / parts
      let hi = count * (p + 1) / parts
      boxes[p].value = work(lo..<hi)
    }
    return boxes.map { $0.value! }
  }
}

/// One worker's result: each worker writes only its own box.
private final class ResultBox<T>: @unchecked Sendable {
  var value: T?
}
