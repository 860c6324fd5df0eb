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
      alternatives would give. Provisions for other nationalities (and instruments whose scope
      does not cover the applicant's), and those of instruments not in force, are summed up
      in one line per figure (--json lists every provision).
      With --json, the decision with its trace and whyNot.
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
    var lines = [d.text]
    if !d.whyNot.isEmpty {
      lines.append("Why not more:")
      for w in d.whyNot { lines.append("  - " + w.text) }
    }
    lines += ["", "Provisions consulted, in order:"]
    var figure: Figure?
    // Provisions not for the applicant's nationality (their instrument's scope, or their own
    // condition) are counted and said in one line per figure; so are the provisions of an
    // instrument not in force, one line per instrument. `--json` keeps every entry.
    var nationality = ""
    var outOfScope: Set<String> = []
    var outOfScopeProvisions = 0
    var otherNationality = 0
    var notInForce: [(reason: String, count: Int)] = []
    func flush() {
      for (reason, count) in notInForce {
        lines.append("  · \(count) provision\(count == 1 ? "" : "s"): \(reason)")
      }
      notInForce = []
      guard outOfScopeProvisions + otherNationality > 0 else { return }
      var parts: [String] = []
      if !outOfScope.isEmpty {
        parts.append(
          "\(outOfScope.count) instrument\(outOfScope.count == 1 ? "" : "s") outside their scope (\(outOfScopeProvisions) provision\(outOfScopeProvisions == 1 ? "" : "s"))"
        )
      }
      if otherNationality > 0 { parts.append("\(otherNationality) provision\(otherNationality == 1 ? "" : "s") for other nationalities") }
      lines.append("  · \(nationality): " + parts.joined(separator: ", ") + " (--json lists them)")
      outOfScope = []
      outOfScopeProvisions = 0
      otherNationality = 0
    }
    for t in d.trace {
      if t.figure != figure {
        flush()
        figure = t.figure
        lines.append("")
        lines.append("[\(t.figure.rawValue)]")
      }
      let aboutNationality = t.shortfalls.first { $0.aspect == .nationality }
      switch t.verdict {
      case .instrumentNotApplicable(let reason):
        if let n = aboutNationality {
          nationality = n.text
          outOfScope.insert(reason)
          outOfScopeProvisions += 1
          continue
        }
        if t.shortfalls.isEmpty {
          if let i = notInForce.firstIndex(where: { $0.reason == reason }) {
            notInForce[i].count += 1
          } else {
            notInForce.append((reason, 1))
          }
          continue
        }
      case .conditionFalse:
        if let n = aboutNationality, t.shortfalls.allSatisfy({ $0.aspect == .nationality }) {
          nationality = n.text
          otherNationality += 1
          continue
        }
      default: break
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
