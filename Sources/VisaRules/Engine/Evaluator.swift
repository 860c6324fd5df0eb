/// Evaluates one application against compiled rules.
///
/// For each figure: within each applicable instrument, the provisions in force whose condition
/// holds and that no suspension switches off compete, and an exception beats the provision it
/// overrides; two survivors with different outcomes are a conflict. Across instruments,
/// precedence rules (data) displace the outcomes of an instrument that another regulates, and
/// of the rest the outcome most favourable to the applicant wins.
///
/// The evaluator reads the flat form of the rules (``EngineTables``): the provisions in force on
/// the lodging date come from the date segment that holds it (``DateSegments``). A trace is
/// recorded along the same walk; it changes nothing the evaluation decides.
struct Evaluator {
  let rules: CompiledRules
  let tables: EngineTables
  let defaultOptions: [Int]
  let leapDayOption: Int?
  let documentCapOption: Int?
  /// The option `visaRequirement.date` and the index of its value `entry`: the visa requirement
  /// is decided on the day of entry (the trip's start), not the lodging date.
  let requirementDateOption: Int?
  let requirementOnEntry: Int?
  /// Value indices of `age.leapDayBirthday=february28` and
  /// `validity.travelDocumentCap=expiryMinus3Months`.
  let leapDayFebruary28: Int?
  let documentCapMinus3Months: Int?

  init(rules: CompiledRules) {
    self.rules = rules
    tables = rules.tables ?? EngineTables(rules)
    defaultOptions = rules.options.map(\.defaultValue)
    leapDayOption = rules.optionIndex["age.leapDayBirthday"]
    documentCapOption = rules.optionIndex["validity.travelDocumentCap"]
    leapDayFebruary28 = leapDayOption.flatMap { rules.options[$0].values.firstIndex(of: "february28") }
    documentCapMinus3Months = documentCapOption.flatMap { rules.options[$0].values.firstIndex(of: "expiryMinus3Months") }
    requirementDateOption = rules.optionIndex["visaRequirement.date"]
    requirementOnEntry = requirementDateOption.flatMap { rules.options[$0].values.firstIndex(of: "entry") }
  }

  struct Outcome {
    var number: Int
    var provision: Int
    var version: Int
    var pv: Int
    var regime: Int
    var multiple = false
  }

  struct Candidate {
    var p: Int
    var v: Int
    var pv: Int
    var number: Int
  }

  /// What an application gives, before it is turned into a ``Decision`` or written as JSON.
  /// Lists (notices, documents, warnings, …) stay in the ``Run``.
  struct Verdict {
    /// The fee; `nil` when no visa is required (then every visa figure is `nil`).
    var fee: Outcome?
    var cap: Outcome?
    var standard: Outcome?
    var extended: Outcome?
    var exceptional: Outcome?
    var urgent: Outcome?
    var earliestMonths: Outcome?
    var latestDays: Outcome?
    var earliest: LocalDate?
    var latest: LocalDate?
    var within = true
    var validityMultiple = false
    var validityMonths: Int?
    var validityUntil: LocalDate?
    var validityRuling: Outcome?
    var validityDiscretionary: Outcome?
    var validityRestrictedBy: Int?
    var visaRequired: Outcome?
    /// No visa is required for the trip: the visa figures are not decided.
    var exempt = false
    var lodgingAvailable: Outcome?
    /// 0 when the application states no fast track, else 1 + the `FastTrack.Scheme` index.
    var fastTrackScheme: UInt8 = 0
    var fastTrackApplies: Outcome?
    var suggestedMonths: Int?
    var suggestion: Outcome?
    var extensionFee: Outcome?
  }

  /// Something the reader must be told, rendered as text (``Decision/warnings``, fast-track
  /// limits) only when the decision is built or written.
  enum Warning {
    case feeUnverified(pv: Int)
    case feeSuspensionUnverified(suspension: Int)
    case lodgedTooEarly(tripStart: LocalDate, earliest: LocalDate, pv: Int)
    case lodgedLate(pv: Int, latest: LocalDate)
    case lawfulUse(index: Int)
    case validityLimited(cap: ValidityCap, until: LocalDate)
    case validityLimitMissing(cap: ValidityCap)
    case noRoomForMultipleEntry(expiry: LocalDate, tripStart: LocalDate)
    case validityCapped(until: LocalDate, expiry: LocalDate)
    case validityUnverified(pv: Int)
    case visaRequirementNotEncoded(reference: String)
    /// The visa requirement on the lodging date differs from the one on the day of entry.
    case visaRequirementChanges(atLodging: Outcome?, onEntry: Outcome?, entry: LocalDate)
    /// Conditions read a travel-document fact the application did not give (``DocumentAssumption`` bits).
    case documentAssumed(UInt8)
    case cannotLodge(pv: Int)
    // Fast-track limits.
    case noDiscretion(suspension: Int?, months: Int, entitled: Int)
    case discretionEnds(pv: Int, months: Int)
    case entitlementStands(entitled: Int)
    case documentCapsSuggestion(cap: LocalDate)
  }

