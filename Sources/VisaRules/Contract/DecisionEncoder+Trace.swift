/// The trace part of the one decision writer: trace entries (with the repeated tails of a
/// traced batch line copied from the output), the "why not" entries and the shortfalls.
extension DecisionEncoder {
  /// One entry of a decision's trace.
  static func write<S: JSONSink>(_ t: TraceEntry, to s: inout S) {
    var tail = TraceTail()
    let fragments = s.traceFragments
    withExtendedLifetime(fragments) {
      withUnsafePointer(to: t) { write($0, fragments?.view, to: &s, after: nil, tail: &tail) }
    }
  }

  /// One entry of a decision's trace, read where it stands (an entry passed by value is copied
  /// whole, every text and list of it retained, for each of the hundreds of a traced line).
  ///
  /// `tail`: where the `previous` entry's explanation and shortfalls were written (if the sink
  /// keeps them); an entry with the same verdict and the same list of shortfalls (the
  /// provisions of an instrument that does not apply share both) copies them.
  static func write<S: JSONSink>(
    _ t: UnsafePointer<TraceEntry>, _ fragments: TraceFragments.View?, to s: inout S, after previous: UnsafePointer<TraceEntry>?,
    tail: inout TraceTail
  ) {
    s.beginObject()
    let fragment = t.pointee.fragment
    if fragment >= 0, let f = fragments, fragment < f.count {
      let (p, n) = f.fragment(fragment)
      s.raw(p, n)
    } else {
      writeFixedPart(t.pointee, &s)
    }
    s.key("verdict")
    s.literal(t.pointee.verdictCodeLiteral)
    s.key("explanation")
    // Read once for the explanation, the list and the comparison with the previous entry.
    let shortfalls = t.pointee.shortfalls
    if let previous, let known = tail.written, tail.isSameList(shortfalls), previous.pointee.verdict == t.pointee.verdict {
      s.rewrite(from: known.lowerBound, to: known.upperBound)
    } else {
      let start = s.written
      explanation(t, shortfalls, &s)
      s.key("shortfalls")
      write(shortfalls, to: &s)
      if let start, let end = s.written { tail.written = start..<end } else { tail.written = nil }
      tail.shortfalls = shortfalls
    }
    s.endObject()
  }

  /// What the previous entry wrote after `"explanation":` (its explanation and shortfalls), for
  /// the next entry to copy when it has the same verdict and the very same list of shortfalls.
  struct TraceTail {
    /// Where, if the sink keeps what it wrote.
    var written: Range<Int>?
    /// The previous entry's list (kept: its storage tells whether the next entry's is the same).
    var shortfalls: [Shortfall] = []

    /// Whether `list` is the previous entry's list, the same storage (the same values, without
    /// comparing them).
    @inline(__always) func isSameList(_ list: [Shortfall]) -> Bool {
      shortfalls.withUnsafeBufferPointer { x in
        list.withUnsafeBufferPointer { y in x.baseAddress == y.baseAddress && x.count == y.count }
      }
    }
  }

  /// A trace entry's fixed part, `"figure":…` to `"condition":…`: what the rule book says of the
  /// provision, the same for every application (``TraceFragments`` writes it once).
  static func writeFixedPart<S: JSONSink>(_ t: TraceEntry, _ s: inout S) {
    s.key("figure")
    s.string(t.figure.rawValue)
    s.key("provision")
    s.string(t.provision)
    s.key("citation")
    s.string(t.citationText ?? t.citation.description)
    s.key("status")
    s.string(t.status.rawValue)
    s.key("from")
    s.date(t.period?.from)
    s.key("until")
    s.date(t.period?.until)
    s.key("value")
    s.string(t.value)
    s.key("condition")
    s.string(t.condition)
  }

