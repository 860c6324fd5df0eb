import Foundation
import Testing
import VisaRules

/// Inputs found by fuzzing (Scripts/fuzz.sh) that crashed, hung or misbehaved, kept so that
/// they never come back. Each test names what went wrong and what fixed it.
struct RegressionTests {
  static func evaluate(_ json: String) -> Result<Decision, VisaRulesError> {
    do throws(VisaRulesError) {
      return .success(try RuleBook.builtIn().evaluate(try Application(json: json)))
    } catch {
      return .failure(error)
    }
  }

  /// Found by profiling FuzzApplication (its rate fell from 40,000 to 390 executions a second):
  /// stays spanning centuries. StayCalculator walked every day of every stay into a Set, so one
  /// 1.4 KB application with eight stays from 0001-01-01 to 9999-12-31 took two minutes (and the
  /// evaluation of the alternatives repeated it). Fixed by keeping the days of presence as runs
  /// (sorted, merged intervals) and counting with binary searches, and by looking at no more
  /// than a stay's first 91 days for its first overstay.
  @Test(.timeLimit(.minutes(1))) func staysSpanningCenturiesAreCheap() throws {
    let stays = #"[{"entry": "0001-01-01", "exit": "9999-12-31"}]"#
    let visa = #"{"validFrom": "2019-05-01", "validUntil": "2019-05-20", "entries": "single", "stays": \#(stays)}"#
    let json = Examples.tourist2021.replacingOccurrences(
      of: #""visaHistory": ["#, with: #""visaHistory": [\#(Array(repeating: visa, count: 8).joined(separator: ", ")), "#)
    let start = Date()
    let decision = try Self.evaluate(json).get()
    #expect(Date().timeIntervalSince(start) < 10)
    #expect(decision.fee.amount == Money(euros: 35))
    #expect(decision.warnings.contains { $0.contains("visaHistory[0] was not lawfully used: entry before the visa's validity began") })
  }

  /// The same stays through the 90/180-day calculator: the earliest full stay after a stay of
  /// ten thousand years was searched for day by day.
  @Test(.timeLimit(.minutes(1))) func earliestFullStayJumpsOverLongStays() {
    let entry = LocalDate(iso: "0001-01-01")!
    let exit = LocalDate(iso: "9999-12-01")!
    let calc = StayCalculator(stays: [Stay(entry: entry, exit: exit)])
    let start = Date()
    // From inside the stay, the first full stay begins 91 days after it ends.
    #expect(calc.earliestFullStay(onOrAfter: LocalDate(iso: "2024-01-01")!) == exit.adding(days: 91))
    #expect(calc.latestLawfulExit(entry: exit.adding(days: 91)) == exit.adding(days: 180))
    #expect(calc.latestLawfulExit(entry: exit.adding(days: 90)) == nil)
    #expect(calc.daysUsed(on: LocalDate(iso: "5000-06-01")!) == 180)
    #expect(Date().timeIntervalSince(start) < 10)
  }
}
