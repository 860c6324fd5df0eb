#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

/// The compiled rules flattened for evaluation: built once per rule book from ``CompiledRules``
/// (the rules stay data; this is only their fast form), immutable afterwards and shared by every
/// thread.
///
/// - Conditions become a flat array of nodes (no enum payloads to copy or retain).
/// - Every (provision, version) pair gets an index (`pv`) and a plain record: regime, condition,
///   kind flags, status.
/// - **Date segments**: the days on which any version, instrument or suspension begins or ends cut
///   time into segments in which the set of versions in force is constant. For each segment and
///   figure, the candidate (provision, version) pairs are listed group by group (instrument
///   order), with the number each gives and the suspensions whose dates cover the segment, so an
///   evaluation finds its segment by binary search and never looks at a version out of force.
/// - JSON fragments: the citation, provision and status of each version, waivers, notices,
///   instrument ids and suspensions, already escaped, so writing a decision is mostly copying.
final class EngineTables: @unchecked Sendable {
  // MARK: Conditions

  enum Op: UInt8 {
    case always, all, any, not, categories, age, daysBeforeTrip, nationality, residence, lodgedIn, destination
    case travelDocument, purpose, option, extensionGround, visas, hostRelationship, hostNationality, hostUnknown
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
  /// Country codes of nationality/residence/lodgedIn/destination/hostNationality nodes.
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

  /// The date segments and JSON fragments, built on first use (``batch(_:)``): an evaluation of
  /// one application does without them.
  private let batchLock = Mutex()
  private var builtBatch: BatchTables?

  // MARK: Vocabulary lookups for the direct decoder

