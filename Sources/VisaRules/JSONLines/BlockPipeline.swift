import Dispatch

/// Works on blocks of lines on up to `workers` threads and hands their results over in input
/// order, as soon as each is ready, while the next blocks are read. At most a few blocks are in
/// flight, so memory stays flat whatever the input's length.
///
/// `work` runs on a worker thread, one block at a time per thread, with a worker's reusable state
/// (nil the first time: `work` makes it); as many states exist as blocks are worked on at once,
/// so a state's caches warm once per thread, not once per block in flight. `deliver` runs for
/// one block at a time, in input order (on whichever thread finished the block it waited for).
/// An error from `deliver` stops the pipeline: the blocks after it are skipped and the error kept.
final class BlockPipeline: @unchecked Sendable {
  typealias Work = @Sendable (LineBlock, inout AnyObject?) -> Void
  typealias Deliver = (LineBlock) throws(VisaRulesError) -> Void

  private let work: Work
  private let deliver: Deliver
  private let maxInFlight: Int
  /// Bounds the blocks read but not yet delivered.
  private let inFlight: DispatchSemaphore
  /// Bounds the blocks being worked on at once (the thread count asked for).
  private let computing: DispatchSemaphore
  private let group = DispatchGroup()
  private let queue = DispatchQueue.global()
  private let mutex = Mutex()
  // Guarded by `mutex`:
  private var free: [LineBlock] = []
  /// Workers' states not in use.
  private var idle: [AnyObject] = []
  private var done: [LineBlock?]
  private var nextToDeliver = 0
  private var delivering = false
  private var submitted = 0
  private(set) var error: VisaRulesError?
  private var _failed = false

  init(workers: Int, work: @escaping Work, deliver: @escaping Deliver) {
    self.work = work
    self.deliver = deliver
    maxInFlight = workers * 2 + 2
    inFlight = DispatchSemaphore(value: maxInFlight)
    computing = DispatchSemaphore(value: workers)
    done = Array(repeating: nil, count: maxInFlight)
  }

  var failed: Bool { mutex.locked { _failed } }

  /// A block to fill: a recycled one, or a new one.
  func takeBlock() -> LineBlock {
    mutex.locked { free.popLast() } ?? LineBlock()
  }

  /// Hands a block to a worker thread (waits while too many blocks are in flight).
  func submit(_ block: LineBlock) {
    inFlight.wait()
    computing.wait()
    block.sequence = submitted
    submitted += 1
    queue.async(group: group) { [self] in
      perform(block)
      computing.signal()
      completed(block)
    }
  }

  /// Works on and delivers a block on the calling thread (when it is the only one).
  func run(_ block: LineBlock) {
    inFlight.wait()
    block.sequence = submitted
    submitted += 1
    perform(block)
    completed(block)
  }

  /// Works on `block` with an idle worker state (or a new one), then leaves the state idle.
  private func perform(_ block: LineBlock) {
    var state: AnyObject? = mutex.locked { idle.popLast() }
    work(block, &state)
    if let state { mutex.locked { idle.append(state) } }
  }

  /// Waits until every submitted block is delivered.
  func finish() {
    group.wait()
  }

  /// Records a finished block; whoever finds the next block to deliver delivers it, and every
  /// block after it that is ready.
  private func completed(_ block: LineBlock) {
    mutex.lock()
    done[block.sequence % maxInFlight] = block
    if delivering {
      mutex.unlock()
      return
    }
    delivering = true
    while let b = done[nextToDeliver % maxInFlight], b.sequence == nextToDeliver {
      done[nextToDeliver % maxInFlight] = nil
      let skip = _failed
      mutex.unlock()
      var failure: VisaRulesError?
      if !skip {
        do throws(VisaRulesError) { try deliver(b) } catch let e { failure = e }
      }
      mutex.lock()
      if let failure, error == nil {
        error = failure
        _failed = true
      }
      nextToDeliver += 1
      free.append(b)
      inFlight.signal()
    }
    delivering = false
    mutex.unlock()
  }
}
