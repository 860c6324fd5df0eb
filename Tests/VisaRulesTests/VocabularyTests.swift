import Foundation
import Testing
import VisaRules

/// The open vocabularies: declared by the rules (not by Swift), listed by
/// ``RuleBook/vocabulary``, accepted when listed and rejected otherwise with the field, the
/// value, the allowed values and the nearest one, the same error on every path.
struct VocabularyTests {
  static let book = try! RuleBook.builtIn()

  /// The ids `key` declares in the built-in vocabulary files (read from the JSON, not from the
  /// program).
  static func declared(_ key: String) -> [String] {
    var ids: [String] = []
    for source in RuleBook.builtInSources {
      guard let root = try? JSONSerialization.jsonObject(with: Data(source.text.utf8)) as? [String: Any],
        let vocabulary = root["vocabulary"] as? [String: Any], let list = vocabulary[key] as? [Any]
      else { continue }
      for e in list { ids.append((e as? String) ?? ((e as? [String: Any])?["id"] as? String ?? "")) }
    }
    return ids
  }

  /// A 2024 Russian tourist to the Netherlands, with a host, a fast track and an extension
  /// ground to vary.
  static func application() -> Application {
    var a = tourist(lodged: "2024-03-01")
    a.applicant.host = VisaRules.Host(relationship: .spouse, nationality: "NL")
    a.fastTrack = FastTrack(scheme: .orangeCarpet, registeredSince: LocalDate(iso: "2020-01-01")!)
    return a
  }

  /// The error `app` gets from the Swift API, or nil.
  static func swiftError(_ app: Application, _ book: RuleBook = Self.book) -> VisaRulesError? {
    do throws(VisaRulesError) {
      _ = try book.evaluate(app)
      return nil
    } catch {
      return error
    }
  }

  /// The error object a batch line gets (the JSON Lines path), as the `error` member.
  static func batchError(_ app: Application, _ book: RuleBook = Self.book) -> String? {
    let line = app.json()
    let (out, ok) = Array(line.utf8).withUnsafeBufferPointer { book.evaluateLine($0, lineNumber: 1) }
    guard !ok else { return nil }
    return String(decoding: out, as: UTF8.self)
  }

  /// Each vocabulary field of the application, how to set it, and the ids the rule files
  /// declare for it.
  static let fields: [(field: String, key: String, set: @Sendable (inout Application, String) -> Void)] = [
    ("trip.purpose", "purposes", { $0.trip.purpose = Purpose($1) }),
    ("applicant.travelDocument.type", "documentTypes", { $0.applicant.travelDocument.type = TravelDocument.Kind($1) }),
    ("applicant.host.relationship", "hostRelationships", { $0.applicant.host!.relationship = VisaRules.Host.Relationship($1) }),
    ("fastTrack.scheme", "fastTrackSchemes", { $0.fastTrack!.scheme = FastTrack.Scheme($1) }),
    ("extensionGround", "extensionGrounds", { $0.extensionGround = Application.ExtensionGround($1) }),
  ]

  @Test func theListsAreTheRuleFilesLists() {
    let v = Self.book.vocabulary
    #expect(v.purposes.map(\.rawValue) == Self.declared("purposes"))
    #expect(v.documentTypes.map(\.id.rawValue) == Self.declared("documentTypes"))
    #expect(v.hostRelationships.map(\.id.rawValue) == Self.declared("hostRelationships"))
    #expect(v.extensionGrounds.map(\.id.rawValue) == Self.declared("extensionGrounds"))
    #expect(v.fastTrackSchemes.map(\.id.rawValue) == Self.declared("fastTrackSchemes"))
    #expect(Set(v.categories.map(\.id.rawValue)) == Set(Self.declared("categories")))
    #expect(Set(v.documentCategories.map(\.id.rawValue)) == Set(Self.declared("documentCategories")))
    #expect(v.countries.count == Self.declared("countries").count)
    #expect(v.countries.first { $0.code == "FR" }?.name == "France")
    #expect(v.countries.first { $0.code == "PR" }?.isNationality == false)
    // Art. 33(1) and (2) are named by the grounds (legal reference: Visa Code Art. 33 [V]).
    #expect(v.extensionGrounds.first { $0.id == .forceMajeure }?.articles == "Visa Code Art. 33(1)")
    #expect(v.extensionGrounds.first { $0.id == .seriousPersonalReasons }?.articles == "Visa Code Art. 33(2)")
    // Croatia applies the common visa policy from 2023-01-01 (Council Decision (EU) 2022/2451).
    #expect(v.destinations.first { $0.code == "HR" }?.from == LocalDate(iso: "2023-01-01"))
    #expect(v.destinations.first { $0.code == "NL" }.map { $0.from == nil } == true)
    #expect(v.currency == "EUR")
  }