  let categoryNames: Vocabulary
  let purposeNames: Vocabulary

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
        if Int(n) == count && bytes[Int(start)] == p[0] && memcmp(bytes.base + Int(start), p, count) == 0 { return i }
      }
      return nil
    }

    func free() {
      bytes.free()
      names.free()
    }
  }

  init(_ rules: CompiledRules) {
    var b = Builder(rules)
    b.build()
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
    precedenceByFigure = Table(Array(b.precedenceByFigure.joined()))
    var starts: [Int32] = [0]
    for list in b.precedenceByFigure { starts.append(starts.last! + Int32(list.count)) }
    precedenceStart = Table(starts)
    prevails = Table(b.prevails)
    regimeCount = rules.instruments.count
    figureGroupOffset = Table(b.figureGroupOffset)
    groupsPerSegment = b.groupsPerSegment
    groupRegime = Table(b.groupRegime)
    groupCount = Table(b.groupCount)
    versionRequires = Table(b.versionRequires)
    categoryNames = Vocabulary(rules.categories)
    purposeNames = Vocabulary(rules.purposes)
  }

  deinit {
    nodes.free(); children.free(); codes.free(); ints.free(); queries.free(); countrySets.free()
    provisionInfo.free(); versionInfo.free(); beats.free(); suspendedBy.free()
    suspensionInfo.free(); instrumentInfo.free(); settings.free(); instrumentSuspensions.free()
    precedenceInfo.free(); precedenceKinds.free(); precedenceByFigure.free(); precedenceStart.free(); prevails.free()
    figureGroupOffset.free(); groupCount.free(); groupRegime.free(); versionRequires.free()
    categoryNames.free(); purposeNames.free()
    builtBatch?.free()
  }

  /// The date segments and JSON fragments, built on the first call.
  func batch(_ rules: CompiledRules) -> BatchTables {
    batchLock.lock()
    defer { batchLock.unlock() }
    if let b = builtBatch { return b }
    let b = BatchTables(rules, self)
    builtBatch = b
    return b
  }

  /// The date segments and JSON fragments, if they were built.
  var batchIfBuilt: BatchTables? {
    batchLock.lock()
    defer { batchLock.unlock() }
    return builtBatch
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
  static func number(_ rules: CompiledRules, _ value: CValue, at day: Int) -> Int {
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

  static func versionIndex(_ p: CProvision, at day: Int) -> Int? {
    for (i, v) in p.versions.enumerated() where v.from <= day && day <= v.until { return i }
    return nil
  }
}

/// The parts of ``EngineTables`` that pay off over many applications: the date segments and
/// the JSON fragments. Built once, on first use, and shared.
struct BatchTables: @unchecked Sendable {
  struct Entry {
    var pv: Int32
    var provision: Int32
    var version: Int32
    var condition: Int32
    var suspendedStart: Int32
    var suspendedCount: Int32
    var number: Int
    /// ``EngineTables/versionRequires`` of the version.
    var requires: UInt64
  }

  /// First day of each segment (the first is `Int.min`).
  let segmentStarts: Table<Int>
  let figureGroupOffset: Table<Int>
  let groupsPerSegment: Int
  /// `(start, count)` into `entries`, per segment × group.
  let groupEntries: Table<(Int32, Int32)>
  let entries: Table<Entry>
  /// Suspensions in force by date on a segment, per entry.
  let entrySuspensions: Table<Int32>

  // JSON fragments (escaped UTF-8)

  let bytes: Table<UInt8>
  struct Fragment {
    var start: Int32
    var count: Int32
  }

  /// `"citation":"…","provision":"…","status":"V"` per version.
  let rulingFragment: Table<Fragment>
  /// `"citation text"` per version.
  let citationFragment: Table<Fragment>
  /// `{"provision":…,"citation":…,"reason":…}` per version.
  let waiverFragment: Table<Fragment>
  /// `"summary or notice (citation)"` per version.
  let annotatedFragment: Table<Fragment>
  /// `"id"` per instrument.
  let instrumentFragment: Table<Fragment>
  /// `"citation (id)"` per suspension.
  let suspensionFragment: Table<Fragment>
  /// `{"option":"key","value":"value","source":` per option value (`optionValueBase[o] + v`).
  let assumptionFragment: Table<Fragment>
  let optionValueBase: Table<Int32>
  /// `"policy:id"` per instrument.
  let policyFragment: Table<Fragment>

  init(_ rules: CompiledRules, _ core: EngineTables) {
    var b = BatchBuilder(rules, core)
    b.buildSegments()
    b.buildFragments()
    segmentStarts = Table(b.segmentStarts)
    figureGroupOffset = core.figureGroupOffset
    groupsPerSegment = core.groupsPerSegment
    groupEntries = Table(b.groupEntries)
    entries = Table(b.entries)
    entrySuspensions = Table(b.entrySuspensions)
    bytes = Table(b.bytes)
    rulingFragment = Table(b.rulingFragment)
    citationFragment = Table(b.citationFragment)
    waiverFragment = Table(b.waiverFragment)
    annotatedFragment = Table(b.annotatedFragment)
    instrumentFragment = Table(b.instrumentFragment)
    suspensionFragment = Table(b.suspensionFragment)
    assumptionFragment = Table(b.assumptionFragment)
    optionValueBase = Table(b.optionValueBase)
    policyFragment = Table(b.policyFragment)
  }

  /// Frees what it owns (`figureGroupOffset` belongs to the core tables).
  func free() {
    segmentStarts.free(); groupEntries.free(); entries.free(); entrySuspensions.free()
    bytes.free(); rulingFragment.free(); citationFragment.free(); waiverFragment.free(); annotatedFragment.free()
    instrumentFragment.free(); suspensionFragment.free(); assumptionFragment.free(); optionValueBase.free()
    policyFragment.free()
  }

  /// The segment holding `day`.
  @inline(__always) func segment(_ day: Int) -> Int {
    var lo = 0
    var hi = segmentStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) >> 1
      if segmentStarts[mid] <= day { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  @inline(__always) func group(segment: Int, figure: Int, group: Int) -> (start: Int, count: Int) {
    let g = groupEntries[segment &* groupsPerSegment &+ figureGroupOffset[figure] &+ group]
    return (Int(g.0), Int(g.1))
  }

  /// A fragment's bytes.
  @inline(__always) func pointer(_ f: Fragment) -> UnsafePointer<UInt8> { UnsafePointer(bytes.base + Int(f.start)) }
}

/// The flat conditions of ``EngineTables``, as a plain value (no reference counting while
/// conditions recurse).
struct ConditionTables {
  let nodes: Table<EngineTables.Node>
  let children: Table<Int32>
  let codes: Table<UInt16>
  let ints: Table<Int>
  let queries: Table<HistoryQuery>
  /// Country lists as bit sets over the 676 two-letter codes (11 words per list).
  let countrySets: Table<UInt64>

  /// Whether the condition at `node` holds; `consulted` collects the options it read (bit per
  /// option), in short-circuit order, so a decision lists only the options it relied on.
  func holds(_ node: Int32, _ facts: UnsafePointer<Facts>, _ consulted: inout UInt64) -> Bool {
    if node < 0 { return true }
    let n = nodes[Int(node)]
    switch n.op {
    case .always: return true
    case .all:
      for i in n.a..<(n.a &+ n.b) where !holds(children[i], facts, &consulted) { return false }
      return true
    case .any:
      for i in n.a..<(n.a &+ n.b) where holds(children[i], facts, &consulted) { return true }
      return false
    case .not: return !holds(Int32(truncatingIfNeeded: n.a), facts, &consulted)
    case .categories: return facts.pointee.categories & UInt64(bitPattern: Int64(n.a)) != 0
    case .age: return facts.pointee.age >= n.a && facts.pointee.age <= n.b
    case .daysBeforeTrip: return facts.pointee.daysBeforeTrip >= n.a && facts.pointee.daysBeforeTrip <= n.b
    case .nationality: return contains(n, facts.pointee.nationality)
    case .residence: return contains(n, facts.pointee.residence)
    case .lodgedIn: return contains(n, facts.pointee.lodgedIn)
    case .destination: return contains(n, facts.pointee.destination)
    case .travelDocument: return (1 << Int(facts.pointee.document)) & n.a != 0
    case .purpose:
      for i in n.a..<(n.a + n.b) where ints[i] == facts.pointee.purpose { return true }
      return false
    case .option:
      consulted |= 1 << UInt64(n.a)
      return facts.pointee.options[n.a] == n.b
    case .extensionGround: return facts.pointee.extensionGround > 0 && (1 << (Int(facts.pointee.extensionGround) - 1)) & n.a != 0
    case .visas:
      let q = queries[n.a]
      return q.count(in: facts) >= q.atLeast
    case .hostRelationship: return facts.pointee.hostRelationship > 0 && (1 << (Int(facts.pointee.hostRelationship) - 1)) & n.a != 0
    case .hostNationality: return facts.pointee.hostRelationship > 0 && contains(n, facts.pointee.hostNationality)
    case .hostUnknown: return facts.pointee.hostRelationship == 0
    case .fastTrack:
      guard facts.pointee.fastTrackScheme > 0, (1 << (Int(facts.pointee.fastTrackScheme) - 1)) & n.a != 0 else { return false }
      return n.b == 0 || LocalDate(dayNumber: facts.pointee.fastTrackSince).adding(months: n.b).dayNumber <= facts.pointee.lodging
    case .hostDependent: return facts.pointee.hostDependent
    case .biometricDocument:
      let b = facts.pointee.biometric
      if b == 0, let p = facts.pointee.assumed { p.pointee |= DocumentAssumption.biometric }
      return (b != 1) == (n.a != 0)
    case .documentCategory: return (1 << UInt64(facts.pointee.documentCategory)) & UInt64(bitPattern: Int64(n.a)) != 0
    case .documentIssued:
      let day: Int
      if let d = facts.pointee.documentIssued { day = d } else {
        day = facts.pointee.lodging
        if let p = facts.pointee.assumed { p.pointee |= DocumentAssumption.issued }
      }
      return day >= n.a && day <= n.b
    }
  }

  @inline(__always) private func contains(_ n: EngineTables.Node, _ code: UInt16) -> Bool {
    if n.c >= 0 {
      let hi = Int(code >> 8) &- 65
      let lo = Int(code & 0xFF) &- 65
      guard hi >= 0, hi < 26, lo >= 0, lo < 26 else { return false }
      let bit = hi &* 26 &+ lo
      return countrySets[n.c &+ bit >> 6] & (1 << UInt64(bit & 63)) != 0
    }
    for i in n.a..<(n.a &+ n.b) where codes[i] == code { return true }
    return false
  }

}

/// A fixed array of plain values, read without bounds checks or reference counting; freed by
/// its owner.
struct Table<T>: @unchecked Sendable {
  let base: UnsafeMutablePointer<T>
  let count: Int

  init(_ values: [T]) {
    let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, values.count))
    values.withUnsafeBufferPointer { src in
      if let s = src.baseAddress { p.initialize(from: s, count: values.count) }
    }
    base = p
    count = values.count
  }

  @inline(__always) subscript(_ i: Int) -> T { base[i] }
  @inline(__always) subscript(_ i: Int32) -> T { base[Int(i)] }

  func free() {
    base.deinitialize(count: count)
    base.deallocate()
  }
}

