import Testing
import VisaRules

/// A visa-free traveller's notices (the 90/180-day rule, the Entry/Exit System, ETIAS) concern
/// the border crossing: they follow the rules in force on the day of entry (`trip.start`), not
/// on the lodging date. The EES started its operations on 2025-10-12 and runs in full from
/// 2026-04-10 (world.md §6 [C] S37, Regulation (EU) 2017/2226).
struct EntryDayNoticeTests {
  static let book = try! RuleBook.builtIn()

  static func notices(lodged: String, entry: String, born: String = "1980-05-05", options: [String: String] = [:])
    throws -> [String]
  {
    var app = ExemptDecisionTests.application("US", lodged: lodged, entry: entry)
    app.applicant.birthDate = LocalDate(iso: born)!
    let d = try book.evaluate(app, options: EvaluationOptions(options: options))
    #expect(d.eligibility.visaRequired?.value == false)
    return d.warnings
  }

  static func hasEES(_ warnings: [String], _ phrase: String) -> Bool {
    warnings.contains { $0.contains("Entry/Exit System") && $0.contains(phrase) }
  }

  @Test func theProgressiveStartIsReadOnTheDayOfEntry() throws {
    // Lodged before the start in both cases: only the day of entry differs.
    let before = try Self.notices(lodged: "2025-10-01", entry: "2025-10-11")
    #expect(!before.contains { $0.contains("Entry/Exit System") })
    let on = try Self.notices(lodged: "2025-10-01", entry: "2025-10-12")
    #expect(Self.hasEES(on, "progressive start from 2025-10-12"))
  }

  @Test func fullOperationIsReadOnTheDayOfEntry() throws {
    let before = try Self.notices(lodged: "2026-03-20", entry: "2026-04-09")
    #expect(Self.hasEES(before, "progressive start"))
    #expect(!Self.hasEES(before, "full operation"))
    let on = try Self.notices(lodged: "2026-03-20", entry: "2026-04-10")
    #expect(Self.hasEES(on, "full operation since 2026-04-10"))
    #expect(!Self.hasEES(on, "progressive start"))
  }

  @Test func theETIASFeeDependsOnTheAgeWhenTheTravellerAsks() throws {
    // 18 on 2026-12-05: asked the day before, the traveller is under 18 "at the time of the
    // application" (Regulation (EU) 2018/1240 Art. 18(2)), although 18 on the day of entry.
    let options = ["etias.operation": "inOperation"]
    let minor = try Self.notices(lodged: "2026-12-04", entry: "2026-12-10", born: "2008-12-05", options: options)
    #expect(minor.contains { $0.contains("ETIAS") && $0.contains("no fee for applicants under 18") })
    let adult = try Self.notices(lodged: "2026-12-05", entry: "2026-12-10", born: "2008-12-05", options: options)
    #expect(adult.contains { $0.contains("ETIAS") && $0.contains("fee 20 EUR") })
  }

  @Test func everyTravelNoticeIsTheEntryDaysOverAPopulation() throws {
    // The reference: the same application lodged on the day of entry.
    let population = Population(
      count: 3000, seed: 31, period: Period(from: LocalDate(iso: "2024-06-01")!, until: LocalDate(iso: "2026-12-31")!))
    var compared = 0
    var differ = 0
    func travelNotices(_ d: Decision) -> [String] {
      d.warnings.filter { $0.contains("Entry/Exit System") || $0.contains("ETIAS") || $0.contains("No visa is required") }
    }
    for i in 0..<population.count {
      let app = try Application(json: population.line(i))
      guard let d = try? Self.book.evaluate(app, options: .batch), d.eligibility.visaRequired?.value == false,
        app.trip.start > app.lodgingDate
      else { continue }
      var onEntry = app
      onEntry.lodgingDate = app.trip.start
      guard let reference = try? Self.book.evaluate(onEntry, options: .batch),
        reference.eligibility.visaRequired?.value == false
      else { continue }
      #expect(travelNotices(d) == travelNotices(reference), "line \(i): \(population.line(i))")
      compared += 1
      var atLodging = app
      atLodging.trip.start = app.lodgingDate
      atLodging.trip.end = app.lodgingDate.adding(days: 5)
      if let l = try? Self.book.evaluate(atLodging, options: .batch), travelNotices(l) != travelNotices(d) { differ += 1 }
    }
    #expect(compared > 100)
    // Some trips straddle an EES date, or the comparison proves nothing.
    #expect(differ > 0)
  }
}

/// The Entry/Exit System registers every third-country national's border crossing, visa or
/// not: a visa applicant's EES notice is also the one of the day of entry (world.md §6 [C]).
struct VisaApplicantEntryNoticeTests {
  static func warnings(_ nationality: CountryCode, lodged: String, entry: String) throws -> [String] {
    let app = ExemptDecisionTests.application(nationality, lodged: lodged, entry: entry)
    let d = try EntryDayNoticeTests.book.evaluate(app)
    #expect(d.eligibility.visaRequired?.value == true)
    return d.warnings
  }

  @Test func aTripEnteringInFullOperationReadsItWhateverTheLodgingDate() throws {
    // Lodged during the progressive start, entering after full operation began (2026-04-10).
    let w = try Self.warnings("IN", lodged: "2026-04-01", entry: "2026-05-11")
    #expect(EntryDayNoticeTests.hasEES(w, "full operation since 2026-04-10"))
    #expect(!EntryDayNoticeTests.hasEES(w, "progressive start"))
  }

  @Test func theStartIsReadOnTheDayOfEntry() throws {
    let before = try Self.warnings("IN", lodged: "2025-09-01", entry: "2025-10-11")
    #expect(!before.contains { $0.contains("Entry/Exit System") })
    let on = try Self.warnings("IN", lodged: "2025-09-01", entry: "2025-10-12")
    #expect(EntryDayNoticeTests.hasEES(on, "progressive start from 2025-10-12"))
  }

  @Test func theTraceSaysTheEntryDayDecidedTheNotice() throws {
    let app = ExemptDecisionTests.application("IN", lodged: "2026-04-01", entry: "2026-05-11")
    let d = try EntryDayNoticeTests.book.evaluate(app, options: EvaluationOptions(trace: true))
    let ees = d.trace.filter { $0.provision.hasPrefix("reg-2017-2226.") }
    #expect(ees.contains { $0.provision == "reg-2017-2226.full-operation" && $0.verdict == .applied })
    #expect(!ees.contains { $0.provision == "reg-2017-2226.progressive-start" && $0.verdict == .applied })
  }
}
