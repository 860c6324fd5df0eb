import Foundation
import Testing
import VisaRules

/// Member-state policy is data: the Netherlands overlay is built in, and a second overlay
/// (Examples/overlays/illustrative-member-state) loads at run time with no Swift change.
struct OverlayTests {
  static let overlay = Package.examples.appendingPathComponent("overlays/illustrative-member-state").path

  func teenagerToAustria(_ categories: [Category] = []) -> Application {
    var app = tourist(lodged: "2024-07-01", birth: "2009-03-01")
    app.applicant.nationality = "IN"
    app.applicant.residence = "IN"
    app.lodgedIn = "IN"
    app.destination = "AT"
    app.applicant.categories = categories
    return app
  }

  @Test func theSecondOverlaySwitchesOnOptionalWaiversAsData() throws {
    let base = try RuleBook.builtIn()
    #expect(try base.evaluate(teenagerToAustria()).fee?.amount == Money(euros: 90))
    let book = try base.adding(rulesAt: Self.overlay)
    let d = try book.evaluate(teenagerToAustria())
    #expect(d.fee?.amount == Money(euros: 0))
    #expect(d.fee?.ruling.citation.description.hasPrefix("Visa Code Art. 16(5)(a)") == true)
    let assumption = try #require(d.assumptions.first { $0.option == "vc.16.5.a" })
    #expect(assumption.value == "on")
    #expect(assumption.source == .policy("illustrative-at"))
  }

  @Test func theOverlayAddsItsOwnCategoryAndWaiver() throws {
    let book = try RuleBook.builtIn().adding(rulesAt: Self.overlay)
    var app = teenagerToAustria(["touringOrchestraMember"])
    app.applicant.birthDate = LocalDate(iso: "1990-01-01")!
    let d = try book.evaluate(app)
    #expect(d.fee?.amount == Money(euros: 0))
    #expect(d.fee?.ruling.provision == "illustrative-at.orchestra")
    // Outside its scope (another destination) it changes nothing.
    app.destination = "DE"
    #expect(try book.evaluate(app).fee?.amount == Money(euros: 90))
  }

  @Test func theOverlayPassesTheRuleChecker() throws {
    let r = try runVisa(["rules", "check", Self.overlay])
    #expect(r.code == 0, "\(r.out)")
  }

  @Test func theCLILoadsTheOverlayWithRules() throws {
    var app = teenagerToAustria()
    app.applicant.categories = []
    let json = """
      {"lodgingDate": "2024-07-01", "destination": "AT", "lodgedIn": "IN",
       "applicant": {"nationality": "IN", "residence": "IN", "birthDate": "2009-03-01", "categories": [],
                     "travelDocument": {"type": "ordinary", "expiry": "2032-01-01"}},
       "trip": {"purpose": "tourism", "start": "2024-08-10", "end": "2024-08-20"}}
      """
    let without = try runVisa(["evaluate", "--json", "-"], stdin: json)
    let with = try runVisa(["evaluate", "--json", "--rules", Self.overlay, "-"], stdin: json)
    #expect(without.out.contains("\"amount\": 90"))
    #expect(with.out.contains("\"amount\": 0"))
    #expect(with.out.contains("policy:illustrative-at"))
  }
}
