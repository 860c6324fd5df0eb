import Foundation
import Testing
import VisaRules

// Seeded generators of applications for the property tests (PropertyTests.swift): random
// numbers, a world of dates and countries drawn from the built-in rules, and the properties'
// helpers.

// MARK: - Random numbers

/// SplitMix64 (Steele, Lea and Flood, 2014): expands one 64-bit seed into a stream, used here
/// to seed xoshiro256**.
struct SplitMix64 {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// xoshiro256** 1.0 (Blackman and Vigna, 2018).
struct Xoshiro256: RandomNumberGenerator {
  private var s0, s1, s2, s3: UInt64

  init(seed: UInt64) {
    var sm = SplitMix64(state: seed)
    (s0, s1, s2, s3) = (sm.next(), sm.next(), sm.next(), sm.next())
  }

  mutating func next() -> UInt64 {
    func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
    let result = rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = rotl(s3, 45)
    return result
  }

  /// A uniform integer in `range` (Lemire's multiply-shift with rejection: no modulo bias, and
  /// no dependence on how the standard library draws, so a seed means the same on every toolchain).
  mutating func int(_ range: ClosedRange<Int>) -> Int {
    let span = UInt64(range.upperBound - range.lowerBound) &+ 1
    if span == 0 { return Int(bitPattern: UInt(next())) }
    var m = next().multipliedFullWidth(by: span)
    if m.low < span {
      let threshold = (0 &- span) % span
      while m.low < threshold { m = next().multipliedFullWidth(by: span) }
    }
    return range.lowerBound + Int(m.high)
  }

  mutating func chance(_ p: Double) -> Bool { Double(next() >> 11) / Double(1 << 53) < p }

  mutating func pick<T>(_ list: [T]) -> T { list[int(0...(list.count - 1))] }

  mutating func shuffled<T>(_ list: [T]) -> [T] {
    var out = list
    if out.count < 2 { return out }
    for i in stride(from: out.count - 1, to: 0, by: -1) { out.swapAt(i, int(0...i)) }
    return out
  }
}

// MARK: - What the rule book says (read from it, not hard-coded)

/// Facts about the built-in rule book that the properties need, read from the book and from
/// its rule files.
struct World: Sendable {
  let book: RuleBook
  let categories: [VisaRules.Category]
  let purposes: [Purpose]
  /// The ids of `vocabulary.hostRelationships` and `vocabulary.extensionGrounds`.
  let relationships: [VisaRules.Host.Relationship]
  let extensionGrounds: [Application.ExtensionGround]
  let schengen: [String]
  /// The destinations of the vocabulary, each with the date from which it applies the common
  /// visa policy (nil: on every covered date).
  let destinations: [(code: String, from: LocalDate?)]
  let options: [InterpretationOption]
  /// Categories named in the condition of a fee provision of kind `waiver` (or of an
  /// amendment of one): the categories that can make an applicant pay nothing.
  let waiverCategories: [VisaRules.Category]
  /// Every amount a fee provision has ever given, with the period it gave it.
  let feeVersions: [(amount: Money, period: Period, provision: String)]

