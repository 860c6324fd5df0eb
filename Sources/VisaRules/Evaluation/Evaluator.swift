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
final class Evaluator: Sendable {
  let rules: CompiledRules
  let tables: EngineTables
  let defaultOptions: [Int]
  let leapDayOption: Int?
  /// The option `visaRequirement.date` and the index of its value `entry`: the visa requirement
  /// is decided on the day of entry (the trip's start), not the lodging date.
  let requirementDateOption: Int?
  let requirementOnEntry: Int?
  /// Value index of `age.leapDayBirthday=february28`.
  let leapDayFebruary28: Int?
  /// `citation (id)` of each suspension, as the trace and its shortfalls name it (worded once).
  let suspensionLabels: [String]
  /// A precedence rule names figures of several blocks (`decision.*` is one block): whether it
  /// displaces an outcome then depends on other blocks' figures, so a selection of blocks
  /// (``DecisionFields``) decides every figure.
  let precedenceLinksFigures: Bool
  /// The vocabulary's nationalities (not territories) as a bit set over the 676 two-letter
  /// codes, so checking a nationality looks nothing up (``checkCountries(_:)``).
  let nationalityCodes: [UInt64]
  /// The destinations applying the common visa policy on every day, as the same bit set
  /// (``checkDestination(_:_:on:)``).
  let destinationCodes: [UInt64]
  /// The rule book's categories in order, scanned without hashing, and each one's bit.
  let categoryIDs: VocabularyList
  let categoryBits: [Int]
  /// The smallest short-stay maximum on any day (`Int.max` without one): a shorter trip is a
  /// short stay whatever the day (``checkShortStay(_:on:)``).
  let shortStayFloor: Int

  init(rules: CompiledRules) {
    self.rules = rules
    tables = rules.tables ?? EngineTables(rules)
    defaultOptions = rules.options.map(\.defaultValue)
    leapDayOption = rules.optionIndex["age.leapDayBirthday"]
    suspensionLabels = rules.suspensions.map { "\($0.citation) (\($0.id))" }
    leapDayFebruary28 = leapDayOption.flatMap { rules.options[$0].values.firstIndex(of: "february28") }
    requirementDateOption = rules.optionIndex["visaRequirement.date"]
    requirementOnEntry = requirementDateOption.flatMap { rules.options[$0].values.firstIndex(of: "entry") }
    var nationalities = Array(repeating: UInt64(0), count: 11)
    for (code, entry) in rules.countries where entry.isNationality {
      let bit = countryLetterIndex(code)
      if bit >= 0 { nationalities[bit >> 6] |= 1 << UInt64(bit & 63) }
    }
    nationalityCodes = nationalities
    var destinations = Array(repeating: UInt64(0), count: 11)
    for code in rules.destinations {
      let bit = countryLetterIndex(code)
      if bit >= 0 { destinations[bit >> 6] |= 1 << UInt64(bit & 63) }
    }
    destinationCodes = destinations
    var ids = VocabularyList()
    var bits: [Int] = []
    for c in rules.categories {
      guard let bit = rules.categoryIndex[c] else { continue }
      ids.append(c, description: "", articles: "")
      bits.append(bit)
    }
    categoryIDs = ids
    categoryBits = bits
    if let i = Figure.shortStayMaximumDays.ruleBookIndex, i < rules.ruleBookSegments.count {
      shortStayFloor = rules.ruleBookSegments[i].map(\.value).min() ?? Int.max
    } else {
      shortStayFloor = Int.max
    }
    precedenceLinksFigures = rules.precedence.contains { rule in
      // Figures of more than one block (the name before the dot), compared on their bytes.
      let blocks = rule.figures.map { $0.rawValue.utf8.prefix { $0 != UInt8(ascii: ".") } }
      return blocks.contains { !$0.elementsEqual(blocks[0]) }
    }
  }

  struct Outcome {
    var number: Int
    var provision: ProvisionIndex
    var version: VersionIndex
    var pv: VersionRow
    var regime: InstrumentIndex
    var multiple = false
  }

