internal import SnapshotFormat

/// The evaluator's flat tables (``EngineTables``) in a snapshot, so that a book read from one
/// does not rebuild them from its conditions at start-up: written from the tables themselves (so
/// a book read back writes the same bytes only if it read the same tables), read into an
/// ``EngineTablesBuilder``, and checked: every index they hold points inside the table it
/// indexes, so a snapshot whose checksum holds but whose tables disagree is refused, never
/// trusted to crash an evaluation. The group layout, the vocabularies and the regime count are
/// derived from the rules read before them. Bump ``RulesSnapshot/formatVersion`` when a type
/// of ``EngineTables`` changes.
extension SnapshotWriter {
  mutating func write(_ t: EngineTables) {
    count(t.nodes.count)
    for i in 0..<t.nodes.count {
      let n = t.nodes[i]
      uint(UInt64(n.op.rawValue))
      int(n.a)
      int(n.b)
      int(n.c)
    }
    table(t.children) { $0.int(Int($1)) }
    table(t.codes) { $0.uint(UInt64($1)) }
    table(t.ints) { $0.int($1) }
    table(t.queries) { $0.write($1) }
    table(t.countrySets) { $0.uint($1) }
    newline()
    table(t.provisionInfo) { w, p in
      for v in [p.pvBase, p.versionCount, p.regime, p.kind] { w.int(Int(v)) }
      w.uint(UInt64(p.flags))
      for v in [p.beatsStart, p.beatsCount, p.suspendedStart, p.suspendedCount] { w.int(Int(v)) }
    }
    table(t.versionInfo) { w, v in
      for x in [v.provision, v.version, v.condition] { w.int(Int(x)) }
      w.write(v.status)
      w.bool(v.multiple)
      w.uint(UInt64(v.cap))
    }
    table(t.versionRequires) { $0.uint($1) }
    table(t.beats) { $0.int(Int($1)) }
    table(t.suspendedBy) { $0.int(Int($1)) }
    newline()
    table(t.suspensionInfo) { w, s in
      w.int(s.from)
      w.int(s.until)
      w.int(Int(s.condition))
      w.bool(s.unverified)
    }
    table(t.instrumentInfo) { w, i in
      w.int(i.from)
      w.int(i.until)
      for v in [i.scope, i.regime, i.settingsStart, i.settingsCount, i.suspendedStart, i.suspendedCount] { w.int(Int(v)) }
    }
    table(t.settings) { w, s in
      w.int(Int(s.0))
      w.int(Int(s.1))
    }
    table(t.instrumentSuspensions) { $0.int(Int($1)) }
    table(t.precedenceInfo) { w, p in
      w.int(Int(p.winner))
      w.int(Int(p.loser))
      w.uint(UInt64(p.figures))
      w.int(Int(p.kindsStart))
      w.int(Int(p.kindsCount))
      w.bool(p.anyKind)
      w.int(Int(p.unless))
    }
    table(t.precedenceKinds) { $0.int(Int($1)) }
    table(t.precedenceByFigure) { $0.int(Int($1)) }
    table(t.precedenceStart) { $0.int(Int($1)) }
    // The precedence matrix as a bit set, 64 cells a number (lowest cell in the lowest bit).
    count(t.prevails.count)
    var word: UInt64 = 0
    for i in 0..<t.prevails.count {
      if t.prevails[i] { word |= 1 << UInt64(i & 63) }
      if i & 63 == 63 || i == t.prevails.count - 1 {
        uint(word)
        word = 0
      }
    }
    table(t.segments.starts) { $0.int($1) }
    newline()
  }

  private mutating func table<T>(_ t: Table<T>, _ each: (inout SnapshotWriter, T) -> Void) {
    count(t.count)
    for i in 0..<t.count { each(&self, t[i]) }
  }
}