  /// The application in the compact form the evaluator reads (day numbers, packed country
  /// codes, bit sets). The visa history goes into ``Run`` (`history`).
  struct Input {
    var lodging: Int
    var destination: UInt16
    var lodgedIn: UInt16
    var nationality: UInt16
    var residence: UInt16
    var birth: LocalDate
    var categories: UInt64
    var document: UInt8
    var documentExpiry: Int
    var purpose: Int
    var tripStart: Int
    /// 0 when no host is given, else 1 + the `Host.Relationship` index.
    var hostRelationship: UInt8 = 0
    var hostNationality: UInt16 = 0
    var hostDependent = false
    var hostResidenceUntil: Int?
    var termOfOfficeUntil: Int?
    /// 0 when none, else 1 + the `FastTrack.Scheme` index.
    var fastTrackScheme: UInt8 = 0
    var fastTrackSince: Int?
    /// 0 when none, else 1 + the `Application.ExtensionGround` index.
    var extensionGround: UInt8 = 0
    /// The nationality as given, when it came from a Swift `Application` (else the code is used).
    var nationalityText: String?
    /// 0 when `travelDocument.biometric` is not given, 1 not biometric, 2 biometric.
    var biometric: UInt8 = 0
    /// The travel document's category (vocabulary index; 0 = national).
    var documentCategory: UInt8 = 0
    /// The day the travel document was issued, if given.
    var documentIssued: Int?
  }

  /// Interpretation options chosen by the caller, checked against the rule book once.
  struct ChosenOptions {
    var values: [(option: Int, value: Int)] = []
  }

  enum ListTarget {
    case notices, documents, benefits
  }

  /// Per-evaluation working state, reusable from one application to the next (its buffers
  /// keep their capacity, so evaluating allocates almost nothing).
  struct Run {
    var input: Input
    /// What conditions read; kept in `scratch`, so conditions get a pointer, never a copy.
    var facts: Facts {
      unsafeAddress { UnsafePointer(factsPointer) }
      nonmutating unsafeMutableAddress { factsPointer }
    }
    let factsPointer: UnsafeMutablePointer<Facts>
    /// Fixed-size buffers: instruments that apply, outcomes by figure, and per-figure work
    /// (owned by `scratch`; read through plain pointers).
    let scratch: Scratch
    let applicable: UnsafeMutablePointer<Bool>
    let instrumentCount: Int
    let regimesWithOutcome: UnsafeMutablePointer<UInt64>
    let candidates: UnsafeMutablePointer<Candidate>
    let survivors: UnsafeMutablePointer<Candidate>
    let outcomes: UnsafeMutablePointer<Outcome>
    let options: UnsafeMutablePointer<Int>
    let optionValues: UnsafeMutablePointer<Int>
    /// The previous visas, as the facts read them.
    var history: [Facts.HistoryVisa] = []
    /// Where each option's value came from: 0 default, 1 the caller, 2 + i the policy of
    /// instrument i.
    var sources: [Int] = []
    var trace: [TraceEntry]?
    var consulted: UInt64 = 0
    /// The caller's options, as ``Evaluator/begin(_:_:trace:)`` last applied them.
    var chosen = ChosenOptions()
    /// The candidates on the lodging date (its date segment), and which segment that is.
    var segment: DateSegments.Segment?
    var segmentIndex = -1
    /// Segments this run has used, so it asks the shared tables (under their lock) once each.
    var segmentCache: [DateSegments.Segment?] = []
    /// Suspensions marked [U] that switched off a provision, by figure: their outcome rests on
    /// an unverified reading.
    var unverifiedSuspensions: [(figure: Int, suspension: Int)] = []
    /// Validity suggestions of fast-track schemes (never entitlements).
    var suggestions: [Outcome] = []
    var discretionary: [Outcome] = []
    /// The first suspension that switched off a multiple-entry entitlement.
    var validityRestrictedBy: Int?
    /// The first suspension that switched off the consulate's discretion over validity.
    var discretionRemovedBy: Int?
    /// Previous visas found not lawfully used from their stays, with the day and reason.
    var lawfulUseFailures: [String] = []
    var notices: [Int] = []
    var documents: [Int] = []
    var benefits: [Int] = []
    var warnings: [Warning] = []
    var limits: [Warning] = []

