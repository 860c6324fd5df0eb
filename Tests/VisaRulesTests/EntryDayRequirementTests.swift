import Testing
import VisaRules

/// The visa requirement is decided on the day of entry (option `visaRequirement.date`, default
/// `entry`). The engine skips the entry-day pass when nothing the requirement reads for the
/// applicant's nationality changes between the lodging day and the trip's start; skipping must
/// never change the answer. The reference: the same application lodged on the day of entry
/// with the requirement keyed to the lodging date reads the same rules on the same day.
struct EntryDayRequirementTests {
  static let book = try! RuleBook.builtIn()

  @Test func theRequirementOnEntryIsTheRequirementOfTheEntryDay() throws {
    // Lodging dates over every change of the visa list, every nationality the generator knows.
    let population = Population(
      count: 4000, seed: 29, period: Period(from: LocalDate(iso: "2009-06-01")!, until: LocalDate(iso: "2027-12-31")!))
    var compared = 0
    var straddling = 0
    for i in 0..<population.count {
      let app = try Application(json: population.line(i))
      guard let decision = try? Self.book.evaluate(app, options: .batch), app.trip.start > app.lodgingDate else { continue }
      var onEntry = app
      onEntry.lodgingDate = app.trip.start
      let options = EvaluationOptions(options: ["visaRequirement.date": "lodging"], trace: false, alternatives: false)
      guard let reference = try? Self.book.evaluate(onEntry, options: options) else { continue }
      #expect(
        decision.eligibility.visaRequired?.value == reference.eligibility.visaRequired?.value,
        "line \(i): \(population.line(i))")
      #expect(decision.eligibility.visaRequired?.provision == reference.eligibility.visaRequired?.provision, "line \(i)")
      compared += 1
      let atLodging = try? Self.book.evaluate(app, options: EvaluationOptions(options: options.options, alternatives: false))
      if atLodging?.eligibility.visaRequired?.provision != reference.eligibility.visaRequired?.provision { straddling += 1 }
    }
    // The sample must hold applications whose requirement changes between the two days, or the
    // comparison proves nothing about the entry-day pass.
    #expect(compared > 3000)
    #expect(straddling > 0)
  }
}
