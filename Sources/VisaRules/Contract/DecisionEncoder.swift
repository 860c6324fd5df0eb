/// The one writer of a decision's JSON (contract version ``Decision/schemaVersion``): every key,
/// its order, and when a block is `null`, defined here once, for a ``Decision`` and for the
/// batch path's verdicts alike.
enum DecisionEncoder {
  /// Writes `c`'s blocks of `fields` (``DecisionFields``), with only the members of them that
  /// `members` keeps (``DecisionMembers``); `schemaVersion`, `id`, `lodgingDate` always, and
  /// `trace` and `whyNot` in a traced decision (`trace`, empty, in every full one).
  static func write<C: DecisionContent, S: JSONSink>(
    _ c: C, fields: DecisionFields = .all, members: DecisionMembers = .all, to s: inout S
  ) {
    if members.isAll { return writeBlocks(c, fields: fields, to: &s) }
    var projecting = ProjectingSink(s, members)
    writeBlocks(c, fields: fields, to: &projecting)
    s = projecting.base
  }

  private static func writeBlocks<C: DecisionContent, S: JSONSink>(_ c: C, fields: DecisionFields, to s: inout S) {
    s.beginObject()
    s.key("schemaVersion")
    s.int(Decision.schemaVersion)
    if c.hasID {
      s.key("id")
      c.id(&s)
    }
    s.key("lodgingDate")
    s.date(c.lodgingDate)

    if fields.contains(.fee) {
      s.key("fee")
      if let fee = c.feeValue {
        s.beginObject()
        money(c, fee.cents, fee.rule, &s)
        s.key("waiver")
        if let w = c.feeWaiver {
          s.beginObject()
          s.key("provision")
          c.provision(w, &s)
          s.key("citation")
          c.citation(w, &s)
          s.key("reason")
          c.reason(w, &s)
          s.endObject()
        } else {
          s.null()
        }
        s.endObject()
      } else {
        s.null()
      }
    }

    if fields.contains(.serviceFeeCap) {
      s.key("serviceFeeCap")
      if let cap = c.serviceFeeCapValue {
        s.beginObject()
        money(c, cap.cents, cap.rule, &s)
        s.endObject()
      } else {
        s.null()
      }
    }

    if fields.contains(.decision) {
      s.key("decision")
      if c.hasProcessing {
        s.beginObject()
        s.key("standardDays")
        s.int(c.standardDays?.days)
        s.key("extendedDays")
        s.int(c.extendedDays?.days)
        s.key("exceptionalDays")
        s.int(c.exceptionalDays?.days)
        s.key("urgentWorkingDays")
        s.int(c.urgentWorkingDays)
        s.key("deadline")
        s.date(c.deadline)
        s.key("extendedDeadline")
        s.date(c.extendedDeadline)
        s.key("exceptionalDeadline")
        s.date(c.exceptionalDeadline)
        s.key("citation")
        citation(c, c.standardDays?.rule, &s)
        s.key("extendedCitation")
        citation(c, c.extendedDays?.rule, &s)
        s.endObject()
      } else {
        s.null()
      }
    }

    if fields.contains(.lodging) {
      s.key("lodging")
      if c.hasLodgingWindow {
        s.beginObject()
        s.key("earliest")
        s.date(c.earliest)
        s.key("latest")
        s.date(c.latest)
        s.key("withinWindow")
        s.bool(c.withinWindow)
        s.key("citation")
        citation(c, c.earliestRule, &s)
        s.key("latestCitation")
        citation(c, c.latestRule, &s)
        s.endObject()
      } else {
        s.null()
      }
    }

    if fields.contains(.validity) {
      s.key("validity")
      if c.hasValidity {
        s.beginObject()
        s.key("entries")
        if c.multipleEntry { s.literal("multiple") } else { s.literal("single") }
        s.key("maxMonths")
        s.int(c.maxMonths)
        s.key("until")
        s.date(c.validUntil)
        s.key("citation")
        c.writeValidityCitation(&s)
        s.key("discretionary")
        c.writeDiscretionary(&s)
        s.endObject()
      } else {
        s.null()
      }
    }

    if fields.contains(.eligibility) {
      s.key("eligibility")
      s.beginObject()
      s.key("visaRequired")
      if let r = c.visaRequired { s.bool(r.required) } else { s.null() }
      s.key("visaRequiredCitation")
      citation(c, c.visaRequired?.rule, &s)
      s.key("canLodge")
      s.bool(c.canLodge)
      s.key("lodgingCitation")
      citation(c, c.lodgingRule, &s)
      s.key("withinWindow")
      s.bool(c.withinWindow)
      s.key("documents")
      s.beginArray()
      c.writeDocuments(&s)
      s.endArray()
      s.endObject()
    }

    if fields.contains(.fastTrack) {
      s.key("fastTrack")
      if c.hasFastTrack {
        s.beginObject()
        s.key("scheme")
        c.writeFastTrackScheme(&s)
        s.key("applies")
        s.bool(c.fastTrackApplies?.applies ?? false)
        s.key("citation")
        citation(c, c.fastTrackApplies?.rule, &s)
        s.key("benefits")
        s.beginArray()
        c.writeFastTrackBenefits(&s)
        s.endArray()
        s.key("suggestedMonths")
        s.int(c.suggestedMonths)
        s.key("suggestionCitation")
        citation(c, c.suggestion, &s)
        s.key("limits")
        s.beginArray()
        c.writeFastTrackLimits(&s)
        s.endArray()
        s.endObject()
      } else {
        s.null()
      }
    }

    if fields.contains(.extension), let e = c.extensionFeeValue {
      s.key("extension")
      s.beginObject()
      money(c, e.cents, e.rule, &s, amountKey: "fee")
      s.endObject()
    }

    if fields.contains(.instruments) {
      s.key("instruments")
      s.beginArray()
      c.writeInstruments(&s)
      s.endArray()
    }

    if fields.contains(.warnings) {
      s.key("warnings")
      s.beginArray()
      c.writeWarnings(&s)
      s.endArray()
    }

    if fields.contains(.assumptions) {
      s.key("assumptions")
      s.beginArray()
      for i in 0..<c.assumptionCount {
        s.beginObject()
        s.key("option")
        c.assumptionOption(i, &s)
        s.key("value")
        c.assumptionValue(i, &s)
        s.key("source")
        c.assumptionSource(i, &s)
        let alternatives = c.assumptionAlternatives(i)
        if !alternatives.isEmpty {
          s.key("alternatives")
          s.beginArray()
          for alt in alternatives {
            s.beginObject()
            s.key("value")
            s.string(alt.value)
            s.key("outcome")
            s.string(alt.outcome)
            s.endObject()
          }
          s.endArray()
        }
        s.endObject()
      }
      s.endArray()
    }

    // The trace: always in the full decision (empty unless asked for); in a selection, only when
    // there is one.
    if fields == .all || !c.trace.isEmpty {
      s.key("trace")
      s.beginArray()
      // Through the array's storage: each entry read in place, not copied (a copy retains
      // every text and list of an entry, and a traced line has hundreds of entries).
      c.trace.withUnsafeBufferPointer { entries in
        // The fragments read once for the whole trace (not once per entry).
        let fragments = s.traceFragments
        var tail = TraceTail()
        withExtendedLifetime(fragments) {
          let view = fragments?.view
          for i in entries.indices {
            write(entries.baseAddress! + i, view, to: &s, after: i > 0 ? entries.baseAddress! + i - 1 : nil, tail: &tail)
          }
        }
      }
      s.endArray()
    }
    // Only a traced decision explains what it did not give (the trace's companion).
    if !c.trace.isEmpty {
      s.key("whyNot")
      s.beginArray()
      c.whyNot.withUnsafeBufferPointer { entries in
        for i in entries.indices { write(entries[i], to: &s) }
      }
      s.endArray()
    }
    // Last: where the decision comes from (the rule book's, precomputed: one copy per line).
    if fields.contains(.provenance) {
      s.key("provenance")
      c.writeProvenance(&s)
    }
    s.endObject()
  }

  /// `"amount":…,"currency":…,"citation":…,"provision":…,"status":…` (the extension block
  /// names its amount `fee`).
  @inline(__always) private static func money<C: DecisionContent, S: JSONSink>(
    _ c: C, _ cents: Int, _ r: C.Rule, _ s: inout S, amountKey: StaticString = "amount"
  ) {
    s.key(amountKey)
    s.cents(cents)
    s.key("currency")
    c.writeCurrency(&s)
    s.key("citation")
    c.citation(r, &s)
    s.key("provision")
    c.provision(r, &s)
    s.key("status")
    c.status(r, &s)
  }

  @inline(__always) private static func citation<C: DecisionContent, S: JSONSink>(_ c: C, _ r: C.Rule?, _ s: inout S) {
    if let r { c.citation(r, &s) } else { s.null() }
  }

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
