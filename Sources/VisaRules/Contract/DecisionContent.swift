/// The values of a decision, as ``DecisionEncoder`` asks for them. The encoder alone decides the
/// contract's keys, their order and when a block is `null`; a content only supplies values.
///
/// Two contents exist: ``Decision`` (the value a Swift caller gets) and the evaluator's verdict
/// (`VerdictContent`), written on the batch path without building a `Decision`. The
/// path-agreement tests check that both give the same bytes.
protocol DecisionContent {
  /// A handle on the provision that decided a figure.
  associatedtype Rule

  var lodgingDate: LocalDate { get }
  /// Whether the application had an id to echo.
  var hasID: Bool { get }
  /// Writes the application's id (a JSON value, echoed verbatim).
  func id<S: JSONSink>(_ s: inout S)

  // Figures. The visa figures are nil together when no visa is required.
  var feeValue: (cents: Int, rule: Rule)? { get }
  /// Writes the ISO 4217 code of the amounts (the rule book's `vocabulary.currency`), a JSON string.
  func writeCurrency<S: JSONSink>(_ s: inout S)
  /// The waiver that set the fee, if a waiver did.
  var feeWaiver: Rule? { get }
  var serviceFeeCapValue: (cents: Int, rule: Rule)? { get }
  var hasProcessing: Bool { get }
  var standardDays: (days: Int, rule: Rule)? { get }
  var extendedDays: (days: Int, rule: Rule)? { get }
  var exceptionalDays: (days: Int, rule: Rule)? { get }
  var urgentWorkingDays: Int? { get }
  var deadline: LocalDate? { get }
  var extendedDeadline: LocalDate? { get }
  var exceptionalDeadline: LocalDate? { get }
  var hasLodgingWindow: Bool { get }
  var earliest: LocalDate? { get }
  var latest: LocalDate? { get }
  var withinWindow: Bool { get }
  var earliestRule: Rule? { get }
  var latestRule: Rule? { get }
  var hasValidity: Bool { get }
  var multipleEntry: Bool { get }
  var maxMonths: Int? { get }
  var validUntil: LocalDate? { get }
  /// The provision of a multiple-entry validity, or the suspension that restricted it.
  func writeValidityCitation<S: JSONSink>(_ s: inout S)
  func writeDiscretionary<S: JSONSink>(_ s: inout S)
  var extensionFeeValue: (cents: Int, rule: Rule)? { get }

  // Eligibility.
  var visaRequired: (required: Bool, rule: Rule)? { get }
  var canLodge: Bool { get }
  var lodgingRule: Rule? { get }
  func writeDocuments<S: JSONSink>(_ s: inout S)

  // Fast track.
  var hasFastTrack: Bool { get }
  func writeFastTrackScheme<S: JSONSink>(_ s: inout S)
  var fastTrackApplies: (applies: Bool, rule: Rule)? { get }
  func writeFastTrackBenefits<S: JSONSink>(_ s: inout S)
  var suggestedMonths: Int? { get }
  var suggestion: Rule? { get }
  func writeFastTrackLimits<S: JSONSink>(_ s: inout S)

  // Lists.
  func writeInstruments<S: JSONSink>(_ s: inout S)
  func writeWarnings<S: JSONSink>(_ s: inout S)
  var assumptionCount: Int { get }
  func assumptionOption<S: JSONSink>(_ i: Int, _ s: inout S)
  func assumptionValue<S: JSONSink>(_ i: Int, _ s: inout S)
  func assumptionSource<S: JSONSink>(_ i: Int, _ s: inout S)
  func assumptionAlternatives(_ i: Int) -> [(value: String, outcome: String)]
  var trace: [TraceEntry] { get }
  /// With a trace: the nearest provisions that would have given more (written after it).
  var whyNot: [WhyNot] { get }
  /// The provenance object (the rule book's, written once as JSON where it can be copied).
  func writeProvenance<S: JSONSink>(_ s: inout S)

  // A rule's parts, each a JSON string value.
  func citation<S: JSONSink>(_ r: Rule, _ s: inout S)
  func provision<S: JSONSink>(_ r: Rule, _ s: inout S)
  func status<S: JSONSink>(_ r: Rule, _ s: inout S)
  /// Why a waiver applies (its provision's summary).
  func reason<S: JSONSink>(_ r: Rule, _ s: inout S)
}
