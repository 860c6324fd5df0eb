import Testing
import VisaRules

/// The readable decision (`Decision.text`, what `visa evaluate` prints) says each thing once.
struct DecisionTextWordingTests {
  static func application(_ nationality: CountryCode, lodged: String, entry: String) -> Application {
    Application(
      lodgingDate: LocalDate(iso: lodged)!, destination: "NL", lodgedIn: nationality,
      applicant: Applicant(
        nationality: nationality, residence: nationality, birthDate: LocalDate(iso: "1985-05-05")!,
        travelDocument: TravelDocument(expiry: LocalDate(iso: "2034-12-31")!)),
      trip: Trip(purpose: "tourism", start: LocalDate(iso: entry)!, end: LocalDate(iso: entry)!.adding(days: 9)))
  }

  @Test func anArt25aDecisionPeriodIsOneLineNotTheSameDateTwice() throws {
    // The Gambia, 2023: Visa Code Art. 23(1) suspended (Implementing Decision 2021/1781), so the
    // 45 days of Art. 23(2) are the period; an "extension" to 45 days adds nothing (world.md §4), and
    // the decision's precedence rule over the Visa Code leaves none (dec-2021-1781.prevails.decision).
    let d = try RuleBook.builtIn().evaluate(Self.application("GM", lodged: "2023-03-01", entry: "2023-05-10"))
    #expect(d.processing?.standardDays?.value == 45)
    #expect(d.processing?.extendedDays == nil)
    let lines = d.text.split(separator: "\n")
    #expect(lines.filter { $0.contains("Decision by") && $0.contains("2023-04-15") }.count == 1)
    #expect(!lines.contains { $0.contains("extended") })
    #expect(lines.contains { $0.contains("exceptional") && $0.contains("2023-04-30") })
  }

  @Test func anOrdinaryExtensionIsStillShown() throws {
    let d = try RuleBook.builtIn().evaluate(Self.application("IN", lodged: "2023-03-01", entry: "2023-05-10"))
    #expect(d.text.split(separator: "\n").contains { $0.contains("extended") && $0.contains("2023-04-15") })
  }
}
