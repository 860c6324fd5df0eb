/// The compiled rules flattened for evaluation: built once per rule book from ``CompiledRules``
/// (the rules stay data; this is only their fast form), immutable afterwards and shared by every
/// thread.
///
/// - Conditions become a flat array of nodes (no enum payloads to copy or retain).
/// - Every (provision, version) pair gets an index (`pv`) and a plain record: regime, condition,
///   kind flags, status.
/// - **Date segments** (``DateSegments``): each figure's candidates on each stretch of days on
///   which the versions in force do not change, built segment by segment on first use.
/// - JSON fragments (``JSONFragments``): the constant parts of a decision's JSON, escaped once.
final class EngineTables: @unchecked Sendable {
  // MARK: Conditions

  enum Op: UInt8 {
    case always, all, any, not, categories, age, daysBeforeTrip, nationality, residence, lodgedIn, destination
    case travelDocument, purpose, option, extensionGround, visas, hostRelationship, hostNationality, hostUnknown
    case hostResidence
    case fastTrack, hostDependent, biometricDocument, documentCategory, documentIssued
  }

  struct Node {
    var op: Op
    var a: Int
    var b: Int
    /// For country lists of capital-letter codes: where their bit set starts in
    /// `countrySets` (-1: none, scan the list).
    var c: Int = -1
  }

  let nodes: Table<Node>
  /// Children of all/any nodes.
  let children: Table<Int32>
  /// Country codes of nationality/residence/lodgedIn/destination/hostNationality/hostResidence
  /// nodes.
  let codes: Table<UInt16>
  /// Purposes of purpose nodes.
  let ints: Table<Int>
  let queries: Table<HistoryQuery>
  let countrySets: Table<UInt64>
  /// The same, as a plain value that evaluates conditions.
  let conditions: ConditionTables

  // MARK: Provisions and versions

  struct ProvisionInfo {
    var pvBase: Int32
    var versionCount: Int32
    var regime: Int32
    var kind: Int32
    var flags: UInt8
    var beatsStart: Int32
    var beatsCount: Int32
    var suspendedStart: Int32
    var suspendedCount: Int32
  }

  static let entitlement: UInt8 = 1
  static let discretionary: UInt8 = 2
  static let suggestion: UInt8 = 4
  static let waiver: UInt8 = 8

  struct VersionInfo {
    var provision: Int32
    var version: Int32
    var condition: Int32
    var status: Status
    var multiple: Bool
    /// 0 none, 1 + `ValidityCap` index.
    var cap: UInt8
  }

  let provisionInfo: Table<ProvisionInfo>
  let versionInfo: Table<VersionInfo>
  /// Sorted provision indices each provision beats.
  let beats: Table<Int32>
  /// Suspensions targeting each provision, in rule-book order.
  let suspendedBy: Table<Int32>

  // MARK: Suspensions, instruments, precedence

  struct SuspensionInfo {
    var from: Int
    var until: Int
    var condition: Int32
    var unverified: Bool
  }

  struct InstrumentInfo {
    var from: Int
    var until: Int
    var scope: Int32
    var regime: Int32
    var settingsStart: Int32
    var settingsCount: Int32
    var suspendedStart: Int32
    var suspendedCount: Int32
  }

  struct PrecedenceInfo {
    var winner: Int32
    var loser: Int32
    var figures: UInt32
    /// Kinds of the loser's provisions it displaces (ids in `precedenceKinds`); any kind when
    /// `anyKind`.
    var kindsStart: Int32
    var kindsCount: Int32
    var anyKind: Bool
    var unless: Int32
  }

