/// Why a condition does not hold, with the facts the engine read: the "why not" of a trace.
/// Used only when a trace is asked for; the plain evaluation never calls it.
struct ShortfallFinder {
  /// The evaluator whose rules are read (a reference: making a finder copies no rule tables).
  unowned(unsafe) let evaluator: Evaluator
  var rules: CompiledRules {
    @inline(__always) _read { yield evaluator.rules }
  }
  let facts: UnsafePointer<Facts>
  let tripStart: Int
  let birth: LocalDate
  /// `nil` when `c` holds; otherwise what it needs that the application does not give.
  func shortfalls(_ c: Condition) -> [Shortfall]? {
    var ignored: UInt64 = 0
    return shortfalls(c, &ignored)
  }

  private func shortfalls(_ c: Condition, _ ignored: inout UInt64) -> [Shortfall]? {
    switch c {
    case .always: return nil
    case .all(let cs):
      var out: [Shortfall] = []
      for x in cs { if let s = shortfalls(x, &ignored) { out += s } }
      return out.isEmpty ? nil : out
    case .any(let cs):
      var best: [Shortfall]?
      for x in cs {
        guard let s = shortfalls(x, &ignored) else { return nil }
        if best == nil || ShortfallFinder.distance(s) < ShortfallFinder.distance(best!) { best = s }
      }
      return best
    case .not(let x):
      guard shortfalls(x, &ignored) == nil else { return nil }
      return [Shortfall(aspect: aspect(of: x), text: (excluded(x)))]
    default:
      return leaf(c).map { [$0] }
    }
  }

