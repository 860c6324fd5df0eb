import VisaRules

/// `visa explain FILE [--json] [--option k=v]… [--rules DIR]`
enum ExplainCommand {
  static let usage = """
    visa explain [FILE|-] [--json] [--option KEY=VALUE]... [--rules DIR]...
      Evaluates one application and shows every provision consulted, figure by figure, with its
      citation, status tag and the dates of the version used; which applied and which did not,
      and why, with the facts read (an age, the visas counted, an option switched off); for each
      figure that did not go the applicant's way, the nearest provision that would have given
      more and what was missing; the interpretation options relied on and what their
      alternatives would give. Instruments whose scope does not cover the applicant's
      nationality are summed up in one line per figure (--json lists every provision).
      With --json, the decision with its trace and whyNot.
    """

  static func run(_ arguments: [String]) throws(Failure) {
    var args = Arguments(arguments)
    let json = args.flag("--json")
    let options = try args.interpretationOptions()
    let book = try loadRuleBook(&args)
    let files = try args.positionals()
    guard files.count <= 1 else { throw .usage("explain takes one input file (or - for standard input)") }
    let bytes = try Terminal.read(files.first ?? "-")
    do throws(VisaRulesError) {
      let application = try bytes.withUnsafeBufferPointer { (b) throws(VisaRulesError) -> Application in
        try Application(jsonBytes: b)
      }
      let decision = try book.evaluate(application, options: EvaluationOptions(options: options, trace: true))
      Terminal.out(json ? decision.json(pretty: true) : explanation(decision))
    } catch {
      throw .input(error)
    }
  }

  static func explanation(_ d: Decision) -> String {
    var lines = [d.text]
    if !d.whyNot.isEmpty {
      lines.append("Why not more:")
      for w in d.whyNot { lines.append("  - " + w.text) }
    }
    lines += ["", "Provisions consulted, in order:"]
    var figure: Figure?
    // Instruments that do not cover the applicant's nationality: counted, then one line.
    var outOfScope: [String: Int] = [:]
    func flush() {
      guard !outOfScope.isEmpty else { return }
      let provisions = outOfScope.values.reduce(0, +)
      lines.append(
        "  · \(outOfScope.count) instrument\(outOfScope.count == 1 ? "" : "s") (\(provisions) provision\(provisions == 1 ? "" : "s"))"
          + " not for this nationality: outside their scope (--json lists them)")
      outOfScope = [:]
    }
    for t in d.trace {
      if t.figure != figure {
        flush()
        figure = t.figure
        lines.append("")
        lines.append("[\(t.figure.rawValue)]")
      }
      if case .instrumentNotApplicable(let reason) = t.verdict, t.shortfalls.contains(where: { $0.aspect == .nationality }) {
        outOfScope[reason, default: 0] += 1
        continue
      }
      let mark: String
      switch t.verdict {
      case .applied: mark = "✔"
      case .concurring: mark = "="
      default: mark = "·"
      }
      var head = "  \(mark) \(t.citation) \(t.status)  \(t.provision)"
      if let p = t.period { head += "  (version \(p))" }
      lines.append(head)
      var detail = "      " + (t.value.isEmpty ? "" : "gives \(t.value)")
      if !t.condition.isEmpty { detail += (t.value.isEmpty ? "" : " ") + "if \(t.condition)" }
      if detail.trimmingCharacters() != "" { lines.append(detail) }
      lines.append("      → " + t.verdictText)
    }
    flush()
    return lines.joined(separator: "\n")
  }
}

extension String {
  func trimmingCharacters() -> String {
    var s = Substring(self)
    while s.first == " " { s.removeFirst() }
    while s.last == " " { s.removeLast() }
    return String(s)
  }
}