  static let shared: World = {
    let book = try! RuleBook.builtIn()
    var purposes: [String] = []
    var relationships: [String] = []
    var extensionGrounds: [String] = []
    var schengen: [String] = []
    var destinations: [(code: String, from: LocalDate?)] = []
    var waiverIDs = Set<String>()
    var waiverCategories = Set<String>()
    var conditions: [(target: String, when: Any)] = []
    func categoriesIn(_ condition: Any, into out: inout Set<String>) {
      if let object = condition as? [String: Any] {
        for (key, value) in object {
          if key == "category" || key == "anyCategory" {
            if let s = value as? String { out.insert(s) }
            for s in value as? [String] ?? [] { out.insert(s) }
          } else {
            categoriesIn(value, into: &out)
          }
        }
      } else if let list = condition as? [Any] {
        for c in list { categoriesIn(c, into: &out) }
      }
    }
    for source in RuleBook.builtInSources {
      let root = try! JSONSerialization.jsonObject(with: Data(source.text.utf8)) as! [String: Any]
      if let vocabulary = root["vocabulary"] as? [String: Any] {
        // Several vocabulary files may exist (Rules/nl adds categories only).
        if let p = vocabulary["purposes"] as? [String] { purposes = p }
        for r in vocabulary["hostRelationships"] as? [[String: Any]] ?? [] { relationships.append(r["id"] as! String) }
        for g in vocabulary["extensionGrounds"] as? [[String: Any]] ?? [] { extensionGrounds.append(g["id"] as! String) }
        if let s = (vocabulary["countryGroups"] as? [String: [String]])?["schengen"] { schengen = s }
        for d in vocabulary["destinations"] as? [Any] ?? [] {
          if let code = d as? String, !code.hasPrefix("@") { destinations.append((code, nil)) }
          if let o = d as? [String: Any], let code = o["code"] as? String, let from = o["from"] as? String {
            destinations.append((code, LocalDate(iso: from)))
          }
        }
      }
      for p in root["provisions"] as? [[String: Any]] ?? [] where p["figure"] as? String == "fee" && p["kind"] as? String == "waiver" {
        waiverIDs.insert(p["id"] as! String)
        if let when = p["when"] { conditions.append((p["id"] as! String, when)) }
      }
      for a in root["amendments"] as? [[String: Any]] ?? [] {
        if let when = a["when"] { conditions.append((a["target"] as! String, when)) }
      }
    }
    for c in conditions where waiverIDs.contains(c.target) { categoriesIn(c.when, into: &waiverCategories) }
    var fees: [(Money, Period, String)] = []
    for p in book.provisions where p.figure == .fee {
      for v in p.versions where v.value != "repealed" {
        // A fraction of at most one ("3/4 of Visa Code Art. 16(1)") never exceeds the plain amount it names.
        if let parts = World.parseFraction(v.value) {
          guard parts.numerator <= parts.denominator else { fatalError("fee value \(v.value) of \(p.id) exceeds the amount it names") }
          continue
        }
        guard let amount = World.parseAmount(v.value) else { fatalError("fee value \(v.value) of \(p.id) is not an amount") }
        fees.append((amount, v.period, p.id))
      }
    }
    return World(
      book: book, categories: book.categories.map(\.category), purposes: purposes.map(Purpose.init(rawValue:)),
      relationships: relationships.map(VisaRules.Host.Relationship.init(rawValue:)),
      extensionGrounds: extensionGrounds.map(Application.ExtensionGround.init(rawValue:)), schengen: schengen, destinations: destinations,
      options: book.options,
      waiverCategories: waiverCategories.sorted().map { VisaRules.Category(rawValue: $0) }, feeVersions: fees)
  }()

  /// `3/4 of Visa Code Art. 16(1)` → (3, 4); nil for anything else.
  static func parseFraction(_ text: String) -> (numerator: Int, denominator: Int)? {
    guard let space = text.firstIndex(of: " "), text[space...].hasPrefix(" of ") else { return nil }
    let terms = text[..<space].split(separator: "/")
    guard terms.count == 2, let n = Int(terms[0]), let d = Int(terms[1]) else { return nil }
    return (n, d)
  }

  /// `90 EUR`, `35.50 EUR` → the amount.
  static func parseAmount(_ text: String) -> Money? {
    guard text.hasSuffix(" EUR") else { return nil }
    let number = text.dropLast(4).split(separator: ".", omittingEmptySubsequences: false)
    guard let whole = Int(number[0]) else { return nil }
    var cents = whole * 100
    if number.count == 2 {
      guard let fraction = Int(number[1]), number[1].count == 2 else { return nil }
      cents += fraction
    }
    return Money(cents: cents)
  }

  /// The highest amount any fee provision gives on `date`.
  func highestFee(on date: LocalDate) -> Money? {
    feeVersions.filter { $0.period.contains(date) }.map(\.amount).max()
  }
}

// MARK: - Generating applications

let firstLodging = LocalDate(iso: "2010-04-05")!
let lastLodging = LocalDate(iso: "2026-12-31")!
/// Days around which the law changes (in-force dates of instruments, amendments, suspensions).
let ruleChangeDays = ["2010-04-05", "2020-02-02", "2022-02-28", "2022-05-05", "2022-09-12", "2024-06-11", "2025-11-07"]
  .map { LocalDate(iso: $0)! }

struct Generator {
  var rng: Xoshiro256
  let world: World

