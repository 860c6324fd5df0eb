/// Finds unresolved conflicts in compiled rules: two provisions of one instrument that decide
/// the same figure with different values, in force on a common day, neither an exception to
/// the other, whose conditions hold together for some applicant. Like Catala's exceptions, such
/// a pair is an error, never resolved by the order of the files.
///
/// Whether two conditions can hold together is decided by search: every combination of the
/// values that matter to the pair (each category alone and with others, the ages and day counts
/// at the boundaries the conditions name, each country they name and one they do not, each
/// option value, each host tie, a few visa histories). A pair that conflicts is reported with
/// the situation that shows it.
struct ConflictFinder {
  let rules: CompiledRules

  struct Conflict {
    var first: ProvisionIndex
    var second: ProvisionIndex
    var day: Int
    var witness: String
  }

  func conflicts() -> [Conflict] {
    var out: [Conflict] = []
    // Rule-book figures are checked when loading ends (`compileRuleBookFigures`).
    for figure in Figure.allCases where figure != .notice && !figure.isRuleBookFigure {
      for group in rules.byFigure[figure.index] {
        let ids = group.provisions
        for (i, a) in ids.enumerated() {
          for b in ids[(i + 1)...] {
            if let c = conflict(ProvisionIndex(a), ProvisionIndex(b)) { out.append(c) }
          }
        }
      }
    }
    return out
  }

  private func conflict(_ a: ProvisionIndex, _ b: ProvisionIndex) -> Conflict? {
    let pa = rules.provisions[a]
    let pb = rules.provisions[b]
    if pa.beats.contains(b.value) || pb.beats.contains(a.value) { return nil }
    if pa.isEntitlement && pb.isEntitlement { return nil }
    if pa.isDiscretionary || pb.isDiscretionary || pa.kind == "suggestion" || pb.kind == "suggestion" { return nil }
    for (ia, va) in pa.versions.enumerated() {
      if case .repealed = va.value { continue }
      for (ib, vb) in pb.versions.enumerated() {
        if case .repealed = vb.value { continue }
        let from = max(va.from, vb.from)
        let until = min(va.until, vb.until)
        guard from <= until else { continue }
        let evaluator = Evaluator(rules: rules)
        if evaluator.number(va.value, at: from) == evaluator.number(vb.value, at: from) { continue }
        let tables = evaluator.tables
        let na = tables.versionInfo[tables.row(a, VersionIndex(ia))].condition
        let nb = tables.versionInfo[tables.row(b, VersionIndex(ib))].condition
        if let witness = witness(va.condition, vb.condition, na, nb, tables, day: from) {
          return Conflict(first: a, second: b, day: from, witness: witness)
        }
      }
    }
    return nil
  }

  // MARK: - Search for a situation where both conditions hold

  private struct Dimensions {
    var categories: Set<Int> = []
    var ages: Set<Int> = [30]
    var daysBeforeTrip: Set<Int> = [30]
    var countries: Set<UInt16> = [countryCode("XX")]
    var documents: Set<UInt8> = [0]
    var purposes: Set<Int> = []
    var options: [Int: Set<Int>] = [:]
    var hostRelationships: Set<UInt8> = [0]
    var extensionGrounds: Set<UInt8> = [0]
    var needsHistory = false
    var fastTracks: Set<UInt8> = [0]
    /// Travel document: biometric (0 unknown, 1 no, 2 yes), category, issue day (nil: unknown).
    var biometric: Set<UInt8> = [0]
    var documentCategories: Set<UInt8> = [0]
    var issued: Set<Int?> = [nil]
  }

  private func collect(_ c: Condition, into d: inout Dimensions) {
    switch c {
    case .always: break
    case .all(let cs), .any(let cs): for x in cs { collect(x, into: &d) }
    case .not(let x): collect(x, into: &d)
    case .categories(let mask):
      for i in 0..<64 where mask & (1 << UInt64(i)) != 0 { d.categories.insert(i) }
    case .age(let lo, let hi):
      for v in [lo &- 1, lo, hi, hi &+ 1] where v >= 0 && v < 130 { d.ages.insert(v) }
    case .daysBeforeTrip(let lo, let hi):
      for v in [lo &- 1, lo, hi, hi &+ 1] where v >= 0 && v < 400 { d.daysBeforeTrip.insert(v) }
    case .nationality(let cs), .residence(let cs), .lodgedIn(let cs), .destination(let cs), .hostNationality(let cs),
      .hostResidence(let cs):
      d.countries.formUnion(cs)
    case .travelDocument(let mask):
      for i in 0..<rules.documentTypes.count where mask & (1 << UInt8(i)) != 0 { d.documents.insert(UInt8(i)) }
    case .purpose(let list): d.purposes.formUnion(list)
    case .option(let k, _): d.options[k] = Set(rules.options[k].values.indices)
    case .visas(let q):
      d.needsHistory = true
      for r in [q.unused, q.validFor, q.lookBackFrom] where r.option >= 0 {
        d.options[r.option] = Set(rules.options[r.option].values.indices)
      }
    case .extensionGround(let mask):
      for i in 0..<rules.extensionGrounds.count where mask & (1 << UInt8(i)) != 0 { d.extensionGrounds.insert(UInt8(i + 1)) }
    case .hostRelationship(let mask):
      for i in 0..<rules.hostRelationships.count where mask & (1 << UInt8(i)) != 0 { d.hostRelationships.insert(UInt8(i + 1)) }
    case .hostUnknown, .hostDependent: d.hostRelationships.insert(1)
    case .fastTrack(let mask, _):
      for i in 0..<rules.fastTrackSchemes.count where mask & (1 << UInt8(i)) != 0 { d.fastTracks.insert(UInt8(i + 1)) }
    case .biometricDocument: d.biometric.formUnion([1, 2])
    case .documentCategory(let mask):
      for i in 0..<64 where mask & (1 << UInt64(i)) != 0 { d.documentCategories.insert(UInt8(i)) }
    case .documentIssued(let lo, let hi):
      for v in [lo &- 1, lo, hi, hi &+ 1] where v > Int.min / 2 && v < Int.max / 2 { d.issued.insert(v) }
    }
  }