    init(_ evaluator: Evaluator) {
      scratch = Scratch(evaluator)
      applicable = scratch.applicable
      instrumentCount = scratch.instrumentCount
      regimesWithOutcome = scratch.regimesWithOutcome
      candidates = scratch.candidates
      survivors = scratch.survivors
      outcomes = scratch.outcomes
      options = scratch.options
      optionValues = scratch.optionValues
      factsPointer = scratch.facts
      input = Input(
        lodging: 0, destination: 0, lodgedIn: 0, nationality: 0, residence: 0, birth: LocalDate(dayNumber: 0),
        categories: 0, document: 0, documentExpiry: 0, purpose: 0, tripStart: 0)
      factsPointer.initialize(
        to: Facts(
          lodging: 0, age: 0, categories: 0, nationality: 0, residence: 0, lodgedIn: 0, destination: 0, document: 0, purpose: 0,
          daysBeforeTrip: 0, options: UnsafeBufferPointer(start: scratch.options, count: scratch.optionCount),
          history: UnsafeBufferPointer(start: nil, count: 0)))
    }
  }

  /// Working buffers of a ``Run``, sized for the rule book once.
  final class Scratch {
    /// Whether each instrument applies to the application.
    let applicable: UnsafeMutablePointer<Bool>
    let instrumentCount: Int
    /// For each figure, a bit per regime that produced an outcome (for precedence over a group).
    let regimesWithOutcome: UnsafeMutablePointer<UInt64>
    let candidates: UnsafeMutablePointer<Candidate>
    let survivors: UnsafeMutablePointer<Candidate>
    let outcomes: UnsafeMutablePointer<Outcome>
    /// The options' value indices (as the facts read them), and as policies set them.
    let options: UnsafeMutablePointer<Int>
    let optionValues: UnsafeMutablePointer<Int>
    let optionCount: Int
    let facts: UnsafeMutablePointer<Facts>
    /// Where conditions record the travel-document assumptions they made.
    let assumed: UnsafeMutablePointer<UInt8>
    /// A copy of `Run.history` that the facts point to.
    private(set) var history: UnsafeMutablePointer<Facts.HistoryVisa>
    private var historyCapacity = 16

    init(_ evaluator: Evaluator) {
      let rules = evaluator.rules
      instrumentCount = rules.instruments.count
      applicable = .allocate(capacity: max(1, instrumentCount))
      applicable.initialize(repeating: false, count: max(1, instrumentCount))
      regimesWithOutcome = .allocate(capacity: Figure.allCases.count)
      regimesWithOutcome.initialize(repeating: 0, count: Figure.allCases.count)
      let groupSize = max(1, rules.byFigure.joined().map(\.provisions.count).max() ?? 1)
      let groups = max(1, rules.byFigure.map(\.count).max() ?? 1)
      candidates = .allocate(capacity: groupSize)
      survivors = .allocate(capacity: groupSize)
      outcomes = .allocate(capacity: groups)
      optionCount = evaluator.defaultOptions.count
      options = .allocate(capacity: max(1, optionCount))
      options.initialize(repeating: 0, count: max(1, optionCount))
      optionValues = .allocate(capacity: max(1, optionCount))
      optionValues.initialize(repeating: 0, count: max(1, optionCount))
      history = .allocate(capacity: historyCapacity)
      facts = .allocate(capacity: 1)
      assumed = .allocate(capacity: 1)
      assumed.initialize(to: 0)
    }

    /// Copies the history where the facts can point to it.
    func setHistory(_ visas: [Facts.HistoryVisa]) -> UnsafeBufferPointer<Facts.HistoryVisa> {
      if visas.count > historyCapacity {
        history.deallocate()
        historyCapacity = visas.count
        history = .allocate(capacity: historyCapacity)
      }
      let h = history
      visas.withUnsafeBufferPointer { src in
        if let b = src.baseAddress { h.update(from: b, count: src.count) }
      }
      return UnsafeBufferPointer(start: h, count: visas.count)
    }

    deinit {
      assumed.deallocate()
      facts.deallocate()
      options.deallocate()
      optionValues.deallocate()
      history.deallocate()
      applicable.deallocate()
      regimesWithOutcome.deallocate()
      candidates.deallocate()
      survivors.deallocate()
      outcomes.deallocate()
    }
  }

  // MARK: - Input checks

  func checkCoverage(_ app: Application) throws(VisaRulesError) {
    let d = app.lodgingDate
    if !rules.coverage.contains(d) {
      throw VisaRulesError(
        .notCovered, field: "lodgingDate", value: d.description,
        message: "the lodging date is outside the periods the rules cover" + (rules.coverageNote.isEmpty ? "" : " (\(rules.coverageNote))"),
        allowed: "a date from \(rules.coverage.from)" + (rules.coverage.until.map { " to \($0)" } ?? ""))
    }
  }

  /// Checks the caller's options against the rule book.
  func choose(_ userOptions: [String: String]) throws(VisaRulesError) -> ChosenOptions {
    var chosen = ChosenOptions()
    for (key, value) in userOptions.sorted(by: { $0.key < $1.key }) {
      guard let o = rules.optionIndex[key] else {
        throw VisaRulesError(
          .unknownValue, field: "option", value: key, message: "unknown option \"\(key)\"",
          allowed: rules.options.map(\.key).joined(separator: ", "))
      }
      guard let v = rules.options[o].values.firstIndex(of: value) else {
        throw VisaRulesError(
          .unknownValue, field: "option \(key)", value: value, message: "option \(key) has no value \"\(value)\"",
          allowed: rules.options[o].values.joined(separator: ", "))
      }
      chosen.values.append((o, v))
    }
    return chosen
  }