  /// ``TraceEntry/verdictText`` written piece by piece into a JSON string (no intermediate
  /// `String`): the same text, byte for byte.
  private static func explanation<S: JSONSink>(_ entry: UnsafePointer<TraceEntry>, _ shortfalls: [Shortfall], _ s: inout S) {
    s.beginString()
    func joined(_ skipSuspension: Bool) {
      var first = true
      // Each shortfall read in place (a copy retains its text and visas).
      shortfalls.withUnsafeBufferPointer { list in
        for k in list.indices where !(skipSuspension && list[k].aspect == .suspension) {
          if !first { literalContent("; ", &s) }
          first = false
          s.stringContent(list[k].text)
        }
      }
    }
    switch entry.pointee.verdict {
    case .applied: literalContent("applied", &s)
    case .concurring(let w):
      literalContent("applied, same outcome as ", &s)
      s.stringContent(w)
    case .conditionFalse:
      literalContent(shortfalls.isEmpty ? "did not apply: condition false" : "did not apply: ", &s)
      joined(false)
    case .instrumentNotApplicable(let r):
      literalContent("did not apply: ", &s)
      s.stringContent(r)
      if !shortfalls.isEmpty && shortfalls[0].aspect != .suspension {
        literalContent(": ", &s)
        joined(false)
      }
    case .notInForce: literalContent("not in force on the lodging date", &s)
    case .repealed(let by):
      literalContent("no longer in force: replaced or repealed by ", &s)
      s.stringContent(by)
    case .suspended(let by):
      literalContent("suspended by ", &s)
      s.stringContent(by)
      if shortfalls.contains(where: { $0.aspect != .suspension }) {
        literalContent("; besides: ", &s)
        joined(true)
      }
    case .overridden(let by):
      literalContent("overridden by ", &s)
      s.stringContent(by)
    case .displaced(let by):
      literalContent("displaced: ", &s)
      s.stringContent(by)
      literalContent(" prevails", &s)
    case .lessFavourable(let than):
      literalContent("outvoted as less favourable than ", &s)
      s.stringContent(than)
    }
    s.endString()
  }

  /// A literal of this file inside a JSON string: none needs escaping, so its bytes are copied.
  @inline(__always) private static func literalContent<S: JSONSink>(_ literal: StaticString, _ s: inout S) {
    s.escapedContent(literal.utf8Start, literal.utf8CodeUnitCount)
  }

  /// One entry of a traced decision's `whyNot`.
  static func write<S: JSONSink>(_ w: WhyNot, to s: inout S) {
    s.beginObject()
    s.key("figure")
    s.string(w.figure.rawValue)
    s.key("provision")
    s.string(w.provision)
    // The citation worded once, for its key and the text.
    let citation = w.citation.description
    s.key("citation")
    s.string(citation)
    s.key("status")
    s.string(w.status.rawValue)
    s.key("wouldGive")
    s.string(w.wouldGive)
    s.key("shortfalls")
    write(w.shortfalls, to: &s)
    // ``WhyNot/text``, piece by piece.
    s.key("text")
    s.beginString()
    s.stringContent(w.figure.rawValue)
    literalContent(": ", &s)
    s.stringContent(citation)
    literalContent(" ", &s)
    s.stringContent(w.status.description)
    literalContent(" would give ", &s)
    s.stringContent(w.wouldGive)
    literalContent(": ", &s)
    for (k, x) in w.shortfalls.enumerated() {
      if k > 0 { literalContent("; ", &s) }
      s.stringContent(x.text)
    }
    s.endString()
    s.endObject()
  }

  /// `[{"aspect", "text", "visas"?}]`; `visas` (each previous visa, counted or not, and why)
  /// only for a requirement on the visa history.
  static func write<S: JSONSink>(_ shortfalls: [Shortfall], to s: inout S) {
    s.beginArray()
    shortfalls.withUnsafeBufferPointer { list in
      for k in list.indices { write(list.baseAddress! + k, to: &s) }
    }
    s.endArray()
  }

  /// An aspect's raw value as a literal (nothing to escape, no string made).
  @inline(__always) private static func literal(_ a: Shortfall.Aspect) -> StaticString {
    switch a {
    case .nationality: "nationality"
    case .person: "person"
    case .circumstance: "circumstance"
    case .visaHistory: "visaHistory"
    case .option: "option"
    case .suspension: "suspension"
    }
  }

  /// One shortfall: `{"aspect", "text", "visas"?}`.
  private static func write<S: JSONSink>(_ x: UnsafePointer<Shortfall>, to s: inout S) {
    s.beginObject()
    s.key("aspect")
    s.literal(literal(x.pointee.aspect))
    s.key("text")
    s.string(x.pointee.text)
    if x.pointee.aspect == .visaHistory {
      s.key("visas")
      s.beginArray()
      for v in x.pointee.visas {
        s.beginObject()
        s.key("index")
        s.int(v.index)
        s.key("validFrom")
        s.date(v.validFrom)
        s.key("counted")
        s.bool(v.counted)
        s.key("reason")
        if let r = v.reason { s.string(r) } else { s.null() }
        s.endObject()
      }
      s.endArray()
    }
    s.endObject()
  }
}