// MARK: - Building

private struct Builder {
  let rules: CompiledRules
  var nodes: [EngineTables.Node] = []
  var children: [Int32] = []
  var codes: [UInt16] = []
  var ints: [Int] = []
  var queries: [HistoryQuery] = []
  var countrySets: [UInt64] = []
  var provisionInfo: [EngineTables.ProvisionInfo] = []
  var versionInfo: [EngineTables.VersionInfo] = []
  var beats: [Int32] = []
  var suspendedBy: [Int32] = []
  var suspensionInfo: [EngineTables.SuspensionInfo] = []
  var instrumentInfo: [EngineTables.InstrumentInfo] = []
  var settings: [(Int32, Int32)] = []
  var instrumentSuspensions: [Int32] = []
  var precedenceInfo: [EngineTables.PrecedenceInfo] = []
  var precedenceKinds: [Int32] = []
  var precedenceByFigure: [[Int32]] = Array(repeating: [], count: Figure.allCases.count)
  var prevails: [Bool] = []
  var figureGroupOffset: [Int] = []
  var groupsPerSegment = 0
  var groupRegime: [Int32] = []
  var groupCount: [Int] = []
  var versionRequires: [UInt64] = []
  var kinds: [String: Int] = [:]

  init(_ rules: CompiledRules) { self.rules = rules }