  /// The shortfall of a leaf condition (neither `all`, `any`, `not` nor `always`), `nil` when
  /// it holds.
  private func leaf(_ c: Condition) -> Shortfall? {
    let f = facts.pointee
    switch c {
    case .always, .all, .any, .not: return nil
    case .categories(let mask):
      if f.categories & mask != 0 { return nil }
      return Shortfall(
        aspect: .person,
        text: ("needs the category \(names(mask, rules.categories)); the applicant's categories: \(categoryList(f.categories))"))
    case .age(let lo, let hi):
      if f.age >= lo && f.age <= hi { return nil }
      var s = Shortfall(
        aspect: .circumstance, text: ("needs age \(bounds(lo, hi)); the applicant is \(f.age) on the lodging date (born \(birth))"))
      // An age bound more than a year away is not within reach of this application.
      s.withinReach = f.age < lo ? lo - f.age <= 1 : f.age - hi <= 1
      return s
    case .daysBeforeTrip(let lo, let hi):
      if f.daysBeforeTrip >= lo && f.daysBeforeTrip <= hi { return nil }
      return Shortfall(
        aspect: .circumstance,
        text: ("needs lodging \(bounds(lo, hi)) days before the trip; lodged \(f.daysBeforeTrip) days before \(LocalDate(dayNumber: tripStart))")
      )
    case .nationality(let cs):
      if cs.contains(f.nationality) { return nil }
      return Shortfall(aspect: .nationality, text: ("not for nationals of \(countryName(f.nationality))"))
    case .residence(let cs):
      if cs.contains(f.residence) { return nil }
      return Shortfall(aspect: .person, text: ("not for residents of \(countryName(f.residence))"))
    case .lodgedIn(let cs):
      if cs.contains(f.lodgedIn) { return nil }
      return Shortfall(aspect: .person, text: ("not for applications lodged in \(countryName(f.lodgedIn))"))
    case .destination(let cs):
      if cs.contains(f.destination) { return nil }
      return Shortfall(aspect: .person, text: ("not for trips to \(countryName(f.destination))"))
    case .travelDocument(let mask):
      if (1 << Int(f.document)) & Int(mask) != 0 { return nil }
      let kinds = rules.documentTypes.ids
      let wanted = kinds.indices.filter { Int(mask) & (1 << $0) != 0 }.map { kinds[$0] }
      return Shortfall(
        aspect: .person,
        text: ("needs a travel document of type \(wanted.joined(separator: " or ")); it is \(kinds[Int(f.document)])"))
    case .purpose(let list):
      if list.contains(f.purpose) { return nil }
      return Shortfall(
        aspect: .person,
        text: ("needs the purpose \(list.map { rules.purposes.ids[$0] }.joined(separator: " or ")); the trip's is \(rules.purposes.ids[f.purpose])")
      )
    case .option(let k, let v):
      if f.options[k] == v { return nil }
      let o = rules.options[k]
      let current = o.values[f.options[k]]
      let needed = o.values[v]
      if current == "off" && needed == "on" {
        return Shortfall(aspect: .option, text: ("off (option \(o.key); see `visa options`)"))
      }
      return Shortfall(aspect: .option, text: ("option \(o.key) = \(current); it needs \(needed) (see `visa options`)"))
    case .extensionGround(let mask):
      let g = Int(f.extensionGround)
      if g > 0 && (1 << (g - 1)) & Int(mask) != 0 { return nil }
      return Shortfall(
        aspect: .person, text: (g == 0 ? "needs an extension request (extensionGround)" : "not for this extension ground"))
    case .visas(let q):
      var consulted: UInt64 = 0
      if q.count(in: facts, &consulted) >= q.atLeast { return nil }
      return history(q)
    case .hostRelationship(let mask):
      let r = Int(f.hostRelationship)
      if r > 0 && (1 << (r - 1)) & Int(mask) != 0 { return nil }
      let all = rules.hostRelationships.ids
      let wanted = all.indices.filter { Int(mask) & (1 << $0) != 0 }.map { all[$0] }.joined(separator: " or ")
      return Shortfall(
        aspect: .person,
        text: (r == 0
          ? "needs a host (applicant.host) whose \(wanted) the applicant is"
          : "needs the applicant to be the host's \(wanted); the application says \(all[r - 1])"))
    case .hostNationality(let cs):
      if f.hostRelationship > 0 && cs.contains(f.hostNationality) { return nil }
      return Shortfall(
        aspect: .person,
        text: (f.hostRelationship == 0
          ? "needs a host (applicant.host) of a listed nationality" : "not for a host of nationality \(countryName(f.hostNationality))")
      )
    case .hostResidence(let cs):
      if f.hostRelationship > 0 && (f.hostResidence == 0 || cs.contains(f.hostResidence)) { return nil }
      return Shortfall(
        aspect: .person,
        text: (f.hostRelationship == 0
          ? "needs a host (applicant.host) residing in a listed country" : "not for a host residing in \(countryName(f.hostResidence))")
      )
    case .hostUnknown:
      if f.hostRelationship == 0 { return nil }
      return Shortfall(aspect: .person, text: ("applies only when no host is given"))
    case .fastTrack(let mask, let months):
      let s = Int(f.fastTrackScheme)
      guard s > 0, (1 << (s - 1)) & Int(mask) != 0 else {
        return Shortfall(aspect: .person, text: ("needs a fast-track scheme (fastTrack)"))
      }
      if months == 0 || LocalDate(dayNumber: f.fastTrackSince).adding(months: months).dayNumber <= f.lodging { return nil }
      return Shortfall(
        aspect: .circumstance,
        text: ("needs registration at least \(months) months before lodging; registered since \(LocalDate(dayNumber: f.fastTrackSince))"))
    case .hostDependent:
      if f.hostDependent { return nil }
      return Shortfall(aspect: .circumstance, text: ("needs the applicant to depend on the host (applicant.host.dependent)"))
    case .biometricDocument(let b):
      if (f.biometric != 1) == b { return nil }
      return Shortfall(
        aspect: .circumstance,
        text: (b ? "needs a biometric travel document; it is not biometric" : "applies only to a travel document that is not biometric"))
    case .documentCategory(let mask):
      if (1 << UInt64(f.documentCategory)) & mask != 0 { return nil }
      return Shortfall(
        aspect: .person,
        text: ("needs a travel document of category \(names(mask, rules.documentCategories)); it is \(rules.documentCategories[Int(f.documentCategory)])")
      )
    case .documentIssued(let lo, let hi):
      let day = f.documentIssued ?? f.lodging
      if day >= lo && day <= hi { return nil }
      var need: [String] = []
      if lo > Int.min / 2 { need.append("on or after \(LocalDate(dayNumber: lo))") }
      if hi < Int.max / 2 { need.append("on or before \(LocalDate(dayNumber: hi))") }
      return Shortfall(
        aspect: .circumstance,
        text: ("needs a travel document issued \(need.joined(separator: " and ")); issued \(LocalDate(dayNumber: day))"
          + (f.documentIssued == nil ? " (not given: the lodging date)" : "")))
    }
  }