  /// Converts a Swift application into the evaluator's input (visa history into the run),
  /// with the checks that need the rules.
  func prepare(_ app: Application, userOptions: [String: String], trace: Bool) throws(VisaRulesError) -> Run {
    var run = Run(self)
    try load(app, into: &run)
    // The caller's options are checked after the application, as they always were.
    let chosen = try choose(userOptions)
    begin(&run, chosen, trace: trace)
    return run
  }

  /// Puts a Swift application into `run` as the evaluator's input (its visa history too),
  /// with the checks that need the rules; `run` may be reused from an earlier application.
  func load(_ app: Application, into run: inout Run) throws(VisaRulesError) {
    let d = app.lodgingDate
    try checkCoverage(app)
    try checkCountries(app)
    let dest = countryCode(app.destination)
    try checkDestination(app.destination, on: d)
    var mask: UInt64 = 0
    for (i, c) in app.applicant.categories.enumerated() {
      guard let bit = rules.categoryIndex[c.rawValue] else {
        throw VisaRulesError(
          .unknownValue, field: "applicant.categories[\(i)]", value: c.rawValue, message: "unknown category \"\(c.rawValue)\"",
          allowed: rules.categories.joined(separator: ", "))
      }
      mask |= 1 << UInt64(bit)
    }
    guard let purpose = rules.purposeIndex[app.trip.purpose] else {
      throw VisaRulesError(
        .unknownValue, field: "trip.purpose", value: app.trip.purpose, message: "unknown purpose \"\(app.trip.purpose)\"",
        allowed: rules.purposes.joined(separator: ", "))
    }
    run.history.removeAll(keepingCapacity: true)
    run.lawfulUseFailures.removeAll(keepingCapacity: true)
    if !app.visaHistory.isEmpty {
      let lawful = try StayHistory.lawfulUse(of: app.visaHistory) { () throws(VisaRulesError) in try rules.stayRule(on: d) }
      for (i, use) in lawful.enumerated() {
        if let (day, reason, citation) = use.failure {
          run.lawfulUseFailures.append(
            "visaHistory[\(i)] was not lawfully used: \(reason), on \(day) (\(citation)); it does not count for multiple-entry visas")
        }
      }
      run.history.reserveCapacity(app.visaHistory.count)
      for (i, v) in app.visaHistory.enumerated() {
        run.history.append(
          Facts.HistoryVisa(
            validFrom: v.validFrom.dayNumber, validUntil: v.validUntil.dayNumber, multiple: v.entries == .multiple,
            kind: UInt8(PreviousVisa.Kind.allCases.firstIndex(of: v.kind)!), lawfullyUsed: lawful[i].lawful))
      }
    }
    var input = Input(
      lodging: d.dayNumber, destination: dest, lodgedIn: countryCode(app.lodgedIn), nationality: countryCode(app.applicant.nationality),
      residence: countryCode(app.applicant.residence), birth: app.applicant.birthDate, categories: mask,
      document: UInt8(TravelDocument.Kind.allCases.firstIndex(of: app.applicant.travelDocument.type)!),
      documentExpiry: app.applicant.travelDocument.expiry.dayNumber, purpose: purpose, tripStart: app.trip.start.dayNumber)
    input.nationalityText = app.applicant.nationality
    let document = app.applicant.travelDocument
    guard let docCategory = rules.documentCategoryIndex[document.category.rawValue] else {
      throw VisaRulesError(
        .unknownValue, field: "applicant.travelDocument.category", value: document.category.rawValue,
        message: "unknown travel document category \"\(document.category.rawValue)\"",
        allowed: rules.documentCategories.joined(separator: ", "))
    }
    input.documentCategory = UInt8(docCategory)
    input.biometric = document.biometric.map { $0 ? 2 : 1 } ?? 0
    input.documentIssued = document.issued?.dayNumber
    if let h = app.applicant.host {
      input.hostRelationship = UInt8(Host.Relationship.allCases.firstIndex(of: h.relationship)! + 1)
      input.hostNationality = countryCode(h.nationality)
      input.hostDependent = h.dependent
      input.hostResidenceUntil = h.residenceUntil?.dayNumber
    }
    input.termOfOfficeUntil = app.applicant.termOfOfficeUntil?.dayNumber
    if let ft = app.fastTrack {
      input.fastTrackScheme = UInt8(FastTrack.Scheme.allCases.firstIndex(of: ft.scheme)! + 1)
      input.fastTrackSince = ft.registeredSince?.dayNumber
    }
    if let g = app.extensionGround {
      input.extensionGround = UInt8(Application.ExtensionGround.allCases.firstIndex(of: g)! + 1)
    }
    run.input = input
  }

