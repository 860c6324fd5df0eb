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
    #expect(decision.fee?.amount == Money(euros: 35))
    #expect(decision.warnings.contains { $0.contains("visaHistory[0] was not lawfully used: entry before the visa's validity began") })
  }

  /// The same stays through the 90/180-day calculator: the earliest full stay after a stay of
  /// ten thousand years was searched for day by day.
  @Test(.timeLimit(.minutes(1))) func earliestFullStayJumpsOverLongStays() {
    let entry = LocalDate(iso: "0001-01-01")!
    let exit = LocalDate(iso: "9999-12-01")!
    let calc = StayCalculator(stays: [Stay(entry: entry, exit: exit)], rule: StayCalculatorTests.rule)
    let start = Date()
    // From inside the stay, the first full stay begins 91 days after it ends.
    #expect(calc.earliestFullStay(onOrAfter: LocalDate(iso: "2024-01-01")!) == exit.adding(days: 91))
    #expect(calc.latestLawfulExit(entry: exit.adding(days: 91)) == exit.adding(days: 180))
    #expect(calc.latestLawfulExit(entry: exit.adding(days: 90)) == nil)
    #expect(calc.daysUsed(on: LocalDate(iso: "5000-06-01")!) == 180)
    #expect(Date().timeIntervalSince(start) < 10)
  }

  // MARK: - Rule files (FuzzRules)

  static let header =
    #"{"instrument": {"id": "x", "shortName": "X", "title": "X", "kind": "reform", "officialReference": "none", "inForce": {"from": "2021-01-01"}, "amends": "vc", "status": "U", "lastVerified": "2026-01-01"},"#
  static let days =
    #""citation": {"article": "1"}, "status": "U", "effective": {"from": "2021-01-01"}, "figure": "decision.standardDays", "value": 7, "summary": "s""#

  /// Checks an overlay laid on the built-in rules: the checker reports an error (with `expected`
  /// in its message, in the overlay), and the loader refuses the book. Neither may trap.
  func expectRejected(_ overlay: String, _ expected: String) {
    let sources = RuleBook.builtInSources + [RuleBook.RuleSource(path: "overlay/x.json", text: overlay)]
    let errors = RuleBook.check(sources).filter { $0.severity == .error }
    #expect(errors.contains { $0.message.contains(expected) && $0.location.file == "overlay/x.json" }, "\(errors.map(\.description))")
    #expect(throws: VisaRulesError.self) { _ = try RuleBook(sources: sources) }
  }

  /// Found by review of the loader after FuzzRules, then replayed through it: a number in a rule
  /// file that no `Int` holds (`1e300`, `9223372036854775807`, parsed as a `Double`) trapped the
  /// unchecked `Int(_:)` conversions of the loader, so `visa rules check` crashed instead of
  /// naming the line. Fixed by one checked reader of whole numbers, with a range per field
  /// (the JSON Schema already says these are integers).
  @Test(arguments: [
    (#""when": {"age": {"atLeast": 1e300}}"#, #""atLeast" of "age" must be a whole number"#),
    (#""when": {"age": {"above": 9223372036854775807}}"#, #""above" of "age" must be a whole number"#),
    (#""when": {"daysBeforeTrip": {"below": -1e19}}"#, #""below" of "daysBeforeTrip" must be a whole number"#),
    (#""when": {"age": {"atMost": 6.5}}"#, #""atMost" of "age" must be a whole number"#),
    (#""when": {"visas": {"withinMonths": 1e300}}"#, #""withinMonths" of "visas" must be a whole number"#),
    (#""when": {"visas": {"withinMonths": 12, "atLeast": -1e300}}"#, #""atLeast" of "visas" must be a whole number"#),
    (#""when": {"visas": {"withinMonths": 12, "minValidityMonths": 1e18}}"#, #""minValidityMonths" of "visas" must be a whole number"#),
  ])
  func hugeNumbersInConditionsAreErrorsNotTraps(condition: String, expected: String) {
    expectRejected(Self.header + #" "provisions": [{"id": "x.1", \#(Self.days), \#(condition)}]}"#, expected)
  }

  @Test func hugeNumbersInFractionsAndCitationsAreErrorsNotTraps() {
    let cap = #""status": "U", "effective": {"from": "2021-01-01"}, "figure": "serviceFeeCap", "summary": "s""#
    expectRejected(
      Self.header
        + #" "provisions": [{"id": "x.1", "citation": {"article": "1"}, \#(cap), "value": {"fractionOf": "vc.16.1", "numerator": 1e300}}]}"#,
      "the numerator of the fraction of provision x.1 must be a whole number")
    expectRejected(
      Self.header
        + #" "provisions": [{"id": "x.1", "citation": {"article": "1"}, \#(cap), "value": {"fractionOf": "vc.16.1", "denominator": 0}}]}"#,
      "the denominator of the fraction of provision x.1 must be a whole number")
    expectRejected(
      Self.header + #" "provisions": [{"id": "x.1", "citation": {"article": 1e300}, \#(cap), "value": 5}]}"#,
      "the citation of provision x.1 has no article")
  }

  /// Found by review of the evaluator after FuzzRules: an amendment could make a fee a fraction
  /// of itself (or of a provision that is a fraction), which `visa rules check` accepted with
  /// 0 errors and evaluation then recursed until the stack overflowed (signal 11). The check
  /// of `fractionOf` looked at the target's original JSON only. Fixed by checking, once every
  /// amendment is applied, that no fraction names a provision that is a fraction on some date.
  @Test func aFractionOfAFractionIsAnErrorNotAStackOverflow() {
    expectRejected(
      Self.header + #"""
         "amendments": [{"id": "x.a", "target": "vc.16.1", "from": "2021-01-01",
           "value": {"fractionOf": "vc.16.1", "numerator": 1, "denominator": 2}, "citation": {"article": "1"}, "status": "U"}]}
        """#,
      "provision vc.16.1 as amended by x.a is a fraction of vc.16.1, which is itself a fraction")
    // Two amendments, each harmless on its own, making two fees fractions of each other.
    expectRejected(
      Self.header + #"""
         "provisions": [{"id": "x.1", "citation": {"article": "1"}, "status": "U", "effective": {"from": "2021-01-01"},
           "figure": "fee", "value": 10, "when": {"age": {"above": 200}}, "summary": "s"}],
         "amendments": [
           {"id": "x.a", "target": "x.1", "from": "2022-01-01", "value": {"fractionOf": "vc.16.1"}, "citation": {"article": "2"}, "status": "U"},
           {"id": "x.b", "target": "vc.16.1", "from": "2023-01-01", "value": {"fractionOf": "x.1"}, "citation": {"article": "3"}, "status": "U"}]}
        """#,
      "provision x.1 as amended by x.a is a fraction of vc.16.1, which is itself a fraction")
  }

  // MARK: - Applications (FuzzApplication)

  /// Found while looking for the cause of the slow stays (above): the JSON parser compared each
  /// key of an object with every earlier key to find duplicates, so one JSON Lines line of
  /// 640 KB with 50,000 keys took 2 min 24 s (debug build) before its error came out. Fixed by
  /// remembering the keys of an object in a set once it has more than sixteen.
  @Test(.timeLimit(.minutes(1))) func anObjectWithManyKeysIsRejectedQuickly() throws {
    let wide = "{" + (0..<50_000).map { "\"k\($0)\": 1" }.joined(separator: ", ") + "}"
    let start = Date()
    let (output, ok) = Array(wide.utf8).withUnsafeBufferPointer { try! RuleBook.builtIn().evaluateLine($0, lineNumber: 1) }
    #expect(Date().timeIntervalSince(start) < 10)
    #expect(!ok)
    #expect(String(decoding: output, as: UTF8.self).contains(#""kind":"unknownField","field":"k0""#))
    // Duplicates are still found, early and late in a wide object, by the JSON parser of
    // rule files (the application reader stops at the first key the contract does not define).
    for duplicate in ["k3", "k40000"] {
      let text = String(wide.dropLast()) + ", \"\(duplicate)\": 2}"
      do throws(VisaRulesError) {
        _ = try RuleBook(sources: [RuleBook.RuleSource(path: "wide.json", text: text)])
        Issue.record("no error for a duplicate key")
      } catch {
        #expect(error.kind == .invalidRules)
        #expect(error.message.contains("duplicate key \"\(duplicate)\""))
      }
    }
    // And by the application reader, for the contract's own keys, first and last.
    let valid = Examples.tourist2021
    for duplicate in ["\"lodgingDate\": \"2021-03-15\"", "\"trip\": {\"purpose\": \"tourism\"}"] {
      let text = String(valid.trimmingCharacters(in: .whitespacesAndNewlines).dropLast()) + ", \(duplicate)}"
      do throws(VisaRulesError) {
        _ = try Application(json: text)
        Issue.record("no error for a duplicate key in \(duplicate)")
      } catch {
        #expect(error.kind == .malformedJSON)
        #expect(error.message.contains("duplicate key"), "\(error)")
      }
    }
  }

  /// Found by review of the JSON writer: the rules cover lodging dates with no end, and a
  /// deadline 15 to 60 days after 9999-12-31 falls in year 10000, which the decision's JSON wrote
  /// with its year cut to four digits ("0000-01-15") while its text said 10000-01-15. Fixed by
  /// writing such years whole in JSON too.
  @Test func deadlinesBeyondYear9999AreWrittenWhole() throws {
    var app = tourist(lodged: "9999-12-31", start: "9999-12-31")
    app.applicant.nationality = "CN"
    app.trip.end = app.trip.start
    let decision = try RuleBook.builtIn().evaluate(app)
    #expect(decision.processing?.deadline?.description == "10000-01-15")
    let json = try JSONSerialization.jsonObject(with: Data(decision.json().utf8)) as! [String: Any]
    let deadlines = json["decision"] as! [String: Any]
    #expect(deadlines["deadline"] as? String == "10000-01-15")
    #expect(deadlines["exceptionalDeadline"] as? String == "10000-02-29")
  }
}