  init(seed: UInt64, stream: UInt64) {
    rng = Xoshiro256(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15))
    world = World.shared
  }

  mutating func date(from a: LocalDate, to b: LocalDate) -> LocalDate {
    LocalDate(dayNumber: rng.int(a.dayNumber...b.dayNumber))
  }

  mutating func lodgingDate() -> LocalDate {
    if rng.chance(0.25) {
      // Near a rule change: the day before, the day itself, the day after.
      let day = rng.pick(ruleChangeDays).adding(days: rng.int(-1...1))
      return max(firstLodging, min(lastLodging, day))
    }
    return date(from: firstLodging, to: lastLodging)
  }

  mutating func country(_ nationality: String) -> String {
    rng.chance(0.85) ? nationality : rng.pick(["RU", "CN", "IN", "TR", "NL", "DE", "FI", "US", "BY"])
  }

  /// A valid application (one that `Application.validate()` accepts), with interpretation
  /// options drawn at random for about a third of the cases.
  ///
  /// With `focusOnHistory`, the application has a longer visa history and, half the time, is a
  /// business person's (a category of VFA Art. 5): the steps of the multiple-entry cascades are
  /// reached more often.
  mutating func application(lodging: LocalDate? = nil, focusOnHistory: Bool = false) -> (Application, [String: String]) {
    let lodging = lodging ?? lodgingDate()
    let nationality = rng.chance(0.5) ? "RU" : rng.pick(["CN", "IN", "TR", "NL", "AM", "BY"])
    let residence = country(nationality)
    let lodgedIn = country(residence)
    let destination = rng.pick(world.destinations.filter { ($0.from ?? lodging) <= lodging }.map(\.code))

    // Age 0 to 90; now and then a leap-day birthday.
    let age = rng.int(0...90)
    var birth = lodging.adding(months: -12 * age).adding(days: -rng.int(0...364))
    if rng.chance(0.03) {
      var year = birth.year
      while !LocalDate.isLeap(year) { year -= 1 }
      birth = LocalDate(year: year, month: 2, day: 29)!
    }
    if birth > lodging { birth = lodging }

    var categories: [VisaRules.Category] = []
    let density = rng.pick([0.0, 0.05, 0.1, 0.2])
    for c in world.categories where rng.chance(density) { categories.append(c) }
    if focusOnHistory && rng.chance(0.5) && !categories.contains(.businessPerson) { categories.append(.businessPerson) }
    categories = rng.shuffled(categories)

    let start = lodging.adding(days: rng.int(0...200))
    // A short stay: at most 90 days, the day of entry and the day of exit both counted.
    let trip = Trip(purpose: rng.pick(world.purposes), start: start, end: start.adding(days: rng.int(0...89)))

    let expiry: LocalDate
    switch rng.int(0...9) {
    case 0...1: expiry = start.adding(days: rng.int(-30...400))  // expires during or soon after the trip
    default: expiry = start.adding(days: rng.int(0...4000))
    }
    let documentType: TravelDocument.Kind = rng.chance(0.8) ? .ordinary : rng.pick([.diplomatic, .service])

    var host: VisaRules.Host?
    if rng.chance(0.3) {
      host = VisaRules.Host(
        relationship: rng.pick(world.relationships), nationality: rng.pick(["RU", "NL", "DE", "FI", "CN"]),
        residence: rng.chance(0.5) ? rng.pick(["NL", "DE", "FI"]) : nil,
        residenceUntil: rng.chance(0.5) ? lodging.adding(days: rng.int(-100...2500)) : nil, dependent: rng.chance(0.3))
    }
    let termOfOffice = rng.chance(0.15) ? lodging.adding(days: rng.int(-30...2500)) : nil

    let application = Application(
      lodgingDate: lodging, destination: CountryCode(destination), lodgedIn: CountryCode(lodgedIn),
      applicant: Applicant(
        nationality: CountryCode(nationality), residence: CountryCode(residence), birthDate: birth, categories: categories,
        travelDocument: TravelDocument(type: documentType, expiry: expiry), host: host, termOfOfficeUntil: termOfOffice),
      trip: trip, visaHistory: history(lodging: lodging, count: focusOnHistory ? rng.pick([2, 3, 3, 4, 5]) : nil),
      extensionGround: rng.chance(0.1) ? rng.pick(world.extensionGrounds) : nil,
      id: rng.chance(0.2) ? (rng.chance(0.5) ? "\(rng.int(0...99999))" : "\"A-\(rng.int(0...999))\"") : nil)

    var options: [String: String] = [:]
    if rng.chance(0.35) {
      for o in world.options where rng.chance(0.5) { options[o.id] = rng.pick(o.values).name }
    }
    return (application, options)
  }

