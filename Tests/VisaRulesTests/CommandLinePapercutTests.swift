import Foundation
import Testing
import VisaRules

/// The `visa` tool as a new user meets it: exit codes of bad usage, "did you mean", error texts,
/// the 90/180-day calculator's edges, JSON errors on standard output.
struct CommandLinePapercutTests {
  static let tourist = "Examples/applications/tourist-2021.json"

  @Test func helpForAnUnknownCommandExits64WithTheNearestCommand() throws {
    let r = try runVisa(["help", "evalute"])
    #expect(r.code == 64)
    #expect(r.err.contains("did you mean evaluate?"), "\(r.err)")
    #expect(try runVisa(["help", "stays"]).code == 0)
  }

  @Test func unknownCommandsAndOptionsSuggestTheNearestName() throws {
    let command = try runVisa(["evalute", Self.tourist])
    #expect(command.code == 64)
    #expect(command.err.contains("did you mean evaluate?"), "\(command.err)")
    let option = try runVisa(["evaluate", Self.tourist, "--jsn"])
    #expect(option.code == 64)
    #expect(option.err.contains("did you mean --json"), "\(option.err)")
    let sub = try runVisa(["rules", "lsit"])
    #expect(sub.code == 64)
    #expect(sub.err.contains("did you mean list?"), "\(sub.err)")
  }

