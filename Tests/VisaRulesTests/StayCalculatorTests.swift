import Testing
import VisaRules

/// The 90/180-day rule (Schengen Borders Code Art. 6(1)-(2)), its numbers from the built-in rules.
struct StayCalculatorTests {
  /// The rule the built-in rules give in 2024 (90 days in any 180-day period: checked in
  /// `LawDataTests`).
  static let rule = try! RuleBook.builtIn().stayRule(on: LocalDate(iso: "2024-01-01")!)

  func StayCalculator(stays: [Stay]) -> VisaRules.StayCalculator { VisaRules.StayCalculator(stays: stays, rule: Self.rule) }

  func stay(_ a: String, _ b: String, exempt: Bool = false) -> Stay {
    Stay(entry: LocalDate(iso: a)!, exit: LocalDate(iso: b)!, exempt: exempt)
  }

  /// Worked case #38 of the legal reference.
  @Test func workedCase38() {
    let calc = StayCalculator(stays: [stay("2024-01-10", "2024-02-08"), stay("2024-03-01", "2024-03-31"), stay("2024-05-01", "2024-05-25")])
    #expect(calc.daysUsed(on: LocalDate(iso: "2024-06-14")!) == 86)
    #expect(calc.latestLawfulExit(entry: LocalDate(iso: "2024-06-15")!)?.description == "2024-06-18")
    // January days start dropping out after 2024-07-07.
    #expect(calc.daysUsed(on: LocalDate(iso: "2024-07-07")!) == 86)
    #expect(calc.daysUsed(on: LocalDate(iso: "2024-07-08")!) == 85)
    #expect(calc.overstayDays().isEmpty)
  }

  @Test func entryAndExitDaysCount() {
    let calc = StayCalculator(stays: [stay("2024-01-01", "2024-01-01")])
    #expect(calc.daysUsed(on: LocalDate(iso: "2024-01-01")!) == 1)
    #expect(calc.daysLeft(on: LocalDate(iso: "2024-01-02")!) == 89)
  }

  @Test func ninetyConsecutiveDaysAreLawfulNinetyOneAreNot() {
    let ok = StayCalculator(stays: [stay("2024-01-01", "2024-03-30")])
    #expect(ok.overstayDays().isEmpty)
    let over = StayCalculator(stays: [stay("2024-01-01", "2024-03-31")])
    #expect(over.overstayDays().map(\.description) == ["2024-03-31"])
    #expect(StayCalculator(stays: []).latestLawfulExit(entry: LocalDate(iso: "2024-01-01")!)?.description == "2024-03-30")
  }

  @Test func windowSpansYearEndAndLeapDay() {
    // 2023-12-01 .. 2024-02-28 = 90 days including the year end; the next day is an overstay.
    let calc = StayCalculator(stays: [stay("2023-12-01", "2024-02-29")])
    #expect(calc.overstayDays().map(\.description) == ["2024-02-29"])
    // A full 90-day stay is possible again once the window holds none of those days.
    let full = calc.earliestFullStay(onOrAfter: LocalDate(iso: "2024-03-01")!)
    // On 2024-05-29 the window (2023-12-02 .. 2024-05-28) still holds 90 days: no entry at all.
    #expect(full.description == "2024-05-30")
    #expect(calc.latestLawfulExit(entry: full)?.description == "2024-08-27")
    #expect(calc.latestLawfulExit(entry: full.adding(days: -1)) == nil)
  }

  @Test func exemptStaysDoNotCount() {
    let calc = StayCalculator(stays: [stay("2024-01-01", "2024-05-31", exempt: true), stay("2024-06-01", "2024-06-10")])
    #expect(calc.daysUsed(on: LocalDate(iso: "2024-06-10")!) == 10)
    #expect(calc.overstayDays().isEmpty)
  }

  @Test func noStayPossibleWhenWindowIsFull() {
    let calc = StayCalculator(stays: [stay("2024-01-01", "2024-03-30")])
    #expect(calc.latestLawfulExit(entry: LocalDate(iso: "2024-04-15")!) == nil)
    #expect(calc.daysLeft(on: LocalDate(iso: "2024-04-15")!) == 0)
  }
}

/// Bad stay input gets a clear error naming the record.
struct StayQueryErrorTests {
  func error(_ json: String) -> VisaRulesError? {
    var text = json
    return text.withUTF8 { b in
      do throws(VisaRulesError) {
        _ = try StayQuery(jsonBytes: b)
        return nil
      } catch {
        return error
      }
    }
  }

  @Test func exitBeforeEntry() {
    let e = error(#"{"stays": [{"entry": "2024-01-10", "exit": "2024-01-01"}]}"#)
    #expect(e?.field == "stays[0].exit")
  }

  @Test func overlappingStays() {
    let e = error(#"{"stays": [{"entry": "2024-01-01", "exit": "2024-01-10"}, {"entry": "2024-01-05", "exit": "2024-01-20"}]}"#)
    #expect(e?.field == "stays[1]")
    #expect(e?.message.contains("overlaps stays[0]") == true)
  }

  @Test func impossibleDate() {
    let e = error(#"{"stays": [{"entry": "2024-02-30", "exit": "2024-03-01"}]}"#)
    #expect(e?.field == "stays[0].entry")
  }
}
