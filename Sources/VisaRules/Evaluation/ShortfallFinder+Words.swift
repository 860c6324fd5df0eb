/// The words of a shortfall: what a compiled leaf condition needs and what the application
/// gives, written byte by byte into one buffer (no string interpolation), then made a string once.
extension ShortfallFinder {
  /// The shortfall of leaf `n` (neither `all`, `any`, `not` nor `always`), which does not hold.
  func shortfall(_ n: EngineTables.Node, _ quiet: UnsafePointer<Facts>, _ w: inout ByteBuffer) -> Shortfall {
    if n.op == .visas { return history(conditions.queries[n.a]) }
    w.removeAll()
    var withinReach = true
    let f = quiet.pointee
    switch n.op {
    case .always, .all, .any, .not, .visas: break
    case .categories:
      w.append("needs the category ")
      joined(UInt64(bitPattern: Int64(n.a)), evaluator.rules.categories, " or ", &w)
      w.append("; the applicant's categories: ")
      let start = w.count
      joined(f.categories, evaluator.rules.categories, ", ", &w)
      if w.count == start { w.append("none") }
    case .age:
      w.append("needs age ")
      bounds(n.a, n.b, &w)
      w.append("; the applicant is ")
      w.int(f.age)
      w.append(" on the lodging date (born ")
      w.dateText(birth)
      w.append(")")
      // An age bound more than a year away is not within reach of this application.
      withinReach = f.age < n.a ? n.a - f.age <= 1 : f.age - n.b <= 1
    case .daysBeforeTrip:
      w.append("needs lodging ")
      bounds(n.a, n.b, &w)
      w.append(" days before the trip; lodged ")
      w.int(f.daysBeforeTrip)
      w.append(" days before ")
      w.dateText(LocalDate(dayNumber: tripStart))
    case .nationality, .residence, .lodgedIn, .destination: excludedFact(n.op, f, &w)
    case .travelDocument:
      w.append("needs a travel document of type ")
      let kinds = evaluator.rules.vocabularyLists.lists.documentTypes.ids
      var first = true
      for k in kinds.indices where n.a & (1 << k) != 0 {
        if !first { w.append(" or ") }
        first = false
        w.append(kinds[k])
      }
      w.append("; it is ")
      w.append(kinds[Int(f.document)])
    case .purpose:
      w.append("needs the purpose ")
      let ids = evaluator.rules.vocabularyLists.lists.purposes.ids
      let list = conditions.ints
      for i in n.a..<(n.a &+ n.b) {
        if i > n.a { w.append(" or ") }
        w.append(ids[list[i]])
      }
      w.append("; the trip's is ")
      w.append(ids[f.purpose])
    case .option:
      let o = evaluator.rules.options[n.a]
      let current = o.values[f.options[n.a]]
      let needed = o.values[n.b]
      if current == "off" && needed == "on" {
        w.append("off (option ")
        w.append(o.key)
        w.append("; see `visa options`)")
      } else {
        w.append("option ")
        w.append(o.key)
        w.append(" = ")
        w.append(current)
        w.append("; it needs ")
        w.append(needed)
        w.append(" (see `visa options`)")
      }
    case .extensionGround:
      w.append(f.extensionGround == 0 ? "needs an extension request (extensionGround)" : "not for this extension ground")
    case .hostRelationship:
      let all = evaluator.rules.vocabularyLists.lists.hostRelationships.ids
      let r = Int(f.hostRelationship)
      w.append(r == 0 ? "needs a host (applicant.host) whose " : "needs the applicant to be the host's ")
      var first = true
      for k in all.indices where n.a & (1 << k) != 0 {
        if !first { w.append(" or ") }
        first = false
        w.append(all[k])
      }
      if r == 0 {
        w.append(" the applicant is")
      } else {
        w.append("; the application says ")
        w.append(all[r - 1])
      }
    case .hostNationality:
      if f.hostRelationship == 0 {
        w.append("needs a host (applicant.host) of a listed nationality")
      } else {
        excludedFact(n.op, f, &w)
      }
    case .hostResidence:
      if f.hostRelationship == 0 {
        w.append("needs a host (applicant.host) residing in a listed country")
      } else {
        excludedFact(n.op, f, &w)
      }
    case .hostUnknown: w.append("applies only when no host is given")
    case .fastTrack:
      if ShortfallFinder.aspect(of: n, quiet) == .person {
        w.append("needs a fast-track scheme (fastTrack)")
      } else {
        w.append("needs registration at least ")
        w.int(n.b)
        w.append(" months before lodging; registered since ")
        w.dateText(LocalDate(dayNumber: f.fastTrackSince))
      }
    case .hostDependent: w.append("needs the applicant to depend on the host (applicant.host.dependent)")
    case .biometricDocument:
      w.append(
        n.a != 0 ? "needs a biometric travel document; it is not biometric" : "applies only to a travel document that is not biometric")
    case .documentCategory:
      w.append("needs a travel document of category ")
      joined(UInt64(bitPattern: Int64(n.a)), evaluator.rules.documentCategories, " or ", &w)
      w.append("; it is ")
      w.append(evaluator.rules.documentCategories[Int(f.documentCategory)])
    case .documentIssued:
      let day = f.documentIssued ?? f.lodging
      w.append("needs a travel document issued ")
      if n.a > Int.min / 2 {
        w.append("on or after ")
        w.dateText(LocalDate(dayNumber: n.a))
      }
      if n.b < Int.max / 2 {
        if n.a > Int.min / 2 { w.append(" and ") }
        w.append("on or before ")
        w.dateText(LocalDate(dayNumber: n.b))
      }
      w.append("; issued ")
      w.dateText(LocalDate(dayNumber: day))
      if f.documentIssued == nil { w.append(" (not given: the lodging date)") }
    }
    var s = Shortfall(aspect: ShortfallFinder.aspect(of: n, quiet), text: String(decoding: w.buffer, as: UTF8.self))
    s.withinReach = withinReach
    return s
  }