extension SnapshotReader {
  /// The tables of `rules` (read just before them), checked.
  mutating func readEngineTables(_ rules: CompiledRules, _ names: SnapshotNames) throws(SnapshotError) -> EngineTables {
    var b = EngineTablesBuilder(rules)
    let nodeCount = try count()
    b.nodes.reserveCapacity(nodeCount)
    for _ in 0..<nodeCount {
      let tag = try uint()
      guard tag <= UInt64(UInt8.max), let op = EngineTables.Op(rawValue: UInt8(tag)) else {
        throw failure("unknown condition node \(tag)")
      }
      b.nodes.append(EngineTables.Node(op: op, a: try int(), b: try int(), c: try int()))
    }
    b.children = try table { r throws(SnapshotError) in try r.int32() }
    b.codes = try table { r throws(SnapshotError) in try r.code() }
    b.ints = try table { r throws(SnapshotError) in try r.int() }
    b.queries = try table { r throws(SnapshotError) in try r.historyQuery() }
    b.countrySets = try table { r throws(SnapshotError) in try r.uint() }
    try newline()
    b.provisionInfo = try table { r throws(SnapshotError) in
      EngineTables.ProvisionInfo(
        pvBase: try r.int32(), versionCount: try r.int32(), regime: try r.int32(), kind: try r.int32(),
        flags: try r.narrow(UInt8.self), beatsStart: try r.int32(), beatsCount: try r.int32(),
        suspendedStart: try r.int32(), suspendedCount: try r.int32())
    }
    b.versionInfo = try table { r throws(SnapshotError) in
      EngineTables.VersionInfo(
        provision: try r.int32(), version: try r.int32(), condition: try r.int32(), status: try names.status(&r),
        multiple: try r.bool(), cap: try r.narrow(UInt8.self))
    }
    b.versionRequires = try table { r throws(SnapshotError) in try r.uint() }
    b.beats = try table { r throws(SnapshotError) in try r.int32() }
    b.suspendedBy = try table { r throws(SnapshotError) in try r.int32() }
    try newline()
    b.suspensionInfo = try table { r throws(SnapshotError) in
      EngineTables.SuspensionInfo(from: try r.int(), until: try r.int(), condition: try r.int32(), unverified: try r.bool())
    }
    b.instrumentInfo = try table { r throws(SnapshotError) in
      EngineTables.InstrumentInfo(
        from: try r.int(), until: try r.int(), scope: try r.int32(), regime: try r.int32(), settingsStart: try r.int32(),
        settingsCount: try r.int32(), suspendedStart: try r.int32(), suspendedCount: try r.int32())
    }
    b.settings = try table { r throws(SnapshotError) in (try r.int32(), try r.int32()) }
    b.instrumentSuspensions = try table { r throws(SnapshotError) in try r.int32() }
    b.precedenceInfo = try table { r throws(SnapshotError) in
      EngineTables.PrecedenceInfo(
        winner: try r.int32(), loser: try r.int32(), figures: try r.narrow(UInt32.self), kindsStart: try r.int32(),
        kindsCount: try r.int32(), anyKind: try r.bool(), unless: try r.int32())
    }
    b.precedenceKinds = try table { r throws(SnapshotError) in try r.int32() }
    b.precedenceByFigure = try table { r throws(SnapshotError) in try r.int32() }
    b.precedenceStart = try table { r throws(SnapshotError) in try r.int32() }
    b.prevails = try prevailsMatrix()
    b.segmentStarts = try table { r throws(SnapshotError) in try r.int() }
    try newline()
    b.buildGroupLayout()
    try check(b)
    return EngineTables(rules, b)
  }

  private mutating func table<T>(_ each: (inout SnapshotReader) throws(SnapshotError) -> T) throws(SnapshotError) -> [T] {
    let n = try count()
    var out: [T] = []
    out.reserveCapacity(n)
    for _ in 0..<n { out.append(try each(&self)) }
    return out
  }

  /// The precedence matrix, written as a bit set (64 cells a number).
  private mutating func prevailsMatrix() throws(SnapshotError) -> [Bool] {
    let n = try count()
    var cells = [Bool](repeating: false, count: n)
    var i = 0
    while i < n {
      let word = try uint()
      let last = min(n, i + 64)
      guard last - i == 64 || word >> UInt64(last - i) == 0 else {
        throw failure("the precedence matrix has cells beyond its \(n)")
      }
      for j in i..<last where word & (1 << UInt64(j - i)) != 0 { cells[j] = true }
      i = last
    }
    return cells
  }

  @inline(__always) private mutating func int32() throws(SnapshotError) -> Int32 {
    let v = try int()
    guard let n = Int32(exactly: v) else { throw failure("\(v) does not fit 32 bits") }
    return n
  }