  mutating func build() {
    buildProvisions()
    buildSuspensionsAndInstruments()
    buildPrecedence()
    buildGroups()
  }

  mutating func buildGroups() {
    var offset = 0
    for f in 0..<Figure.allCases.count {
      figureGroupOffset.append(offset)
      offset += rules.byFigure[f].count
      groupCount.append(rules.byFigure[f].count)
      groupRegime += rules.byFigure[f].map { Int32($0.regime) }
    }
    groupsPerSegment = offset
    versionRequires = versionInfo.map { readsOption($0.condition) ? 0 : requiredCategories($0.condition) }
  }

  // Conditions

  /// Compiles a condition into nodes; `always` is -1 (no node).
  mutating func compile(_ c: Condition) -> Int32 {
    if case .always = c { return -1 }
    let index = nodes.count
    nodes.append(EngineTables.Node(op: .always, a: 0, b: 0))
    var node = EngineTables.Node(op: .always, a: 0, b: 0)
    func list(_ cs: [UInt16]) -> (Int, Int) {
      let start = codes.count
      codes += cs
      return (start, cs.count)
    }
    /// A bit set of the codes, when all are two capital letters.
    func set(_ cs: [UInt16]) -> Int {
      var words = [UInt64](repeating: 0, count: 11)
      for code in cs {
        let hi = Int(code >> 8) - 65
        let lo = Int(code & 0xFF) - 65
        guard hi >= 0, hi < 26, lo >= 0, lo < 26 else { return -1 }
        let bit = hi * 26 + lo
        words[bit >> 6] |= 1 << UInt64(bit & 63)
      }
      let start = countrySets.count
      countrySets += words
      return start
    }
    switch c {
    case .always: break
    case .all(let cs), .any(let cs):
      var kids: [Int32] = []
      for x in cs { kids.append(compile(x)) }
      node = EngineTables.Node(op: { if case .all = c { return .all } else { return .any } }(), a: children.count, b: kids.count)
      children += kids
    case .not(let x): node = EngineTables.Node(op: .not, a: Int(compile(x)), b: 0)
    case .categories(let mask): node = EngineTables.Node(op: .categories, a: Int(Int64(bitPattern: mask)), b: 0)
    case .age(let lo, let hi): node = EngineTables.Node(op: .age, a: lo, b: hi)
    case .daysBeforeTrip(let lo, let hi): node = EngineTables.Node(op: .daysBeforeTrip, a: lo, b: hi)
    case .nationality(let cs): let (s, n) = list(cs); node = EngineTables.Node(op: .nationality, a: s, b: n, c: set(cs))
    case .residence(let cs): let (s, n) = list(cs); node = EngineTables.Node(op: .residence, a: s, b: n, c: set(cs))
    case .lodgedIn(let cs): let (s, n) = list(cs); node = EngineTables.Node(op: .lodgedIn, a: s, b: n, c: set(cs))
    case .destination(let cs): let (s, n) = list(cs); node = EngineTables.Node(op: .destination, a: s, b: n, c: set(cs))
    case .hostNationality(let cs): let (s, n) = list(cs); node = EngineTables.Node(op: .hostNationality, a: s, b: n, c: set(cs))
    case .travelDocument(let mask): node = EngineTables.Node(op: .travelDocument, a: Int(mask), b: 0)
    case .purpose(let list):
      node = EngineTables.Node(op: .purpose, a: ints.count, b: list.count)
      ints += list
    case .option(let k, let v): node = EngineTables.Node(op: .option, a: k, b: v)
    case .extensionGround(let mask): node = EngineTables.Node(op: .extensionGround, a: Int(mask), b: 0)
    case .visas(let q):
      node = EngineTables.Node(op: .visas, a: queries.count, b: 0)
      queries.append(q)
    case .hostRelationship(let mask): node = EngineTables.Node(op: .hostRelationship, a: Int(mask), b: 0)
    case .hostUnknown: node = EngineTables.Node(op: .hostUnknown, a: 0, b: 0)
    case .fastTrack(let mask, let months): node = EngineTables.Node(op: .fastTrack, a: Int(mask), b: months)
    case .hostDependent: node = EngineTables.Node(op: .hostDependent, a: 0, b: 0)
    case .biometricDocument(let b): node = EngineTables.Node(op: .biometricDocument, a: b ? 1 : 0, b: 0)
    case .documentCategory(let mask): node = EngineTables.Node(op: .documentCategory, a: Int(Int64(bitPattern: mask)), b: 0)
    case .documentIssued(let lo, let hi): node = EngineTables.Node(op: .documentIssued, a: lo, b: hi)
    }
    nodes[index] = node
    return Int32(index)
  }