  /// Starts an evaluation of `run.input` (and the visa history already in `run.history`):
  /// the instruments that apply, the options in force, the facts conditions read.
  func begin(_ run: inout Run, _ chosen: ChosenOptions, trace: Bool) {
    let t = tables
    let input = run.input
    let lodging = input.lodging
    run.trace = trace ? [] : nil
    run.chosen = chosen
    run.consulted = 0
    run.validityRestrictedBy = nil
    run.discretionRemovedBy = nil
    run.unverifiedSuspensions.removeAll(keepingCapacity: true)
    run.suggestions.removeAll(keepingCapacity: true)
    run.discretionary.removeAll(keepingCapacity: true)
    run.notices.removeAll(keepingCapacity: true)
    run.documents.removeAll(keepingCapacity: true)
    run.benefits.removeAll(keepingCapacity: true)
    run.warnings.removeAll(keepingCapacity: true)
    run.limits.removeAll(keepingCapacity: true)
    for i in 0..<Figure.allCases.count { run.regimesWithOutcome[i] = 0 }
    let optionCount = defaultOptions.count
    let options = run.options
    let optionValues = run.optionValues
    if run.sources.count != optionCount { run.sources = Array(repeating: 0, count: optionCount) }
    for o in 0..<optionCount {
      optionValues[o] = defaultOptions[o]
      options[o] = defaultOptions[o]
      run.sources[o] = 0
    }
    run.facts.history = run.history.isEmpty ? UnsafeBufferPointer(start: nil, count: 0) : run.scratch.setHistory(run.history)
    run.facts.lodging = lodging
    run.facts.age = 0
    run.facts.categories = input.categories
    run.facts.nationality = input.nationality
    run.facts.residence = input.residence
    run.facts.lodgedIn = input.lodgedIn
    run.facts.destination = input.destination
    run.facts.document = input.document
    run.facts.purpose = input.purpose
    run.facts.daysBeforeTrip = input.tripStart - lodging
    run.facts.extensionGround = 0
    run.facts.hostRelationship = 0
    run.facts.hostNationality = 0
    run.facts.hostDependent = false
    run.facts.fastTrackScheme = 0
    run.facts.fastTrackSince = Int.min / 2
    run.facts.biometric = input.biometric
    run.facts.documentCategory = input.documentCategory
    run.facts.documentIssued = input.documentIssued
    run.scratch.assumed.pointee = 0
    run.facts.assumed = run.scratch.assumed

    // Instruments in force and in scope (their scopes read the facts known so far: default
    // options, no age, host or fast track yet); policies among them may set options.
    let instrumentCount = t.instrumentInfo.count
    for i in 0..<instrumentCount {
      let inst = t.instrumentInfo[i]
      var ignored: UInt64 = 0
      let applies = inst.from <= lodging && lodging <= inst.until && t.holds(inst.scope, run.factsPointer, &ignored)
      run.applicable[i] = applies
      if applies {
        for k in Int(inst.settingsStart)..<Int(inst.settingsStart + inst.settingsCount) {
          let (o, v) = t.settings[k]
          optionValues[Int(o)] = Int(v)
          run.sources[Int(o)] = 2 + i
        }
      }
    }
    for (o, v) in chosen.values {
      optionValues[o] = v
      run.sources[o] = 1
    }
    for o in 0..<optionCount { options[o] = optionValues[o] }
    if input.hostRelationship > 0 {
      run.facts.hostRelationship = input.hostRelationship
      run.facts.hostNationality = input.hostNationality
      run.facts.hostDependent = input.hostDependent
    }
    if input.fastTrackScheme > 0 {
      run.facts.fastTrackScheme = input.fastTrackScheme
      run.facts.fastTrackSince = input.fastTrackSince ?? lodging
    }
    run.facts.extensionGround = input.extensionGround
    let lodgingDate = LocalDate(dayNumber: lodging)
    if let leapKey = leapDayOption {
      let feb28 = run.facts.options[leapKey] == leapDayFebruary28
      run.facts.age = input.birth.completedYears(on: lodgingDate, leapDayBirthdayOnFebruary28: feb28)
      let (_, bm, bd) = input.birth.components
      if bm == 2 && bd == 29 { run.consulted |= 1 << UInt64(leapKey) }
    } else {
      run.facts.age = input.birth.completedYears(on: lodgingDate)
    }
    // Suspensions of whole instruments.
    let applicable = run.applicable
    for i in 0..<instrumentCount where applicable[i] {
      let inst = t.instrumentInfo[i]
      for k in Int(inst.suspendedStart)..<Int(inst.suspendedStart + inst.suspendedCount)
      where suspensionActive(Int(t.instrumentSuspensions[k]), &run) {
        applicable[i] = false
        break
      }
    }
    let si = t.segments.index(of: lodging)
    if si != run.segmentIndex {
      if run.segmentCache.isEmpty { run.segmentCache = Array(repeating: nil, count: t.segments.starts.count) }
      if let cached = run.segmentCache[si] {
        run.segment = cached
      } else {
        let built = t.segments.segment(si, rules)
        run.segmentCache[si] = built
        run.segment = built
      }
      run.segmentIndex = si
    }
  }