  @Test func theStaticMembersAreDeclaredByTheRules() {
    let v = Self.book.vocabulary
    let purposes: [Purpose] = [
      .tourism, .business, .study, .family, .culture, .sport, .official, .medical, .transit, .research, .journalism, .transport,
      .other,
    ]
    #expect(Set(purposes).isSubset(of: Set(v.purposes)))
    let kinds: [TravelDocument.Kind] = [.ordinary, .diplomatic, .service, .official]
    #expect(Set(kinds).isSubset(of: Set(v.documentTypes.map(\.id))))
    let relationships: [VisaRules.Host.Relationship] = [.spouse, .registeredPartner, .child, .parent, .grandparent, .grandchild, .other]
    #expect(Set(relationships).isSubset(of: Set(v.hostRelationships.map(\.id))))
    let grounds: [Application.ExtensionGround] = [.forceMajeure, .humanitarian, .seriousPersonalReasons]
    #expect(Set(grounds).isSubset(of: Set(v.extensionGrounds.map(\.id))))
    let schemes: [FastTrack.Scheme] = [.orangeCarpet, .blueCarpet]
    #expect(Set(schemes).isSubset(of: Set(v.fastTrackSchemes.map(\.id))))
  }

  @Test func everyListedValueIsAccepted() {
    let v = Self.book.vocabulary
    let lists: [String: [String]] = [
      "purposes": v.purposes.map(\.rawValue), "documentTypes": v.documentTypes.map(\.id.rawValue),
      "hostRelationships": v.hostRelationships.map(\.id.rawValue), "fastTrackSchemes": v.fastTrackSchemes.map(\.id.rawValue),
      "extensionGrounds": v.extensionGrounds.map(\.id.rawValue),
    ]
    for (field, key, set) in Self.fields {
      #expect(!(lists[key] ?? []).isEmpty, "\(key)")
      for id in lists[key] ?? [] {
        var app = Self.application()
        set(&app, id)
        // Another check may fail (an extension needs other facts), never this field's.
        let e = Self.swiftError(app)
        #expect(e?.field != field, "\(field) = \(id): \(String(describing: e))")
      }
    }
    for c in v.categories {
      var app = Self.application()
      app.applicant.categories = [c.id]
      #expect(Self.swiftError(app)?.field?.hasPrefix("applicant.categories") != true, "\(c.id)")
    }
    for d in v.documentCategories {
      var app = Self.application()
      app.applicant.travelDocument.category = d.id
      #expect(Self.swiftError(app)?.field != "applicant.travelDocument.category", "\(d.id)")
    }
    for c in v.countries where c.isNationality {
      var app = Self.application()
      app.applicant.nationality = c.code
      #expect(Self.swiftError(app)?.field != "applicant.nationality", "\(c.code)")
    }
  }

  /// A value not listed is rejected on every path with the same error: `unknownValue`, the
  /// field, the value, the listed values as `allowed`, and the nearest one.
  @Test func aValueNotListedIsRejectedTheSameWayOnEveryPath() throws {
    let typos = [
      "purposes": ("turism", "tourism"), "documentTypes": ("ordinery", "ordinary"), "hostRelationships": ("Spouse", "spouse"),
      "fastTrackSchemes": ("orangecarpet", "orangeCarpet"), "extensionGrounds": ("forceMajuere", "forceMajeure"),
    ]
    for (field, key, set) in Self.fields {
      let (typo, meant) = try #require(typos[key])
      var app = Self.application()
      set(&app, typo)
      let e = try #require(Self.swiftError(app), "\(field) = \(typo) was accepted")
      #expect(e.kind == .unknownValue)
      #expect(e.field == field)
      #expect(e.value == typo)
      #expect(e.allowed == Self.declared(key).joined(separator: ", "))
      #expect(e.message.contains("did you mean \(meant)?"), "\(e.message)")
      // The JSON form, the JSON Lines path and Codable give the very same error.
      #expect(throws: e) { try Self.book.evaluate(Application(json: app.json())) }
      #expect(try JSONDecoder().decode(Application.self, from: Data(app.json().utf8)) == app)
      let line = try #require(Self.batchError(app))
      #expect(line == #"{"line":1,"error":"# + e.json + "}")
    }
  }

