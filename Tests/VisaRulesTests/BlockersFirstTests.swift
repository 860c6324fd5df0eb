import Foundation
import Testing
import VisaRules

/// What blocks an application is said first (issue 13): "Visa required: no" or "Cannot be
/// lodged here: …" is the first line of the text, before any fee; `visa cascade` says per step
/// when the application could not be lodged there and then, and which provision limited the
/// validity; `visa explain` sums up the instruments that do not cover the applicant's
/// nationality (issue 14) while the trace stays complete.
struct BlockersFirstTests {
  static let book = try! RuleBook.builtIn()

  @Test func aVisaExemptTravellerReadsVisaRequiredNoFirst() throws {
    // A US citizen: Annex II of Regulation (EU) 2018/1806 (world.md §1).
    var app = tourist(lodged: "2026-11-20", start: "2026-12-01")
    app.applicant.nationality = "US"
    app.applicant.residence = "US"
    app.lodgedIn = "US"
    let lines = try Self.book.evaluate(app).text.split(separator: "\n")
    #expect(lines[0].hasPrefix("Visa required: no"))
    #expect(lines[0].contains("2018/1806 Annex II"))
  }

  @Test func anApplicationThatCannotBeLodgedSaysSoBeforeTheFee() throws {
    // The Dutch embassy in Moscow suspended issuance to Russians from 2022-04-27 (legal
    // reference §4.5, Netherlands overlay): the day of the change and the day before.
    let on = try Self.book.evaluate(tourist(lodged: "2022-04-27")).text.split(separator: "\n")
    #expect(on[0].hasPrefix("Cannot be lodged:"))
    #expect(on[0].contains("Moscow"))
    let fee = try #require(on.firstIndex { $0.contains("Fee") })
    #expect(fee > 0)
    let before = try Self.book.evaluate(tourist(lodged: "2022-04-26")).text.split(separator: "\n")
    #expect(!before[0].hasPrefix("Cannot be lodged"))
    #expect(before[0].hasPrefix("Decision for the application lodged 2022-04-26"))
  }

  func russian(_ destination: CountryCode) -> Application {
    var app = tourist(lodged: "2024-01-01")
    app.destination = destination
    return app
  }

  @Test func theCascadeSaysWhenAStepCouldNotBeLodged() throws {
    // A Russian tourist applying in Russia for the Netherlands: from 2022-04-27 the embassy in
    // Moscow does not take applications (§4.5).
    let pattern = TravelPattern(tripsPerYear: 3, tripDays: 8, start: LocalDate(iso: "2021-09-01")!, years: 2)
    let sim = try Self.book.simulateCascade(russian("NL"), pattern: pattern)
    let suspension = LocalDate(iso: "2022-04-27")!
    #expect(sim.steps.contains { $0.lodgingDate < suspension })
    #expect(sim.steps.contains { $0.lodgingDate >= suspension })
    for s in sim.steps {
      #expect(s.canLodge == (s.lodgingDate < suspension), "\(s.lodgingDate)")
      #expect((s.lodgingRestriction != nil) == !s.canLodge)
    }
    #expect(sim.text.contains("cannot be lodged"))
    let json = try JSONSerialization.jsonObject(with: Data(sim.json.utf8)) as! [String: Any]
    let steps = json["steps"] as! [[String: Any]]
    #expect(steps.contains { $0["canLodge"] as? Bool == false })
  }

  @Test func theCascadeNamesTheNovember2025DecisionAsTheLimit() throws {
    // For Germany (no Dutch suspension): from 2025-11-07 the Commission's implementing decision
    // makes single-entry visas the rule for Russians residing and applying in Russia (§4.4).
    let pattern = TravelPattern(tripsPerYear: 4, tripDays: 8, start: LocalDate(iso: "2024-01-15")!, years: 4)
    let sim = try Self.book.simulateCascade(russian("DE"), pattern: pattern)
    let decision = LocalDate(iso: "2025-11-07")!
    let after = sim.steps.filter { $0.lodgingDate >= decision }
    #expect(!after.isEmpty)
    for s in after {
      #expect(s.entries == .single)
      #expect(s.limitedBy?.contains("ru-mev-2025") == true, "\(s.lodgingDate): \(s.limitedBy ?? "nil")")
      #expect(!s.citation.contains("no multiple-entry entitlement"))
    }
    #expect(sim.steps.filter { $0.lodgingDate < decision }.allSatisfy { $0.limitedBy == nil })
    #expect(sim.steps.allSatisfy { $0.canLodge })
    #expect(sim.text.contains("ru-mev-2025"))
  }

  @Test func explainSumsUpTheInstrumentsNotForThisNationality() throws {
    // A Russian tourist in 2024: the other facilitation agreements (Ukraine, Moldova, …) do
    // not cover Russians (world.md §3): one line per figure, not one per provision.
    let r = try runVisa(["explain", "-"], stdin: contractJSON(russian("DE")))
    #expect(r.code == 0)
    #expect(!r.out.contains("outside the scope of EU–Ukraine"))
    // The trace leaves out the instruments whose scope names other nationalities only (the
    // EU–Ukraine agreement for a Russian): they could never apply to this applicant.
    let d = try Self.book.evaluate(russian("DE"), options: EvaluationOptions(trace: true))
    #expect(!d.trace.contains { $0.provision.hasPrefix("vfa-ua.") })
    // So are the provisions whose own condition names other nationalities only (Annex II of
    // Regulation 2018/1806 lists the nationalities exempt), and the instruments not in force
    // on the lodging date (Regulation 539/2001, replaced on 2018-12-18).
    #expect(!d.trace.contains { $0.provision == "reg-2018-1806.annex-2" })
    #expect(!d.trace.contains { $0.provision.hasPrefix("reg-539-2001.") })
    #expect(d.trace.contains { $0.provision == "reg-2018-1806.annex-1" && $0.verdict == .applied })
    // It keeps the instruments that could apply and did not: the agreement with Russia,
    // suspended from 2022-09-12 (Decision 2022/1500).
    #expect(d.trace.contains { if case .instrumentNotApplicable = $0.verdict { $0.provision.hasPrefix("vfa.") } else { false } })
  }

  @Test func explainListsAnInstrumentWhoseScopeTheApplicantNearlyMatched() throws {
    // A Ukrainian with a non-biometric passport going to Denmark in 2016: the EU–Ukraine
    // agreement covers Ukrainians, but Denmark is not bound by it (world.md §3): the
    // instrument is named, not summed up.
    var app = tourist(lodged: "2016-03-01")
    app.applicant.nationality = "UA"
    app.applicant.residence = "UA"
    app.lodgedIn = "UA"
    app.destination = "DK"
    let r = try runVisa(["explain", "-"], stdin: contractJSON(app))
    #expect(r.code == 0)
    #expect(r.out.contains("not for trips to DK"))
  }
}
