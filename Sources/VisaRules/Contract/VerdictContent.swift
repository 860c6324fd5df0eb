/// An evaluator's verdict as ``DecisionEncoder`` reads it: the batch path writes the decision's
/// JSON from it without building a ``Decision``. The constant texts (citations, provision ids,
/// notices, instrument ids, option names) come from ``JSONFragments``, escaped once per rule
/// book, so writing is mostly copying.
struct VerdictContent: DecisionContent {
  typealias Rule = Evaluator.Outcome

  let v: Evaluator.Verdict
  let run: UnsafePointer<Evaluator.Run>
  let f: JSONFragments
  unowned(unsafe) let tables: EngineTables
  let idBytes: UnsafeBufferPointer<UInt8>?
  /// The rule book's provenance, as JSON (``ProvenanceFragment``).
  let provenance: UnsafeBufferPointer<UInt8>

  var lodgingDate: LocalDate { LocalDate(dayNumber: run.pointee.input.lodging) }
  var hasID: Bool { idBytes?.baseAddress != nil }
  func id<S: JSONSink>(_ s: inout S) {
    if let b = idBytes, let p = b.baseAddress { s.raw(p, b.count) }
  }

  var feeValue: (cents: Int, rule: Rule)? { v.fee.map { ($0.number, $0) } }
  func writeCurrency<S: JSONSink>(_ s: inout S) {
    f.currency.withUnsafeBufferPointer { s.raw($0.baseAddress!, $0.count) }
  }
  var feeWaiver: Rule? {
    guard let fee = v.fee, tables.provisionInfo[fee.provision].flags & EngineTables.waiver != 0 else { return nil }
    return fee
  }
  var serviceFeeCapValue: (cents: Int, rule: Rule)? { v.cap.map { ($0.number, $0) } }
  var hasProcessing: Bool { v.fee != nil }
  var standardDays: (days: Int, rule: Rule)? { v.standard.map { ($0.number, $0) } }
  var extendedDays: (days: Int, rule: Rule)? { v.extended.map { ($0.number, $0) } }
  var exceptionalDays: (days: Int, rule: Rule)? { v.exceptional.map { ($0.number, $0) } }
  var urgentWorkingDays: Int? { v.urgent?.number }
  var deadline: LocalDate? { v.standard.map { lodgingDate.adding(days: $0.number) } }
  var extendedDeadline: LocalDate? { v.extended.map { lodgingDate.adding(days: $0.number) } }
  var exceptionalDeadline: LocalDate? { v.exceptional.map { lodgingDate.adding(days: $0.number) } }
  var hasLodgingWindow: Bool { v.fee != nil }
  var earliest: LocalDate? { v.earliest }
  var latest: LocalDate? { v.latest }
  var withinWindow: Bool { v.within }
  var earliestRule: Rule? { v.earliestMonths }
  var latestRule: Rule? { v.latestDays }
  var hasValidity: Bool { v.fee != nil }
  var multipleEntry: Bool { v.validityMultiple }
  var maxMonths: Int? { v.validityMonths }
  var validUntil: LocalDate? { v.validityUntil }
  func writeValidityCitation<S: JSONSink>(_ s: inout S) {
    if v.validityMultiple, let r = v.validityRuling {
      fragment(f.citationFragment[r.pv], &s)
    } else if !v.validityMultiple, let sus = v.validityRestrictedBy {
      fragment(f.suspensionFragment[sus], &s)
    } else {
      s.null()
    }
  }
  func writeDiscretionary<S: JSONSink>(_ s: inout S) {
    if let d = v.validityDiscretionary { fragment(f.annotatedFragment[d.pv], &s) } else { s.null() }
  }
  var extensionFeeValue: (cents: Int, rule: Rule)? { v.extensionFee.map { ($0.number, $0) } }

  var visaRequired: (required: Bool, rule: Rule)? { v.visaRequired.map { ($0.number == 1, $0) } }
  var canLodge: Bool { v.lodgingAvailable.map { $0.number == 1 } ?? true }
  var lodgingRule: Rule? { v.lodgingAvailable }
  func writeDocuments<S: JSONSink>(_ s: inout S) {
    for pv in run.pointee.documents { fragment(f.annotatedFragment[pv], &s) }
  }

  var hasFastTrack: Bool { v.fastTrackScheme > 0 }
  func writeFastTrackScheme<S: JSONSink>(_ s: inout S) {
    s.string(tables.fastTrackSchemes[Int(v.fastTrackScheme) - 1])
  }
  var fastTrackApplies: (applies: Bool, rule: Rule)? { v.fastTrackApplies.map { ($0.number == 1, $0) } }
  func writeFastTrackBenefits<S: JSONSink>(_ s: inout S) {
    for pv in run.pointee.benefits { fragment(f.annotatedFragment[pv], &s) }
  }
  var suggestedMonths: Int? { v.suggestedMonths }
  var suggestion: Rule? { v.suggestion }
  func writeFastTrackLimits<S: JSONSink>(_ s: inout S) {
    for w in run.pointee.limits { text(w, &s) }
  }