  @inline(__always) private func suspensionActive(_ s: Int, _ run: inout Run) -> Bool {
    let sus = tables.suspensionInfo[s]
    guard sus.from <= run.facts.lodging && run.facts.lodging <= sus.until else { return false }
    return tables.holds(sus.condition, run.factsPointer, &run.consulted)
  }

  // MARK: - Figures

  func versionIndex(_ p: CProvision, at day: Int) -> Int? { EngineTables.versionIndex(p, at: day) }

  /// The number a version gives on the lodging date (cents, days, months).
  func number(_ value: CValue, at day: Int) -> Int { EngineTables.number(rules, value, at: day) }

  /// A provision was switched off by suspension `s`: remember what that takes away.
  @inline(__always) private func suspended(_ fi: Int, _ p: Int, _ s: Int, _ run: inout Run) {
    let flags = tables.provisionInfo[p].flags
    if fi == Figure.validity.index {
      if flags & EngineTables.entitlement != 0 && run.validityRestrictedBy == nil { run.validityRestrictedBy = s }
      if flags & EngineTables.discretionary != 0 && run.discretionRemovedBy == nil { run.discretionRemovedBy = s }
    }
    if tables.suspensionInfo[s].unverified && !run.unverifiedSuspensions.contains(where: { $0.figure == fi && $0.suspension == s }) {
      run.unverifiedSuspensions.append((fi, s))
    }
  }

  /// The candidates of one group: the provisions in force on the lodging date (from its date
  /// segment) that no suspension switches off and whose condition holds. Returns their count.
  ///
  /// The same walk serves every evaluation; with a trace it also records why each provision of
  /// the group did not apply (not in force, repealed, suspended, condition false), in the
  /// group's provision order.
  @inline(__always) private func collect(_ fi: Int, _ group: Int, _ run: inout Run) -> Int {
    let t = tables
    let segment = run.segment.unsafelyUnwrapped
    let candidates = run.candidates
    let tracing = run.trace != nil
    var n = 0
    let g = segment.groupEntries[t.figureGroupOffset[fi] &+ group]
    var k = Int(g.0)
    let end = k &+ Int(g.1)
    // With a trace, the group's provisions in order, to record those that have no entry here.
    let provisions = tracing ? rules.byFigure[fi][group].provisions : []
    var next = 0
    while true {
      if tracing {
        let p = k < end ? Int(segment.entries[k].provision) : -1
        while next < provisions.count && provisions[next] != p {
          recordOutOfForce(provisions[next], &run)
          next += 1
        }
        next += 1
      }
      if k >= end { break }
      let e = segment.entries[k]
      k &+= 1
      var suspendedBy = -1
      for j in Int(e.suspendedStart)..<Int(e.suspendedStart &+ e.suspendedCount) {
        let s = Int(segment.entrySuspensions[j])
        if t.holds(t.suspensionInfo[s].condition, run.factsPointer, &run.consulted) {
          suspendedBy = s
          break
        }
      }
      if suspendedBy >= 0 {
        suspended(fi, Int(e.provision), suspendedBy, &run)
        if tracing {
          let sus = rules.suspensions[suspendedBy]
          record(Int(e.provision), Int(e.version), .suspended(by: "\(sus.citation) (\(sus.id))"), &run)
        }
        continue
      }
      // A category the condition needs and the applicant lacks: false, with nothing consulted.
      if (e.requires != 0 && run.facts.categories & e.requires == 0)
        || (e.condition >= 0 && !t.holds(e.condition, run.factsPointer, &run.consulted))
      {
        if tracing { record(Int(e.provision), Int(e.version), .conditionFalse, &run) }
        continue
      }
      candidates[n] = Candidate(p: Int(e.provision), v: Int(e.version), pv: Int(e.pv), number: e.number)
      n += 1
    }
    return n
  }

  /// Records why a provision of the group has no candidate on the lodging date: no version in
  /// force, or the version in force repeals it.
  private func recordOutOfForce(_ p: Int, _ run: inout Run) {
    let prov = rules.provisions[p]
    guard let vi = versionIndex(prov, at: run.facts.lodging) else {
      record(p, nil, .notInForce, &run)
      return
    }
    record(p, vi, .repealed(by: prov.versions[vi].citation.amendedBy ?? "an amendment"), &run)
  }

