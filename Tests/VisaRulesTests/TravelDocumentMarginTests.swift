import Testing
import VisaRules

/// The travel-document cap of a multiple-entry visa is rule data (issue 12, law out of Swift):
/// `validity.travelDocumentMarginMonths` of `vc.12.a.visa-margin` (Visa Code Art. 12(a)), under
/// option `validity.travelDocumentCap=expiryMinus3Months`. Worked case #29 of the legal
/// reference: a tourist with a one-year multiple-entry visa lawfully used in the previous two
/// years, passport expiring 2026-03-01, lodged 2024-09-02: step 2 of the cascade (two years,
/// Art. 24(2)(b)), capped to 2025-12-01 (expiry minus 3 months) or 2026-03-01 (the literal cap).
struct TravelDocumentMarginTests {
  static let application = """
    {"lodgingDate": "2024-09-02", "destination": "NL", "lodgedIn": "RU",
     "applicant": {"nationality": "RU", "residence": "RU", "birthDate": "1980-05-05", "categories": [],
                   "travelDocument": {"type": "ordinary", "expiry": "2026-03-01"}},
     "trip": {"purpose": "tourism", "start": "2024-10-01", "end": "2024-10-10"},
     "visaHistory": [{"validFrom": "2023-01-10", "validUntil": "2024-01-09", "entries": "multiple", "lawfullyUsed": true}]}
    """

  static func validity(_ book: RuleBook, options: [String: String] = [:]) throws -> Validity? {
    try book.evaluate(Application(json: application), options: EvaluationOptions(options: options)).validity
  }

  @Test func theCapIsTheExpiryLessTheMarginOfTheRules() throws {
    let book = try RuleBook.builtIn()
    #expect(try book.figure(.validityTravelDocumentMarginMonths, on: LocalDate(iso: "2024-09-02")!).value == 3)
    let capped = try #require(try Self.validity(book))
    #expect(capped.maxMonths == 24)
    #expect(capped.ruling?.provision == "vc.24.2.b")
    #expect(capped.until == LocalDate(iso: "2025-12-01"))
    // The literal cap of Art. 24(2): the provision's condition does not hold, no margin.
    let literal = try #require(try Self.validity(book, options: ["validity.travelDocumentCap": "expiry"]))
    #expect(literal.until == LocalDate(iso: "2026-03-01"))
  }

  /// An overlay that changes the figure changes the answer: six months before the expiry.
  @Test func anOverlayChangingTheMarginChangesTheValidity() throws {
    let reform = LawDataTests.overlay(
      "reform-margin", from: "2024-01-01",
      amendments: LawDataTests.amendment("reform-margin.months", "vc.12.a.visa-margin", from: "2024-01-01", value: 6))
    let book = try RuleBook.builtIn().adding([reform])
    let capped = try #require(try Self.validity(book))
    #expect(capped.until == LocalDate(iso: "2025-09-01"))
    #expect(try Self.validity(book, options: ["validity.travelDocumentCap": "expiry"])?.until == LocalDate(iso: "2026-03-01"))
  }

  /// Only interpretation options may condition the figure: anything else is a load error.
  @Test func theMarginsConditionTestsOptionsOnly() throws {
    let provision = """
      {"id": "reform-bad.margin", "citation": {"article": "1"}, "status": "U", "effective": {"from": "2024-01-01"},
       "figure": "validity.travelDocumentMarginMonths", "kind": "condition", "value": 1, "when": {"age": {"atLeast": 18}},
       "overrides": ["vc.12.a.visa-margin"], "summary": "A margin for adults."}
      """
    let error = try LawDataTests.loadError([LawDataTests.overlay("reform-bad", provisions: provision)])
    #expect(error.message.contains("may test interpretation options only"))
  }
}
