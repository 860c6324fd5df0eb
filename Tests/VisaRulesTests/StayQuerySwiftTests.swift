import Testing
import VisaRules

/// A `StayQuery` built from Swift values asks the same question as its JSON form: the same
/// query, the same report, the same errors.
struct StayQuerySwiftTests {
  static let book = try! RuleBook.builtIn()

  func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }

  /// The JSON form's query, or its decoding error.
  func decoded(_ json: String) -> Result<StayQuery, VisaRulesError> {
    var text = json
    return text.withUTF8 { b in
      do throws(VisaRulesError) { return .success(try StayQuery(jsonBytes: b)) } catch { return .failure(error) }
    }
  }

  /// The answer to a query (or the error).
  func answer(_ q: StayQuery) -> Result<StayReport, VisaRulesError> {
    do throws(VisaRulesError) { return .success(try q.report(rules: Self.book)) } catch { return .failure(error) }
  }

  /// Worked case #38 of the legal reference (§ the 90/180-day rule): stays of 30, 31 and 25
  /// days; on 2024-06-14, 86 days are used; an entry on 2024-06-15 may last until 2024-06-18.
  @Test func workedCase38GivesTheSameReportFromSwiftAndFromJSON() throws {
    let json = #"""
      {"stays": [{"entry": "2024-01-10", "exit": "2024-02-08"}, {"entry": "2024-03-01", "exit": "2024-03-31"},
      {"entry": "2024-05-01", "exit": "2024-05-25"}], "on": "2024-06-14", "entry": "2024-06-15"}
      """#
    let swift = StayQuery(
      stays: [
        Stay(entry: day("2024-01-10"), exit: day("2024-02-08")), Stay(entry: day("2024-03-01"), exit: day("2024-03-31")),
        Stay(entry: day("2024-05-01"), exit: day("2024-05-25")),
      ], on: day("2024-06-14"), plannedEntry: day("2024-06-15"))
    let fromJSON = try decoded(json).get()
    #expect(fromJSON == swift)
    let report = try answer(swift).get()
    #expect(try answer(fromJSON).get() == report)
    #expect(report.daysUsed == 86)
    #expect(report.latestLawfulExit == day("2024-06-18"))
  }

  /// Without a control date both forms take the day after the last exit; exempt stays
  /// (residence permit, long-stay visa: Schengen Borders Code Art. 6(2)) do not count.
  @Test func defaultsAndExemptStaysAgree() throws {
    let json = #"{"stays": [{"entry": "2024-01-01", "exit": "2024-01-10"}, {"entry": "2024-02-01", "exit": "2024-02-05", "exempt": true}]}"#
    let swift = StayQuery(stays: [
      Stay(entry: day("2024-01-01"), exit: day("2024-01-10")), Stay(entry: day("2024-02-01"), exit: day("2024-02-05"), exempt: true),
    ])
    #expect(try decoded(json).get() == swift)
    let report = try answer(swift).get()
    #expect(try answer(try decoded(json).get()).get() == report)
    #expect(report.controlDate == day("2024-02-06"))
    #expect(report.daysUsed == 10)
  }

  /// Bad stays built in Swift get the JSON form's errors, byte for byte, when answered.
  @Test func badStaysGiveTheJSONFormsErrors() throws {
    let cases: [(String, StayQuery)] = [
      (#"{"stays": []}"#, StayQuery(stays: [])),
      (
        #"{"stays": [{"entry": "2024-01-10", "exit": "2024-01-01"}]}"#,
        StayQuery(stays: [Stay(entry: day("2024-01-10"), exit: day("2024-01-01"))])
      ),
      (
        #"{"stays": [{"entry": "2024-01-01", "exit": "2024-01-10"}, {"entry": "2024-01-05", "exit": "2024-01-20"}]}"#,
        StayQuery(stays: [Stay(entry: day("2024-01-01"), exit: day("2024-01-10")), Stay(entry: day("2024-01-05"), exit: day("2024-01-20"))])
      ),
    ]
    for (json, swift) in cases {
      guard case .failure(let expected) = decoded(json) else {
        Issue.record("\(json) was accepted")
        continue
      }
      guard case .failure(let e) = answer(swift) else {
        Issue.record("\(swift) was answered")
        continue
      }
      #expect(e == expected)
      #expect(throws: expected) { try swift.validate() }
    }
  }

  /// Re-entering on the day of exit is allowed in both forms; that day counts once
  /// (10 + 11 days sharing 2024-01-10: 20 days).
  @Test func reEntryOnTheDayOfExitIsAllowedInBothForms() throws {
    let json =
      #"{"stays": [{"entry": "2024-01-01", "exit": "2024-01-10"}, {"entry": "2024-01-10", "exit": "2024-01-20"}], "on": "2024-01-21"}"#
    let swift = StayQuery(
      stays: [Stay(entry: day("2024-01-01"), exit: day("2024-01-10")), Stay(entry: day("2024-01-10"), exit: day("2024-01-20"))],
      on: day("2024-01-21"))
    let report = try answer(swift).get()
    #expect(try answer(try decoded(json).get()).get() == report)
    #expect(report.daysUsed == 20)
  }
}
