/// The input of `visa cascade`: who travels, where, and how often.
public struct CascadeRequest: Hashable, Sendable {
  /// The application template (applicant, destination, place of lodging, purpose).
  public var template: Application
  /// The travel pattern.
  public var pattern: TravelPattern

  /// Creates a request.
  public init(template: Application, pattern: TravelPattern) {
    self.template = template
    self.pattern = pattern
  }

  /// Decodes `{"applicant": {…}, "destination": "NL", "lodgedIn": "RU", "purpose": "tourism",
  /// "pattern": {"tripsPerYear": 4, "tripDays": 7, "start": "2020-03-01", "years": 6,
  /// "leadDays": 30, "overstays": [{"trip": 5, "days": 10}], "gaps": [{"from": …, "until": …}]}}`.
  public init(jsonBytes bytes: UnsafeBufferPointer<UInt8>) throws(VisaRulesError) {
    let root = try JSONParser.document(bytes)
    let top = try Fields(root, path: "", allowed: ["applicant", "destination", "lodgedIn", "purpose", "pattern"])
    let applicant = try Applicant(contract: try top.required("applicant"), field: "applicant")
    let p = try top.object("pattern", allowed: ["tripsPerYear", "tripDays", "start", "years", "leadDays", "overstays", "gaps"])
    func int(_ f: Fields, _ key: String, default value: Int? = nil) throws(VisaRulesError) -> Int {
      guard let v = f.object[key] else {
        if let value { return value }
        throw VisaRulesError(.missingField, field: Fields.join(f.path, key), message: "required field is missing")
      }
      guard let n = v.number, n == n.rounded() else {
        throw VisaRulesError(.invalidValue, field: Fields.join(f.path, key), message: "expected a whole number, found \(v.typeName)")
      }
      return Int(n)
    }
    var overstays: [Int: Int] = [:]
    for (i, o) in (try p.optionalArray("overstays") ?? []).enumerated() {
      let f = try Fields(o, path: "pattern.overstays[\(i)]", allowed: ["trip", "days"])
      overstays[try int(f, "trip")] = try int(f, "days")
    }
    var gaps: [Period] = []
    for (i, g) in (try p.optionalArray("gaps") ?? []).enumerated() {
      let f = try Fields(g, path: "pattern.gaps[\(i)]", allowed: ["from", "until"])
      gaps.append(Period(from: try f.date("from"), until: try f.date("until")))
    }
    let start = try p.date("start")
    pattern = TravelPattern(
      tripsPerYear: try int(p, "tripsPerYear"), tripDays: try int(p, "tripDays"), start: start, years: try int(p, "years"),
      leadDays: try int(p, "leadDays", default: 30), overstays: overstays, gaps: gaps)
    try pattern.validate()
    template = Application(
      lodgingDate: start, destination: try top.country("destination"), lodgedIn: try top.country("lodgedIn"),
      applicant: applicant,
      trip: Trip(purpose: Purpose(rawValue: try top.string("purpose")), start: start, end: start))
  }
}
