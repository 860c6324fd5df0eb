extension Application {
  /// Decodes an application from the JSON contract (version 1).
  ///
  /// Decoding checks the form of every field; ``validate()`` (which ``RuleBook/evaluate(_:options:)``
  /// runs) checks how the fields fit together. Every problem is reported as a ``VisaRulesError`` naming the field, the value found and
  /// what is allowed: malformed JSON, a missing or mistyped field, an impossible date, a field
  /// the contract does not define. Categories and purposes are checked against the rule book
  /// when the application is evaluated.
  public init(json: String) throws(VisaRulesError) {
    var text = json
    let result: Result<Application, VisaRulesError> = text.withUTF8 { bytes in
      do throws(VisaRulesError) { return .success(try Application(jsonBytes: bytes)) } catch { return .failure(error) }
    }
    self = try result.get()
  }

  /// Decodes an application from UTF-8 JSON bytes (see ``init(json:)``).
  public init(jsonBytes bytes: UnsafeBufferPointer<UInt8>) throws(VisaRulesError) {
    let root: JSONValue
    do {
      root = try JSONParser.parse(bytes)
    } catch {
      let (line, column) = SourceLocator(bytes).location(of: error.offset)
      throw VisaRulesError(
        .malformedJSON, message: "malformed JSON at line \(line), column \(column): \(error.message)")
    }
    try self.init(jsonValue: root)
  }

  init(jsonValue root: JSONValue) throws(VisaRulesError) {
    let top = try Fields(root, path: "", allowed: Application.topLevelKeys)
    id = try top.optionalID("id")
    lodgingDate = try top.date("lodgingDate")
    destination = try top.country("destination")
    lodgedIn = try top.country("lodgedIn")

    applicant = try Applicant(fields: try top.object("applicant", allowed: Applicant.jsonKeys))

    let t = try top.object("trip", allowed: ["purpose", "start", "end"])
    trip = Trip(purpose: try t.string("purpose"), start: try t.date("start"), end: try t.date("end"))

    var history: [PreviousVisa] = []
    if let list = try top.optionalArray("visaHistory") {
      for (i, element) in list.enumerated() {
        let v = try Fields(
          element, path: "visaHistory[\(i)]",
          allowed: ["validFrom", "validUntil", "entries", "kind", "lawfullyUsed", "stays"])
        var stays: [Stay] = []
        if let staysList = try v.optionalArray("stays") {
          for (j, s) in staysList.enumerated() {
            let f = try Fields(s, path: "visaHistory[\(i)].stays[\(j)]", allowed: ["entry", "exit", "exempt"])
            stays.append(Stay(entry: try f.date("entry"), exit: try f.date("exit"), exempt: try f.optionalBool("exempt") ?? false))
          }
        }
        history.append(
          PreviousVisa(
            validFrom: try v.date("validFrom"), validUntil: try v.date("validUntil"),
            entries: try v.enumeration("entries", PreviousVisa.Entries.self),
            kind: try v.optionalEnumeration("kind", PreviousVisa.Kind.self) ?? .uniform,
            lawfullyUsed: try v.optionalBool("lawfullyUsed"), stays: stays))
      }
    }
    visaHistory = history
    extensionGround = try top.optionalEnumeration("extensionGround", ExtensionGround.self)
    if root["fastTrack"] != nil, !(root["fastTrack"]!.isNull) {
      let ft = try top.object("fastTrack", allowed: ["scheme", "registeredSince"])
      fastTrack = FastTrack(
        scheme: try ft.enumeration("scheme", FastTrack.Scheme.self),
        registeredSince: ft.has("registeredSince") ? try ft.date("registeredSince") : nil)
    }
  }

  static let topLevelKeys = ["id", "lodgingDate", "destination", "lodgedIn", "applicant", "trip", "visaHistory", "extensionGround", "fastTrack"]

  /// Checks what can be checked without the rules: dates in order, a birth date not after the
  /// lodging date, visa records that make sense.
  public func validate() throws(VisaRulesError) {
    if applicant.birthDate > lodgingDate {
      throw VisaRulesError(
        .invalidValue, field: "applicant.birthDate", value: applicant.birthDate.description,
        message: "the birth date is after the lodging date \(lodgingDate)",
        allowed: "a date on or before lodgingDate")
    }
    if trip.end < trip.start {
      throw VisaRulesError(
        .invalidValue, field: "trip.end", value: trip.end.description,
        message: "the trip ends before it starts (\(trip.start))", allowed: "a date on or after trip.start")
    }
    for (i, visa) in visaHistory.enumerated() {
      if visa.validUntil < visa.validFrom {
        throw VisaRulesError(
          .invalidValue, field: "visaHistory[\(i)].validUntil", value: visa.validUntil.description,
          message: "the visa's validity ends before it starts (\(visa.validFrom))",
          allowed: "a date on or after validFrom")
      }
      if visa.validFrom > lodgingDate {
        throw VisaRulesError(
          .invalidValue, field: "visaHistory[\(i)].validFrom", value: visa.validFrom.description,
          message: "the visa history lies after the lodging date \(lodgingDate)",
          allowed: "a visa whose validity starts on or before lodgingDate")
      }
      for (j, stay) in visa.stays.enumerated() {
        if stay.exit < stay.entry {
          throw VisaRulesError(
            .invalidValue, field: "visaHistory[\(i)].stays[\(j)].exit", value: stay.exit.description,
            message: "the exit is before the entry (\(stay.entry))", allowed: "a date on or after entry")
        }
        if stay.entry > lodgingDate {
          throw VisaRulesError(
            .invalidValue, field: "visaHistory[\(i)].stays[\(j)].entry", value: stay.entry.description,
            message: "the stay lies after the lodging date \(lodgingDate)", allowed: "a stay that began on or before lodgingDate")
        }
        if j > 0, stay.entry <= visa.stays[j - 1].exit {
          throw VisaRulesError(
            .invalidValue, field: "visaHistory[\(i)].stays[\(j)].entry", value: stay.entry.description,
            message: "the stay overlaps the previous stay (\(visa.stays[j - 1].entry) to \(visa.stays[j - 1].exit))",
            allowed: "stays in date order that do not overlap")
        }
      }
    }
  }
}


