import VisaRules

/// `visa explain FILE [--json] [--option k=v]… [--rules DIR]…`
enum ExplainCommand {
  static let usage = """
    visa explain [FILE|-] [--json] [--option KEY=VALUE]... [--rules DIR]...
      Evaluates one application and shows every provision consulted, figure by figure, with its
      citation, status tag and the dates of the version used; which applied and which did not,
      and why; the interpretation options relied on and what their alternatives would give.
      With --json, the decision with its trace (contract version 1).
    """

  static func run(_ arguments: [String]) throws(Failure) {
    var args = Arguments(arguments)
    let json = args.flag("--json")
    let given = try args.interpretationOptions()
    let book = try loadRuleBook(&args)
    let options = try book.checked(given)
    let files = try args.positionals()
    guard files.count <= 1 else { throw .usage("explain takes one input file (or - for standard input)") }
    let bytes = try Terminal.input(files.first, what: "an application (JSON)")
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
    var lines = [d.text, "", "Provisions consulted, in order:"]
    var figure: Figure?
    for t in d.trace {
      if t.figure != figure {
        figure = t.figure
        lines.append("")
        lines.append("[\(t.figure.rawValue)]")
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
