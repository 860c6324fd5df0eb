import Foundation
import Testing
import VisaRules

/// The visa list for every nationality (world.md §2): every code of the country vocabulary
/// resolves on every date, the travel-document fields decide where the Annexes' footnotes say
/// so, and bad country codes are errors that name the field and a near code. Expected values come
/// from world.md, not from the program's output. Every application is lodged on its day of entry.
@Suite struct VisaListTests {
  let book = try! RuleBook.builtIn()

  /// The codes of `Rules/countries.json`, split into nationalities and territories.
  static let countries: (nationalities: [String], territories: [(code: String, sovereign: String?)]) = {
    let url = Package.rules.appendingPathComponent("countries.json")
    let root = try! JSONSerialization.jsonObject(with: Data(Package.text(url).utf8)) as! [String: Any]
    let list = (root["vocabulary"] as! [String: Any])["countries"] as! [[String: Any]]
    var nationalities: [String] = []
    var territories: [(String, String?)] = []
    for c in list {
      let code = c["code"] as! String
      if c["territoryOf"] != nil || c["nationality"] as? Bool == false {
        territories.append((code, c["territoryOf"] as? String))
      } else {
        nationalities.append(code)
      }
    }
    return (nationalities, territories)
  }()

  func application(
    _ nationality: String, on day: String, residence: String? = nil, document: TravelDocument? = nil,
    destination: String = "NL"
  ) -> Application {
    let d = LocalDate(iso: day)!
    return Application(
      lodgingDate: d, destination: CountryCode(destination), lodgedIn: CountryCode(residence ?? nationality),
      applicant: Applicant(
        nationality: CountryCode(nationality), residence: CountryCode(residence ?? nationality), birthDate: LocalDate(iso: "1980-05-05")!,
        travelDocument: document ?? TravelDocument(expiry: LocalDate(iso: "2036-01-01")!)),
      trip: Trip(purpose: "tourism", start: d, end: d.adding(days: 10)))
  }

  func required(_ app: Application) throws -> Ruling<Bool>? {
    try book.evaluate(app).eligibility.visaRequired
  }

  func passport(
    biometric: Bool? = nil, issued: String? = nil, category: TravelDocument.Category = .national, type: TravelDocument.Kind = .ordinary
  ) -> TravelDocument {
    TravelDocument(
      type: type, expiry: LocalDate(iso: "2036-01-01")!, biometric: biometric, issued: issued.flatMap { LocalDate(iso: $0) },
      category: category)
  }

