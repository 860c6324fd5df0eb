/// The checks of an application's country codes against the country vocabulary, and of its
/// destination against the dates from which each state applies the common visa policy.
extension Evaluator {
  /// An application's country codes, packed (``countryCode(_:)``), once checked.
  struct CountryCodes {
    var nationality: UInt16
    var residence: UInt16
    var lodgedIn: UInt16
    var destination: UInt16
    /// 0 without a host (or a host's residence).
    var hostNationality: UInt16 = 0
    var hostResidence: UInt16 = 0
  }

  /// Every country field must be a code of the vocabulary (without one, two capital letters);
  /// nationalities must be nationalities (not territories). Applications built in Swift and
  /// read from JSON get the same errors here: the contract reader leaves the codes unchecked.
  /// Returns the codes, packed once for the evaluation.
  func checkCountries(_ app: Application) throws(VisaRulesError) -> CountryCodes {
    var codes = CountryCodes(
      nationality: try checkCountry(app.applicant.nationality, field: "applicant.nationality", nationality: true),
      residence: try checkCountry(app.applicant.residence, field: "applicant.residence", nationality: false),
      lodgedIn: try checkCountry(app.lodgedIn, field: "lodgedIn", nationality: false),
      destination: try checkCountry(app.destination, field: "destination", nationality: false))
    if let h = app.applicant.host {
      codes.hostNationality = try checkCountry(h.nationality, field: "applicant.host.nationality", nationality: true)
      if let r = h.residence { codes.hostResidence = try checkCountry(r, field: "applicant.host.residence", nationality: false) }
    }
    return codes
  }

  @inline(__always) private func checkCountry(
    _ country: CountryCode, field: String, nationality: Bool
  ) throws(VisaRulesError) -> UInt16 {
    let value = country.rawValue
    // The usual case: two letters (read in one pass over the bytes), a code of the vocabulary
    // that is a nationality, or any code of it where a nationality is not asked for.
    let packed = value.utf8.withContiguousStorageIfAvailable { b in b.count == 2 ? Int(b[0]) << 8 | Int(b[1]) : -1 } ?? -1
    if packed >= 0 {
      let bit = countryLetterIndex(UInt16(packed))
      if bit >= 0, !rules.knownCountries.isEmpty,
        (nationality ? nationalityCodes : rules.knownCountries)[bit >> 6] & (1 << UInt64(bit & 63)) != 0
      {
        return UInt16(packed)
      }
    }
    let code = countryCode(value)
    try checkCountrySlowly(value, code, field: field, nationality: nationality)
    return code
  }

  private func checkCountrySlowly(_ value: String, _ code: UInt16, field: String, nationality: Bool) throws(VisaRulesError) {
    // Two letters of the vocabulary's bit set (which holds only capital letters): no lookup of
    // the entry unless a nationality is checked.
    let vocabulary = !rules.knownCountries.isEmpty
    guard value.utf8.count == 2, vocabulary ? rules.knowsCountry(code) : countryLetterIndex(code) >= 0 else {
      throw VisaRulesError(
        .unknownValue, field: field, value: value,
        message: "\"\(value)\" is not a country code" + (vocabulary ? " of the vocabulary" : "") + suggestion(for: value),
        allowed: vocabulary
          ? "an ISO 3166-1 alpha-2 code (or XK, Kosovo) from Rules/countries.json"
          : "ISO 3166-1 alpha-2: two capital letters such as RU or NL")
    }
    guard nationality, vocabulary, let entry = rules.countries[code], !entry.isNationality else { return }
    var message = "\(value) (\(entry.name)) is not a nationality"
    if let sovereign = entry.territoryOf {
      let name = rules.countries[countryCode(sovereign)]?.name ?? sovereign
      message += ": its people hold the nationality of \(sovereign) (\(name)); give \(sovereign)"
    } else {
      message += ": give the nationality of the travel document"
    }
    if !entry.note.isEmpty { message += " (\(entry.note))" }
    throw VisaRulesError(.unknownValue, field: field, value: value, message: message, allowed: "a nationality: a state's or entity's code")
  }

  /// " — did you mean FR (France)?" for a code in the wrong case or the first letters of a name.
  private func suggestion(for value: String) -> String {
    let upper = String(value.uppercased())
    if upper.utf8.count == 2, let e = rules.countries[countryCode(upper)] { return "; did you mean \(upper) (\(e.name))?" }
    if upper.utf8.count == 2, rules.knownCountries.isEmpty, countryLetterIndex(countryCode(upper)) >= 0 {
      return "; did you mean \(upper)?"
    }
    guard value.utf8.count >= 3 else { return "" }
    let needle = value.lowercased()
    var matches: [CountryEntry] = []
    for e in rules.countries.values {
      let name = e.name.lowercased()
      if name.hasPrefix(needle)
        || name.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "(" }).contains(where: { $0.hasPrefix(needle) })
      {
        matches.append(e)
      }
    }
    matches.sort { ($0.isNationality ? 0 : 1, $0.code) < ($1.isNationality ? 0 : 1, $1.code) }
    guard !matches.isEmpty else { return "" }
    return "; did you mean " + matches.prefix(3).map { "\($0.code) (\($0.name))" }.joined(separator: " or ") + "?"
  }

  /// The destination must apply the common visa policy (issue uniform visas) on the lodging date.
  func checkDestination(_ value: String, _ dest: UInt16, on day: LocalDate) throws(VisaRulesError) {
    let bit = countryLetterIndex(dest)
    if bit >= 0 && destinationCodes[bit >> 6] & (1 << UInt64(bit & 63)) != 0 { return }
    if rules.destinations.contains(dest) { return }
    if let dated = rules.datedDestinations[dest] {
      if day >= dated.from { return }
      let name = rules.countries[dest]?.name ?? value
      throw VisaRulesError(
        .notCovered, field: "destination", value: value,
        message: "\(value) (\(name)) applies the common visa policy (issues uniform visas) only from \(dated.from) "
          + "(\(dated.citation) [\(dated.status.rawValue)]); on \(day) it issued national visas, which these rules do not decide"
          + (dated.note.isEmpty ? "" : " (\(dated.note))"),
        allowed: "a lodging date from \(dated.from) for \(value), or a destination applying the common visa policy on \(day)")
    }
    let allowed =
      (rules.destinations.map(countryName) + rules.datedDestinations.filter { $0.value.from <= day }.map { countryName($0.key) })
    let note = rules.countries[dest].map { $0.note.isEmpty ? "" : " (\($0.note))" } ?? ""
    throw VisaRulesError(
      .unknownValue, field: "destination", value: value,
      message: "\(value) is not a state whose visas these rules decide" + note,
      allowed: Set(allowed).sorted().joined(separator: ", "))
  }
}
