/// The country vocabulary, dated destinations, travel-document categories and the conditions
/// on the travel document (`biometricDocument`, `documentCategory`, `documentIssued`).
extension RuleLoader {
  /// `"countries": [{"code": "AD", "name": "Andorra"}, {"code": "PR", "name": "Puerto Rico",
  /// "territoryOf": "US"}, {"code": "AQ", "name": "Antarctica", "nationality": false, "note": …}]`
  mutating func readCountries(_ f: Int, _ list: JSONValue) {
    guard let entries = list.elements else {
      error(f, list.offset, "\"countries\" must be an array of {\"code\", \"name\"} objects")
      return
    }
    if rules.knownCountries.isEmpty { rules.knownCountries = Array(repeating: 0, count: 11) }
    for e in entries {
      guard checkKeys(f, e, ["code", "name", "territoryOf", "nationality", "note"], "a country") else { continue }
      guard let code = string(f, e, "code", "a country"), let name = string(f, e, "name", "country \(code)") else { continue }
      guard isCountry(code) else {
        error(f, e.offset, "\"\(code)\" is not a two-letter code of capital letters")
        continue
      }
      let packed = countryCode(code)
      if rules.countries[packed] != nil {
        error(f, e.offset, "country \"\(code)\" is listed twice")
        continue
      }
      let territoryOf = e["territoryOf"]?.string
      if let t = territoryOf, !isCountry(t) {
        error(f, e["territoryOf"]!.offset, "\"territoryOf\" of \(code) must be a two-letter country code")
      }
      var isNationality = territoryOf == nil
      if let n = e["nationality"] {
        guard let b = n.bool else {
          error(f, n.offset, "\"nationality\" of \(code) must be true or false")
          continue
        }
        isNationality = b
      }
      rules.countries[packed] = CountryEntry(
        code: code, name: name, territoryOf: territoryOf, isNationality: isNationality, note: e["note"]?.string ?? "")
      let bit = countryLetterIndex(packed)
      if bit >= 0 { rules.knownCountries[bit >> 6] |= 1 << UInt64(bit & 63) }
    }
  }

  /// `"documentCategories": [{"id": "hongKongSAR", "description": …}]`; `national` is always
  /// defined (index 0).
  mutating func readDocumentCategories(_ f: Int, _ list: JSONValue) {
    guard let entries = list.elements else {
      error(f, list.offset, "\"documentCategories\" must be an array of {\"id\", \"description\"} objects")
      return
    }
    for e in entries {
      guard checkKeys(f, e, ["id", "description"], "a document category") else { continue }
      guard let id = string(f, e, "id", "a document category") else { continue }
      rules.documentCategoryDescriptions[id] = e["description"]?.string ?? ""
      if id == "national" { continue }
      if rules.documentCategoryIndex[id] != nil {
        error(f, e.offset, "document category \"\(id)\" is defined twice")
        continue
      }
      if rules.documentCategories.count >= 64 {
        error(f, e.offset, "too many document categories (at most 64)")
        continue
      }
      rules.documentCategoryIndex[id] = rules.documentCategories.count
      rules.documentCategories.append(id)
    }
  }

  /// `"destinations": ["@schengen", "NL", {"code": "HR", "from": "2023-01-01", "citation": …,
  /// "status": "C", "note": …}]`: a plain code applies the common visa policy on every covered
  /// date; an object only from its `from` date.
  mutating func readDestinations(_ f: Int, _ list: JSONValue) {
    guard let entries = list.elements else {
      error(f, list.offset, "\"destinations\" must be an array of country codes, @groups or dated entries")
      return
    }
    for e in entries {
      if e.members != nil {
        guard checkKeys(f, e, ["code", "from", "citation", "status", "note"], "a dated destination") else { continue }
        guard let code = string(f, e, "code", "a dated destination"), isCountry(code) else {
          error(f, e.offset, "a dated destination needs a two-letter \"code\"")
          continue
        }
        guard let from = date(f, e, "from", "destination \(code)") else { continue }
        let citation = string(f, e, "citation", "destination \(code)") ?? ""
        let st = status(f, e, "destination \(code)")
        rules.datedDestinations[countryCode(code)] = DatedDestination(
          from: from, citation: citation, status: st, note: e["note"]?.string ?? "")
      } else {
        rules.destinations += countries(f, JSONValue(kind: .array([e]), offset: e.offset), "destinations")
      }
    }
  }

  /// Compiles `biometricDocument`, `documentCategory` and `documentIssued`.
  mutating func compileDocumentCondition(_ f: Int, _ key: String, _ x: JSONValue) -> (Condition, String) {
    switch key {
    case "biometricDocument":
      guard let b = x.bool else {
        error(f, x.offset, "\"biometricDocument\" takes true or false")
        return (.always, "")
      }
      return (.biometricDocument(b), b ? "biometric travel document" : "non-biometric travel document")
    case "documentCategory":
      var names: [String] = []
      if let s = x.string { names = [s] } else if let list = x.elements { names = list.compactMap(\.string) }
      if names.isEmpty { error(f, x.offset, "\"documentCategory\" needs a category id or a list of them") }
      var mask: UInt64 = 0
      for n in names {
        if let i = rules.documentCategoryIndex[n] {
          mask |= 1 << UInt64(i)
        } else {
          error(
            f, x.offset,
            "unknown document category \"\(n)\" (defined in the vocabulary: \(rules.documentCategories.joined(separator: ", ")))")
        }
      }
      return (.documentCategory(mask), "travel document category " + names.joined(separator: " or "))
    default:
      guard checkKeys(f, x, ["before", "onOrAfter"], "\"documentIssued\"") else { return (.always, "") }
      var lo = Int.min
      var hi = Int.max
      var texts: [String] = []
      if let d = date(f, x, "onOrAfter", "\"documentIssued\"", required: false) {
        lo = d.dayNumber
        texts.append("on or after \(d)")
      }
      if let d = date(f, x, "before", "\"documentIssued\"", required: false) {
        hi = d.dayNumber - 1
        texts.append("before \(d)")
      }
      if texts.isEmpty { error(f, x.offset, "\"documentIssued\" needs \"before\" or \"onOrAfter\"") }
      if lo > hi { error(f, x.offset, "\"documentIssued\" selects no day (its bounds exclude each other)") }
      return (.documentIssued(low: lo, high: hi), "travel document issued " + texts.joined(separator: " and "))
    }
  }
}
