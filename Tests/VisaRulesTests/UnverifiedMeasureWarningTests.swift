import Testing
import VisaRules

/// The Art. 25a measures for Somalia rest on one secondary source (world.md §4.1 L12, §9 point 8:
/// [U]). The decision says so once, and warns that *the fee* depends on them only where it does:
/// the suspended fee waiver (Visa Code Art. 16(5)(b)) reaches holders of diplomatic and service
/// passports in a Member State that uses it, never a tourist, whose fee is the Visa Code's either way.
struct UnverifiedMeasureWarningTests {
  func somali(_ type: TravelDocument.Kind) -> Application {
    let lodging = LocalDate(iso: "2026-08-03")!
    let start = lodging.adding(days: 40)
    return Application(
      lodgingDate: lodging, destination: "NL", lodgedIn: "SO",
      applicant: Applicant(
        nationality: "SO", residence: "SO", birthDate: LocalDate(iso: "1980-05-05")!, categories: [],
        travelDocument: TravelDocument(type: type, expiry: LocalDate(iso: "2036-01-01")!)),
      trip: Trip(purpose: "tourism", start: start, end: start.adding(days: 10)))
  }

  static let feeWarning = "UNVERIFIED: the fee depends on"

  @Test func aSomaliTouristIsWarnedAboutTheMeasuresButNotAboutTheFee() throws {
    let decision = try RuleBook.builtIn().evaluate(somali(.ordinary))
    #expect(decision.fee?.amount == Money(euros: 90))
    #expect(decision.processing?.standardDays?.value == 45)
    #expect(decision.warnings.contains { $0.contains("UNVERIFIED: the Art. 25a measures for Somalia") })
    #expect(!decision.warnings.contains { $0.contains(Self.feeWarning) })
  }

  @Test func aSomaliDiplomatIsWarnedAboutTheFeeOnlyWhereTheWaiverIsUsed() throws {
    let book = try RuleBook.builtIn()
    let waiverOn = try book.evaluate(somali(.diplomatic), options: EvaluationOptions(options: ["vc.16.5.b": "on"]))
    #expect(waiverOn.fee?.amount == Money(euros: 90))
    #expect(waiverOn.warnings.contains { $0.contains(Self.feeWarning) })
    let waiverOff = try book.evaluate(somali(.diplomatic))
    #expect(waiverOff.fee?.amount == Money(euros: 90))
    #expect(!waiverOff.warnings.contains { $0.contains(Self.feeWarning) })
  }
}
