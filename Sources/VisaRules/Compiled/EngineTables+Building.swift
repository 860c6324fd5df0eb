// MARK: - Building

struct EngineTablesBuilder {
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
  /// For each figure, the precedence rules naming it, in rule-book order
  /// (`precedenceByFigure[precedenceStart[f]..<precedenceStart[f + 1]]`).
  var precedenceByFigure: [Int32] = []
  var precedenceStart: [Int32] = []
  var prevails: [Bool] = []
  var figureGroupOffset: [Int] = []
  var groupsPerSegment = 0
  var groupRegime: [Int32] = []
  var groupCount: [Int] = []
  var versionRequires: [UInt64] = []
  /// First day of each date segment (``DateSegments``), `Int.min` first.
  var segmentStarts: [Int] = []
  var kinds: [String: Int] = [:]

  init(_ rules: CompiledRules) { self.rules = rules }

  mutating func build() {
    buildProvisions()
    buildSuspensionsAndInstruments()
    buildPrecedence()
    buildGroupLayout()
    versionRequires = versionInfo.map { readsOption($0.condition) ? 0 : requiredCategories($0.condition) }
    buildSegmentStarts()
  }

  /// Where each figure's groups are among a segment's groups (from `rules.byFigure` alone).
  mutating func buildGroupLayout() {
    var offset = 0
    for f in 0..<Figure.allCases.count {
      figureGroupOffset.append(offset)
      offset += rules.byFigure[f].count
      groupCount.append(rules.byFigure[f].count)
      groupRegime += rules.byFigure[f].map { Int32($0.regime) }
    }
    groupsPerSegment = offset
  }

  /// The days on which any version, instrument or suspension begins or ends cut time into
  /// segments (``DateSegments``): their first days, sorted, `Int.min` first.
  mutating func buildSegmentStarts() {
    var days: [Int] = []
    func add(_ from: Int, _ until: Int) {
      if from != Int.min { days.append(from) }
      if until < Int.max { days.append(until + 1) }
    }
    for p in rules.provisions {
      p.versions.withUnsafeBufferPointer { versions in for v in versions { add(v.from, v.until) } }
    }
    for s in rules.suspensions { add(s.from, s.until) }
    for i in rules.instruments { add(i.from, i.until) }
    days.sort()
    segmentStarts = [Int.min]
    segmentStarts.reserveCapacity(days.count + 1)
    for d in days where d != segmentStarts[segmentStarts.count - 1] { segmentStarts.append(d) }
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
        let bit = countryLetterIndex(code)
        guard bit >= 0 else { return -1 }
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
    case .hostResidence(let cs): let (s, n) = list(cs); node = EngineTables.Node(op: .hostResidence, a: s, b: n, c: set(cs))
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
    case .visas:
      let q = queries[node.a]
      return q.unused.option >= 0 || q.validFor.option >= 0 || q.lookBackFrom.option >= 0
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
    var byFigure: [[Int32]] = Array(repeating: [], count: Figure.allCases.count)
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
      for f in Figure.allCases where rule.figures.contains(f) { byFigure[f.index].append(Int32(i)) }
      if rule.winner < n && rule.loser < n { prevails[rule.winner * n + rule.loser] = true }
    }
    precedenceStart = [0]
    for list in byFigure {
      precedenceByFigure += list
      precedenceStart.append(Int32(precedenceByFigure.count))
    }
  }

}