  /// Country codes are a vocabulary too (`Rules/countries.json`): a code not listed is rejected
  /// with the nearest one.
  @Test func aCountryCodeNotListedIsRejectedWithTheNearestOne() throws {
    var app = Self.application()
    app.applicant.residence = CountryCode("fr")
    let e = try #require(Self.swiftError(app))
    #expect(e.field == "applicant.residence")
    #expect(e.value == "fr")
    #expect(e.message.contains("did you mean FR (France)?"), "\(e.message)")
    app.applicant.residence = "FR"
    #expect(Self.swiftError(app) == nil)
    // Every country field is checked, the host's residence too.
    app.applicant.host?.residence = "nl"
    let h = try #require(Self.swiftError(app))
    #expect(h.field == "applicant.host.residence" && h.kind == .unknownValue)
    #expect(h.message.contains("did you mean NL (Netherlands)?"), "\(h.message)")
    app.applicant.host?.residence = "NL"
    #expect(Self.swiftError(app) == nil)
  }

  /// A country code in the wrong case (`"ru"`) gets one error, whichever way the application
  /// comes in (Swift, JSON, a batch line, `Codable`): `unknownValue`, the field, the code found,
  /// the codes allowed and the code meant, with its name.
  @Test(arguments: [
    ("applicant.nationality", "ru", "RU (Russian Federation)"), ("applicant.residence", "ru", "RU (Russian Federation)"),
    ("lodgedIn", "ru", "RU (Russian Federation)"), ("destination", "nl", "NL (Netherlands)"),
    ("applicant.host.nationality", "nl", "NL (Netherlands)"), ("applicant.host.residence", "nl", "NL (Netherlands)"),
  ])
  func aCountryCodeInTheWrongCaseGetsOneErrorOnEveryPath(field: String, code: String, meant: String) throws {
    var app = Self.application()
    let c = CountryCode(code)
    switch field {
    case "applicant.nationality": app.applicant.nationality = c
    case "applicant.residence": app.applicant.residence = c
    case "lodgedIn": app.lodgedIn = c
    case "destination": app.destination = c
    case "applicant.host.nationality": app.applicant.host?.nationality = c
    default: app.applicant.host?.residence = c
    }
    let e = try #require(Self.swiftError(app), "\(field) = \(code) was accepted")
    #expect(e.kind == .unknownValue)
    #expect(e.field == field)
    #expect(e.value == code)
    #expect(e.allowed == "an ISO 3166-1 alpha-2 code (or XK, Kosovo) from Rules/countries.json")
    #expect(e.message == "\"\(code)\" is not a country code of the vocabulary; did you mean \(meant)?")
    // The JSON text carries the code as written (not fixed, not refused by the reader alone).
    let json = app.json()
    #expect(json.contains("\"\(code)\""))
    #expect(try Application(json: json) == app)
    #expect(throws: e) { try Self.book.evaluate(Application(json: json)) }
    #expect(throws: e) { try Self.book.evaluate(JSONDecoder().decode(Application.self, from: Data(json.utf8))) }
    #expect(try #require(Self.batchError(app)) == #"{"line":1,"error":"# + e.json + "}")
  }

  /// A rule book without a country vocabulary (no `countries.json`) still takes only two
  /// capital letters, and says which were meant.
  @Test func withoutACountryVocabularyACodeIsTwoCapitalLetters() throws {
    let sources = RuleBook.builtInSources.filter { !$0.path.hasSuffix("countries.json") }
    #expect(sources.count == RuleBook.builtInSources.count - 1)
    let book = try RuleBook(sources: sources)
    #expect(book.vocabulary.countries.isEmpty)
    var app = Self.application()
    #expect(Self.swiftError(app, book) == nil)
    app.applicant.residence = "ru"
    let e = try #require(Self.swiftError(app, book))
    #expect(e.kind == .unknownValue && e.field == "applicant.residence" && e.value == "ru")
    #expect(e.message == "\"ru\" is not a country code; did you mean RU?")
    #expect(e.allowed == "ISO 3166-1 alpha-2: two capital letters such as RU or NL")
    #expect(throws: e) { try book.evaluate(Application(json: app.json())) }
    app.applicant.residence = "Russia"
    #expect(Self.swiftError(app, book)?.message == "\"Russia\" is not a country code")
  }

