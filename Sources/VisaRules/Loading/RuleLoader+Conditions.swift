extension RuleLoader {
  // MARK: - Conditions

  /// Compiles a condition of the rule language; returns it with a readable rendering.
  /// A reading of a `visas` query (`unused`, `validFor`, `lookBackFrom`): one of `names` (its
  /// index is the mode), or `{"option": KEY}` for an interpretation option whose every value is
  /// one of `names`. Adds the reading's words to `texts` unless it is the first name.
  mutating func historyReading(
    _ f: Int, _ x: JSONValue, _ key: String, _ names: [String], _ allowOptions: Bool, _ texts: inout [String]
  ) -> HistoryQuery.Reading {
    guard let r = x[key] else { return HistoryQuery.Reading() }
    if let name = r.string {
      guard let i = names.firstIndex(of: name) else {
        error(f, r.offset, "\"\(key)\" of \"visas\" is \"\(name)\" (allowed: \(names.joined(separator: ", ")), or {\"option\": KEY})")
        return HistoryQuery.Reading()
      }
      if i > 0 { texts.append("\(key) \(name)") }
      return HistoryQuery.Reading(option: -1, fixed: UInt8(i), modes: 0)
    }
    guard let members = r.members, members.count == 1, members[0].key == "option", let optionKey = members[0].value.string else {
      error(f, r.offset, "\"\(key)\" of \"visas\" needs one of \(names.joined(separator: ", ")) or {\"option\": KEY}")
      return HistoryQuery.Reading()
    }
    guard allowOptions else {
      error(f, r.offset, "an instrument's scope cannot depend on an option")
      return HistoryQuery.Reading()
    }
    guard let o = rules.optionIndex[optionKey] else {
      error(f, members[0].value.offset, "unknown option \"\(optionKey)\"")
      return HistoryQuery.Reading()
    }
    var modes: UInt64 = 0
    for (v, value) in rules.options[o].values.enumerated() {
      guard let i = names.firstIndex(of: value) else {
        error(
          f, members[0].value.offset,
          "option \(optionKey) has the value \"\(value)\", which \"\(key)\" cannot read (its values must be among \(names.joined(separator: ", ")))"
        )
        return HistoryQuery.Reading()
      }
      if i == 1 { modes |= 1 << UInt64(v) }
    }
    texts.append("\(key) per option \(optionKey)")
    return HistoryQuery.Reading(option: o, fixed: 0, modes: modes)
  }

  mutating func compileCondition(_ f: Int, _ v: JSONValue, allowOptions: Bool) -> (Condition, String) {
    guard let members = v.members, members.count == 1, let m = members.first else {
      error(
        f, v.offset,
        "a condition must be an object with exactly one key (all, any, not, category, anyCategory, age, daysBeforeTrip, nationality, residence, lodgedIn, destination, travelDocument, purpose, option, visas, extensionGround, hostRelationship, hostNationality, hostResidence, hostUnknown, hostDependent, fastTrack, biometricDocument, documentCategory, documentIssued)"
      )
      return (.always, "")
    }
    let x = m.value
    switch m.key {
    case "all", "any":
      guard let list = x.elements, !list.isEmpty else {
        error(f, x.offset, "\"\(m.key)\" needs a non-empty array of conditions")
        return (.always, "")
      }
      var parts: [Condition] = []
      var texts: [String] = []
      for e in list {
        let (c, t) = compileCondition(f, e, allowOptions: allowOptions)
        parts.append(c)
        texts.append(t)
      }
      let joiner = m.key == "all" ? " and " : " or "
      let text = texts.count == 1 ? texts[0] : "(" + texts.joined(separator: joiner) + ")"
      return (m.key == "all" ? .all(parts) : .any(parts), text)
    case "not":
      let (c, t) = compileCondition(f, x, allowOptions: allowOptions)
      return (.not(c), "not " + t)
    case "category", "anyCategory":
      var names: [String] = []
      if let s = x.string { names = [s] } else if let list = x.elements { names = list.compactMap(\.string) }
      if names.isEmpty { error(f, x.offset, "\"\(m.key)\" needs a category id or a list of them") }
      var mask: UInt64 = 0
      for n in names {
        if let i = rules.categoryIndex[n] {
          mask |= 1 << UInt64(i)
        } else {
          error(f, x.offset, "unknown category \"\(n)\" (defined in the vocabulary: \(rules.categories.joined(separator: ", ")))")
        }
      }
      return (.categories(mask), "category " + names.joined(separator: " or "))
    case "age", "daysBeforeTrip":
      guard checkKeys(f, x, ["below", "atLeast", "atMost", "above"], "\"\(m.key)\"") else { return (.always, "") }
      var lo = Int.min
      var hi = Int.max
      var texts: [String] = []
      func bound(_ key: String) -> Int? {
        guard let b = x[key] else { return nil }
        return wholeNumber(f, b, "\"\(key)\" of \"\(m.key)\"", in: -1_000_000...1_000_000)
      }
      if let n = bound("atLeast") { lo = n; texts.append("≥ \(n)") }
      if let n = bound("above") { lo = n + 1; texts.append("> \(n)") }
      if let n = bound("below") { hi = n - 1; texts.append("< \(n)") }
      if let n = bound("atMost") { hi = n; texts.append("≤ \(n)") }
      if texts.isEmpty && !["below", "atLeast", "atMost", "above"].contains(where: { x[$0] != nil }) {
        error(f, x.offset, "\"\(m.key)\" needs below, atLeast, atMost or above")
      }
      if lo > hi { error(f, x.offset, "\"\(m.key)\" selects no value (its bounds exclude each other)") }
      let name = m.key == "age" ? "age" : "days before the trip"
      return (m.key == "age" ? .age(low: lo, high: hi) : .daysBeforeTrip(low: lo, high: hi), name + " " + texts.joined(separator: " and "))
    case "nationality", "residence", "lodgedIn", "destination":
      let codes = countries(f, x, "\"\(m.key)\"")
      let text = m.key + " in " + (x.elements?.compactMap(\.string).joined(separator: ", ") ?? "")
      switch m.key {
      case "nationality": return (.nationality(codes), text)
      case "residence": return (.residence(codes), text)
      case "lodgedIn": return (.lodgedIn(codes), text)
      default: return (.destination(codes), text)
      }
    case "travelDocument":
      var mask: UInt8 = 0
      let names = x.elements?.compactMap(\.string) ?? []
      for n in names {
        if let k = rules.documentTypes.index(of: n) {
          mask |= 1 << UInt8(k)
        } else {
          error(f, x.offset, "unknown travel document type \"\(n)\" (allowed: \(rules.documentTypes.list))")
        }
      }
      if names.isEmpty { error(f, x.offset, "\"travelDocument\" needs a list of types") }
      return (.travelDocument(mask), "travel document " + names.joined(separator: " or "))
    case "purpose":
      let names = x.elements?.compactMap(\.string) ?? []
      var list: [Int] = []
      for n in names {
        if let i = rules.purposes.index(of: n) {
          list.append(i)
        } else {
          error(f, x.offset, "unknown purpose \"\(n)\" (defined: \(rules.purposes.list))")
        }
      }
      return (.purpose(list), "purpose " + names.joined(separator: " or "))
    case "option":
      guard allowOptions else {
        error(f, x.offset, "an instrument's scope cannot depend on an option")
        return (.always, "")
      }
      guard let om = x.members, om.count == 1, let pair = om.first, let value = pair.value.string else {
        error(f, x.offset, "\"option\" needs {\"option.key\": \"value\"}")
        return (.always, "")
      }
      guard let oi = rules.optionIndex[pair.key] else {
        error(f, pair.keyOffset, "unknown option \"\(pair.key)\"")
        return (.always, "")
      }
      guard let vi = rules.options[oi].values.firstIndex(of: value) else {
        error(
          f, pair.value.offset, "option \(pair.key) has no value \"\(value)\" (values: \(rules.options[oi].values.joined(separator: ", ")))"
        )
        return (.always, "")
      }
      return (.option(oi, vi), "option \(pair.key) = \(value)")
    case "extensionGround":
      var mask: UInt8 = 0
      let names = x.elements?.compactMap(\.string) ?? []
      for n in names {
        if let k = rules.extensionGrounds.index(of: n) {
          mask |= 1 << UInt8(k)
        } else {
          error(f, x.offset, "unknown extension ground \"\(n)\" (allowed: \(rules.extensionGrounds.list))")
        }
      }
      return (.extensionGround(mask), "extension ground " + names.joined(separator: " or "))
    case "hostRelationship":
      var mask: UInt8 = 0
      let names = x.elements?.compactMap(\.string) ?? []
      for n in names {
        if let k = rules.hostRelationships.index(of: n) {
          mask |= 1 << UInt8(k)
        } else {
          error(f, x.offset, "unknown relationship \"\(n)\" (allowed: \(rules.hostRelationships.list))")
        }
      }
      if names.isEmpty { error(f, x.offset, "\"hostRelationship\" needs a list of relationships") }
      return (.hostRelationship(mask), "the applicant is the host's " + names.joined(separator: " or "))
    case "hostNationality":
      return (
        .hostNationality(countries(f, x, "\"hostNationality\"")),
        "host of nationality " + (x.elements?.compactMap(\.string).joined(separator: ", ") ?? "")
      )
    case "hostResidence":
      return (
        .hostResidence(countries(f, x, "\"hostResidence\"")),
        "host residing in " + (x.elements?.compactMap(\.string).joined(separator: ", ") ?? "") + " (when given)"
      )
    case "fastTrack":
      guard checkKeys(f, x, ["schemes", "registeredForMonths"], "\"fastTrack\"") else { return (.always, "") }
      var mask: UInt8 = 0
      let names = x["schemes"]?.elements?.compactMap(\.string) ?? []
      for n in names {
        if let k = rules.fastTrackSchemes.index(of: n) {
          mask |= 1 << UInt8(k)
        } else {
          error(f, x.offset, "unknown fast-track scheme \"\(n)\" (allowed: \(rules.fastTrackSchemes.list))")
        }
      }
      if names.isEmpty { error(f, x.offset, "\"fastTrack\" needs \"schemes\"") }
      let months = Int(x["registeredForMonths"]?.number ?? 0)
      return (
        .fastTrack(mask, months: months),
        "fast track " + names.joined(separator: " or ") + (months > 0 ? " registered \(months) months or more" : "")
      )
    case "hostUnknown":
      guard x.bool == true else {
        error(f, x.offset, "\"hostUnknown\" takes true")
        return (.always, "")
      }
      return (.hostUnknown, "no host given")
    case "hostDependent":
      guard x.bool == true else {
        error(f, x.offset, "\"hostDependent\" takes true")
        return (.always, "")
      }
      return (.hostDependent, "dependent on the host")
    case "biometricDocument", "documentCategory", "documentIssued":
      return compileDocumentCondition(f, m.key, x)
    case "visas":
      guard
        checkKeys(
          f, x,
          ["atLeast", "withinMonths", "kinds", "multipleEntry", "minValidityMonths", "lawfullyUsed", "unused", "validFor", "lookBackFrom"],
          "\"visas\"")
      else {
        return (.always, "")
      }
      var atLeast = 1
      if let n = x["atLeast"] {
        guard let k = wholeNumber(f, n, "\"atLeast\" of \"visas\"", in: 0...1000) else { return (.always, "") }
        atLeast = k
      }
      guard let w = x["withinMonths"] else {
        error(f, x.offset, "\"visas\" needs \"withinMonths\" (the look-back window)")
        return (.always, "")
      }
      guard let within = wholeNumber(f, w, "\"withinMonths\" of \"visas\"", in: 1...12_000) else { return (.always, "") }
      var kinds: UInt8 = 0
      let kindNames = x["kinds"]?.elements?.compactMap(\.string) ?? ["uniform"]
      for k in kindNames {
        if let i = PreviousVisa.Kind.allCases.firstIndex(where: { $0.rawValue == k }) {
          kinds |= 1 << UInt8(i)
        } else {
          error(f, x.offset, "unknown visa kind \"\(k)\" (allowed: uniform, ltv, airportTransit)")
        }
      }
      let multiple = x["multipleEntry"]?.bool ?? false
      var minMonths = 0
      if let n = x["minValidityMonths"] {
        guard let k = wholeNumber(f, n, "\"minValidityMonths\" of \"visas\"", in: 0...1200) else { return (.always, "") }
        minMonths = k
      }
      let lawful = x["lawfullyUsed"]?.bool ?? true
      var text = "at least \(atLeast) \(kindNames.joined(separator: "/")) visa\(atLeast == 1 ? "" : "s")"
      if multiple { text += ", multiple-entry" }
      if minMonths > 0 { text += ", valid \(minMonths) months or more" }
      if lawful { text += ", lawfully used" }
      text += ", valid from within the previous \(within) months"
      var query = HistoryQuery(
        atLeast: atLeast, withinMonths: within, kinds: kinds, multipleEntryOnly: multiple, minValidityMonths: minMonths,
        lawfullyUsedOnly: lawful)
      var readings: [String] = []
      query.unused = historyReading(f, x, "unused", ["notCounted", "counted"], allowOptions, &readings)
      query.validFor = historyReading(f, x, "validFor", ["atLeast", "exactly"], allowOptions, &readings)
      query.lookBackFrom = historyReading(f, x, "lookBackFrom", ["lodgingDate", "tripStart"], allowOptions, &readings)
      if !readings.isEmpty { text += " (" + readings.joined(separator: ", ") + ")" }
      return (.visas(query), text)
    default:
      error(
        f, v.offset,
        "unknown condition \"\(m.key)\" (allowed: all, any, not, category, anyCategory, age, daysBeforeTrip, nationality, residence, lodgedIn, destination, travelDocument, purpose, option, visas, extensionGround, hostRelationship, hostNationality, hostResidence, hostUnknown, hostDependent, fastTrack, biometricDocument, documentCategory, documentIssued)"
      )
      return (.always, "")
    }
  }

}
