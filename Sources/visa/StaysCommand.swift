import VisaRules

/// `visa stays FILE [--on DATE] [--entry DATE] [--json] [--rules DIR]…`
enum StaysCommand {
  static let usage = """
    visa stays [FILE|-] [--on DATE] [--entry DATE] [--json] [--rules DIR]...
      The 90/180-day rule (its numbers and citation from the rules in force on the control
      date: stay.maximumDays, stay.periodDays) over stays given as JSON:
      {"stays": [{"entry": "2024-01-10", "exit": "2024-02-08"}, ...], "on": DATE, "entry": DATE}
      (entry and exit days both count, a day of exit and re-entry once; "exempt": true for stays
      under a residence permit or a long-stay visa; at least one stay). Reports the days used
      and left on the control date (--on, else the file's "on", else today, UTC), the latest
      lawful exit for a planned entry (--entry), the earliest date a full 90 days are available
      again, and every overstay day (exit code 1 if there is one). --rules lays a rules folder
      over the built-in rules.
    """

  static func run(_ arguments: [String]) throws(Failure) {
    var args = Arguments(arguments)
    let json = args.flag("--json")
    let onArg = try args.value("--on")
    let entryArg = try args.value("--entry")
    let book = try loadRuleBook(&args)
    let files = try args.positionals()
    guard files.count <= 1 else { throw .usage("stays takes one input file (or - for standard input)") }
    let bytes = try Terminal.input(files.first, what: "stays (JSON)")
    let input: StayQuery
    do throws(VisaRulesError) {
      input = try bytes.withUnsafeBufferPointer { (b) throws(VisaRulesError) -> StayQuery in try StayQuery(jsonBytes: b) }
    } catch {
      throw .input(error)
    }
    func date(_ text: String?, _ flag: String) throws(Failure) -> LocalDate? {
      guard let text else { return nil }
      guard let d = LocalDate(iso: text) else { throw .usage("\(flag) takes a date YYYY-MM-DD, got \"\(text)\"") }
      return d
    }
    // The control date: --on, else the file's "on", else today (UTC).
    let on = try date(onArg, "--on") ?? input.on ?? LocalDate(dayNumber: Platform.secondsSinceEpoch() / 86_400)
    let entry = try date(entryArg, "--entry") ?? input.plannedEntry
    let report: StayReport
    do throws(VisaRulesError) {
      report = try input.report(rules: book, on: on, plannedEntry: entry)
    } catch {
      throw .input(error)
    }
    Terminal.out(json ? report.json : report.text)
    // An overstay is a finding a script must not miss: exit code 1.
    if !report.overstayDays.isEmpty { throw Failure(code: .failure, message: "") }
  }
}