  func writeInstruments<S: JSONSink>(_ s: inout S) {
    let applicable = run.pointee.applicable
    for i in 0..<run.pointee.instrumentCount where applicable[i] && Int(tables.instrumentInfo[i].regime) == i {
      fragment(f.instrumentFragment[i], &s)
    }
  }
  func writeWarnings<S: JSONSink>(_ s: inout S) {
    for pv in run.pointee.notices { fragment(f.annotatedFragment[pv], &s) }
    for w in run.pointee.warnings { text(w, &s) }
  }

  /// The options the evaluation relied on, in option order (a bit each in `consulted`).
  var assumptionCount: Int {
    var mask = run.pointee.consulted
    let count = run.pointee.sources.count
    if count < 64 { mask &= (1 << UInt64(count)) - 1 }
    return mask.nonzeroBitCount
  }
  /// The option of the `i`-th assumption.
  private func option(_ i: Int) -> Int {
    var mask = run.pointee.consulted
    for _ in 0..<i { mask &= mask - 1 }
    return mask.trailingZeroBitCount
  }
  func assumptionOption<S: JSONSink>(_ i: Int, _ s: inout S) { fragment(f.optionFragment[option(i)], &s) }
  func assumptionValue<S: JSONSink>(_ i: Int, _ s: inout S) {
    let k = option(i)
    fragment(f.optionValueFragment[Int(f.optionValueBase[k]) + run.pointee.facts.options[k]], &s)
  }
  func assumptionSource<S: JSONSink>(_ i: Int, _ s: inout S) {
    let source = run.pointee.sources[option(i)]
    switch source {
    case 0: s.literal("default")
    case 1: s.literal("user")
    default: fragment(f.policyFragment[source - 2], &s)
    }
  }
  func assumptionAlternatives(_ i: Int) -> [(value: String, outcome: String)] { [] }
  var trace: [TraceEntry] { run.pointee.trace ?? [] }
  func writeProvenance<S: JSONSink>(_ s: inout S) { s.raw(provenance.baseAddress!, provenance.count) }
  var whyNot: [WhyNot] { run.pointee.whyNot }

  func citation<S: JSONSink>(_ r: Rule, _ s: inout S) { fragment(f.citationFragment[r.pv], &s) }
  func provision<S: JSONSink>(_ r: Rule, _ s: inout S) { fragment(f.provisionFragment[r.provision], &s) }
  func status<S: JSONSink>(_ r: Rule, _ s: inout S) {
    switch tables.versionInfo[r.pv].status {
    case .verified: s.literal("V")
    case .corroborated: s.literal("C")
    case .unverified: s.literal("U")
    }
  }
  func reason<S: JSONSink>(_ r: Rule, _ s: inout S) { fragment(f.summaryFragment[r.provision], &s) }

  @inline(__always) private func fragment<S: JSONSink>(_ x: JSONFragments.Fragment, _ s: inout S) {
    s.raw(f.pointer(x), Int(x.count))
  }

  /// A warning or limit, rendered into a JSON string.
  private func text<S: JSONSink>(_ w: Evaluator.Warning, _ s: inout S) {
    s.beginString()
    withUnsafeMutablePointer(to: &s) { p in
      var sink = FragmentTextSink(out: p, f: f)
      Evaluator.render(w, run, into: &sink)
    }
    s.endString()
  }
}

/// Writes rendered text into an open JSON string, citations from the fragments.
private struct FragmentTextSink<S: JSONSink>: TextSink {
  let out: UnsafeMutablePointer<S>
  let f: JSONFragments

  mutating func literal(_ s: StaticString) { out.pointee.stringContent(s.utf8Start, s.utf8CodeUnitCount) }
  mutating func text(_ s: String) { out.pointee.stringContent(s) }
  mutating func citation(_ pv: VersionRow) { inner(f.citationFragment[pv]) }
  mutating func suspension(_ s: SuspensionIndex) { inner(f.suspensionFragment[s]) }
  mutating func date(_ d: LocalDate) { out.pointee.dateContent(d) }
  mutating func int(_ n: Int) { out.pointee.intContent(n) }

  /// A quoted fragment without its quotes.
  @inline(__always) private func inner(_ x: JSONFragments.Fragment) {
    out.pointee.escapedContent(f.pointer(x) + 1, Int(x.count) - 2)
  }
}

extension Evaluator {
  /// Writes a verdict as the compact JSON of its decision (``DecisionEncoder``), byte for byte
  /// what `Decision.json()` gives for the same application.
  func writeJSON(
    _ v: Verdict, _ run: inout Run, _ f: JSONFragments, id: UnsafeBufferPointer<UInt8>?,
    provenance: UnsafeBufferPointer<UInt8>, fields: DecisionFields = .all, members: DecisionMembers = .all,
    into o: inout ByteBuffer
  ) {
    o.reserve(run.tracing ? 32768 : 4096)
    var sink = CompactJSON(o)
    // A trace's entries copy their fixed parts, written once (``TraceFragments``).
    sink.traceFragments = run.traceParts?.fragments
    withUnsafePointer(to: &run) { r in
      let content = VerdictContent(v: v, run: r, f: f, tables: tables, idBytes: id, provenance: provenance)
      DecisionEncoder.write(content, fields: fields, members: members, to: &sink)
    }
    o = sink.out
  }
}
