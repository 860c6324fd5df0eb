import Foundation
import Testing
import VisaRules

/// The law that used to sit in Swift is rule data: the 90/180-day rule (Schengen Borders Code
/// Art. 6(1)), the longest validity (Visa Code Art. 24(1)), the period of grace (Art. 24(1)) and
/// the travel document's validity rules (Art. 12) the cascade simulator assumes. Each test reads
/// the law's value from the built-in rules (expected values from the legal reference, §3.5,
/// §3.7, §5.4, §6), then lays an overlay over them that changes the data and shows the answer
/// changing, from the overlay's first day and not the day before.
struct LawDataTests {
  static func date(_ s: String) -> LocalDate { LocalDate(iso: s)! }

  /// An overlay instrument (a reform) in force from `from`, with provisions and amendments.
  static func overlay(
    _ id: String, from: String = "2010-04-05", provisions: String = "", amendments: String = "", suspensions: String = ""
  ) -> RuleBook.RuleSource {
    var parts = [
      """
      "instrument": {"id": "\(id)", "shortName": "Reform \(id)", "title": "A reform for a test", "kind": "reform",
        "officialReference": "none", "inForce": {"from": "\(from)"}, "status": "U", "lastVerified": "2026-11-30"}
      """
    ]
    if !provisions.isEmpty { parts.append("\"provisions\": [\(provisions)]") }
    if !amendments.isEmpty { parts.append("\"amendments\": [\(amendments)]") }
    if !suspensions.isEmpty { parts.append("\"suspensions\": [\(suspensions)]") }
    return RuleBook.RuleSource(path: "overlay/\(id).json", text: "{" + parts.joined(separator: ",\n") + "}")
  }

  static func amendment(_ id: String, _ target: String, from: String, value: Int) -> String {
    """
    {"id": "\(id)", "target": "\(target)", "from": "\(from)", "value": \(value), "citation": {"article": "1"}, "status": "U"}
    """
  }

  /// The first error loading the built-in rules with `sources` laid over them.
  static func loadError(_ sources: [RuleBook.RuleSource]) throws -> VisaRulesError {
    do {
      _ = try RuleBook.builtIn().adding(sources)
    } catch {
      return error
    }
    Issue.record("the overlay loaded without error")
    return VisaRulesError(.io, message: "none")
  }

  // MARK: - The 90/180-day rule

  @Test func theBuiltInStayRuleIsNinetyDaysInAny180DayPeriod() throws {
    let book = try RuleBook.builtIn()
    let rule = try book.stayRule(on: Self.date("2024-06-01"))
    #expect(rule.maximumDays == 90)
    #expect(rule.periodDays == 180)
    #expect(rule.citation == "Schengen Borders Code Art. 6(1)")
    #expect(rule.status == .verified)
    // The wording dates from 2013-10-18 (legal reference §6); the day before rests on [U].
    #expect(try book.stayRule(on: Self.date("2013-10-17")).status == .unverified)
    #expect(try book.stayRule(on: Self.date("2013-10-18")).status == .verified)
    #expect(try book.figure(.stayMaximumDays, on: Self.date("2013-10-18")).provision == "sbc.6.1.days")
  }

  static let sixtyDays = overlay(
    "reform-stay", from: "2025-01-01", amendments: amendment("reform-stay.days", "sbc.6.1.days", from: "2025-01-01", value: 60))

  @Test func anOverlayChangingTheStayRuleChangesTheCalculator() throws {
    let base = try RuleBook.builtIn()
    let book = try base.adding([Self.sixtyDays])
    #expect(try book.stayRule(on: Self.date("2024-12-31")).maximumDays == 90)
    #expect(try book.stayRule(on: Self.date("2025-01-01")).maximumDays == 60)
    // 70 days from 2025-01-01 to 2025-03-11, asked about on 2025-03-12.
    let query = StayQuery(stays: [Stay(entry: Self.date("2025-01-01"), exit: Self.date("2025-03-11"))])
    let law = try query.report(rules: base)
    #expect(law.overstayDays.isEmpty)
    #expect(law.daysLeft == 20)
    let reform = try query.report(rules: book)
    // Day 61 of the stay (2025-03-02) is the first beyond 60 days; ten days in all.
    #expect(reform.overstayDays.first == Self.date("2025-03-02"))
    #expect(reform.overstayDays.count == 10)
    #expect(reform.daysLeft == 0)
    #expect(reform.text.contains("60 days in any 180-day period"))
    #expect(reform.json.contains("\"maximumDays\": 60"))
  }

