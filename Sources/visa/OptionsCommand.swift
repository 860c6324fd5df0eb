import VisaRules

/// `visa options`
enum OptionsCommand {
  static let usage = """
    visa options [--rules DIR]...
      Every contested point of law and policy switch: its default, the alternatives, and why.
      Choose a value with --option KEY=VALUE on evaluate and explain.
    """

  static func run(_ arguments: [String]) throws(Failure) {
    var args = Arguments(arguments)
    let book = try loadRuleBook(&args)
    guard try args.positionals().isEmpty else { throw .usage("options takes no argument") }
    var lines: [String] = []
    for o in book.options {
      lines.append("\(o.id) \(o.status)" + (o.citation.map { "  (\($0))" } ?? ""))
      lines.append("  \(o.question)")
      for v in o.values {
        lines.append("  \(v.name == o.defaultValue ? "*" : " ") \(v.name): \(v.meaning)")
      }
      lines.append("  why: \(o.reason)")
      lines.append("")
    }
    lines.append("* = default. Set with --option KEY=VALUE.")
    Terminal.out(lines.joined(separator: "\n"))
  }
}
