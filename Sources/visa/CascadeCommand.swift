import VisaRules

/// `visa cascade FILE [--json] [--compare-start DATE] [--compare-rules DIR] [--option k=v]… [--rules DIR]…`
enum CascadeCommand {
  static let usage = """
    visa cascade [FILE|-] [--json] [--compare-start DATE] [--compare-rules DIR] [--option KEY=VALUE]... [--rules DIR]...
      Simulates a regular traveller applying trip after trip (Visa Code Art. 24(2): 1 → 2 → 5
      years; VFA Art. 5; the November 2025 decision) from JSON:
      {"applicant": {...}, "destination": "NL", "lodgedIn": "RU", "purpose": "tourism",
       "pattern": {"tripsPerYear": 4, "tripDays": 7, "start": "2020-03-01", "years": 6,
                   "leadDays": 30, "overstays": [{"trip": 5, "days": 10}],
                   "gaps": [{"from": "2021-01-01", "until": "2021-12-31"}]}}
      Prints each application (when lodged, fee, visa, validity, provision) and a chart of
      validity over time. --compare-start runs the same traveller from another start date,
      --compare-rules under another rules folder laid over the built-in rules, side by side.
    """

  static func run(_ arguments: [String]) throws(Failure) {
    var args = Arguments(arguments)
    let json = args.flag("--json")
    let compareStart = try args.value("--compare-start")
    let compareRules = try args.value("--compare-rules")
    let given = try args.interpretationOptions()
    let book = try loadRuleBook(&args)
    let options = try book.checked(given)
    let files = try args.positionals()
    guard files.count <= 1 else { throw .usage("cascade takes one input file (or - for standard input)") }
    var compareDate: LocalDate?
    if let compareStart {
      guard let d = LocalDate(iso: compareStart) else {
        throw .usage("--compare-start takes a date YYYY-MM-DD, got \"\(compareStart)\"")
      }
      compareDate = d
    }
    if compareStart != nil && compareRules != nil { throw .usage("give --compare-start or --compare-rules, not both") }
    let reform = try compareRules.map { (dir) throws(Failure) in try book.adding(folder: dir, flag: "--compare-rules") }
    let bytes = try Terminal.input(files.first, what: "a cascade request (JSON)")
    do throws(VisaRulesError) {
      let request = try bytes.withUnsafeBufferPointer { (b) throws(VisaRulesError) -> CascadeRequest in try CascadeRequest(jsonBytes: b) }
      let evaluation = EvaluationOptions(options: options, trace: false, alternatives: false)
      let base = try book.simulateCascade(request.template, pattern: request.pattern, options: evaluation)
      var other: (label: String, simulation: CascadeSimulation)?
      if let d = compareDate {
        var pattern = request.pattern
        pattern.start = d
        other = ("from \(d)", try book.simulateCascade(request.template, pattern: pattern, options: evaluation))
      } else if let compareRules, let reform {
        other = ("with \(compareRules)", try reform.simulateCascade(request.template, pattern: request.pattern, options: evaluation))
      }
      if json {
        if let other {
          Terminal.out("{\"base\": \(base.json),\n\"compared\": \(other.simulation.json)}")
        } else {
          Terminal.out(base.json)
        }
        return
      }
      Terminal.out(base.text)
      if let other {
        Terminal.out("\n=== Compared: \(other.label) ===\n" + other.simulation.text)
        Terminal.out("\nSide by side (application: months of validity)")
        let n = max(base.steps.count, other.simulation.steps.count)
        for i in 0..<n {
          func cell(_ s: [CascadeStep]) -> String {
            guard i < s.count else { return "—".padded(34) }
            let v = s[i].entries == .multiple ? "\(s[i].months ?? 0) months" : "single"
            return "\(s[i].lodgingDate) \(v)".padded(34)
          }
          Terminal.out("  \(String(i + 1).padded(4))\(cell(base.steps))\(cell(other.simulation.steps))")
        }
        Terminal.out("  fees  \(base.totalFees.description.padded(34))\(other.simulation.totalFees)")
      }
    } catch {
      throw .input(error)
    }
  }
}
