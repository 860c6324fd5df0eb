/// A ``Decision`` as the encoder reads it.
extension Decision: DecisionContent {
  /// The parts of a ruling or waiver the contract writes.
  struct Rule {
    var citation: String
    var provision: String
    var status: Status
    var reason = ""
  }

  private static func rule<V>(_ r: Ruling<V>) -> Rule {
    Rule(citation: r.citationText, provision: r.provision, status: r.status)
  }

  var hasID: Bool { id != nil }
  func id<S: JSONSink>(_ s: inout S) {
    guard let id else { return }
    var bytes = Array(id.utf8)
    bytes.withUnsafeMutableBufferPointer { b in s.raw(b.baseAddress!, b.count) }
  }

  var feeValue: (cents: Int, rule: Rule)? { fee.map { ($0.amount.cents, Self.rule($0.ruling)) } }
  func writeCurrency<S: JSONSink>(_ s: inout S) {
    s.string((fee?.amount ?? serviceFeeCap?.value ?? extensionFee?.value ?? Money(cents: 0)).currency)
  }
  var feeWaiver: Rule? {
    fee?.waiver.map { Rule(citation: $0.citationText, provision: $0.provision, status: .verified, reason: $0.reason) }
  }
  var serviceFeeCapValue: (cents: Int, rule: Rule)? { serviceFeeCap.map { ($0.value.cents, Self.rule($0)) } }
  var hasProcessing: Bool { processing != nil }
  var standardDays: (days: Int, rule: Rule)? { processing?.standardDays.map { ($0.value, Self.rule($0)) } }
  var extendedDays: (days: Int, rule: Rule)? { processing?.extendedDays.map { ($0.value, Self.rule($0)) } }
  var exceptionalDays: (days: Int, rule: Rule)? { processing?.exceptionalDays.map { ($0.value, Self.rule($0)) } }
  var urgentWorkingDays: Int? { processing?.urgentWorkingDays?.value }
  var deadline: LocalDate? { processing?.deadline }
  var extendedDeadline: LocalDate? { processing?.extendedDeadline }
  var exceptionalDeadline: LocalDate? { processing?.exceptionalDeadline }
  var hasLodgingWindow: Bool { lodging != nil }
  var earliest: LocalDate? { lodging?.earliest }
  var latest: LocalDate? { lodging?.latest }
  var withinWindow: Bool { eligibility.withinWindow }
  var earliestRule: Rule? { lodging?.earliestMonths.map(Self.rule) }
  var latestRule: Rule? { lodging?.latestDays.map(Self.rule) }
  var hasValidity: Bool { validity != nil }
  var multipleEntry: Bool { validity?.entries == .multiple }
  var maxMonths: Int? { validity?.maxMonths }
  var validUntil: LocalDate? { validity?.until }
  func writeValidityCitation<S: JSONSink>(_ s: inout S) {
    s.string(validity?.entries == .multiple ? validity?.ruling?.citationText : validity?.restrictedBy)
  }
  func writeDiscretionary<S: JSONSink>(_ s: inout S) { s.string(validity?.discretionary) }
  var extensionFeeValue: (cents: Int, rule: Rule)? { extensionFee.map { ($0.value.cents, Self.rule($0)) } }

  var visaRequired: (required: Bool, rule: Rule)? { eligibility.visaRequired.map { ($0.value, Self.rule($0)) } }
  var canLodge: Bool { eligibility.canLodge }
  var lodgingRule: Rule? { eligibility.lodgingAvailable.map(Self.rule) }
  func writeDocuments<S: JSONSink>(_ s: inout S) { for d in eligibility.documents { s.string(d) } }

  var hasFastTrack: Bool { fastTrack != nil }
  func writeFastTrackScheme<S: JSONSink>(_ s: inout S) { s.string(fastTrack?.scheme.rawValue) }
  var fastTrackApplies: (applies: Bool, rule: Rule)? { fastTrack?.applies.map { ($0.value, Self.rule($0)) } }
  func writeFastTrackBenefits<S: JSONSink>(_ s: inout S) { for b in fastTrack?.benefits ?? [] { s.string(b) } }
  var suggestedMonths: Int? { fastTrack?.suggestedMonths }
  var suggestion: Rule? { fastTrack?.suggestion.map(Self.rule) }
  func writeFastTrackLimits<S: JSONSink>(_ s: inout S) { for l in fastTrack?.limits ?? [] { s.string(l) } }

  func writeInstruments<S: JSONSink>(_ s: inout S) { for i in instruments { s.string(i) } }
  func writeWarnings<S: JSONSink>(_ s: inout S) { for w in warnings { s.string(w) } }
  var assumptionCount: Int { assumptions.count }
  func assumptionOption<S: JSONSink>(_ i: Int, _ s: inout S) { s.string(assumptions[i].option) }
  func assumptionValue<S: JSONSink>(_ i: Int, _ s: inout S) { s.string(assumptions[i].value) }
  func assumptionSource<S: JSONSink>(_ i: Int, _ s: inout S) {
    switch assumptions[i].source {
    case .default: s.literal("default")
    case .user: s.literal("user")
    case .policy(let id): s.string("policy:" + id)
    }
  }
  func assumptionAlternatives(_ i: Int) -> [(value: String, outcome: String)] { assumptions[i].alternatives }
  func writeProvenance<S: JSONSink>(_ s: inout S) { DecisionEncoder.write(provenance, to: &s) }

  func citation<S: JSONSink>(_ r: Rule, _ s: inout S) { s.string(r.citation) }
  func provision<S: JSONSink>(_ r: Rule, _ s: inout S) { s.string(r.provision) }
  func status<S: JSONSink>(_ r: Rule, _ s: inout S) { s.string(r.status.rawValue) }
  func reason<S: JSONSink>(_ r: Rule, _ s: inout S) { s.string(r.reason) }
}
