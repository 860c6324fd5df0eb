import Testing
import VisaRules

/// The facilitation agreements for nationals who need a visa only without a biometric passport
/// (world.md §2.3, §3.3): their fee survives the Visa Code's increases, and the open point on
/// Serbian Coordination Directorate passports is an option (§9 point 4). Expected values come
/// from world.md §8 and §3.3, not from the program.
struct FacilitationAgreementTests {
  /// A non-biometric adult tourist of `nationality` lodging in their country for the Netherlands.
  func nonBiometric(
    _ nationality: String, lodged: String, categories: [VisaRules.Category] = [], purpose: Purpose = "tourism",
    document: TravelDocument.Category = .national
  ) -> Application {
    let lodging = LocalDate(iso: lodged)!
    let start = lodging.adding(days: 40)
    return Application(
      lodgingDate: lodging, destination: "NL", lodgedIn: CountryCode(nationality),
      applicant: Applicant(
        nationality: CountryCode(nationality), residence: CountryCode(nationality), birthDate: LocalDate(iso: "1980-05-05")!,
        categories: categories,
        travelDocument: TravelDocument(type: .ordinary, expiry: LocalDate(iso: "2036-01-01")!, biometric: false, category: document)),
      trip: Trip(purpose: purpose, start: start, end: start.adding(days: 10)))
  }

  @Test func ukrainianWithoutBiometricPassportPaysTheAgreementFeeIn2024() throws {
    // world.md §8 #7: 35 EUR (not 90), 2024-07-11 / 2024-07-31.
    let decision = try RuleBook.builtIn().evaluate(nonBiometric("UA", lodged: "2024-07-01"))
    #expect(decision.eligibility.visaRequired?.value == true)
    #expect(decision.fee?.amount == Money(euros: 35))
    #expect(decision.fee?.ruling.citation.description == "EU–Ukraine VFA Art. 6(1)")
    #expect(decision.processing?.deadline?.description == "2024-07-11")
    #expect(decision.processing?.extendedDeadline?.description == "2024-07-31")
  }

  @Test(arguments: ["UA", "MD", "AL", "BA", "ME", "MK", "RS", "GE"])
  func theAgreementFeeSurvivesTheVisaCodeIncreases(_ nationality: String) throws {
    // world.md §3.3: 35 EUR for non-biometric passports after 2020-02-02 and 2024-06-11 [C].
    let book = try RuleBook.builtIn()
    for day in ["2020-02-01", "2020-02-02", "2024-06-10", "2024-06-11"] {
      let decision = try book.evaluate(nonBiometric(nationality, lodged: day))
      #expect(decision.fee?.amount == Money(euros: 35), "\(nationality) on \(day): \(decision.fee?.amount)")
      #expect(decision.processing?.standardDays?.value == 10, "\(nationality) on \(day)")
    }
  }

  @Test func coordinationDirectoratePassportsFollowTheOption() throws {
    // world.md §8 #16: 35 EUR if the agreement covered them [U], else the Visa Code fee, both shown.
    // world.md says 90, but on 2024-06-03 the Visa Code fee is still 80 (90 from 2024-06-11:
    // law/README.md §3.2, world.md §3.1 for Cabo Verde): the reference's 90 is a slip.
    let book = try RuleBook.builtIn()
    let application = nonBiometric("RS", lodged: "2024-06-03", document: .serbianCoordinationDirectorate)
    let covered = try book.evaluate(application)
    #expect(covered.eligibility.visaRequired?.value == true)
    #expect(covered.fee?.amount == Money(euros: 35))
    #expect(covered.processing?.deadline?.description == "2024-06-13")
    let notCovered = try book.evaluate(application, options: EvaluationOptions(options: ["vfa-rs.coordinationDirectorate": "notCovered"]))
    #expect(notCovered.fee?.amount == Money(euros: 80))
    #expect(notCovered.processing?.standardDays?.value == 15)
  }

  @Test func georgianOfficialsLoseTheAgreementFrom20250127() throws {
    // world.md §2.6, L14 and #4 (default reading): Visa Code fee and deadlines from 2025-01-27.
    let book = try RuleBook.builtIn()
    let before = try book.evaluate(nonBiometric("GE", lodged: "2025-01-26", categories: ["governmentOrCourtMember"], purpose: "official"))
    #expect(before.processing?.standardDays?.value == 10)
    let after = try book.evaluate(nonBiometric("GE", lodged: "2025-01-27", categories: ["governmentOrCourtMember"], purpose: "official"))
    #expect(after.processing?.standardDays?.value == 15)
    #expect(after.fee?.amount == Money(euros: 90))
    // An ordinary Georgian tourist keeps it.
    let tourist = try book.evaluate(nonBiometric("GE", lodged: "2025-01-27"))
    #expect(tourist.fee?.amount == Money(euros: 35))
  }
}
