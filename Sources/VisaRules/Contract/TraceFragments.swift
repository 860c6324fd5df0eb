/// The fixed part of every trace entry (`"figure":…` to `"condition":…`: what the rule book says
/// of a provision, the same for every application), written once per rule book by the one
/// encoder (``DecisionEncoder/writeFixedPart(_:_:)``), so a traced batch line copies it instead
/// of spelling eight fields per entry. Numbered as ``TraceEntry/fragment``: a provision's
/// version by its global version index, a provision with no version in force after them.
final class TraceFragments: @unchecked Sendable {
  private let bytes: ByteBuffer
  /// Where each fragment starts and ends in `bytes`.
  private let ranges: [(start: Int, end: Int)]
  /// The same fixed parts as values, shared by the trace entries of every application.
  private let parts: [TraceEntry.FixedPart]
  /// Why each instrument does not apply, in words (``Evaluator/instrumentReason(_:_:)``).
  let instrumentReasons: [Evaluator.InstrumentReasons]

  /// The number of fragments.
  var count: Int { ranges.count }

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
    self.parts = parts
    self.bytes = bytes
    self.ranges = ranges
  }

  /// Fixed part `i`, to share.
  @inline(__always) func part(_ i: Int) -> TraceEntry.FixedPart { parts[i] }

  /// Where fragment `i` lies.
  func fragment(_ i: Int) -> (UnsafePointer<UInt8>, Int) {
    (UnsafePointer(bytes.base) + ranges[i].start, ranges[i].end - ranges[i].start)
  }

  deinit { bytes.free() }
}