  /// Visa histories that exercise look-back queries: none, a few single visas, long MEVs.
  private func histories(day: Int) -> [[Facts.HistoryVisa]] {
    func visa(_ monthsAgo: Int, _ months: Int, multiple: Bool) -> Facts.HistoryVisa {
      let from = LocalDate(dayNumber: day).adding(months: -monthsAgo).dayNumber
      let until = LocalDate(dayNumber: from).adding(months: months).dayNumber - 1
      return Facts.HistoryVisa(validFrom: from, validUntil: until, multiple: multiple, kind: 0, lawfullyUsed: true)
    }
    return [
      [],
      [visa(6, 1, multiple: false)],
      [visa(20, 1, multiple: false), visa(12, 1, multiple: false), visa(6, 1, multiple: false)],
      [visa(14, 12, multiple: true), visa(6, 1, multiple: false), visa(3, 1, multiple: false)],
      [visa(30, 24, multiple: true), visa(20, 1, multiple: false), visa(6, 1, multiple: false), visa(3, 1, multiple: false)],
    ]
  }

  private func witness(_ a: Condition, _ b: Condition, _ na: Int32, _ nb: Int32, _ tables: EngineTables, day: Int) -> String? {
    var d = Dimensions()
    collect(a, into: &d)
    collect(b, into: &d)
    // Category sets: none, each alone, and all named together.
    var categorySets: [UInt64] = [0]
    var all: UInt64 = 0
    for c in d.categories.sorted() {
      categorySets.append(1 << UInt64(c))
      all |= 1 << UInt64(c)
    }
    if d.categories.count > 1 { categorySets.append(all) }
    let purposes = d.purposes.isEmpty ? [0] : Array(d.purposes)
    var optionSets: [[Int]] = [rules.options.map(\.defaultValue)]
    for (k, values) in d.options.sorted(by: { $0.key < $1.key }) {
      optionSets = optionSets.flatMap { base in
        values.map { v in
          var o = base; o[k] = v; return o
        }
      }
    }
    let histories = d.needsHistory ? histories(day: day) : [[]]
    let countries = Array(d.countries)
    var documentFacts: [(UInt8, UInt8, Int?)] = []
    for b in d.biometric.sorted() {
      for c in d.documentCategories.sorted() {
        for i in d.issued.sorted(by: { ($0 ?? Int.min) < ($1 ?? Int.min) }) { documentFacts.append((b, c, i)) }
      }
    }
    var ignored: UInt64 = 0
    for cats in categorySets {
      for age in d.ages.sorted() {
        for days in d.daysBeforeTrip.sorted() {
          for doc in d.documents.sorted() {
            for options in optionSets {
              for host in d.hostRelationships.sorted() {
                for ext in d.extensionGrounds.sorted() {
                  for ft in d.fastTracks.sorted() {
                    for history in histories {
                      for country in countries {
                        for (bio, docCategory, issued) in documentFacts {
                          for purpose in purposes {
                            let found = options.withUnsafeBufferPointer { o in
                              history.withUnsafeBufferPointer { h -> String? in
                                var f = Facts(
                                  lodging: day, age: age, categories: cats, nationality: country, residence: country, lodgedIn: country,
                                  destination: country, document: doc, purpose: purpose, daysBeforeTrip: days, options: o, history: h)
                                f.extensionGround = ext
                                f.fastTrackScheme = ft
                                f.hostRelationship = host
                                f.hostNationality = country
                                f.hostResidence = country
                                f.biometric = bio
                                f.documentCategory = docCategory
                                f.documentIssued = issued
                                if tables.holds(na, &f, &ignored) && tables.holds(nb, &f, &ignored) {
                                  return describe(f, options: options)
                                }
                                return nil
                              }
                            }
                            if let found { return found }
                          }
                        }
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return nil
  }

  private func describe(_ f: Facts, options: [Int]) -> String {
    var parts: [String] = []
    let cats = rules.categories.indices.filter { f.categories & (1 << UInt64($0)) != 0 }.map { rules.categories[$0] }
    parts.append(cats.isEmpty ? "no category" : "categories " + cats.joined(separator: ", "))
    parts.append("age \(f.age)")
    parts.append("\(f.daysBeforeTrip) days before the trip")
    parts.append("country \(countryName(f.nationality))")
    parts.append("travel document \(rules.documentTypes.ids[Int(f.document)])")
    if f.biometric != 0 { parts.append(f.biometric == 2 ? "biometric" : "not biometric") }
    if f.documentCategory != 0 { parts.append("document category \(rules.documentCategories[Int(f.documentCategory)])") }
    if let d = f.documentIssued { parts.append("issued \(LocalDate(dayNumber: d))") }
    if f.hostRelationship > 0 { parts.append("host: \(rules.hostRelationships.ids[Int(f.hostRelationship) - 1])") }
    if f.extensionGround > 0 {
      parts.append("extension ground \(rules.extensionGrounds.ids[Int(f.extensionGround) - 1])")
    }
    if !f.history.isEmpty { parts.append("\(f.history.count) previous visas") }
    for (k, v) in options.enumerated() where v != rules.options[k].defaultValue {
      parts.append("option \(rules.options[k].key)=\(rules.options[k].values[v])")
    }
    return parts.joined(separator: "; ")
  }
}