  struct Candidate {
    var p: ProvisionIndex
    var v: VersionIndex
    var pv: VersionRow
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
    var validityRestrictedBy: SuspensionIndex?
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
    case feeUnverified(pv: VersionRow)
    case feeSuspensionUnverified(suspension: SuspensionIndex)
    case lodgedTooEarly(tripStart: LocalDate, earliest: LocalDate, pv: VersionRow)
    case lodgedLate(pv: VersionRow, latest: LocalDate)
    case lawfulUse(index: Int)
    case validityLimited(cap: ValidityCap, until: LocalDate)
    case validityLimitMissing(cap: ValidityCap)
    case noRoomForMultipleEntry(expiry: LocalDate, tripStart: LocalDate)
    /// The entitlement's own limit (host's permit, term of office) ends before the trip starts.
    case limitLeavesNoRoom(cap: ValidityCap, until: LocalDate, tripStart: LocalDate)
    case validityCapped(until: LocalDate, expiry: LocalDate)
    case validityUnverified(pv: VersionRow)
    /// The visa requirement (required or exempt) rests on a provision the legal reference marks [U].
    case visaRequirementUnverified(pv: VersionRow)
    case visaRequirementNotEncoded(reference: String)
    /// The visa requirement on the lodging date differs from the one on the day of entry.
    case visaRequirementChanges(atLodging: Outcome?, onEntry: Outcome?, entry: LocalDate)
    /// Conditions read a travel-document fact the application did not give (``DocumentAssumption`` bits).
    case documentAssumed(UInt8)
    case cannotLodge(pv: VersionRow)
    /// Visa Code Art. 12(a): the travel document expires before `needed` (departure + months).
    case documentExpiresTooSoon(expiry: LocalDate, departure: LocalDate, needed: LocalDate, months: Int, pv: VersionRow)
    /// Visa Code Art. 12: the travel document was issued before `earliest` (lodging − years).
    case documentIssuedTooLongAgo(issued: LocalDate, earliest: LocalDate, years: Int, pv: VersionRow)
    /// The standard decision deadline falls after the trip's start; lodging by `lodgeBy` avoids it.
    /// `urgent`: the shorter period the rules give in urgent cases (`decision.urgentWorkingDays`),
    /// with the day it ends (working days after lodging, weekends skipped).
    case decisionAfterDeparture(
      deadline: LocalDate, tripStart: LocalDate, lodgeBy: LocalDate, pv: VersionRow, urgent: (until: LocalDate, days: Int, pv: VersionRow)?)
    /// The visas the nearest multiple-entry entitlement did not count, and why: `uncountedVisas`.
    case uncountedVisas(index: Int)
    /// A remark on the visa history (a duplicate, an overlap, a lawful use assumed): `historyNotes`.
    case historyNote(index: Int)
    // Fast-track limits.
    case noDiscretion(suspension: SuspensionIndex?, months: Int, entitled: Int)
    case discretionEnds(pv: VersionRow, months: Int)
    case entitlementStands(entitled: Int)
    case documentCapsSuggestion(cap: LocalDate)
  }