  /// Every index the tables hold points inside the table it indexes; the counts match the rules.
  private func check(_ b: EngineTablesBuilder) throws(SnapshotError) {
    func need(_ ok: Bool, _ what: @autoclosure () -> String) throws(SnapshotError) {
      if !ok { throw failure("engine tables: \(what())") }
    }
    func range(_ start: Int, _ n: Int, _ limit: Int) -> Bool { start >= 0 && n >= 0 && start <= limit - n }
    func node(_ i: Int32) -> Bool { i >= -1 && Int(i) < b.nodes.count }
    let rules = b.rules
    let options = rules.options
    func option(_ o: Int) -> Bool { o >= 0 && o < options.count }
    for (i, n) in b.nodes.enumerated() {
      switch n.op {
      case .all, .any: try need(range(n.a, n.b, b.children.count), "node \(i): children out of range")
      case .not: try need(n.a >= 0 && n.a < b.nodes.count, "node \(i): operand out of range")
      case .nationality, .residence, .lodgedIn, .destination, .hostNationality, .hostResidence:
        try need(range(n.a, n.b, b.codes.count), "node \(i): codes out of range")
        try need(n.c == -1 || range(n.c, 11, b.countrySets.count), "node \(i): country set out of range")
      case .purpose: try need(range(n.a, n.b, b.ints.count), "node \(i): purposes out of range")
      case .visas: try need(n.a >= 0 && n.a < b.queries.count, "node \(i): query out of range")
      case .option: try need(option(n.a) && n.b >= 0 && n.b < options[n.a].values.count, "node \(i): option out of range")
      default: break
      }
    }
    try need(b.children.allSatisfy(node), "a child node out of range")
    for q in b.queries {
      for reading in [q.unused, q.validFor, q.lookBackFrom] {
        try need(reading.option == -1 || option(reading.option), "a history query's option out of range")
      }
    }
    let provisions = rules.provisions
    try need(b.provisionInfo.count == provisions.count, "\(b.provisionInfo.count) provisions, the rules have \(provisions.count)")
    try need(b.versionRequires.count == b.versionInfo.count, "version requirements and versions differ in number")
    for (pi, p) in b.provisionInfo.enumerated() {
      try need(
        range(Int(p.pvBase), Int(p.versionCount), b.versionInfo.count) && Int(p.versionCount) == provisions[pi].versions.count
          && p.regime >= 0 && Int(p.regime) < rules.instruments.count && p.kind >= 0
          && range(Int(p.beatsStart), Int(p.beatsCount), b.beats.count)
          && range(Int(p.suspendedStart), Int(p.suspendedCount), b.suspendedBy.count),
        "provision \(pi) out of range")
    }
    for (i, v) in b.versionInfo.enumerated() {
      try need(
        v.provision >= 0 && Int(v.provision) < provisions.count && v.version >= 0
          && Int(v.version) < provisions[Int(v.provision)].versions.count
          && Int(b.provisionInfo[Int(v.provision)].pvBase + v.version) == i && node(v.condition)
          && Int(v.cap) <= ValidityCap.allCases.count,
        "version \(i) out of range")
    }
    try need(b.beats.allSatisfy { $0 >= 0 && Int($0) < provisions.count }, "a beaten provision out of range")
    let suspensions = rules.suspensions.count
    try need(b.suspendedBy.allSatisfy { $0 >= 0 && Int($0) < suspensions }, "a suspension out of range")
    try need(b.suspensionInfo.count == suspensions, "\(b.suspensionInfo.count) suspensions, the rules have \(suspensions)")
    try need(b.suspensionInfo.allSatisfy { node($0.condition) }, "a suspension's condition out of range")
    try need(b.instrumentInfo.count == rules.instruments.count, "instruments differ in number")
    for i in b.instrumentInfo {
      try need(
        node(i.scope) && i.regime >= 0 && Int(i.regime) < rules.instruments.count
          && range(Int(i.settingsStart), Int(i.settingsCount), b.settings.count)
          && range(Int(i.suspendedStart), Int(i.suspendedCount), b.instrumentSuspensions.count),
        "an instrument out of range")
    }
    try need(
      b.settings.allSatisfy { option(Int($0.0)) && $0.1 >= 0 && Int($0.1) < options[Int($0.0)].values.count },
      "a setting out of range")
    try need(b.instrumentSuspensions.allSatisfy { $0 >= 0 && Int($0) < suspensions }, "an instrument's suspension out of range")
    try need(b.precedenceInfo.count == rules.precedence.count, "precedence rules differ in number")
    for p in b.precedenceInfo {
      try need(
        p.winner >= 0 && Int(p.winner) < rules.instruments.count && p.loser >= 0 && Int(p.loser) < rules.instruments.count
          && range(Int(p.kindsStart), Int(p.kindsCount), b.precedenceKinds.count) && node(p.unless),
        "a precedence rule out of range")
    }
    try need(b.precedenceByFigure.allSatisfy { $0 >= 0 && Int($0) < b.precedenceInfo.count }, "a precedence rule out of range")
    let starts = b.precedenceStart
    try need(
      starts.count == Figure.allCases.count + 1 && starts.first == 0 && Int(starts.last!) == b.precedenceByFigure.count
        && zip(starts, starts.dropFirst()).allSatisfy { $0 <= $1 },
      "the precedence rules by figure out of range")
    let n = rules.instruments.count
    try need(b.prevails.count == max(1, n * n), "the precedence matrix has \(b.prevails.count) cells")
    let days = b.segmentStarts
    try need(
      days.first == Int.min && zip(days, days.dropFirst()).allSatisfy { $0 < $1 }, "the date segments are not in order")
  }
}
