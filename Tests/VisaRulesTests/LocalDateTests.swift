import Testing
import VisaRules

struct LocalDateTests {
  @Test func parsesAndPrints() throws {
    let d = try #require(LocalDate(iso: "2024-02-29"))
    #expect(d.description == "2024-02-29")
    #expect(d.year == 2024 && d.month == 2 && d.day == 29)
    #expect(LocalDate(iso: "2023-02-29") == nil)
    #expect(LocalDate(iso: "2024-04-31") == nil)
    #expect(LocalDate(iso: "2024-1-01") == nil)
    #expect(LocalDate(iso: "") == nil)
    #expect(LocalDate(iso: "1970-01-01")?.dayNumber == 0)
  }

  @Test(arguments: [
    ("2024-01-31", 1, "2024-02-29"), ("2023-01-31", 1, "2023-02-28"), ("2024-08-31", -6, "2024-02-29"),
    ("2023-09-01", -6, "2023-03-01"), ("2023-09-01", -9, "2022-12-01"), ("2018-09-01", -3, "2018-06-01"),
    ("2024-02-29", 24, "2026-02-28"), ("2025-12-31", 2, "2026-02-28"), ("2020-03-31", -1, "2020-02-29"),
  ])
  func monthArithmeticClampsToMonthEnd(_ from: String, _ months: Int, _ expected: String) {
    #expect(LocalDate(iso: from)!.adding(months: months).description == expected)
  }

  @Test func completedYears() {
    let birth = LocalDate(iso: "2018-07-01")!
    #expect(birth.completedYears(on: LocalDate(iso: "2024-06-30")!) == 5)
    #expect(birth.completedYears(on: LocalDate(iso: "2024-07-01")!) == 6)
    let leap = LocalDate(iso: "2016-02-29")!
    #expect(leap.completedYears(on: LocalDate(iso: "2022-02-28")!) == 5)
    #expect(leap.completedYears(on: LocalDate(iso: "2022-03-01")!) == 6)
    #expect(leap.completedYears(on: LocalDate(iso: "2022-02-28")!, leapDayBirthdayOnFebruary28: true) == 6)
    #expect(leap.completedYears(on: LocalDate(iso: "2024-02-29")!) == 8)
  }

  @Test func weekdays() {
    #expect(LocalDate(iso: "2026-11-22")!.isoWeekday == 7)
    #expect(LocalDate(iso: "1970-01-01")!.isoWeekday == 4)
  }

  @Test func roundTripsEveryDayOfFourCenturies() {
    var d = LocalDate(iso: "1900-01-01")!
    let end = LocalDate(iso: "2300-12-31")!
    var mismatches = 0
    while d <= end {
      let (y, m, day) = d.components
      if LocalDate(year: y, month: m, day: day) != d { mismatches += 1 }
      d = d.adding(days: 1)
    }
    #expect(mismatches == 0)
  }
}
