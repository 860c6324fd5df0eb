import VisaRules

/// `visa evaluate [FILE|-] [--json [--fields LIST]] [--trace] [--option k=v]… [--rules DIR]…`
/// `visa evaluate --jsonl [FILE|-] [--fields LIST] [--stats] [--threads N] [--option k=v]… [--rules DIR]…`
enum EvaluateCommand {
  static let usage = """
    visa evaluate [FILE|-] [--json [--fields LIST]] [--trace] [--option KEY=VALUE]... [--rules DIR]...
    visa evaluate --jsonl [FILE|-] [--fields LIST] [--stats] [--threads N] [--option KEY=VALUE]... [--rules DIR]...
      Evaluates one application (JSON) and prints the decision, as text or with --json as
      JSON (contract version 2); --trace adds every provision consulted (as visa explain).
      With --jsonl, evaluates one application per line and writes one decision (or error
      object) per line, in order; blank lines are skipped (no output; line numbers stay those of
      the file); the exit code is 1 if any line failed. With --json or --jsonl, an error object
      {"error": {...}} goes to standard output in place of the decision. Without FILE, reads
      standard input. --fields keeps only the listed blocks of each decision (comma-separated
      JSON keys: fee, serviceFeeCap, decision, lodging, validity, eligibility, fastTrack,
      extension, instruments, warnings, assumptions, provenance; schemaVersion, id and
      lodgingDate always) and decides only what they need: `--fields fee,validity` for the
      figures of a large population. A block's members can be named instead of the whole
      block (fee.amount, validity.entries, validity.maxMonths, validity.until, ...): the block
      then holds only those, for the bare figures without their citations and texts.
    """

  static func run(_ arguments: [String]) throws(Failure) {
    var args = Arguments(arguments)
    let jsonl = args.flag("--jsonl")
    let json = args.flag("--json")
    let trace = args.flag("--trace")
    let stats = args.flag("--stats")
    let threads = try args.value("--threads")
    var threadCount: Int?
    if let t = threads {
      guard let n = Int(t), n >= 1 else { throw .usage("--threads takes a whole number of at least 1") }
      guard jsonl else { throw .usage("--threads applies to --jsonl only (one application is evaluated on one thread)") }
      threadCount = n
    }
    var fields = DecisionFields.all
    var members = DecisionMembers.all
    if let list = try args.value("--fields") {
      guard jsonl || json else { throw .usage("--fields applies to --json and --jsonl only (the text shows every block)") }
      do throws(VisaRulesError) {
        (fields, members) = try DecisionFields.selection(parsing: list)
      } catch {
        throw .usage("--fields: \(error.message); allowed: \(error.allowed ?? "")")
      }
    }
    let given = try args.interpretationOptions()
    let book = try loadRuleBook(&args)
    let options = try book.checked(given)
    let files = try args.positionals()
    guard files.count <= 1 else { throw .usage("evaluate takes one input file (or - for standard input)") }
    let path = files.first ?? "-"

    if jsonl {
      if files.isEmpty && Platform.isTerminal(0) {
        Terminal.err("Reading JSON Lines from standard input (end with Ctrl-D), as no FILE was given.")
      }
      let start = Terminal.now()
      let fd: Int32 = path == "-" ? 0 : Platform.openForReading(path)
      if fd < 0 { throw Failure(code: .failure, message: "cannot read \(path)") }
      let summary: BatchSummary
      do throws(VisaRulesError) {
        summary = try book.evaluateJSONLines(
          input: fd, output: 1,
          options: EvaluationOptions(options: options, trace: trace, alternatives: false, fields: fields, members: members),
          threads: threadCount)
      } catch {
        throw .input(error)
      }
      let seconds = Terminal.now() - start
      if stats {
        let rate = seconds > 0 ? Int(Double(summary.decisions + summary.errors) / seconds) : 0
        Terminal.err(
          "{\"lines\":\(summary.lines),\"decisions\":\(summary.decisions),\"errors\":\(summary.errors),\"eval_s\":\(seconds),\"decisionsPerSecond\":\(rate)}"
        )
      }
      if summary.errors > 0 { throw Failure(code: .failure, message: "") }
      return
    }

    let bytes = try Terminal.input(files.first, what: "an application (JSON)")
    do throws(VisaRulesError) {
      let application = try bytes.withUnsafeBufferPointer { (b) throws(VisaRulesError) -> Application in
        try Application(jsonBytes: b)
      }
      let decision = try book.evaluate(application, options: EvaluationOptions(options: options, trace: trace))
      // --trace in text: the decision, then every provision consulted (as `visa explain`).
      Terminal.out(
        json ? decision.json(pretty: true, fields: fields, members: members) : trace ? ExplainCommand.explanation(decision) : decision.text)
    } catch {
      throw .input(error)
    }
  }
}