  /// How far a set of shortfalls is from holding: who the applicant is weighs most, then
  /// how many requirements are unmet.
  static func distance(_ s: [Shortfall]) -> Int {
    var d = s.count
    for x in s where x.aspect == .nationality || x.aspect == .person { d += 100 }
    return d
  }

  private func bounds(_ lo: Int, _ hi: Int) -> String {
    if lo > Int.min / 2 && hi < Int.max / 2 { return lo == hi ? "\(lo)" : "from \(lo) to \(hi)" }
    if lo > Int.min / 2 { return "at least \(lo)" }
    return "at most \(hi)"
  }

  private func names(_ mask: UInt64, _ vocabulary: [String]) -> String {
    joined(mask, vocabulary, " or ")
  }

  private func categoryList(_ mask: UInt64) -> String {
    let n = joined(mask, rules.categories, ", ")
    return n.isEmpty ? "none" : n
  }

  /// The words of `vocabulary` whose bit is set in `mask`, in order, joined by `separator`
  /// (visiting the set bits only).
  private func joined(_ mask: UInt64, _ vocabulary: [String], _ separator: String) -> String {
    var out = ""
    var m = mask
    while m != 0 {
      let i = m.trailingZeroBitCount
      m &= m - 1
      guard i < vocabulary.count else { break }
      if !out.isEmpty { out += separator }
      out += vocabulary[i]
    }
    return out
  }

  /// An exclusion that holds, said with the applicant's own fact where it is one.
  private func excluded(_ x: Condition) -> String {
    let f = facts.pointee
    switch x {
    case .nationality: return "not for nationals of \(countryName(f.nationality))"
    case .residence: return "not for residents of \(countryName(f.residence))"
    case .lodgedIn: return "not for applications lodged in \(countryName(f.lodgedIn))"
    case .destination: return "not for trips to \(countryName(f.destination))"
    case .hostNationality: return "not for a host of nationality \(countryName(f.hostNationality))"
    case .hostResidence: return "not for a host residing in \(countryName(f.hostResidence))"
    default: return "excluded: " + describe(x)
    }
  }

  private func codes(_ cs: [UInt16]) -> String {
    let shown = cs.prefix(6).map(countryName).joined(separator: ", ")
    return cs.count > 6 ? shown + " and \(cs.count - 6) more" : shown
  }

  func aspect(of c: Condition) -> Shortfall.Aspect {
    switch c {
    case .nationality: return .nationality
    case .age, .daysBeforeTrip, .fastTrack, .hostDependent, .biometricDocument, .documentIssued: return .circumstance
    case .visas: return .visaHistory
    case .option: return .option
    default: return .person
    }
  }

  /// A condition in words (for an exclusion that holds).
  private func describe(_ c: Condition) -> String {
    switch c {
    case .all(let cs): return cs.map(describe).joined(separator: " and ")
    case .any(let cs): return "(" + cs.map(describe).joined(separator: " or ") + ")"
    case .not(let x): return "not " + describe(x)
    case .categories(let mask): return "category " + names(mask, rules.categories)
    case .age(let lo, let hi): return "age " + bounds(lo, hi)
    case .nationality(let cs): return "nationality " + codes(cs)
    case .residence(let cs): return "residence " + codes(cs)
    case .lodgedIn(let cs): return "lodged in " + codes(cs)
    case .destination(let cs): return "destination " + codes(cs)
    case .option(let k, let v): return "option \(rules.options[k].key) = \(rules.options[k].values[v])"
    case .hostNationality(let cs): return "host of nationality " + codes(cs)
    case .hostResidence(let cs): return "host residing in " + codes(cs)
    case .hostDependent: return "dependent on the host"
    case .hostUnknown: return "no host given"
    case .documentCategory(let mask): return "travel document category " + names(mask, rules.documentCategories)
    case .biometricDocument(let b): return b ? "a biometric travel document" : "a travel document that is not biometric"
    default: return "a condition of the provision"
    }
  }
}