  /// An exclusion that holds (the condition at `node` of a `not`), said with the applicant's
  /// own fact where it is one.
  func excluded(_ node: Int32, _ quiet: UnsafePointer<Facts>, _ w: inout ByteBuffer) {
    let op = node < 0 ? EngineTables.Op.always : conditions.nodes[Int(node)].op
    if ShortfallFinder.isWordedWithOwnFact(op) {
      excludedFact(op, quiet.pointee, &w)
    } else {
      w.append("excluded: ")
      describe(node, &w)
    }
  }

  /// Whether a requirement of operation `op` (a country list) is worded with the applicant's own
  /// fact only, whatever the list: as a leaf that does not hold and as an exclusion that does.
  static func isWordedWithOwnFact(_ op: EngineTables.Op) -> Bool {
    switch op {
    case .nationality, .residence, .lodgedIn, .destination, .hostNationality, .hostResidence: return true
    default: return false
    }
  }

  /// "not for nationals of RU" and the like: a country list that names the applicant's.
  private func excludedFact(_ op: EngineTables.Op, _ f: Facts, _ w: inout ByteBuffer) {
    let code: UInt16
    switch op {
    case .nationality:
      w.append("not for nationals of ")
      code = f.nationality
    case .residence:
      w.append("not for residents of ")
      code = f.residence
    case .lodgedIn:
      w.append("not for applications lodged in ")
      code = f.lodgedIn
    case .destination:
      w.append("not for trips to ")
      code = f.destination
    case .hostNationality:
      w.append("not for a host of nationality ")
      code = f.hostNationality
    default:
      w.append("not for a host residing in ")
      code = f.hostResidence
    }
    country(code, &w)
  }

  /// A country code's two letters (as ``countryName(_:)`` spells it).
  private func country(_ code: UInt16, _ w: inout ByteBuffer) {
    w.append(countryName(code))
  }

  /// "at least 6", "from 6 to 11", "at most 5", "12".
  private func bounds(_ lo: Int, _ hi: Int, _ w: inout ByteBuffer) {
    if lo > Int.min / 2 && hi < Int.max / 2 {
      if lo == hi {
        w.int(lo)
      } else {
        w.append("from ")
        w.int(lo)
        w.append(" to ")
        w.int(hi)
      }
    } else if lo > Int.min / 2 {
      w.append("at least ")
      w.int(lo)
    } else {
      w.append("at most ")
      w.int(hi)
    }
  }

  /// The words of `vocabulary` whose bit is set in `mask`, in order, joined by `separator`
  /// (visiting the set bits only).
  private func joined(_ mask: UInt64, _ vocabulary: [String], _ separator: StaticString, _ w: inout ByteBuffer) {
    var m = mask
    var first = true
    while m != 0 {
      let i = m.trailingZeroBitCount
      m &= m - 1
      guard i < vocabulary.count else { break }
      if !first { w.append(separator) }
      first = false
      w.append(vocabulary[i])
    }
  }

  /// A country list: its first six codes, then how many more.
  private func codes(_ n: EngineTables.Node, _ w: inout ByteBuffer) {
    let list = conditions.codes
    for i in n.a..<(n.a &+ min(n.b, 6)) {
      if i > n.a { w.append(", ") }
      country(list[i], &w)
    }
    if n.b > 6 {
      w.append(" and ")
      w.int(n.b - 6)
      w.append(" more")
    }
  }

  /// The condition at `node` in words (for an exclusion that holds).
  private func describe(_ node: Int32, _ w: inout ByteBuffer) {
    guard node >= 0 else {
      w.append("a condition of the provision")
      return
    }
    let n = conditions.nodes[Int(node)]
    switch n.op {
    case .all, .any:
      if n.op == .any { w.append("(") }
      for i in n.a..<(n.a &+ n.b) {
        if i > n.a { w.append(n.op == .any ? " or " : " and ") }
        describe(conditions.children[i], &w)
      }
      if n.op == .any { w.append(")") }
    case .not:
      w.append("not ")
      describe(Int32(truncatingIfNeeded: n.a), &w)
    case .categories:
      w.append("category ")
      joined(UInt64(bitPattern: Int64(n.a)), evaluator.rules.categories, " or ", &w)
    case .age:
      w.append("age ")
      bounds(n.a, n.b, &w)
    case .nationality:
      w.append("nationality ")
      codes(n, &w)
    case .residence:
      w.append("residence ")
      codes(n, &w)
    case .lodgedIn:
      w.append("lodged in ")
      codes(n, &w)
    case .destination:
      w.append("destination ")
      codes(n, &w)
    case .option:
      w.append("option ")
      w.append(evaluator.rules.options[n.a].key)
      w.append(" = ")
      w.append(evaluator.rules.options[n.a].values[n.b])
    case .hostNationality:
      w.append("host of nationality ")
      codes(n, &w)
    case .hostResidence:
      w.append("host residing in ")
      codes(n, &w)
    case .hostDependent: w.append("dependent on the host")
    case .hostUnknown: w.append("no host given")
    case .documentCategory:
      w.append("travel document category ")
      joined(UInt64(bitPattern: Int64(n.a)), evaluator.rules.documentCategories, " or ", &w)
    case .biometricDocument:
      w.append(n.a != 0 ? "a biometric travel document" : "a travel document that is not biometric")
    default: w.append("a condition of the provision")
    }
  }
}
