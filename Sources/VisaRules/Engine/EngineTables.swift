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

  /// The candidates of each figure by date segment: the one compiled form every evaluation reads.
  private(set) var segments: DateSegments!

  /// The JSON fragments, built the first time a decision is written as JSON.
  private let fragmentsLock = Mutex()
  private var builtFragments: JSONFragments?

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
        if Int(n) == count && bytes[Int(start)] == p[0] && Platform.equal(bytes.base + Int(start), p, count: count) { return i }
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
    segments = DateSegments(rules, self)
  }

  deinit {
    nodes.free(); children.free(); codes.free(); ints.free(); queries.free(); countrySets.free()
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
      if let d = facts.pointee.documentIssued {
        day = d
      } else {
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
