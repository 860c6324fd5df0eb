/// Writes a verdict straight as the compact JSON of its ``Decision`` (contract version 1),
/// byte for byte what `Decision.json()` gives, without building the decision: the citation,
/// provision and status of each version, waivers, notices, instrument ids and assumptions are
/// fragments escaped once when the rules were loaded (``EngineTables``), so writing is mostly
/// copying. Used by the batch path when no trace is asked for.
extension Evaluator {
  func writeJSON(_ v: Verdict, _ run: Run, _ b: JSONFragments, id: UnsafeBufferPointer<UInt8>?, into o: inout ByteBuffer) {
    let t = tables
    let lodging = LocalDate(dayNumber: run.input.lodging)
    o.reserve(4096)
    o.append("{\"schemaVersion\":1")
    if let id, let p = id.baseAddress {
      o.append(",\"id\":")
      o.append(p, id.count)
    }
    o.append(",\"lodgingDate\":")
    o.quotedDate(lodging)

    o.append(",\"fee\":{\"amount\":")
    o.cents(v.fee.number)
    o.append(",\"currency\":\"EUR\",")
    fragment(b, b.rulingFragment[v.fee.pv], &o)
    o.append(",\"waiver\":")
    if t.provisionInfo[v.fee.provision].flags & EngineTables.waiver != 0 {
      fragment(b, b.waiverFragment[v.fee.pv], &o)
    } else {
      o.append("null")
    }
    o.append("},\"serviceFeeCap\":")
    if let cap = v.cap {
      o.append("{\"amount\":")
      o.cents(cap.number)
      o.append(",\"currency\":\"EUR\",")
      fragment(b, b.rulingFragment[cap.pv], &o)
      o.append("}")
    } else {
      o.append("null")
    }

    o.append(",\"decision\":{\"standardDays\":")
    intOrNull(v.standard?.number, &o)
    o.append(",\"extendedDays\":")
    intOrNull(v.extended?.number, &o)
    o.append(",\"exceptionalDays\":")
    intOrNull(v.exceptional?.number, &o)
    o.append(",\"urgentWorkingDays\":")
    intOrNull(v.urgent?.number, &o)
    o.append(",\"deadline\":")
    dateOrNull(v.standard.map { lodging.adding(days: $0.number) }, &o)
    o.append(",\"extendedDeadline\":")
    dateOrNull(v.extended.map { lodging.adding(days: $0.number) }, &o)
    o.append(",\"exceptionalDeadline\":")
    dateOrNull(v.exceptional.map { lodging.adding(days: $0.number) }, &o)
    o.append(",\"citation\":")
    citationOrNull(b, v.standard, &o)
    o.append(",\"extendedCitation\":")
    citationOrNull(b, v.extended, &o)

    o.append("},\"lodging\":{\"earliest\":")
    dateOrNull(v.earliest, &o)
    o.append(",\"latest\":")
    dateOrNull(v.latest, &o)
    o.append(v.within ? ",\"withinWindow\":true,\"citation\":" : ",\"withinWindow\":false,\"citation\":")
    citationOrNull(b, v.earliestMonths, &o)
    o.append(",\"latestCitation\":")
    citationOrNull(b, v.latestDays, &o)

    o.append(v.validityMultiple ? "},\"validity\":{\"entries\":\"multiple\",\"maxMonths\":" : "},\"validity\":{\"entries\":\"single\",\"maxMonths\":")
    intOrNull(v.validityMonths, &o)
    o.append(",\"until\":")
    dateOrNull(v.validityUntil, &o)
    o.append(",\"citation\":")
    if v.validityMultiple {
      citationOrNull(b, v.validityRuling, &o)
    } else if let s = v.validityRestrictedBy {
      fragment(b, b.suspensionFragment[s], &o)
    } else {
      o.append("null")
    }
    o.append(",\"discretionary\":")
    if let d = v.validityDiscretionary {
      fragment(b, b.annotatedFragment[d.pv], &o)
    } else {
      o.append("null")
    }

    o.append("},\"eligibility\":{\"visaRequired\":")
    if let r = v.visaRequired { o.append(r.number == 1 ? "true" : "false") } else { o.append("null") }
    o.append(",\"visaRequiredCitation\":")
    citationOrNull(b, v.visaRequired, &o)
    o.append((v.lodgingAvailable.map { $0.number == 1 } ?? true) ? ",\"canLodge\":true,\"lodgingCitation\":" : ",\"canLodge\":false,\"lodgingCitation\":")
    citationOrNull(b, v.lodgingAvailable, &o)
    o.append(v.within ? ",\"withinWindow\":true,\"documents\":[" : ",\"withinWindow\":false,\"documents\":[")
    for (i, pv) in run.documents.enumerated() {
      if i > 0 { o.append(UInt8(ascii: ",")) }
      fragment(b, b.annotatedFragment[pv], &o)
    }

    o.append("]},\"fastTrack\":")
    if v.fastTrackScheme > 0 {
      o.append("{\"scheme\":\"")
      o.escaped(FastTrack.Scheme.allCases[Int(v.fastTrackScheme) - 1].rawValue)
      o.append(v.fastTrackApplies?.number == 1 ? "\",\"applies\":true,\"citation\":" : "\",\"applies\":false,\"citation\":")
      citationOrNull(b, v.fastTrackApplies, &o)
      o.append(",\"benefits\":[")
      for (i, pv) in run.benefits.enumerated() {
        if i > 0 { o.append(UInt8(ascii: ",")) }
        fragment(b, b.annotatedFragment[pv], &o)
      }
      o.append("],\"suggestedMonths\":")
      intOrNull(v.suggestedMonths, &o)
      o.append(",\"suggestionCitation\":")
      citationOrNull(b, v.suggestion, &o)
      o.append(",\"limits\":[")
      for (i, w) in run.limits.enumerated() {
        if i > 0 { o.append(UInt8(ascii: ",")) }
        text(b, w, run, &o)
      }
      o.append("]}")
    } else {
      o.append("null")
    }

    if let e = v.extensionFee {
      o.append(",\"extension\":{\"fee\":")
      o.cents(e.number)
      o.append(",\"currency\":\"EUR\",")
      fragment(b, b.rulingFragment[e.pv], &o)
      o.append("}")
    }

    o.append(",\"instruments\":[")
    var first = true
    for i in 0..<run.instrumentCount where run.applicable[i] && Int(t.instrumentInfo[i].regime) == i {
      if !first { o.append(UInt8(ascii: ",")) }
      first = false
      fragment(b, b.instrumentFragment[i], &o)
    }

    o.append("],\"warnings\":[")
    first = true
    for pv in run.notices {
      if !first { o.append(UInt8(ascii: ",")) }
      first = false
      fragment(b, b.annotatedFragment[pv], &o)
    }
    for w in run.warnings {
      if !first { o.append(UInt8(ascii: ",")) }
      first = false
      text(b, w, run, &o)
    }

    o.append("],\"assumptions\":[")
    first = true
    var consulted = run.consulted
    while consulted != 0 {
      let k = consulted.trailingZeroBitCount
      consulted &= consulted - 1
      guard k < run.sources.count else { break }
      if !first { o.append(UInt8(ascii: ",")) }
      first = false
      fragment(b, b.assumptionFragment[Int(b.optionValueBase[k]) + run.facts.options[k]], &o)
      switch run.sources[k] {
      case 0: o.append("\"default\"}")
      case 1: o.append("\"user\"}")
      default:
        fragment(b, b.policyFragment[run.sources[k] - 2], &o)
        o.append("}")
      }
    }
    o.append("],\"trace\":[]}")
  }

