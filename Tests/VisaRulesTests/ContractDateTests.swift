import Testing
import VisaRules

/// The contract reader reads the usual `"YYYY-MM-DD"` straight from the bytes; the days it gives
/// are the calendar's (``LocalDate/init(iso:)``), on every boundary: month ends, leap days of
/// the years divisible by 4, 100 and 400, the first and last years the form can spell.
struct ContractDateTests {
  static func application(lodging: String) -> String {
    """
    {"lodgingDate":"\(lodging)","destination":"DE","lodgedIn":"RU","applicant":{"nationality":"RU","residence":"RU",\
    "birthDate":"0001-01-01","travelDocument":{"type":"ordinary","expiry":"9999-12-31"}},\
    "trip":{"purpose":"tourism","start":"2024-06-01","end":"2024-06-10"}}
    """
  }

  @Test func daysAgreeWithTheCalendar() throws {
    var checked = 0
    for year in [1, 2, 3, 4, 99, 100, 399, 400, 1600, 1700, 1899, 1900, 1969, 1970, 2000, 2023, 2024, 2100, 2400, 9999] {
      for month in 1...12 {
        for day in [1, 27, 28, 29, 30, 31] {
          let iso =
            String(year + 10_000).dropFirst() + "-" + String(month + 100).dropFirst() + "-"
            + String(day + 100).dropFirst()
          let expected = LocalDate(iso: String(iso))
          let json = Self.application(lodging: String(iso))
          if let expected {
            #expect(try Application(json: json).lodgingDate == expected, "\(iso)")
            checked += 1
          } else {
            #expect(throws: VisaRulesError.self, "\(iso)") { try Application(json: json) }
          }
        }
      }
    }
    #expect(checked > 1200)
    #expect(LocalDate(iso: "0001-01-01")!.dayNumber == -719_162)
    #expect(try Application(json: Self.application(lodging: "1970-01-01")).lodgingDate.dayNumber == 0)
  }
}