  @Test func everyBadOptionValueIsBadUsage() throws {
    let cascade = "Examples/cascade/chinese-tourist-2019.json"
    let start = try runVisa(["cascade", cascade, "--compare-start", "2020-02-30"])
    #expect(start.code == 64)
    #expect(start.err.contains("\"2020-02-30\""), "\(start.err)")
    #expect(try runVisa(["cascade", cascade, "--compare-rules", "No/Such/Folder"]).code == 64)
    let rules = try runVisa(["evaluate", Self.tourist, "--rules", "No/Such/Folder"])
    #expect(rules.code == 64)
    #expect(rules.err.contains("No/Such/Folder"))
    #expect(try runVisa(["compare", "--reform", "No/Such/Folder", "-"], stdin: "").code == 64)
    #expect(
      try runVisa([
        "compare", "--reform", "Examples/reforms/fee-100-eur", "--travellers", "2", "--years", "1",
        "--start", "soon",
      ]).code == 64)
    for threads in ["0", "-1", "two"] {
      #expect(try runVisa(["evaluate", "--jsonl", "-", "--threads", threads], stdin: "").code == 64, "--threads \(threads)")
      #expect(try runVisa(["evaluate", "-", "--threads", threads], stdin: "").code == 64, "--threads \(threads) without --jsonl")
    }
    // A thread count means something for JSON Lines only; elsewhere it is refused, not ignored.
    #expect(try runVisa(["evaluate", "-", "--threads", "4"], stdin: "").code == 64)
    #expect(try runVisa(["stays", "Examples/stays/worked-case-38.json", "--on", "2024-13-01"]).code == 64)
  }

  @Test func interpretationOptionsAreCheckedWithSuggestions() throws {
    let key = try runVisa(["evaluate", Self.tourist, "--option", "dec-2022-333.fe=literalText"])
    #expect(key.code == 64)
    #expect(key.err.contains("did you mean dec-2022-333.fee?"), "\(key.err)")
    let value = try runVisa(["evaluate", Self.tourist, "--option", "dec-2022-333.fee=literal"])
    #expect(value.code == 64)
    #expect(value.err.contains("literalText"), "\(value.err)")
    // The message names the option once, not "option X: option X has no value".
    let firstLine = value.err.split(separator: "\n").first.map(String.init) ?? ""
    #expect(firstLine.components(separatedBy: "dec-2022-333.fee").count == 2, "\(firstLine)")
    #expect(try runVisa(["evaluate", Self.tourist, "--option", "dec-2022-333.fee=literalText"]).code == 0)
  }

  @Test func rulesShowOfAPrefixListsWhatLiesUnderIt() throws {
    let r = try runVisa(["rules", "show", "vc.16.4"])
    #expect(r.code == 1)
    for point in ["a", "b", "c", "d"] { #expect(r.err.contains("vc.16.4.\(point)"), "\(r.err)") }
    let typo = try runVisa(["rules", "show", "vc.16.4.x"])
    #expect(typo.err.contains("did you mean"), "\(typo.err)")
    #expect(typo.err.contains("vc.16.4.a"), "\(typo.err)")
  }

  @Test func traceInTextModePrintsTheProvisionsConsulted() throws {
    let plain = try runVisa(["evaluate", Self.tourist])
    let traced = try runVisa(["evaluate", Self.tourist, "--trace"])
    #expect(traced.code == 0)
    #expect(!plain.out.contains("Provisions consulted"))
    #expect(traced.out.contains("Provisions consulted"))
    #expect(traced.out.contains("vfa.6.1"))
  }

  @Test func aByteOrderMarkIsAccepted() throws {
    let text = "\u{FEFF}" + (try String(contentsOfFile: Package.root.path + "/" + Self.tourist, encoding: .utf8))
    let r = try runVisa(["evaluate", "-"], stdin: text)
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out.contains("35 EUR"))
  }

  @Test func testWithoutArgumentOutsideThePackageSaysWhatToPass() throws {
    let r = try run(Package.visaBinary, ["test"], directory: URL(fileURLWithPath: NSTemporaryDirectory()))
    #expect(r.code == 64)
    #expect(r.err.contains("visa test PATH"), "\(r.err)")
  }

  @Test func withJSONTheErrorObjectGoesToStandardOutput() throws {
    let r = try runVisa(["evaluate", "--json", "-"], stdin: "{\"lodgingDate\": \"2023-02-30\"}")
    #expect(r.code == 1)
    let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
    let error = object["error"] as! [String: Any]
    #expect(error["field"] as? String == "lodgingDate")
    #expect(error["value"] as? String == "2023-02-30")
    #expect(r.err.isEmpty)
  }

  @Test func blankLinesOfJSONLinesAreSkippedAndLinesKeepTheirNumbers() throws {
    let good = try String(contentsOfFile: Package.root.path + "/" + Self.tourist, encoding: .utf8)
      .replacingOccurrences(of: "\n", with: " ")
    let input = [good, "", "  \t", good, "", "{\"lodgingDate\": 1}", ""].joined(separator: "\n")
    let r = try runVisa(["evaluate", "--jsonl", "-"], stdin: input)
    #expect(r.code == 1)
    let lines = r.out.split(separator: "\n")
    #expect(lines.count == 3)
    let last = try JSONSerialization.jsonObject(with: Data(lines[2].utf8)) as! [String: Any]
    #expect(last["line"] as? Int == 6)
  }

  @Test func anOverstaySetsExitCodeOne() throws {
    let lawful = try runVisa(["stays", "Examples/stays/worked-case-38.json"])
    #expect(lawful.code == 0)
    let overstay = try runVisa(["stays", "-"], stdin: "{\"stays\": [{\"entry\": \"2024-01-01\", \"exit\": \"2024-04-30\"}]}")
    #expect(overstay.code == 1)
    #expect(overstay.out.contains("Overstay on 31 days"), "\(overstay.out)")
  }

  // MARK: - Error texts from the library

  static func tourist(_ edit: (inout [String: Any]) -> Void) throws -> String {
    let text = try String(contentsOfFile: Package.root.path + "/" + Self.tourist, encoding: .utf8)
    var object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! [String: Any]
    edit(&object)
    return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
  }

  static func error(_ text: String) -> VisaRulesError? {
    do throws(VisaRulesError) {
      let application = try Application(json: text)
      _ = try RuleBook.builtIn().evaluate(application)
      return nil
    } catch {
      return error
    }
  }

  @Test func vocabularyErrorsSuggestTheNearestId() throws {
    let purpose = Self.error(
      try Self.tourist { o in o["trip"] = ["purpose": "turism", "start": "2021-04-20", "end": "2021-04-30"] })
    #expect(purpose?.field == "trip.purpose")
    #expect(purpose?.message.contains("did you mean tourism?") == true, "\(String(describing: purpose))")
    let category = Self.error(
      try Self.tourist { o in
        var a = o["applicant"] as! [String: Any]
        a["categories"] = ["studnet"]
        o["applicant"] = a
      })
    #expect(category?.field == "applicant.categories[0]")
    #expect(category?.message.contains("did you mean student?") == true, "\(String(describing: category))")
    let country = Self.error(try Self.tourist { o in o["destination"] = "fr" })
    #expect(country?.field == "destination")
    #expect(country?.message.contains("did you mean FR") == true, "\(String(describing: country))")
  }

  @Test func anOptionErrorNamesTheOptionOnce() throws {
    let application = try Application(json: try String(contentsOfFile: Package.root.path + "/" + Self.tourist, encoding: .utf8))
    #expect {
      try RuleBook.builtIn().evaluate(application, options: EvaluationOptions(options: ["dec-2022-333.fee": "literal"]))
    } throws: { error in
      let e = error as! VisaRulesError
      return e.field == "options.dec-2022-333.fee" && e.description.components(separatedBy: "dec-2022-333.fee").count == 2
        && e.message.contains("did you mean literalText?")
    }
  }

  @Test func theTripEndErrorQuotesTheBadValue() throws {
    let e = Self.error(try Self.tourist { o in o["trip"] = ["purpose": "tourism", "start": "2021-04-20", "end": "2021-04-10"] })
    #expect(e?.field == "trip.end")
    #expect(e?.description.contains("\"2021-04-10\"") == true, "\(String(describing: e))")
  }

  @Test func nullForARequiredFieldIsNotCalledMissing() throws {
    let e = Self.error(try Self.tourist { o in o["lodgedIn"] = NSNull() })
    #expect(e?.field == "lodgedIn")
    #expect(e?.kind == .invalidValue)
    #expect(e?.message.contains("null is not allowed") == true, "\(String(describing: e))")
  }

  @Test func categoriesDefaultToNoneInJSONAsInSwift() throws {
    let without = try Application(
      json: try Self.tourist { o in
        var a = o["applicant"] as! [String: Any]
        a["categories"] = nil
        o["applicant"] = a
      })
    #expect(without.applicant.categories == [])
    let swift = Applicant(
      nationality: "RU", residence: "RU", birthDate: LocalDate(iso: "1985-06-20")!,
      travelDocument: TravelDocument(expiry: LocalDate(iso: "2029-01-31")!))
    #expect(swift.categories == without.applicant.categories)
  }

  @Test func aByteOrderMarkIsAcceptedByTheLibraryAndTheBatch() throws {
    let text = try String(contentsOfFile: Package.root.path + "/" + Self.tourist, encoding: .utf8)
    #expect(throws: Never.self) { try Application(json: "\u{FEFF}" + text) }
    let line = text.replacingOccurrences(of: "\n", with: " ")
    let r = try runVisa(["evaluate", "--jsonl", "-"], stdin: "\u{FEFF}" + line + "\n" + line + "\n")
    #expect(r.code == 0, "\(r.out)")
    #expect(r.out.split(separator: "\n").count == 2)
  }

  @Test func staysAllowReEntryOnTheDayOfExitAndCountThatDayOnce() throws {
    // 2024-01-01..01-10 (10 days) and 01-10..01-20 (11 days): 20 distinct days (Art. 6(1)
    // counts days of presence; the day of exit and re-entry is one day). On 2024-01-21 (no
    // presence that day) 20 are used and 70 left.
    let query =
      #"{"stays": [{"entry": "2024-01-01", "exit": "2024-01-10"}, {"entry": "2024-01-10", "exit": "2024-01-20"}], "on": "2024-01-21"}"#
    let r = try runVisa(["stays", "-", "--json"], stdin: query)
    #expect(r.code == 0, "\(r.err)")
    let report = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
    #expect(report["daysUsed"] as? Int == 20)
    #expect(report["daysLeft"] as? Int == 70)
    // A real overlap is still an error.
    let overlap = #"{"stays": [{"entry": "2024-01-01", "exit": "2024-01-10"}, {"entry": "2024-01-09", "exit": "2024-01-20"}]}"#
    #expect(try runVisa(["stays", "-"], stdin: overlap).code == 1)
  }

  @Test func anEmptyStayListIsAnErrorAndTheControlDateDefaultsToToday() throws {
    for input in [#"{"stays": []}"#, #"{}"#] {
      let r = try runVisa(["stays", "-"], stdin: input)
      #expect(r.code == 1)
      #expect(r.err.contains("stays: no stays given"), "\(r.err)")
      #expect(!r.out.contains("1970-01-01"))
    }
    let r = try runVisa(["stays", "-", "--json"], stdin: #"{"stays": [{"entry": "2024-01-01", "exit": "2024-01-05"}]}"#)
    let report = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate]
    formatter.timeZone = TimeZone(identifier: "UTC")
    let today = formatter.string(from: Date())
    let yesterday = formatter.string(from: Date().addingTimeInterval(-86_400))  // the test may straddle midnight
    #expect([today, yesterday].contains(report["controlDate"] as? String ?? ""), "\(r.out)")
  }
}