  /// Decides one figure; returns the winning outcome (if any). List figures (notices,
  /// documents, fast-track benefits) add every applicable version to `list` instead.
  func decide(_ figure: Figure, _ run: inout Run, list: ListTarget = .notices) throws(VisaRulesError) -> Outcome? {
    let t = tables
    let fi = figure.index
    let groupCount = t.groupCount[fi]
    if groupCount == 0 { return nil }
    let candidates = run.candidates
    let survivors = run.survivors
    let outcomes = run.outcomes
    let applicable = run.applicable
    let regimesWithOutcome = run.regimesWithOutcome
    let tracing = run.trace != nil
    let lower = figure.lowerIsFavourable
    var outcomeCount = 0
    var traceStart = run.trace?.count ?? 0
    for g in 0..<groupCount {
      let regime = Int(t.groupRegime[t.figureGroupOffset[fi] + g])
      if !applicable[regime] {
        if tracing {
          let reason = instrumentReason(regime, run)
          for p in rules.byFigure[fi][g].provisions { record(p, nil, .instrumentNotApplicable(reason), &run) }
        }
        continue
      }
      let candidateCount = collect(fi, g, &run)
      if candidateCount == 0 { continue }
      // Exceptions beat the provisions they override.
      var survivorCount = 0
      for i in 0..<candidateCount {
        let c = candidates[i]
        var winner = -1
        for j in 0..<candidateCount where t.beats(candidates[j].p, c.p) {
          winner = j
          break
        }
        if winner >= 0 {
          if tracing {
            let w = candidates[winner]
            record(c.p, c.v, .overridden(by: rules.provisions[w.p].versions[w.v].citation.description), &run)
          }
        } else {
          survivors[survivorCount] = c
          survivorCount += 1
        }
      }
      if figure.isList {
        for i in 0..<survivorCount {
          let s = survivors[i]
          switch list {
          case .notices: run.notices.append(s.pv)
          case .documents: run.documents.append(s.pv)
          case .benefits: run.benefits.append(s.pv)
          }
          if tracing { record(s.p, s.v, .applied, &run) }
        }
        continue
      }
      if figure == .validity {
        var kept = 0
        for i in 0..<survivorCount {
          let d = survivors[i]
          if t.provisionInfo[d.p].flags & EngineTables.discretionary != 0 {
            run.discretionary.append(Outcome(number: d.number, provision: d.p, version: d.v, pv: d.pv, regime: regime))
            if tracing { record(d.p, d.v, .applied, &run) }
          } else {
            survivors[kept] = d
            kept += 1
          }
        }
        survivorCount = kept
        kept = 0
        for i in 0..<survivorCount {
          let d = survivors[i]
          if t.provisionInfo[d.p].flags & EngineTables.suggestion != 0 {
            run.suggestions.append(Outcome(number: d.number, provision: d.p, version: d.v, pv: d.pv, regime: regime))
            if tracing { record(d.p, d.v, .applied, &run) }
          } else {
            survivors[kept] = d
            kept += 1
          }
        }
        survivorCount = kept
        if survivorCount == 0 { continue }
      }
      // Entitlements are alternative rights the applicant may invoke: several give the most
      // favourable. Any other two survivors must agree, or the rules conflict.
      var first = survivors[0]
      if survivorCount > 1 {
        var allEntitlements = true
        for i in 0..<survivorCount where t.provisionInfo[survivors[i].p].flags & EngineTables.entitlement == 0 {
          allEntitlements = false
          break
        }
        if allEntitlements {
          for i in 1..<survivorCount {
            let s = survivors[i]
            if lower ? s.number < first.number : s.number > first.number { first = s }
          }
          if tracing {
            for i in 0..<survivorCount where survivors[i].p != first.p {
              record(survivors[i].p, survivors[i].v, .lessFavourable(than: rules.provisions[first.p].versions[first.v].citationText), &run)
            }
          }
          survivors[0] = first
          survivorCount = 1
        }
      }
      let value = first.number
      for i in 1..<max(1, survivorCount) where survivors[i].number != value {
        let other = survivors[i]
        let a = rules.provisions[first.p]
        let b = rules.provisions[other.p]
        throw VisaRulesError(
          .ruleConflict,
          message:
            "\(a.id) (\(a.versions[first.v].citation)) and \(b.id) (\(b.versions[other.v].citation)) both apply to \(figure) with different outcomes (\(a.versions[first.v].value.describe(figure, rules: rules)) and \(b.versions[other.v].value.describe(figure, rules: rules))) and neither overrides the other",
          location: rules.publicProvisions[other.p].location)
      }
      outcomes[outcomeCount] = Outcome(
        number: value, provision: first.p, version: first.v, pv: first.pv, regime: regime, multiple: t.versionInfo[first.pv].multiple)
      outcomeCount += 1
      if tracing {
        record(first.p, first.v, .applied, &run)
        for i in 1..<max(1, survivorCount) {
          record(survivors[i].p, survivors[i].v, .concurring(with: rules.provisions[first.p].versions[first.v].citation.description), &run)
        }
      }
    }
    var mask: UInt64 = 0
    for i in 0..<outcomeCount { mask |= 1 << UInt64(outcomes[i].regime) }
    regimesWithOutcome[fi] = mask
    if outcomeCount == 0 { return nil }
    // Precedence: an instrument that regulates the point (it gave an outcome for this figure or
    // another of the rule's group) displaces the other instrument's outcome.
    for r in Int(t.precedenceStart[fi])..<Int(t.precedenceStart[fi + 1]) {
      let ri = Int(t.precedenceByFigure[r])
      let rule = t.precedenceInfo[ri]
      let winner = Int(rule.winner)
      guard applicable[winner] else { continue }
      var regulates = false
      for g in 0..<Figure.allCases.count where rule.figures & (1 << UInt32(g)) != 0 {
        if regimesWithOutcome[g] & (1 << UInt64(winner)) != 0 {
          regulates = true
          break
        }
      }
      guard regulates else { continue }
      if rule.unless >= 0, t.holds(rule.unless, run.factsPointer, &run.consulted) { continue }
      var kept = 0
      for i in 0..<outcomeCount {
        let o = outcomes[i]
        var displaced = false
        if o.regime == Int(rule.loser) {
          if rule.anyKind {
            displaced = true
          } else {
            let kind = t.provisionInfo[o.provision].kind
            for k in Int(rule.kindsStart)..<Int(rule.kindsStart + rule.kindsCount) where t.precedenceKinds[k] == kind {
              displaced = true
              break
            }
          }
        }
        if displaced {
          if tracing {
            let prec = rules.precedence[ri]
            markVerdict(o.provision, figure, .displaced(by: "\(prec.citation) (\(prec.id))"), &run, from: traceStart)
          }
        } else {
          outcomes[kept] = o
          kept += 1
        }
      }
      outcomeCount = kept
    }
    if outcomeCount == 0 { return nil }
    // Most favourable to the applicant; ties go to the instrument that prevails, else rule-book order.
    var best = outcomes[0]
    for i in 1..<outcomeCount {
      let o = outcomes[i]
      if lower ? o.number < best.number : o.number > best.number {
        best = o
      } else if o.number == best.number && t.prevails[o.regime * t.regimeCount + best.regime] {
        best = o
      }
    }
    if tracing {
      let winner = rules.provisions[best.provision].versions[best.version].citation.description
      for i in 0..<outcomeCount where outcomes[i].provision != best.provision {
        markVerdict(outcomes[i].provision, figure, .lessFavourable(than: winner), &run, from: traceStart)
      }
      traceStart = 0
    }
    return best
  }

