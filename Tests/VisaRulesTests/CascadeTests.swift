import Testing
import VisaRules

/// The cascade simulator: the ladder, its breaks and its limits come from the rules.
struct CascadeTests {
  func template(_ nationality: CountryCode, lodgedIn: CountryCode, destination: CountryCode = "NL") -> Application {
    var app = tourist(lodged: "2020-01-01")
    app.applicant.nationality = nationality
    app.applicant.residence = nationality
    app.lodgedIn = lodgedIn
    app.destination = destination
    return app
  }

  @Test func chineseTouristClimbsOneTwoFiveYears() throws {
    let pattern = TravelPattern(tripsPerYear: 3, tripDays: 10, start: LocalDate(iso: "2019-06-01")!, years: 8)
    let sim = try RuleBook.builtIn().simulateCascade(template("CN", lodgedIn: "CN", destination: "FR"), pattern: pattern)
    #expect(sim.steps.map { $0.months ?? 0 } == [0, 0, 0, 12, 24, 60])
    #expect(sim.steps[3].citation.hasPrefix("Visa Code Art. 24(2)(a)"))
    #expect(sim.steps[5].citation.hasPrefix("Visa Code Art. 24(2)(c)"))
    // VC-2010 fee before 2020-02-02, VC-2020 after.
    #expect(sim.steps[0].fee == Money(euros: 60))
    #expect(sim.steps[3].fee == Money(euros: 80))
    #expect(sim.steps.allSatisfy { $0.lawfullyUsed })
  }

  @Test func anOverstayLosesTheLadder() throws {
    let pattern = TravelPattern(tripsPerYear: 3, tripDays: 10, start: LocalDate(iso: "2019-06-01")!, years: 8, overstays: [7: 5])
    let sim = try RuleBook.builtIn().simulateCascade(template("CN", lodgedIn: "CN", destination: "FR"), pattern: pattern)
    let months = sim.steps.map { $0.months ?? 0 }
    #expect(months.prefix(6) == [0, 0, 0, 12, 24, 0])
    #expect(sim.steps[4].lawfullyUsed == false)
    // Never a step skipped: after a break the ladder starts again from single entries.
    for (a, b) in zip(months, months.dropFirst()) {
      #expect(b <= 12 || b == 24 && a == 12 || b == 60 && a == 24, "skipped from \(a) to \(b)")
    }
  }

  @Test func russianFrom2024HitsTheNovember2025Rule() throws {
    let pattern = TravelPattern(tripsPerYear: 4, tripDays: 8, start: LocalDate(iso: "2024-01-15")!, years: 4)
    let sim = try RuleBook.builtIn().simulateCascade(template("RU", lodgedIn: "RU"), pattern: pattern)
    let afterDecision = sim.steps.filter { $0.lodgingDate >= LocalDate(iso: "2025-11-07")! }
    #expect(!afterDecision.isEmpty)
    #expect(afterDecision.allSatisfy { $0.entries == .single })
    #expect(sim.steps.contains { $0.months == 24 && $0.lodgingDate < LocalDate(iso: "2025-11-07")! })
  }

  @Test func russianFrom2020UnderTheVFAPaysThirtyFiveUntilSeptember2022() throws {
    let pattern = TravelPattern(tripsPerYear: 4, tripDays: 8, start: LocalDate(iso: "2020-03-01")!, years: 6)
    let sim = try RuleBook.builtIn().simulateCascade(template("RU", lodgedIn: "RU"), pattern: pattern)
    #expect(sim.steps.map { $0.months ?? 0 } == [0, 0, 0, 12, 24, 60])
    #expect(sim.steps.filter { $0.lodgingDate <= LocalDate(iso: "2022-09-11")! }.allSatisfy { $0.fee == Money(euros: 35) })
    #expect(sim.steps.last?.fee == Money(euros: 80))
  }

  @Test func aGapInTravelBreaksTheLookBack() throws {
    let gap = Period(from: LocalDate(iso: "2021-01-01")!, until: LocalDate(iso: "2023-06-30")!)
    let pattern = TravelPattern(tripsPerYear: 3, tripDays: 10, start: LocalDate(iso: "2020-03-01")!, years: 5, gaps: [gap])
    let sim = try RuleBook.builtIn().simulateCascade(template("IN", lodgedIn: "IN", destination: "DE"), pattern: pattern)
    // The 12-month visa of 2020 ran out; after the gap it is older than two years: no step 2.
    #expect(!sim.steps.contains { $0.months == 24 && $0.lodgingDate > gap.until! })
  }

  @Test func badPatternIsAClearError() throws {
    let pattern = TravelPattern(tripsPerYear: 0, tripDays: 10, start: LocalDate(iso: "2020-03-01")!, years: 5)
    do throws(VisaRulesError) {
      _ = try RuleBook.builtIn().simulateCascade(template("IN", lodgedIn: "IN"), pattern: pattern)
      Issue.record("no error")
    } catch {
      #expect(error.field == "pattern.tripsPerYear")
      #expect(error.allowed == "1 to 52")
    }
  }

  @Test func cascadeAndStaysCommandsWorkOnTheBundledExamples() throws {
    let c = try runVisa(["cascade", "Examples/cascade/chinese-tourist-2019.json"])
    #expect(c.code == 0)
    #expect(c.out.contains("multiple, 60 months"))
    #expect(c.out.contains("Validity over time"))
    let s = try runVisa(["stays", "Examples/stays/worked-case-38.json"])
    #expect(s.code == 0)
    #expect(s.out.contains("86 days used"))
    #expect(s.out.contains("may stay until 2024-06-18"))
    let cmp = try runVisa(["cascade", "Examples/cascade/russian-tourist-2024.json", "--compare-start", "2020-03-01"])
    #expect(cmp.code == 0)
    #expect(cmp.out.contains("Side by side"))
  }
}