  let suspensionInfo: Table<SuspensionInfo>
  let instrumentInfo: Table<InstrumentInfo>
  /// (option, value) pairs that policies set.
  let settings: Table<(Int32, Int32)>
  let instrumentSuspensions: Table<Int32>
  let precedenceInfo: Table<PrecedenceInfo>
  let precedenceKinds: Table<Int32>
  /// For each figure, the precedence rules naming it, in rule-book order
  /// (`precedenceByFigure[precedenceStart[f]..<precedenceStart[f + 1]]`).
  let precedenceByFigure: Table<Int32>
  let precedenceStart: Table<Int32>
  /// `prevails[a * regimes + b]`: a precedence rule makes regime a win over regime b.
  let prevails: Table<Bool>
  let regimeCount: Int

  // MARK: Groups

  /// For each figure, where its groups start among a segment's groups.
  let figureGroupOffset: Table<Int>
  let groupsPerSegment: Int
  /// The regime of each group (`figureGroupOffset[figure] + group`), and the number of groups
  /// per figure.
  let groupRegime: Table<Int32>
  let groupCount: Table<Int>
  /// Per version: categories of which the applicant needs one for its condition to hold (0: no
  /// such need known), set only for conditions that read no option, so checking it first
  /// changes nothing but speed.
  let versionRequires: Table<UInt64>

  /// The candidates of each figure by date segment: the one compiled form every evaluation reads.
  private(set) var segments: DateSegments!

  /// The JSON fragments, built the first time a decision is written as JSON.
  let fragmentsLock = Mutex()
  var builtFragments: JSONFragments?
  var builtTraceFragments: TraceFragments?

  // MARK: Vocabulary lookups for the direct decoder

  let categoryNames: Vocabulary
  let purposeNames: Vocabulary
  /// The fast-track schemes' ids (a verdict's scheme is 1 + an index here).
  let fastTrackSchemes: [String]

  /// Names packed in one byte table, looked up by their bytes.
  struct Vocabulary {
    let bytes: Table<UInt8>
    /// (start, count) per name.
    let names: Table<(Int32, Int32)>

    init(_ list: [String]) {
      var pool: [UInt8] = []
      var names: [(Int32, Int32)] = []
      for n in list {
        names.append((Int32(pool.count), Int32(n.utf8.count)))
        pool += Array(n.utf8)
      }
      bytes = Table(pool)
      self.names = Table(names)
    }

    /// The index of the name with these bytes, or nil.
    @inline(__always) func lookup(_ p: UnsafePointer<UInt8>, _ count: Int) -> Int? {
      for i in 0..<names.count {
        let (start, n) = names[i]
        if Int(n) == count && bytes[Int(start)] == p[0] && Platform.equal(bytes.base + Int(start), p, count: count) { return i }
      }
      return nil
    }

    func free() {
      bytes.free()
      names.free()
    }
  }

  /// Builds the tables of `rules`.
  convenience init(_ rules: CompiledRules) {
    var b = EngineTablesBuilder(rules)
    b.build()
    self.init(rules, b)
  }

  /// The tables `b` holds (built, or read from a snapshot: ``SnapshotReader/readEngineTables(_:_:)``).
  init(_ rules: CompiledRules, _ b: EngineTablesBuilder) {
    nodes = Table(b.nodes)
    children = Table(b.children)
    codes = Table(b.codes)
    ints = Table(b.ints)
    queries = Table(b.queries)
    countrySets = Table(b.countrySets)
    conditions = ConditionTables(nodes: nodes, children: children, codes: codes, ints: ints, queries: queries, countrySets: countrySets)
    provisionInfo = Table(b.provisionInfo)
    versionInfo = Table(b.versionInfo)
    beats = Table(b.beats)
    suspendedBy = Table(b.suspendedBy)
    suspensionInfo = Table(b.suspensionInfo)
    instrumentInfo = Table(b.instrumentInfo)
    settings = Table(b.settings)
    instrumentSuspensions = Table(b.instrumentSuspensions)
    precedenceInfo = Table(b.precedenceInfo)
    precedenceKinds = Table(b.precedenceKinds)
    precedenceByFigure = Table(b.precedenceByFigure)
    precedenceStart = Table(b.precedenceStart)
    prevails = Table(b.prevails)
    regimeCount = rules.instruments.count
    figureGroupOffset = Table(b.figureGroupOffset)
    groupsPerSegment = b.groupsPerSegment
    groupRegime = Table(b.groupRegime)
    groupCount = Table(b.groupCount)
    versionRequires = Table(b.versionRequires)
    categoryNames = Vocabulary(rules.categories)
    purposeNames = Vocabulary(rules.purposes.ids)
    fastTrackSchemes = rules.fastTrackSchemes.ids
    segments = DateSegments(starts: b.segmentStarts, self)
  }