  /// Zero to five earlier visas, many of them multiple-entry visas of the lengths the cascade
  /// of Visa Code Art. 24(2) and VFA Art. 5 look for, used lawfully or not, stated or shown by
  /// stays.
  mutating func history(lodging: LocalDate, count: Int? = nil) -> [PreviousVisa] {
    let count = count ?? rng.pick([0, 0, 1, 1, 2, 3, 3, 4, 5])
    var visas: [PreviousVisa] = []
    for _ in 0..<count {
      // Mostly within the two years the cascade looks back on, some up to five years back.
      let from = lodging.adding(days: -rng.int(0...(rng.chance(0.6) ? 730 : 1800)))
      let multiple = rng.chance(0.55)
      var until: LocalDate
      if multiple {
        let months = rng.pick([3, 6, 11, 12, 12, 24, 24, 36, 60])
        until = from.adding(months: months).adding(days: -1 + rng.pick([0, 0, 0, -1, 1]))
      } else {
        until = from.adding(days: rng.int(0...90))
      }
      if until < from { until = from }
      let kind: PreviousVisa.Kind = rng.chance(0.85) ? .uniform : rng.pick([.ltv, .airportTransit])
      var lawful: Bool?
      var stays: [Stay] = []
      switch rng.int(0...19) {
      case 0...11: lawful = true
      case 12...14: lawful = false
      default:
        // Stays instead of a statement: mostly inside the validity, sometimes not, sometimes long.
        var entry = from.adding(days: rng.int(-3...20))
        for _ in 0..<rng.int(1...3) {
          if entry > lodging { break }
          let exit = entry.adding(days: rng.pick([0, 5, 20, 60, 89, 95]))
          stays.append(Stay(entry: entry, exit: exit, exempt: rng.chance(0.1)))
          entry = exit.adding(days: rng.int(1...120))
        }
        if stays.isEmpty { lawful = true }
      }
      visas.append(
        PreviousVisa(
          validFrom: from, validUntil: until, entries: multiple ? .multiple : .single, kind: kind, lawfullyUsed: lawful, stays: stays))
    }
    return rng.shuffled(visas)
  }
}

// MARK: - Helpers