  /// Whether evaluating the condition can read an option (and so mark it consulted).
  func readsOption(_ n: Int32) -> Bool {
    if n < 0 { return false }
    let node = nodes[Int(n)]
    switch node.op {
    case .option: return true
    case .all, .any: return children[node.a..<(node.a + node.b)].contains { readsOption($0) }
    case .not: return readsOption(Int32(node.a))
    default: return false
    }
  }

  /// Categories of which the applicant must have one for the condition to hold (0 if none
  /// is implied).
  func requiredCategories(_ n: Int32) -> UInt64 {
    if n < 0 { return 0 }
    let node = nodes[Int(n)]
    switch node.op {
    case .categories: return UInt64(bitPattern: Int64(node.a))
    case .all:
      for c in children[node.a..<(node.a + node.b)] {
        let m = requiredCategories(c)
        if m != 0 { return m }
      }
      return 0
    case .any:
      var union: UInt64 = 0
      for c in children[node.a..<(node.a + node.b)] {
        let m = requiredCategories(c)
        if m == 0 { return 0 }
        union |= m
      }
      return union
    default: return 0
    }
  }

  mutating func kindID(_ kind: String) -> Int {
    if let k = kinds[kind] { return k }
    let k = kinds.count
    kinds[kind] = k
    return k
  }

  mutating func buildProvisions() {
    for (pi, p) in rules.provisions.enumerated() {
      var flags: UInt8 = 0
      if p.isEntitlement { flags |= EngineTables.entitlement }
      if p.isDiscretionary { flags |= EngineTables.discretionary }
      if p.kind == "suggestion" { flags |= EngineTables.suggestion }
      if p.isWaiver { flags |= EngineTables.waiver }
      provisionInfo.append(
        EngineTables.ProvisionInfo(
          pvBase: Int32(versionInfo.count), versionCount: Int32(p.versions.count), regime: Int32(p.regime),
          kind: Int32(kindID(p.kind)), flags: flags, beatsStart: Int32(beats.count), beatsCount: Int32(p.beats.count),
          suspendedStart: Int32(suspendedBy.count), suspendedCount: Int32(p.suspendedBy.count)))
      beats += p.beats.map { Int32($0) }
      suspendedBy += p.suspendedBy.map { Int32($0) }
      for (vi, v) in p.versions.enumerated() {
        var multiple = false
        var cap: UInt8 = 0
        if case .validity(let m, _, let c) = v.value {
          multiple = m
          if let c { cap = UInt8(ValidityCap.allCases.firstIndex(of: c)! + 1) }
        }
        versionInfo.append(
          EngineTables.VersionInfo(
            provision: Int32(pi), version: Int32(vi), condition: compile(v.condition), status: v.status, multiple: multiple, cap: cap))
      }
    }
  }