  @Test func anOverlayChangingTheStayRuleChangesLawfulUseInADecision() throws {
    let book = try RuleBook.builtIn().adding([Self.sixtyDays])
    var app = tourist(lodged: "2025-06-02")
    app.applicant.nationality = "CN"
    app.applicant.residence = "CN"
    app.lodgedIn = "CN"
    app.destination = "FR"
    app.visaHistory = [
      PreviousVisa(
        validFrom: Self.date("2025-01-01"), validUntil: Self.date("2025-04-30"), entries: .multiple,
        stays: [Stay(entry: Self.date("2025-01-01"), exit: Self.date("2025-03-11"))])
    ]
    let law = try RuleBook.builtIn().evaluate(app)
    #expect(!law.warnings.contains { $0.contains("was not lawfully used") })
    let reform = try book.evaluate(app)
    #expect(
      reform.warnings.contains {
        $0.contains("visaHistory[0] was not lawfully used: more than 60 days in the 180-day period ending that day, on 2025-03-02")
          && $0.contains("(Schengen Borders Code Art. 6(1) as amended by Reform reform-stay; Schengen Borders Code Art. 6(1))")
      })
  }

  @Test func theStaysCommandTakesARulesFolder() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("lawdata-stays-\(getpid())")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    try Self.sixtyDays.text.write(to: dir.appendingPathComponent("reform.json"), atomically: true, encoding: .utf8)
    let input = #"{"stays": [{"entry": "2025-01-01", "exit": "2025-03-11"}]}"#
    let law = try runVisa(["stays", "-"], stdin: input)
    #expect(law.code == 0)
    #expect(law.out.contains("90/180-day rule (Schengen Borders Code Art. 6(1) [V])"))
    #expect(law.out.contains("No overstay"))
    let reform = try runVisa(["stays", "--rules", dir.path, "-"], stdin: input)
    #expect(reform.code == 1, "an overstay exits 1: \(reform.err)")
    #expect(reform.out.contains("60/180-day rule"))
    #expect(reform.out.contains("Overstay on 10 days: first 2025-03-02, last 2025-03-11"))
  }

  // MARK: - The longest validity

  /// A reform entitling Chinese nationals to a multiple-entry visa of `months` from 2025-01-01.
  static func longVisa(_ months: Int) -> String {
    """
    {"id": "reform-mev.cn", "citation": {"article": "1"}, "status": "U", "effective": {"from": "2025-01-01"},
     "figure": "validity", "kind": "entitlement", "value": {"entries": "multiple", "months": \(months)},
     "when": {"nationality": ["CN"]}, "summary": "Long multiple-entry visas."}
    """
  }

  func chineseTourist(lodged: String) -> Application {
    var app = tourist(lodged: lodged)
    app.applicant.nationality = "CN"
    app.applicant.residence = "CN"
    app.lodgedIn = "CN"
    app.destination = "FR"
    app.applicant.travelDocument.expiry = Self.date("2045-01-01")
    return app
  }

  @Test func theLongestValidityIsFiveYearsAndAnOverlayCanRaiseIt() throws {
    let base = try RuleBook.builtIn()
    let maximum = try base.figure(.validityMaximumMonths, on: Self.date("2010-04-05"))
    #expect(maximum.value == 60)
    #expect(maximum.citation == "Visa Code Art. 24(1)")
    #expect(maximum.status == .verified)
    // Up to the maximum a reform loads; one month more is an error located at the provision.
    _ = try base.adding([Self.overlay("reform-mev", from: "2025-01-01", provisions: Self.longVisa(60))])
    let error = try Self.loadError([Self.overlay("reform-mev", from: "2025-01-01", provisions: Self.longVisa(61))])
    #expect(error.kind == .invalidRules)
    #expect(error.message.contains("\"months\" of provision reform-mev.cn is 61, more than validity.maximumMonths"))
    #expect(error.location?.file == "overlay/reform-mev.json")
    // Raising the maximum from the reform's first day lets it give ten years.
    let raised = Self.overlay(
      "reform-mev", from: "2025-01-01", provisions: Self.longVisa(120),
      amendments: Self.amendment("reform-mev.maximum", "vc.24.1.maximum", from: "2025-01-01", value: 120))
    let book = try base.adding([raised])
    #expect(try book.figure(.validityMaximumMonths, on: Self.date("2024-12-31")).value == 60)
    #expect(try book.figure(.validityMaximumMonths, on: Self.date("2025-01-01")).value == 120)
    #expect(try book.evaluate(chineseTourist(lodged: "2025-03-01")).validity?.maxMonths == 120)
    #expect(try base.evaluate(chineseTourist(lodged: "2025-03-01")).validity?.maxMonths != 120)
  }

  @Test func theFormatStillBoundsMonths() throws {
    let error = try Self.loadError([Self.overlay("reform-mev", from: "2025-01-01", provisions: Self.longVisa(1201))])
    #expect(error.message.contains("\"months\" of provision reform-mev.cn must be a whole number from 1 to 1200, found 1201"))
  }

  // MARK: - The cascade: period of grace and passport renewal

  func cascadeTemplate(passportExpiry: String = "2035-01-01") -> Application {
    var app = chineseTourist(lodged: "2019-01-01")
    app.applicant.travelDocument.expiry = Self.date(passportExpiry)
    return app
  }

  /// Three trips of ten days a year from 2019-06-01: the first visas are single-entry.
  let pattern = TravelPattern(tripsPerYear: 3, tripDays: 10, start: LocalDate(iso: "2019-06-01")!, years: 2)

  @Test func aSingleEntryVisaRunsFifteenDaysOfGraceBeyondTheTrip() throws {
    let base = try RuleBook.builtIn()
    #expect(try base.figure(.validityGraceDays, on: Self.date("2020-02-01")).status == .corroborated)
    let grace = try base.figure(.validityGraceDays, on: Self.date("2020-02-02"))
    #expect(grace.value == 15)
    #expect(grace.status == .verified)
    let law = try base.simulateCascade(cascadeTemplate(), pattern: pattern)
    // The first trip: 2019-06-01 to 2019-06-10, plus 15 days.
    #expect(law.steps[0].entries == .single)
    #expect(law.steps[0].validUntil == Self.date("2019-06-25"))
    #expect(law.steps[0].citation.contains("15 days of grace (Visa Code Art. 24(1) [C])"))
    // An overlay with no grace from 2019-01-01: the visa ends with the trip, until the 2020
    // amendment (Regulation 2019/1155) gives the 15 days again.
    let book = try base.adding([
      Self.overlay("reform-grace", amendments: Self.amendment("reform-grace.none", "vc.24.1.grace", from: "2019-01-01", value: 0))
    ])
    #expect(try book.figure(.validityGraceDays, on: Self.date("2018-12-31")).value == 15)
    let reform = try book.simulateCascade(cascadeTemplate(), pattern: pattern)
    #expect(reform.steps[0].validUntil == Self.date("2019-06-10"))
    #expect(reform.steps[0].citation.contains("0 days of grace"))
  }

  @Test func aPassportIsAssumedRenewedWhenItWouldNotLastThreeMonthsAfterATrip() throws {
    let base = try RuleBook.builtIn()
    let months = try base.figure(.travelDocumentValidAfterDepartureMonths, on: Self.date("2019-01-01"))
    #expect(months.value == 3)
    #expect(months.citation == "Visa Code Art. 12(a)")
    #expect(try base.figure(.travelDocumentIssuedWithinYears, on: Self.date("2019-01-01")).value == 10)
    // The passport expires 2019-10-01: the first trip ends 2019-06-10 (+3 months: 2019-09-10,
    // in time); the second, 2019-10-01 to 2019-10-10, needs a new one, renewed on its lodging
    // date (2019-09-01) for 10 years.
    let law = try base.simulateCascade(cascadeTemplate(passportExpiry: "2019-10-01"), pattern: pattern)
    #expect(!law.steps[0].warnings.contains { $0.hasPrefix("passport assumed renewed") })
    #expect(law.steps[1].warnings.first?.hasPrefix("passport assumed renewed on 2019-09-01, valid to 2029-09-01") == true)
    // With 4 months required and a document serving 5 years, the first trip needs it already.
    let book = try base.adding([
      Self.overlay(
        "reform-passport",
        amendments: [
          Self.amendment("reform-passport.months", "vc.12.a", from: "2019-01-01", value: 4),
          Self.amendment("reform-passport.years", "vc.12.issued", from: "2019-01-01", value: 5),
        ].joined(separator: ","))
    ])
    let reform = try book.simulateCascade(cascadeTemplate(passportExpiry: "2019-10-01"), pattern: pattern)
    #expect(reform.steps[0].warnings.first?.hasPrefix("passport assumed renewed on 2019-05-02, valid to 2024-05-02") == true)
  }

  // MARK: - The visa list cited

  @Test func theVisaListCitedWhereTheRequirementIsNotEncodedComesFromTheRules() throws {
    // Lists suspended for Chinese nationals: no provision decides their visa requirement, and
    // the warning names the list in force (world.md §2.1: Regulation 539/2001 to 2018-12-17,
    // its codification 2018/1806 from 2018-12-18).
    let suspension = """
      {"id": "reform-list.s", "targets": ["reg-2018-1806", "reg-539-2001"], "from": "2010-04-05",
       "appliesTo": {"nationality": ["CN"]}, "citation": {"article": "1"}, "status": "U"}
      """
    let book = try RuleBook.builtIn().adding([Self.overlay("reform-list", suspensions: suspension)])
    func warning(_ book: RuleBook, lodged: String) throws -> String? {
      try book.evaluate(chineseTourist(lodged: lodged)).warnings.first { $0.contains("need a visa is not encoded") }
    }
    #expect(try warning(RuleBook.builtIn(), lodged: "2018-12-17") == nil)
    #expect(try warning(book, lodged: "2018-12-17")?.contains("(Regulation (EC) No 539/2001, Annexes I and II)") == true)
    #expect(try warning(book, lodged: "2018-12-18")?.contains("(Regulation (EU) 2018/1806, Annexes I and II)") == true)
    // A list of the overlay's own (for other nationals) is cited beside it from its first day.
    let list = """
      {"id": "reform-list.ru", "citation": {"article": "1"}, "status": "U", "effective": {"from": "2019-01-01"},
       "figure": "eligibility.visaRequired", "kind": "requirement", "value": true, "when": {"nationality": ["RU"]},
       "overrides": [], "summary": "A list of one."}
      """
    let own = try RuleBook.builtIn().adding([Self.overlay("reform-list", provisions: list, suspensions: suspension)])
    #expect(try warning(own, lodged: "2018-12-31")?.contains("(Regulation (EU) 2018/1806, Annexes I and II)") == true)
    #expect(try warning(own, lodged: "2019-01-01")?.contains("(Regulation (EU) 2018/1806; Reform reform-list, Annexes I and II)") == true)
  }

  // MARK: - The currency

  @Test func theCurrencyIsASettingOfTheRuleBook() throws {
    let base = try RuleBook.builtIn()
    // The Visa Code states its fees in euro (legal reference §3.2): 60 EUR in the 2010 text.
    #expect(base.currency == "EUR")
    #expect(base.provision("vc.16.1")?.versions.first?.value == "60 EUR")
    let vocabulary = RuleBook.RuleSource(path: "overlay/vocabulary.json", text: #"{"vocabulary": {"currency": "XEU"}}"#)
    let book = try base.adding([vocabulary])
    #expect(book.currency == "XEU")
    #expect(book.provision("vc.16.1")?.versions.first?.value == "60 XEU")
    #expect(book.catalogue.contains("Amounts in XEU."))
    // The decision's amounts carry the book's currency, in Swift and in JSON, on the single and
    // the batch paths alike (no currency in Swift).
    let input = AdmissibilityTests.application(start: "2021-04-20", end: "2021-04-30")
    let app = try Application(json: input)
    let decision = try book.evaluate(app)
    #expect(decision.fee?.amount == Money(cents: 3500, currency: "XEU"))
    #expect(decision.serviceFeeCap?.value.currency == "XEU")
    #expect(decision.fee?.amount.description == "35 XEU")
    #expect(try base.evaluate(app).fee?.amount == Money(euros: 35))
    let json = decision.json()
    #expect(json.contains(#""currency":"XEU""#))
    #expect(!json.contains("EUR"))
    let compact = input.split(separator: "\n").joined(separator: " ")
    let line = Array(compact.utf8).withUnsafeBufferPointer { book.evaluateLine($0, lineNumber: 1) }
    let text = String(decoding: line.output, as: UTF8.self)
    #expect(text.contains(#""currency":"XEU""#))
    #expect(!text.contains("EUR"))
    let bad = try Self.loadError([
      RuleBook.RuleSource(path: "overlay/vocabulary.json", text: #"{"vocabulary": {"currency": "eur"}}"#)
    ])
    #expect(bad.message == #"vocabulary.currency must be an ISO 4217 currency code, three capital letters ("EUR"), found "eur""#)
    #expect(bad.location?.file == "overlay/vocabulary.json")
    // A complete rule book must state it.
    let sources = RuleBook.builtInSources.map { source in
      source.path.hasSuffix("Rules/vocabulary.json") || source.path == "vocabulary.json"
        ? RuleBook.RuleSource(path: source.path, text: source.text.replacingOccurrences(of: #""currency": "EUR","#, with: ""))
        : source
    }
    #expect(sources.map(\.text).joined().contains(#""currency": "EUR""#) == false)
    do {
      _ = try RuleBook(sources: sources)
      Issue.record("a rule book without a currency loaded")
    } catch {
      #expect(error.message.hasPrefix("no currency: the rule book does not say in which currency its amounts are"))
    }
  }

  // MARK: - The format of rule-book figures

  @Test func malformedRuleBookFiguresAreLocatedErrors() throws {
    func provision(_ figure: String, _ value: String, extra: String = "") -> String {
      """
      {"id": "reform-bad.p", "citation": {"article": "1"}, "status": "U", "effective": {"from": "2025-01-01"},
       "figure": "\(figure)", "value": \(value)\(extra), "summary": "s"}
      """
    }
    let zero = try Self.loadError([Self.overlay("reform-bad", from: "2025-01-01", provisions: provision("stay.maximumDays", "0"))])
    #expect(zero.message.contains("the value of provision reform-bad.p (days) must be a whole number from 1 to 3650"))
    #expect(zero.location?.file == "overlay/reform-bad.json")
    let text = try Self.loadError([Self.overlay("reform-bad", from: "2025-01-01", provisions: provision("validity.graceDays", "\"15\""))])
    #expect(text.message.contains("the value of provision reform-bad.p (days) must be a whole number from 0 to 365"))
    let conditional = try Self.loadError([
      Self.overlay(
        "reform-bad", from: "2025-01-01", provisions: provision("stay.maximumDays", "60", extra: ", \"when\": {\"age\": {\"below\": 18}}"))
    ])
    #expect(conditional.message.contains("a figure of the rule book (one value per date): it takes no \"when\""))
    let longerThanPeriod = try Self.loadError([
      Self.overlay(
        "reform-bad", from: "2025-01-01", amendments: Self.amendment("reform-bad.a", "sbc.6.1.days", from: "2025-01-01", value: 181))
    ])
    #expect(longerThanPeriod.message.contains("stay.maximumDays (181 days, 'sbc.6.1.days') exceeds stay.periodDays (180 days"))
    let suspended = try Self.loadError([
      Self.overlay(
        "reform-bad", from: "2025-01-01",
        suspensions:
          #"{"id": "reform-bad.s", "targets": ["sbc.6.1.days"], "from": "2025-01-01", "citation": {"article": "1"}, "status": "U"}"#)
    ])
    #expect(suspended.message.contains("a figure of the rule book: amend it instead"))
  }

  @Test func twoProvisionsGivingOneRuleBookFigureConflictUnlessOneOverrides() throws {
    let competing = """
      {"id": "reform-rival.days", "citation": {"article": "1"}, "status": "U", "effective": {"from": "2025-01-01"},
       "figure": "stay.maximumDays", "value": 60, "summary": "s"}
      """
    let error = try Self.loadError([Self.overlay("reform-rival", from: "2025-01-01", provisions: competing)])
    #expect(error.message.contains("provisions 'sbc.6.1.days' and 'reform-rival.days' both give stay.maximumDays on 2025-01-01"))
    let overriding = competing.replacingOccurrences(of: "\"summary\"", with: "\"overrides\": [\"sbc.6.1.days\"], \"summary\"")
    let book = try RuleBook.builtIn().adding([Self.overlay("reform-rival", from: "2025-01-01", provisions: overriding)])
    #expect(try book.stayRule(on: Self.date("2025-01-01")).maximumDays == 60)
    #expect(try book.stayRule(on: Self.date("2024-12-31")).maximumDays == 90)
  }

  @Test func askingForAFigureTheRulesDoNotGiveIsAnError() throws {
    let book = try RuleBook.builtIn()
    #expect(throws: VisaRulesError.self) { try book.figure(.fee, on: Self.date("2024-01-01")) }
    do {
      _ = try book.stayRule(on: Self.date("2009-01-01"))
      Issue.record("no error before the rules' coverage")
    } catch {
      #expect(error.kind == .notCovered)
      #expect(error.message == "no provision of the rules gives stay.maximumDays on 2009-01-01")
    }
  }
}