  @Test func theVocabularyHasEveryISOCodeAndKosovo() {
    let all = Set(Self.countries.nationalities + Self.countries.territories.map(\.code))
    // ISO 3166-1 has 249 alpha-2 codes; XK is added (world.md §0).
    #expect(all.count == 250)
    for code in ["XK", "PS", "HK", "MO", "TW", "GB", "US", "VA", "SS", "NR"] { #expect(Self.countries.nationalities.contains(code)) }
  }

  /// Every nationality, on dates across the covered range (each half year and the days around
  /// every change of world.md §2.4–2.5), gets an answer with a citation, and never the warning
  /// that the requirement is not encoded.
  @Test func everyNationalityResolvesOnEveryDate() throws {
    var days: [String] = []
    for year in 2010...2026 {
      for md in ["-01-02", "-07-01"] where "\(year)\(md)" >= "2010-04-05" { days.append("\(year)\(md)") }
    }
    days += [
      "2010-04-05", "2010-12-14", "2010-12-15", "2011-01-10", "2011-01-11", "2013-06-30", "2013-07-01", "2014-04-27", "2014-04-28",
      "2014-06-08", "2014-06-09", "2016-06-24", "2016-06-25", "2017-03-27", "2017-03-28", "2017-06-10", "2017-06-11", "2018-12-17",
      "2018-12-18", "2020-12-31", "2021-01-01", "2022-05-03", "2022-05-04", "2023-02-03", "2023-02-04", "2023-12-31", "2024-01-01",
      "2024-10-12", "2024-10-13", "2025-02-02", "2025-02-03", "2026-03-05", "2026-03-06", "2026-12-31",
    ]
    var unresolved: [String] = []
    for code in Self.countries.nationalities {
      for day in days {
        let decision = try book.evaluate(application(code, on: day, document: passport(biometric: true, issued: "2020-01-01")))
        let encoded = decision.eligibility.visaRequired != nil
        if !encoded || decision.warnings.contains(where: { $0.contains("not encoded") || $0.contains("assume") }) {
          unresolved.append("\(code) \(day)")
        }
      }
    }
    #expect(unresolved.isEmpty, "no answer for \(unresolved.prefix(20))")
  }

  @Test func aTerritoryIsNotANationalityAndTheErrorNamesTheOneToGive() {
    for (code, sovereign) in Self.countries.territories {
      do {
        _ = try book.evaluate(application(code, on: "2024-05-01", residence: "NL"))
        Issue.record("\(code) was accepted as a nationality")
      } catch {
        #expect(error.field == "applicant.nationality")
        #expect(error.kind == .unknownValue)
        if let sovereign { #expect(error.message.contains("give \(sovereign)"), "\(error)") }
      }
    }
    // As a residence a territory is fine.
    #expect((try? required(application("US", on: "2024-05-01", residence: "PR")))??.value == false)
  }

  @Test func anUnknownCodeIsAnErrorWithANearSuggestion() {
    func error(_ app: Application) -> VisaRulesError? {
      do { _ = try book.evaluate(app) } catch { return error }
      return nil
    }
    let lower = error(application("fr", on: "2024-05-01", residence: "FR"))
    #expect(lower?.field == "applicant.nationality")
    #expect(lower?.message.contains("FR (France)") == true)
    var byName = application("US", on: "2024-05-01")
    byName.applicant.residence = "Germ"
    #expect(error(byName)?.field == "applicant.residence")
    #expect(error(byName)?.message.contains("DE (Germany)") == true)
    var lodged = application("US", on: "2024-05-01")
    lodged.lodgedIn = "QQ"
    #expect(error(lodged)?.field == "lodgedIn")
    var host = application("US", on: "2024-05-01")
    host.applicant.host = Host(relationship: .spouse, nationality: "GI")
    #expect(error(host)?.field == "applicant.host.nationality")
    #expect(error(host)?.message.contains("give GB") == true)
    #expect(error(application("US", on: "2024-05-01", destination: "ZZ"))?.field == "destination")
    let category = error(application("US", on: "2024-05-01", document: passport(category: "martian")))
    #expect(category?.field == "applicant.travelDocument.category")
  }

  // MARK: - Passport conditions (world.md §2.3 footnotes, §2.6)

  @Test func aNonBiometricPassportNeedsAVisaWhereTheAnnexAsksForABiometricOne() throws {
    // world.md §8 #3: GE non-biometric, 2018-05-02: visa required; biometric: not.
    #expect(try required(application("GE", on: "2018-05-02", document: passport(biometric: false)))?.value == true)
    #expect(try required(application("GE", on: "2018-05-02", document: passport(biometric: true)))?.value == false)
    // #7: UA non-biometric, 2024-07-01: visa required.
    #expect(try required(application("UA", on: "2024-07-01", document: passport(biometric: false)))?.value == true)
    // #9: AL biometric from 2010-12-15; non-biometric still needs a visa.
    #expect(try required(application("AL", on: "2010-12-20", document: passport(biometric: false)))?.value == true)
    for code in ["AL", "BA", "MK", "ME", "RS", "MD", "GE", "UA"] {
      #expect(try required(application(code, on: "2025-05-01", document: passport(biometric: false)))?.value == true, "\(code)")
      #expect(try required(application(code, on: "2025-05-01", document: passport(biometric: true)))?.value == false, "\(code)")
    }
    // Kosovo from 2024-01-01: biometric passports [U].
    let xk = try required(application("XK", on: "2024-02-01", document: passport(biometric: false)))
    #expect(xk?.value == true)
    #expect(xk?.status == .unverified)
  }

  @Test func theBiometricDefaultIsSaidWhenTheAnswerDependsOnIt() throws {
    let assumed = try book.evaluate(application("UA", on: "2024-07-01"))
    #expect(assumed.eligibility.visaRequired?.value == false)
    #expect(assumed.warnings.contains { $0.contains("taken as biometric") })
    let given = try book.evaluate(application("UA", on: "2024-07-01", document: passport(biometric: true)))
    #expect(!given.warnings.contains { $0.contains("taken as") })
    let unrelated = try book.evaluate(application("US", on: "2024-07-01"))
    #expect(!unrelated.warnings.contains { $0.contains("taken as") })
    // A Georgian diplomatic passport under the 2026 suspension needs a visa, biometric or not
    // (world.md §2.6, §8 #4): no warning; an ordinary Georgian passport the same day is exempt
    // only if biometric: the warning stays.
    let diplomatic = try book.evaluate(application("GE", on: "2026-04-01", document: passport(type: .diplomatic)))
    #expect(diplomatic.eligibility.visaRequired?.value == true)
    #expect(!diplomatic.warnings.contains { $0.contains("taken as biometric") })
    let ordinary = try book.evaluate(application("GE", on: "2026-04-01"))
    #expect(ordinary.eligibility.visaRequired?.value == false)
    #expect(ordinary.warnings.contains { $0.contains("taken as biometric") })
    // The traced decision says the same as the plain one.
    let traced = try book.evaluate(
      application("GE", on: "2026-04-01", document: passport(type: .diplomatic)), options: EvaluationOptions(trace: true))
    #expect(traced.warnings == diplomatic.warnings)
  }

  @Test func serbianCoordinationDirectoratePassportsFrom20241013() throws {
    let cd = passport(biometric: true, category: .serbianCoordinationDirectorate)
    // world.md §8 #16: lodged 2024-06-03 visa required; entry 2024-10-13 not.
    #expect(try required(application("RS", on: "2024-06-03", document: cd))?.value == true)
    #expect(try required(application("RS", on: "2024-10-12", document: cd))?.value == true)
    #expect(try required(application("RS", on: "2024-10-13", document: cd))?.value == false)
    #expect(try required(application("RS", on: "2012-05-01", document: cd))?.value == true)
    #expect(try required(application("RS", on: "2012-05-01", document: passport(biometric: true)))?.value == false)
  }

  @Test func vanuatuPartialSuspensionDependsOnTheIssueDate() throws {
    // world.md §8 #13: ordinary passport issued 2016, 2022-06-01: visa; issued 2014: none.
    #expect(try required(application("VU", on: "2022-06-01", document: passport(issued: "2016-03-01")))?.value == true)
    #expect(try required(application("VU", on: "2022-06-01", document: passport(issued: "2014-03-01")))?.value == false)
    #expect(try required(application("VU", on: "2022-06-01", document: passport(issued: "2015-05-24")))?.value == false)
    #expect(try required(application("VU", on: "2022-06-01", document: passport(issued: "2015-05-25")))?.value == true)
    // Diplomatic and service passports stay exempt until 2023-02-03.
    #expect(try required(application("VU", on: "2022-06-01", document: passport(issued: "2016-03-01", type: .diplomatic)))?.value == false)
    #expect(try required(application("VU", on: "2023-02-03", document: passport(issued: "2014-03-01")))?.value == false)
    #expect(try required(application("VU", on: "2023-02-04", document: passport(issued: "2014-03-01")))?.value == true)
    let assumed = try book.evaluate(application("VU", on: "2022-06-01"))
    #expect(assumed.warnings.contains { $0.contains("issued on the lodging date") })
  }

  @Test func georgianOfficialPassportsFrom2026() throws {
    for type in [TravelDocument.Kind.diplomatic, .service, .official] {
      let doc = passport(biometric: true, type: type)
      #expect(try required(application("GE", on: "2026-03-05", document: doc))?.value == false, "\(type)")
      #expect(try required(application("GE", on: "2026-03-06", document: doc))?.value == true, "\(type)")
      #expect(try required(application("GE", on: "2027-03-05", document: doc))?.value == true, "\(type)")
      #expect(try required(application("GE", on: "2027-03-06", document: doc))?.value == false, "\(type)")
    }
    #expect(try required(application("GE", on: "2026-04-01", document: passport(biometric: true)))?.value == false)
  }

  @Test func specialAdministrativeRegionsTaiwanAndBritishNationals() throws {
    // Hong Kong and Macao SAR passports, whether CN or HK/MO is given as nationality.
    #expect(try required(application("CN", on: "2020-02-01", document: passport(category: .hongKongSAR)))?.value == false)
    #expect(try required(application("CN", on: "2020-02-01", document: passport(category: .macaoSAR)))?.value == false)
    #expect(try required(application("CN", on: "2020-02-01"))?.value == true)
    #expect(try required(application("MO", on: "2012-02-01"))?.value == false)
    // Taiwan: only passports with an identity card number, from 2011-01-11.
    #expect(try required(application("TW", on: "2020-02-01", document: passport(category: .taiwanWithIdNumber)))?.value == false)
    #expect(try required(application("TW", on: "2020-02-01", document: passport(category: .taiwanWithoutIdNumber)))?.value == true)
    // British nationals who are not British citizens: BN(O) always; BOTC, BOC, BPP, BS from 2014-06-09.
    #expect(try required(application("GB", on: "2012-02-01", document: passport(category: .britishNationalOverseas)))?.value == false)
    let botc = passport(category: .britishOverseasTerritoriesCitizen)
    let before = try required(application("GB", on: "2014-06-08", document: botc))
    #expect(before?.value == true)
    #expect(before?.status == .corroborated)  // Annex I until 509/2014 [C] (law s11)
    #expect(try required(application("GB", on: "2014-06-09", document: botc))?.value == false)
    // British citizens: free movement to 2020-12-31, Annex II from 2021-01-01; no visa either way.
    let gb2020 = try required(application("GB", on: "2020-12-31"))
    let gb2021 = try required(application("GB", on: "2021-01-01"))
    #expect(gb2020?.value == false && gb2021?.value == false)
    #expect(gb2020?.provision != gb2021?.provision)
  }

  @Test func refugeesResidingInAMemberStateNeedNoVisa() throws {
    let doc = passport(category: .refugeeTravelDocument)
    #expect(try required(application("SY", on: "2020-02-01", residence: "DE", document: doc))?.value == false)
    #expect(try required(application("SY", on: "2012-02-01", residence: "SE", document: doc))?.value == false)
    // Residing in an Annex I country: a visa is required.
    #expect(try required(application("SY", on: "2020-02-01", residence: "TR", document: doc))?.value == true)
    // Ireland does not apply the Regulation.
    #expect(try required(application("SY", on: "2020-02-01", residence: "IE", document: doc))?.value == true)
  }

  // MARK: - EES and ETIAS (world.md §6)

  @Test func eesFrom20251012AndEtiasOnlyUnderItsOption() throws {
    let before = try book.evaluate(application("US", on: "2025-10-11"))
    #expect(!before.warnings.contains { $0.contains("EES") })
    let from = try book.evaluate(application("US", on: "2025-10-12"))
    #expect(from.warnings.contains { $0.contains("EES") })
    // Union citizens are not registered.
    #expect(!(try book.evaluate(application("FR", on: "2026-05-01"))).warnings.contains { $0.contains("EES") })
    // ETIAS: default "not yet in operation".
    let us = application("US", on: "2026-12-01")
    #expect(!(try book.evaluate(us)).warnings.contains { $0.contains("ETIAS") })
    let on = EvaluationOptions(options: ["etias.operation": "inOperation"])
    #expect((try book.evaluate(us, options: on)).warnings.contains { $0.contains("ETIAS") && $0.contains("20 EUR") })
    // Visa-required nationals never get it.
    #expect(!(try book.evaluate(application("RU", on: "2026-12-01"), options: on)).warnings.contains { $0.contains("ETIAS") })
  }
}
