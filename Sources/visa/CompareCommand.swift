import VisaRules

/// `visa compare --reform DIR [APPLICATIONS.jsonl|-|--population N [--from DATE] [--to DATE]] [--travellers N --years Y] [--json] [--report FILE.html]`
enum CompareCommand {
  static let usage = """
    visa compare --reform DIR [APPLICATIONS.jsonl|-] [--json] [--report FILE.html] [--option KEY=VALUE]...
    visa compare --reform DIR --population N [--seed S] [--from DATE] [--to DATE] [--json] [--report FILE.html]
    visa compare --reform DIR --travellers N --years Y [--seed S] [--start DATE] [--json] [--report FILE.html]
      Evaluates every application (JSON Lines) under the built-in rules and under the rules with
      the reform folder laid on top, streaming on every core, and reports fees collected and
      averages, fee-free applications by waiver, validity (single entry, 1, 2, 5 years), decision
      periods, and every kind of change with how many applicants it concerns and the provisions
      that made the difference. With --travellers, simulates that many frequent travellers
      (seeded) year after year under both and reports the share at each step of the
      multiple-entry ladder and the fees paid. --population N generates the applications in
      the process, as `visa population --n N --seed S --from DATE --to DATE` would (lodging dates
      by default 2027-01-01 .. 2027-12-31, as there), so the report
      can say which population and seed it used. --report writes one self-contained HTML page:
      the reform's name, the date, the rules' fingerprints, the population and its seed.
    """

  static func run(_ arguments: [String]) throws(Failure) {
    var args = Arguments(arguments)
    let json = args.flag("--json")
    guard let reformDir = try args.value("--reform") else { throw .usage("compare needs --reform DIR") }
    let reportPath = try args.value("--report")
    let travellers = try args.value("--travellers").map { (t) throws(Failure) -> Int in
      guard let n = Int(t), n >= 1, n <= 10_000_000 else { throw .usage("--travellers takes a whole number from 1 to 10000000") }
      return n
    }
    let years = try args.value("--years").map { (t) throws(Failure) -> Int in
      guard let n = Int(t), n >= 1, n <= 20 else { throw .usage("--years takes a whole number from 1 to 20") }
      return n
    }
    let seed =
      try args.value("--seed").map { (t) throws(Failure) -> UInt64 in
        guard let n = UInt64(t) else { throw .usage("--seed takes a whole number") }
        return n
      } ?? 1
    let populationSize = try args.value("--population").map { (t) throws(Failure) -> Int in
      guard let n = Int(t), n >= 1, n <= 100_000_000 else { throw .usage("--population takes a whole number from 1 to 100000000") }
      return n
    }
    let startText = try args.value("--start")
    // The population's lodging dates: `visa population`'s options and defaults.
    func date(_ flag: String, _ fallback: String) throws(Failure) -> LocalDate? {
      guard let text = try args.value(flag) else { return LocalDate(iso: fallback) }
      if populationSize == nil { throw .usage("\(flag) goes with --population N") }
      guard let d = LocalDate(iso: text) else { throw .usage("\(flag) takes a date YYYY-MM-DD, got \"\(text)\"") }
      return d
    }
    let from = try date("--from", "2027-01-01")!
    let to = try date("--to", "2027-12-31")!
    guard to >= from else { throw .usage("--to is before --from") }
    let given = try args.interpretationOptions()
    let base = try loadRuleBook(&args)
    let files = try args.positionals()
    guard files.count <= 1 else { throw .usage("compare takes one applications file (or - for standard input)") }
    if populationSize != nil && !files.isEmpty { throw .usage("compare takes an applications file or --population N, not both") }
    if travellers != nil && years == nil || travellers == nil && years != nil {
      throw .usage("--travellers and --years go together")
    }
    var start = LocalDate(iso: "2026-01-01")!
    if let startText {
      guard let d = LocalDate(iso: startText) else { throw .usage("--start takes a date YYYY-MM-DD, got \"\(startText)\"") }
      start = d
    }
    let reform = try base.adding(folder: reformDir, flag: "--reform")
    let options = try reform.checked(given)
    if populationSize == nil && (travellers == nil || !files.isEmpty) && files.isEmpty && Platform.isTerminal(0) {
      Terminal.err("Reading applications (JSON Lines) from standard input (end with Ctrl-D), as no FILE was given.")
    }
    do throws(VisaRulesError) {
      let today = LocalDate(dayNumber: Platform.secondsSinceEpoch() / 86_400)
      var report = PolicyReport(base: base, reform: reform, folder: reformDir, date: today)
      let evaluation = EvaluationOptions(options: options, trace: false, alternatives: false)
      if let populationSize {
        let population = Population(count: populationSize, seed: seed, period: Period(from: from, until: to))
        report.applications = try base.compare(with: reform, population: population, options: evaluation)
        report.population = population.summary
        report.seed = seed
      } else if travellers == nil || !files.isEmpty {
        let path = files.first ?? "-"
        let fd: Int32 = path == "-" ? 0 : Platform.openForReading(path)
        if fd < 0 { throw VisaRulesError(.io, value: path, message: "cannot read \(path)") }
        let meter = Platform.isTerminal(2) ? ProgressLine(total: Platform.fileSize(fd)) : nil
        report.applications = try base.compare(
          with: reform, input: fd, options: evaluation,
          progress: meter.map { m in { lines, bytes in m.update(lines: lines, bytes: bytes) } })
        meter?.end()
        let name = path == "-" ? "standard input" : String(path.split(separator: "/").last ?? Substring(path))
        report.population = "\(report.applications?.base.applications ?? 0) applications read from \(name)"
        if fd != 0 { Platform.close(fd) }
      }
      if let travellers, let years {
        report.cascades = base.compareCascades(with: reform, travellers: travellers, years: years, seed: seed, start: start)
      }
      Terminal.out(json ? report.json : report.text)
      if let reportPath {
        let fd = Platform.openForWriting(reportPath)
        if fd < 0 { throw VisaRulesError(.io, value: reportPath, message: "cannot write \(reportPath)") }
        Terminal.writeAll(Array(report.html.utf8), fd: fd)
        Platform.close(fd)
        Terminal.err("report written to \(reportPath)")
      }
    } catch {
      throw .input(error)
    }
  }
}
