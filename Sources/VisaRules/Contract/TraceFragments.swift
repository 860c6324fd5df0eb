/// The fixed part of every trace entry (`"figure":…` to `"condition":…`: what the rule book says
/// of a provision, the same for every application), written once per rule book by the one
/// encoder (``DecisionEncoder/writeFixedPart(_:_:)``), so a traced batch line copies it instead
/// of spelling eight fields per entry. Numbered as ``TraceEntry/fragment``: a provision's
/// version by its global version index, a provision with no version in force after them.
final class TraceFragments: @unchecked Sendable {
  private let bytes: ByteBuffer
  /// Where each fragment starts and ends in `bytes` (plain memory, read through ``View``).
  private let ranges: UnsafeMutablePointer<(start: Int, end: Int)>
  private let rangeCount: Int
  /// The same fixed parts as values, shared by the trace entries of every application (plain
  /// memory: an entry takes its part without the fragments being retained).
  let parts: UnsafeMutablePointer<TraceEntry.FixedPart>
  /// Why each instrument does not apply, in words (``Evaluator/instrumentReason(_:_:)``).
  let instrumentReasons: [Evaluator.InstrumentReasons]

  /// The number of fragments.
  var count: Int { rangeCount }

  init(_ evaluator: Evaluator) {
    let rules = evaluator.rules
    instrumentReasons = rules.instruments.indices.map { evaluator.instrumentReasons(InstrumentIndex($0)) }
    var parts: [TraceEntry.FixedPart] = []
    for p in rules.provisions.indices {
      for v in rules.provisions[p].versions.indices {
        parts.append(TraceEntry.FixedPart(evaluator.traceFixedPart(ProvisionIndex(p), VersionIndex(v))))
      }
    }
    for p in rules.provisions.indices { parts.append(TraceEntry.FixedPart(evaluator.traceFixedPart(ProvisionIndex(p), nil))) }
    var bytes = ByteBuffer(capacity: 1 << 16)
    var ranges: [(start: Int, end: Int)] = []
    for (i, part) in parts.enumerated() {
      let e = TraceEntry(part, verdict: .applied, shortfalls: [], provisionIndex: ProvisionIndex(-1))
      // Numbered as the engine numbers them; a mismatch would be a bug in one place.
      precondition(e.fragment == i, "trace fragment \(e.fragment) built at \(i)")
      // Written inside an object of its own (the sink then spells the keys as in an entry);
      // the fragment is what follows the `{`.
      var sink = CompactJSON(bytes)
      sink.beginObject()
      let start = sink.out.count
      DecisionEncoder.writeFixedPart(e, &sink)
      bytes = sink.out
      ranges.append((start, bytes.count))
    }
    // Immutable from here (read by every trace entry without an exclusivity check).
    self.parts = .allocate(capacity: max(1, parts.count))
    self.parts.initialize(from: parts, count: parts.count)
    self.bytes = bytes
    rangeCount = ranges.count
    self.ranges = .allocate(capacity: max(1, ranges.count))
    self.ranges.initialize(from: ranges, count: ranges.count)
  }

  /// The fragments as plain pointers, for a whole trace: reading one then neither retains nor
  /// releases the fragments (the caller keeps them alive while it writes).
  struct View {
    let bytes: UnsafePointer<UInt8>
    let ranges: UnsafePointer<(start: Int, end: Int)>
    let count: Int

    /// Where fragment `i` lies.
    @inline(__always) func fragment(_ i: Int) -> (UnsafePointer<UInt8>, Int) {
      (bytes + ranges[i].start, ranges[i].end - ranges[i].start)
    }
  }

  var view: View { View(bytes: UnsafePointer(bytes.base), ranges: UnsafePointer(ranges), count: rangeCount) }

  deinit {
    bytes.free()
    ranges.deallocate()
    parts.deinitialize(count: rangeCount)
    parts.deallocate()
  }
}

extension TraceFragments {
  /// The fragments as an evaluation's working state holds them (``Evaluator/Run/traceParts``): the
  /// owner, and its fixed parts as a plain pointer, so that recording a trace entry reads its part
  /// without retaining the owner. The pointer is valid as long as this value lives (it keeps the
  /// owner, which keeps the parts).
  struct Held {
    let fragments: TraceFragments
    let fixedParts: UnsafePointer<TraceEntry.FixedPart>

    init(_ fragments: TraceFragments) {
      self.fragments = fragments
      fixedParts = UnsafePointer(fragments.parts)
    }
  }
}