  private func instrumentReason(_ regime: Int, _ run: Run) -> String {
    let inst = rules.instruments[regime]
    let day = run.facts.lodging
    if day < inst.from { return "\(inst.shortName) not yet in force (from \(LocalDate(dayNumber: inst.from)))" }
    if day > inst.until { return "\(inst.shortName) no longer in force (until \(LocalDate(dayNumber: inst.until)))" }
    var ignored: UInt64 = 0
    if !tables.holds(tables.instrumentInfo[regime].scope, run.factsPointer, &ignored) {
      return "outside the scope of \(inst.shortName) (\(rules.publicInstruments[regime].scope))"
    }
    for s in inst.suspendedBy {
      let sus = rules.suspensions[s]
      if sus.from <= day && day <= sus.until && tables.holds(tables.suspensionInfo[s].condition, run.factsPointer, &ignored) {
        return "\(inst.shortName) suspended by \(sus.citation) (\(sus.id)) from \(LocalDate(dayNumber: sus.from))"
      }
    }
    return "\(inst.shortName) does not apply"
  }

  private func record(_ p: Int, _ v: Int?, _ verdict: TraceEntry.Verdict, _ run: inout Run) {
    let prov = rules.provisions[p]
    let version = v.map { prov.versions[$0] }
    run.trace?.append(
      TraceEntry(
        figure: prov.figure, provision: prov.id, citation: version?.citation ?? prov.citation, status: version?.status ?? prov.status,
        period: version.map {
          Period(from: LocalDate(dayNumber: $0.from), until: $0.until == Int.max ? nil : LocalDate(dayNumber: $0.until))
        },
        value: version.map { $0.value.describe(prov.figure, rules: rules) } ?? "", condition: version?.conditionText ?? "",
        verdict: verdict))
  }

  private func markVerdict(_ p: Int, _ figure: Figure, _ verdict: TraceEntry.Verdict, _ run: inout Run, from: Int) {
    guard var t = run.trace else { return }
    let id = rules.provisions[p].id
    for i in from..<t.count where t[i].provision == id && t[i].figure == figure && t[i].verdict == .applied {
      t[i].verdict = verdict
    }
    run.trace = t
  }
}