/// The application as the JSON contract writes it (to replay a failure, and to test decoding).
func contractJSON(_ a: Application) -> String {
  func q(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
  }
  func q(_ c: CountryCode) -> String { q(c.rawValue) }
  func d(_ x: LocalDate) -> String { q(x.description) }
  var applicant = [
    "\"nationality\": \(q(a.applicant.nationality))", "\"residence\": \(q(a.applicant.residence))",
    "\"birthDate\": \(d(a.applicant.birthDate))",
    "\"categories\": [\(a.applicant.categories.map { q($0.rawValue) }.joined(separator: ", "))]",
    "\"travelDocument\": {\"type\": \(q(a.applicant.travelDocument.type.rawValue)), \"expiry\": \(d(a.applicant.travelDocument.expiry))}",
  ]
  if let h = a.applicant.host {
    var fields = [
      "\"relationship\": \(q(h.relationship.rawValue))", "\"nationality\": \(q(h.nationality))", "\"dependent\": \(h.dependent)",
    ]
    if let r = h.residence { fields.append("\"residence\": \(q(r))") }
    if let u = h.residenceUntil { fields.append("\"residenceUntil\": \(d(u))") }
    applicant.append("\"host\": {\(fields.joined(separator: ", "))}")
  }
  if let t = a.applicant.termOfOfficeUntil { applicant.append("\"termOfOfficeUntil\": \(d(t))") }
  var top: [String] = []
  if let id = a.id { top.append("\"id\": \(id)") }
  top += [
    "\"lodgingDate\": \(d(a.lodgingDate))", "\"destination\": \(q(a.destination))", "\"lodgedIn\": \(q(a.lodgedIn))",
    "\"applicant\": {\(applicant.joined(separator: ", "))}",
    "\"trip\": {\"purpose\": \(q(a.trip.purpose.rawValue)), \"start\": \(d(a.trip.start)), \"end\": \(d(a.trip.end))}",
  ]
  let visas = a.visaHistory.map { v -> String in
    var fields = [
      "\"validFrom\": \(d(v.validFrom))", "\"validUntil\": \(d(v.validUntil))", "\"entries\": \(q(v.entries.rawValue))",
      "\"kind\": \(q(v.kind.rawValue))",
    ]
    if let l = v.lawfullyUsed { fields.append("\"lawfullyUsed\": \(l)") }
    if !v.stays.isEmpty {
      let stays = v.stays.map { "{\"entry\": \(d($0.entry)), \"exit\": \(d($0.exit)), \"exempt\": \($0.exempt)}" }
      fields.append("\"stays\": [\(stays.joined(separator: ", "))]")
    }
    return "{\(fields.joined(separator: ", "))}"
  }
  top.append("\"visaHistory\": [\(visas.joined(separator: ", "))]")
  if let g = a.extensionGround { top.append("\"extensionGround\": \(q(g.rawValue))") }
  return "{\(top.joined(separator: ", "))}"
}

enum Property {
  static var seed: UInt64 {
    ProcessInfo.processInfo.environment["VISARULES_PROPERTY_SEED"].flatMap { UInt64($0) } ?? 20_261_122
  }

  /// `n` scaled by VISARULES_PROPERTY_SCALE.
  static func cases(_ n: Int) -> Int {
    let scale = ProcessInfo.processInfo.environment["VISARULES_PROPERTY_SCALE"].flatMap { Double($0) } ?? 1
    return max(1, Int(Double(n) * scale))
  }

  /// Describes a counterexample so that it can be replayed.
  static func counterexample(_ what: String, stream: UInt64, index: Int, _ app: Application, options: [String: String], _ detail: String)
    -> Comment
  {
    let opts = options.sorted { $0.key < $1.key }.map { "--option \($0.key)=\($0.value)" }.joined(separator: " ")
    return
      "\(what) (seed \(seed), stream \(stream), case \(index)): \(detail)\n  options: \(opts.isEmpty ? "defaults" : opts)\n  application: \(contractJSON(app))"
  }

  static func evaluate(_ app: Application, _ options: [String: String], trace: Bool = false, alternatives: Bool = false) throws -> Decision
  {
    try World.shared.book.evaluate(app, options: EvaluationOptions(options: options, trace: trace, alternatives: alternatives))
  }
}

/// Whether a previous visa was lawfully used, computed here from the law rather than asked of
/// the engine: stated, or else shown by stays that all lie within the visa's validity and never
/// exceed 90 days in any 180-day period (Schengen Borders Code Art. 6(1)-(2)), counting the
/// stays on every visa of the history.
func lawfullyUsed(_ visa: PreviousVisa, in history: [PreviousVisa]) -> Bool {
  if let stated = visa.lawfullyUsed { return stated }
  if visa.stays.isEmpty { return false }
  var present = Set<Int>()
  for v in history { for s in v.stays where !s.exempt { for day in s.entry.dayNumber...s.exit.dayNumber { present.insert(day) } } }
  for s in visa.stays where !s.exempt {
    if s.entry < visa.validFrom || s.exit > visa.validUntil { return false }
    for day in s.entry.dayNumber...s.exit.dayNumber {
      if ((day - 179)...day).filter(present.contains).count > 90 { return false }
    }
  }
  return true
}

/// Whether a visa was valid for at least `months` months (the day after its last day is at
/// least `months` calendar months after its first).
func validFor(_ visa: PreviousVisa, months: Int) -> Bool {
  visa.validUntil.adding(days: 1) >= visa.validFrom.adding(months: months)
}

// MARK: - Properties