  mutating func buildSuspensionsAndInstruments() {
    for s in rules.suspensions {
      suspensionInfo.append(
        EngineTables.SuspensionInfo(from: s.from, until: s.until, condition: compile(s.appliesTo), unverified: s.status == .unverified))
    }
    for inst in rules.instruments {
      instrumentInfo.append(
        EngineTables.InstrumentInfo(
          from: inst.from, until: inst.until, scope: compile(inst.scope), regime: Int32(inst.regime),
          settingsStart: Int32(settings.count), settingsCount: Int32(inst.settings.count),
          suspendedStart: Int32(instrumentSuspensions.count), suspendedCount: Int32(inst.suspendedBy.count)))
      settings += inst.settings.map { (Int32($0.0), Int32($0.1)) }
      instrumentSuspensions += inst.suspendedBy.map { Int32($0) }
    }
  }

  mutating func buildPrecedence() {
    let n = rules.instruments.count
    prevails = Array(repeating: false, count: max(1, n * n))
    for (i, rule) in rules.precedence.enumerated() {
      var figures: UInt32 = 0
      for f in rule.figures { figures |= 1 << UInt32(f.index) }
      let kindsStart = precedenceKinds.count
      // A kind no provision has displaces nothing.
      for k in rule.kinds { if let id = kinds[k] { precedenceKinds.append(Int32(id)) } }
      precedenceInfo.append(
        EngineTables.PrecedenceInfo(
          winner: Int32(rule.winner), loser: Int32(rule.loser), figures: figures, kindsStart: Int32(kindsStart),
          kindsCount: Int32(precedenceKinds.count - kindsStart), anyKind: rule.kinds.isEmpty,
          unless: rule.unless.map { compile($0) } ?? -1))
      for f in Figure.allCases where rule.figures.contains(f) { precedenceByFigure[f.index].append(Int32(i)) }
      if rule.winner < n && rule.loser < n { prevails[rule.winner * n + rule.loser] = true }
    }
  }

}

/// Builds the date segments and JSON fragments of a ``BatchTables``.
private struct BatchBuilder {
  let rules: CompiledRules
  let core: EngineTables
  var segmentStarts: [Int] = []
  var groupEntries: [(Int32, Int32)] = []
  var entries: [BatchTables.Entry] = []
  var entrySuspensions: [Int32] = []
  var bytes: [UInt8] = []
  var rulingFragment: [BatchTables.Fragment] = []
  var citationFragment: [BatchTables.Fragment] = []
  var waiverFragment: [BatchTables.Fragment] = []
  var annotatedFragment: [BatchTables.Fragment] = []
  var instrumentFragment: [BatchTables.Fragment] = []
  var suspensionFragment: [BatchTables.Fragment] = []
  var assumptionFragment: [BatchTables.Fragment] = []
  var optionValueBase: [Int32] = []
  var policyFragment: [BatchTables.Fragment] = []

  init(_ rules: CompiledRules, _ core: EngineTables) {
    self.rules = rules
    self.core = core
  }