extension Applicant {
  static let jsonKeys = ["nationality", "residence", "birthDate", "categories", "travelDocument", "host", "termOfOfficeUntil"]

  /// Decodes the `applicant` object of the contract.
  init(fields a: Fields) throws(VisaRulesError) {
      var host: Host?
      if a.has("host") {
        let h = try a.object("host", allowed: ["relationship", "nationality", "residence", "residenceUntil", "dependent"])
        host = Host(
          relationship: try h.enumeration("relationship", Host.Relationship.self), nationality: try h.country("nationality"),
          residence: h.has("residence") ? try h.country("residence") : nil,
          residenceUntil: h.has("residenceUntil") ? try h.date("residenceUntil") : nil,
          dependent: try h.optionalBool("dependent") ?? false)
      }
      let doc = try a.object("travelDocument", allowed: ["type", "expiry"])
      let docType = try doc.enumeration("type", TravelDocument.Kind.self)
      self.init(
        nationality: try a.country("nationality"),
        residence: try a.country("residence"),
        birthDate: try a.date("birthDate"),
        categories: try a.strings("categories").map(Category.init(rawValue:)),
        travelDocument: TravelDocument(type: docType, expiry: try doc.date("expiry")), host: host,
        termOfOfficeUntil: a.has("termOfOfficeUntil") ? try a.date("termOfOfficeUntil") : nil)
  }
}

/// Typed access to the fields of one JSON object, with errors that name the field's path.
struct Fields {
  let object: JSONValue
  let path: String

  init(_ value: JSONValue, path: String, allowed: [String]) throws(VisaRulesError) {
    guard let members = value.members else {
      throw VisaRulesError(
        path.isEmpty ? .malformedJSON : .invalidValue, field: path.isEmpty ? nil : path,
        message: path.isEmpty ? "expected a JSON object (an application), found \(value.typeName)"
          : "expected an object, found \(value.typeName)")
    }
    for m in members where !allowed.containsKey(m.key) {
      throw VisaRulesError(
        .unknownField, field: Fields.join(path, m.key), message: "field not defined by the contract",
        allowed: allowed.joined(separator: ", "))
    }
    object = value
    self.path = path
  }