  /// The application in the compact form the evaluator reads (day numbers, packed country
  /// codes, bit sets). The visa history goes into the run's ``Scratch`` (`history`).
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
    /// The last intended day in the Schengen area (the intended departure, Visa Code Art. 12(a)).
    var tripEnd: Int = 0
    /// 0 when no host is given, else 1 + the `Host.Relationship` index.
    var hostRelationship: UInt8 = 0
    var hostNationality: UInt16 = 0
    var hostResidence: UInt16 = 0
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
    /// Where each option's value came from: 0 default, 1 the caller, 2 + i the policy of
    /// instrument i.
    var sources: [Int] = []
    var trace: [TraceEntry]?
    /// `trace != nil`, read without touching the array (the hot loops ask it for every group).
    var tracing = false
    /// With a trace: the fixed parts its entries share (``TraceFragments``) and a plain pointer to
    /// them, set together by ``Evaluator/begin(_:_:trace:)``.
    var traceParts: TraceFragments.Held?
    var consulted: UInt64 = 0
    /// The caller's options, as ``Evaluator/begin(_:_:trace:)`` last applied them.
    var chosen = ChosenOptions()
    /// The candidates on the lodging date (its date segment), and which segment that is.
    var segment: DateSegments.Segment?
    var segmentIndex = -1
    /// The scope `segment` was cut for (``NationalityScope/segment(_:_:_:)``) and whether it is
    /// the whole segment, as a trace reads it.
    unowned(unsafe) var segmentScope: NationalityScope?
    var segmentTraced = false
    /// Segments this run has used, so it asks the shared tables (under their lock) once each.
    var segmentCache: [DateSegments.Segment?] = []
    /// The scope of the applicant's nationality, and those this run has built, by slot.
    var scope: NationalityScope?
    var scopeCache: [NationalityScope?] = []
    /// Suspensions marked [U] that switched off a provision, by figure: their outcome rests on
    /// an unverified reading.
    var unverifiedSuspensions: [(figure: Figure, suspension: SuspensionIndex)] = []
    /// Validity suggestions of fast-track schemes (never entitlements).
    var suggestions: [Outcome] = []
    var discretionary: [Outcome] = []
    /// The first suspension that switched off a multiple-entry entitlement.
    var validityRestrictedBy: SuspensionIndex?
    /// The first suspension that switched off the consulate's discretion over validity.
    var discretionRemovedBy: SuspensionIndex?
    /// Previous visas found not lawfully used from their stays, with the day and reason.
    var lawfulUseFailures: [String] = []
    /// Remarks on the visa history as given: duplicates (counted once), overlaps, entries whose
    /// lawful use had to be assumed.
    var historyNotes: [HistoryNote] = []
    /// The visa history's uncounted visas, worded (``Evaluator/noteUncountedVisas(_:_:)``).
    var uncountedVisas: [String] = []
    /// With a trace: for each figure that did not go the applicant's way, the nearest
    /// provision that would have given more (``Evaluator/whyNot(_:_:)``).
    var whyNot: [WhyNot] = []
    /// With a trace: why each instrument does not apply, found once per evaluation (by regime).
    var scopeShortfalls: [[Shortfall]?] = []
    /// With a trace: the shortfalls worded so far in this evaluation (made at the first trace).
    var shortfallMemo: ShortfallMemo?
    /// With a trace: why each instrument that does not apply does not, once worded
    /// (``Evaluator/instrumentReason(_:_:)``).
    var scopeReasons: [String?] = []
    var notices: [VersionRow] = []
    var documents: [VersionRow] = []
    var benefits: [VersionRow] = []
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
    /// The previous visas, as the facts read them: `historyCount` of them.
    private(set) var history: UnsafeMutablePointer<Facts.HistoryVisa>
    private var historyCapacity = 16
    var historyCount = 0

    init(_ evaluator: Evaluator) {
      let rules = evaluator.rules
      instrumentCount = rules.instruments.count
      applicable = .allocate(capacity: max(1, instrumentCount))
      applicable.initialize(repeating: false, count: max(1, instrumentCount))
      regimesWithOutcome = .allocate(capacity: Figure.allCases.count)
      regimesWithOutcome.initialize(repeating: 0, count: Figure.allCases.count)
      // Loops, not key paths: projecting a key path costs ~2,000 instructions a call, 0.7M at
      // every start (issue 12's cold start).
      var groupSize = 1
      var groups = 1
      for figure in rules.byFigure {
        groups = max(groups, figure.count)
        for group in figure { groupSize = max(groupSize, group.provisions.count) }
      }
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

    /// Room for `count` previous visas at `history` (what it held is dropped).
    func reserveHistory(_ count: Int) -> UnsafeMutablePointer<Facts.HistoryVisa> {
      historyCount = 0
      if count > historyCapacity {
        history.deallocate()
        historyCapacity = count
        history = .allocate(capacity: historyCapacity)
      }
      return history
    }

    /// The previous visas, as the facts point to them.
    var historyBuffer: UnsafeBufferPointer<Facts.HistoryVisa> {
      UnsafeBufferPointer(start: historyCount == 0 ? nil : history, count: historyCount)
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

}