  mutating func buildSegments() {
    // Plain copies of what the segments read, so the loops below copy no classes or strings.
    struct V {
      var from: Int
      var until: Int
      var repealed: Bool
      /// The number, or nil for a fraction of another provision (depends on the day).
      var number: Int?
    }
    var versions: [[V]] = []
    versions.reserveCapacity(rules.provisions.count)
    for p in rules.provisions {
      versions.append(
        p.versions.map { v in
          var repealed = false
          var number: Int?
          switch v.value {
          case .repealed: repealed = true
          case .fractionOf: number = nil
          default: number = EngineTables.number(rules, v.value, at: v.from)
          }
          return V(from: v.from, until: v.until, repealed: repealed, number: number)
        })
    }
    let suspensionDates = rules.suspensions.map { ($0.from, $0.until) }
    let suspendedBy = rules.provisions.map(\.suspendedBy)
    let groups = rules.byFigure
    var days = Set<Int>()
    func add(_ from: Int, _ until: Int) {
      days.insert(from)
      if until < Int.max { days.insert(until + 1) }
    }
    for list in versions { for v in list { add(v.from, v.until) } }
    for (from, until) in suspensionDates { add(from, until) }
    for i in rules.instruments { add(i.from, i.until) }
    days.remove(Int.min)
    segmentStarts = [Int.min] + days.sorted()
    for day in segmentStarts {
      for f in 0..<Figure.allCases.count {
        for group in groups[f] {
          let start = entries.count
          for p in group.provisions {
            guard let vi = versions[p].firstIndex(where: { $0.from <= day && day <= $0.until }) else { continue }
            let version = versions[p][vi]
            if version.repealed { continue }
            let sStart = entrySuspensions.count
            for s in suspendedBy[p] {
              let (from, until) = suspensionDates[s]
              if from <= day && day <= until { entrySuspensions.append(Int32(s)) }
            }
            let pv = core.provisionInfo[p].pvBase + Int32(vi)
            let condition = core.versionInfo[Int(pv)].condition
            entries.append(
              BatchTables.Entry(
                pv: pv, provision: Int32(p), version: Int32(vi), condition: condition,
                suspendedStart: Int32(sStart), suspendedCount: Int32(entrySuspensions.count - sStart),
                number: version.number ?? EngineTables.number(rules, rules.provisions[p].versions[vi].value, at: day),
                requires: core.versionRequires[Int(pv)]))
          }
          groupEntries.append((Int32(start), Int32(entries.count - start)))
        }
      }
    }
  }

  // Fragments

  /// Appends `"text"`, escaped as ``JSONWriter`` escapes strings.
  mutating func quoted(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    var t = text
    t.withUTF8 { u in
      if !u.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
        bytes.append(contentsOf: u)
        return
      }
      for c in u {
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
          bytes.append(0x5C)
          bytes.append(c)
        case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
        case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
        case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
        case 0..<0x20:
          let hex = Array("0123456789abcdef".utf8)
          bytes += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]]
        default: bytes.append(c)
        }
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  mutating func literal(_ s: StaticString) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
  }

  /// Records the bytes appended by `write` as one fragment.
  mutating func fragment(_ write: (inout BatchBuilder) -> Void) -> BatchTables.Fragment {
    let start = bytes.count
    write(&self)
    return BatchTables.Fragment(start: Int32(start), count: Int32(bytes.count - start))
  }

  mutating func buildFragments() {
    bytes.reserveCapacity(1 << 17)
    for p in rules.provisions {
      let id = p.id
      let summary = p.summary
      for v in p.versions {
        let citation = v.citationText
        let status = v.status.rawValue
        let quotedCitation = fragment { $0.quoted(citation) }
        citationFragment.append(quotedCitation)
        rulingFragment.append(
          fragment { b in
            b.literal("\"citation\":")
            b.quoted(citation)
            b.literal(",\"provision\":")
            b.quoted(id)
            b.literal(",\"status\":")
            b.quoted(status)
          })
        waiverFragment.append(
          fragment { b in
            b.literal("{\"provision\":")
            b.quoted(id)
            b.literal(",\"citation\":")
            b.quoted(citation)
            b.literal(",\"reason\":")
            b.quoted(summary)
            b.literal("}")
          })
        let annotated = v.annotatedText
        annotatedFragment.append(fragment { $0.quoted(annotated) })
      }
    }
    for inst in rules.instruments {
      let id = inst.id
      instrumentFragment.append(fragment { $0.quoted(id) })
      policyFragment.append(fragment { $0.quoted("policy:" + id) })
    }
    for s in rules.suspensions {
      let text = "\(s.citation) (\(s.id))"
      suspensionFragment.append(fragment { $0.quoted(text) })
    }
    for o in rules.options {
      optionValueBase.append(Int32(assumptionFragment.count))
      let key = o.key
      for value in o.values {
        assumptionFragment.append(
          fragment { b in
            b.literal("{\"option\":")
            b.quoted(key)
            b.literal(",\"value\":")
            b.quoted(value)
            b.literal(",\"source\":")
          })
      }
    }
  }
}