  deinit {
    nodes.free(); children.free(); codes.free(); ints.free(); queries.free(); countrySets.free(); conditions.free()
    provisionInfo.free(); versionInfo.free(); beats.free(); suspendedBy.free()
    suspensionInfo.free(); instrumentInfo.free(); settings.free(); instrumentSuspensions.free()
    precedenceInfo.free(); precedenceKinds.free(); precedenceByFigure.free(); precedenceStart.free(); prevails.free()
    figureGroupOffset.free(); groupCount.free(); groupRegime.free(); versionRequires.free()
    categoryNames.free(); purposeNames.free()
    builtFragments?.free()
  }

  /// The JSON fragments of the rule book, built on the first call.
  func fragments(_ rules: CompiledRules) -> JSONFragments {
    fragmentsLock.lock()
    defer { fragmentsLock.unlock() }
    if let f = builtFragments { return f }
    let f = JSONFragments(rules)
    builtFragments = f
    return f
  }

  /// The fixed parts of trace entries, built on the first call.
  func traceFragments(_ evaluator: Evaluator) -> TraceFragments {
    fragmentsLock.lock()
    defer { fragmentsLock.unlock() }
    if let f = builtTraceFragments { return f }
    let f = TraceFragments(evaluator)
    builtTraceFragments = f
    return f
  }

  // MARK: - Lookups

  @inline(__always) func pv(_ provision: Int, _ version: Int) -> Int {
    Int(provisionInfo[provision].pvBase) + version
  }

  /// Whether `provision` beats (is an exception to) `other`.
  @inline(__always) func beats(_ provision: Int, _ other: Int) -> Bool {
    let info = provisionInfo[provision]
    var i = Int(info.beatsStart)
    let end = i + Int(info.beatsCount)
    let o = Int32(other)
    while i < end {
      if beats[i] == o { return true }
      i += 1
    }
    return false
  }

  // MARK: - Conditions

  /// Whether the condition at `node` holds (see ``ConditionTables/holds(_:_:_:)``).
  @inline(__always) func holds(_ node: Int32, _ f: UnsafePointer<Facts>, _ consulted: inout UInt64) -> Bool {
    conditions.holds(node, f, &consulted)
  }

  /// The number a version gives (cents, days, months) on `day`.
  static func number(_ rules: CompiledRules, _ value: ProvisionValue, at day: Int) -> Int {
    switch value {
    case .cents(let c): return c
    case .count(let n): return n
    case .fractionOf(let p, let num, let den):
      guard let vi = versionIndex(rules.provisions[p], at: day) else { return 0 }
      // A fraction names a plain amount (the loader rejects chains); never follow a chain here,
      // so that even rules with errors can be checked without recursing forever.
      if case .fractionOf = rules.provisions[p].versions[vi].value { return 0 }
      return number(rules, rules.provisions[p].versions[vi].value, at: day) * num / den
    case .validity(let multiple, let months, _): return multiple ? (months ?? 1) : 0
    case .repealed, .notice: return 0
    }
  }

  static func versionIndex(_ p: CompiledProvision, at day: Int) -> Int? {
    // By index: a version is large, and copying one retains all of its texts.
    for i in p.versions.indices where p.versions[i].from <= day && day <= p.versions[i].until { return i }
    return nil
  }
}
