/// Typed access to a JSON tree, for the small contracts read as trees (the cascade, the stay
/// query); the application contract has its own one-pass reader (``ContractReader``).

/// Typed access to the fields of one JSON object, with errors that name the field's path.
struct Fields {
  let object: JSONValue
  let path: String

  init(_ value: JSONValue, path: String, allowed: [String]) throws(VisaRulesError) {
    guard let members = value.members else {
      throw VisaRulesError(
        path.isEmpty ? .malformedJSON : .invalidValue, field: path.isEmpty ? nil : path,
        message: path.isEmpty
          ? "expected a JSON object (an application), found \(value.typeName)"
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

  /// A country code: any string, checked against the country vocabulary when evaluated (as
  /// the contract reader does).
  func country(_ key: String) throws(VisaRulesError) -> CountryCode { CountryCode(rawValue: try string(key)) }

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