  /// Every vocabulary type has the same form (``OpenVocabulary``): made from a literal or a
  /// string alike, ordered by id, printed and encoded as its bare id.
  @Test func theVocabularyTypesShareOneForm() throws {
    func check<V: OpenVocabulary>(_ literal: V, _ id: String, _ smaller: String) throws {
      #expect(literal == V(id) && literal == V(rawValue: id) && literal.rawValue == id)
      #expect(literal.description == id && "\(literal)" == id)
      #expect(V(smaller) < literal && !(literal < V(smaller)))
      let data = try JSONEncoder().encode([literal])
      #expect(String(decoding: data, as: UTF8.self) == "[\"\(id)\"]")
      #expect(try JSONDecoder().decode([V].self, from: data) == [literal])
    }
    try check("NL" as CountryCode, "NL", "DE")
    try check("tourism" as Purpose, "tourism", "business")
    try check("student" as VisaRules.Category, "student", "disabled")
    try check("spouse" as VisaRules.Host.Relationship, "spouse", "child")
    try check("ordinary" as TravelDocument.Kind, "ordinary", "diplomatic")
    try check("national" as TravelDocument.Category, "national", "hongKongSAR")
    try check("orangeCarpet" as FastTrack.Scheme, "orangeCarpet", "blueCarpet")
    try check("humanitarian" as Application.ExtensionGround, "humanitarian", "forceMajeure")
    // The rule book lists its countries as codes of the same type.
    let v = Self.book.vocabulary
    #expect(v.countries.contains { $0.code == "NL" && $0.name == "Netherlands" })
    #expect(v.destinations.map(\.code) == v.destinations.map(\.code).sorted())
  }

  /// The vocabulary is data: an overlay adds a fast-track scheme, a purpose and a document
  /// type, which are then listed and accepted, with no Swift change.
  @Test func anOverlayExtendsTheVocabulary() throws {
    let overlay = RuleBook.RuleSource(
      path: "overlay/vocabulary.json",
      text: #"""
        {"formatVersion": 1, "vocabulary": {
          "purposes": ["pilgrimage"],
          "documentTypes": [{"id": "laissezPasser", "description": "an illustrative laissez-passer"}],
          "fastTrackSchemes": [{"id": "greenLane", "description": "an illustrative scheme"}]}}
        """#)
    let book = try Self.book.adding([overlay])
    let v = book.vocabulary
    #expect(v.purposes.last == "pilgrimage")
    #expect(v.documentTypes.last?.id == "laissezPasser")
    #expect(v.fastTrackSchemes.last?.id == "greenLane")
    var app = Self.application()
    app.trip.purpose = "pilgrimage"
    app.applicant.travelDocument.type = "laissezPasser"
    app.fastTrack?.scheme = "greenLane"
    #expect(Self.swiftError(app, book) == nil)
    #expect(Self.swiftError(app)?.field == "trip.purpose")
  }

  /// The options listed are the options the evaluator accepts: each value of each, and
  /// nothing else.
  @Test func theOptionsListedAreTheOptionsAccepted() throws {
    let app = Self.application()
    let options = Self.book.vocabulary.options
    #expect(options.count >= 5)
    for o in options {
      #expect(o.values.contains { $0.name == o.defaultValue }, "\(o.id)")
      for value in o.values {
        #expect(throws: Never.self) { try Self.book.evaluate(app, options: EvaluationOptions(options: [o.id: value.name])) }
      }
      let bad = o.values[0].name + "X"
      #expect(throws: VisaRulesError.self) { try Self.book.evaluate(app, options: EvaluationOptions(options: [o.id: bad])) }
      do {
        _ = try Self.book.evaluate(app, options: EvaluationOptions(options: [o.id: bad]))
      } catch {
        #expect(error.allowed == o.values.map(\.name).joined(separator: ", "))
      }
    }
    #expect(throws: VisaRulesError.self) { try Self.book.evaluate(app, options: EvaluationOptions(options: ["no.suchOption": "on"])) }
  }

  @Test func theCommandLinePrintsTheVocabulary() throws {
    let r = try runVisa(["rules", "vocabulary"])
    #expect(r.code == 0, "\(r.err)")
    let v = Self.book.vocabulary
    let ids =
      v.documentTypes.map(\.id.rawValue) + v.hostRelationships.map(\.id.rawValue) + v.extensionGrounds.map(\.id.rawValue)
      + v.fastTrackSchemes.map(\.id.rawValue) + v.categories.map(\.id.rawValue) + v.options.map(\.id)
    for id in ids { #expect(r.out.contains("  \(id)"), "\(id)") }
    #expect(r.out.contains(v.purposes.map(\.rawValue).joined(separator: ", ")))
    #expect(r.out.contains("  FR France"))
  }
}