  static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

  /// Whether an optional field is present (`null` counts as absent).
  func has(_ key: String) -> Bool {
    guard let v = object[key] else { return false }
    return !v.isNull
  }

  func required(_ key: String) throws(VisaRulesError) -> JSONValue {
    guard let v = object[key], !v.isNull else {
      throw VisaRulesError(.missingField, field: Fields.join(path, key), message: "required field is missing")
    }
    return v
  }

  func string(_ key: String) throws(VisaRulesError) -> String {
    let v = try required(key)
    guard let s = v.string else {
      throw VisaRulesError(.invalidValue, field: Fields.join(path, key), message: "expected a string, found \(v.typeName)")
    }
    return s
  }

  func date(_ key: String) throws(VisaRulesError) -> LocalDate {
    let s = try string(key)
    guard let d = LocalDate(iso: s) else {
      throw VisaRulesError(
        .invalidValue, field: Fields.join(path, key), value: s,
        message: "\"\(s)\" is not a valid date", allowed: "YYYY-MM-DD, a real calendar day")
    }
    return d
  }

  func country(_ key: String) throws(VisaRulesError) -> String {
    let s = try string(key)
    let u = Array(s.utf8)
    guard u.count == 2, u.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
      throw VisaRulesError(
        .invalidValue, field: Fields.join(path, key), value: s,
        message: "\"\(s)\" is not a country code", allowed: "ISO 3166-1 alpha-2, two capital letters such as RU or NL")
    }
    return s
  }

  func object(_ key: String, allowed: [String]) throws(VisaRulesError) -> Fields {
    try Fields(try required(key), path: Fields.join(path, key), allowed: allowed)
  }

  func strings(_ key: String) throws(VisaRulesError) -> [String] {
    let v = try required(key)
    guard let list = v.elements else {
      throw VisaRulesError(.invalidValue, field: Fields.join(path, key), message: "expected an array of strings, found \(v.typeName)")
    }
    var out: [String] = []
    for (i, e) in list.enumerated() {
      guard let s = e.string else {
        throw VisaRulesError(.invalidValue, field: "\(Fields.join(path, key))[\(i)]", message: "expected a string, found \(e.typeName)")
      }
      out.append(s)
    }
    return out
  }

  func optionalArray(_ key: String) throws(VisaRulesError) -> [JSONValue]? {
    guard let v = object[key], !v.isNull else { return nil }
    guard let list = v.elements else {
      throw VisaRulesError(.invalidValue, field: Fields.join(path, key), message: "expected an array, found \(v.typeName)")
    }
    return list
  }

  func optionalBool(_ key: String) throws(VisaRulesError) -> Bool? {
    guard let v = object[key], !v.isNull else { return nil }
    guard let b = v.bool else {
      throw VisaRulesError(.invalidValue, field: Fields.join(path, key), message: "expected true or false, found \(v.typeName)")
    }
    return b
  }

  func optionalID(_ key: String) throws(VisaRulesError) -> String? {
    guard let v = object[key], !v.isNull else { return nil }
    switch v.kind {
    case .string(let s):
      var w = JSONWriter()
      w.string(s)
      return w.text
    case .number(let n):
      var w = JSONWriter()
      w.double(n)
      return w.text
    default:
      throw VisaRulesError(.invalidValue, field: Fields.join(path, key), message: "expected a string or a number, found \(v.typeName)")
    }
  }

  func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, _: E.Type) throws(VisaRulesError) -> E
  where E.RawValue == String {
    let s = try string(key)
    guard let e = E(rawValue: s) else {
      throw VisaRulesError(
        .unknownValue, field: Fields.join(path, key), value: s, message: "unknown value \"\(s)\"",
        allowed: E.allCases.map(\.rawValue).joined(separator: ", "))
    }
    return e
  }

  func optionalEnumeration<E: RawRepresentable & CaseIterable>(_ key: String, _ type: E.Type) throws(VisaRulesError) -> E?
  where E.RawValue == String {
    guard let v = object[key], !v.isNull else { return nil }
    _ = v
    return try enumeration(key, type)
  }
}