  @inline(__always) private func fragment(_ b: JSONFragments, _ f: JSONFragments.Fragment, _ o: inout ByteBuffer) {
    o.append(b.pointer(f), Int(f.count))
  }

  @inline(__always) private func intOrNull(_ n: Int?, _ o: inout ByteBuffer) {
    if let n { o.int(n) } else { o.append("null") }
  }

  @inline(__always) private func dateOrNull(_ d: LocalDate?, _ o: inout ByteBuffer) {
    if let d { o.quotedDate(d) } else { o.append("null") }
  }

  @inline(__always) private func citationOrNull(_ b: JSONFragments, _ x: Outcome?, _ o: inout ByteBuffer) {
    if let x { fragment(b, b.citationFragment[x.pv], &o) } else { o.append("null") }
  }

  /// A warning or limit as a JSON string.
  private func text(_ b: JSONFragments, _ w: Warning, _ run: Run, _ o: inout ByteBuffer) {
    var sink = JSONTextSink(batch: b, out: o)
    sink.out.append(UInt8(ascii: "\""))
    render(w, run, into: &sink)
    sink.out.append(UInt8(ascii: "\""))
    o = sink.out
  }
}

/// Writes rendered text as the escaped content of a JSON string.
struct JSONTextSink: TextSink {
  let batch: JSONFragments
  var out: ByteBuffer

  mutating func literal(_ s: StaticString) { out.escaped(s.utf8Start, s.utf8CodeUnitCount) }
  mutating func text(_ s: String) { out.escaped(s) }
  mutating func citation(_ pv: Int) { inner(batch.citationFragment[pv]) }
  mutating func suspension(_ s: Int) { inner(batch.suspensionFragment[s]) }
  mutating func date(_ d: LocalDate) { out.dateText(d) }
  mutating func int(_ n: Int) { out.int(n) }

  /// A quoted fragment without its quotes.
  @inline(__always) private mutating func inner(_ f: JSONFragments.Fragment) {
    out.append(batch.pointer(f) + 1, Int(f.count) - 2)
  }
}
