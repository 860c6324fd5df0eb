import VisaRules

/// `visa`: the command-line face of the VisaRules library.
let help = """
  visa — Schengen short-stay visa law as data: fees, waivers, deadlines, lodging windows and
  multiple-entry validity, each with its legal citation.

  USAGE: visa <command> [options]

  COMMANDS:
    evaluate   Evaluate one application (JSON) or a batch (--jsonl)
    explain    Show every provision consulted for one application, and why it applied or not
    rules      List, show or check rules (rules list | rules show ID | rules vocabulary | rules check [DIR])
    options    List the interpretation options and policy switches
    cascade    Simulate a regular traveller's multiple-entry visas year after year
    stays      The 90/180-day calculator over a list of stays
    compare    What a reform (a rules folder) changes, over applications or years of travellers
    population Generate a synthetic population of applications (JSON Lines)
    test       Run case files (applications with expected outcomes) against the rules
    help       Show this help, or a command's (visa help evaluate)
    --version  The library's version and the fingerprint of the rules (with --rules DIR: theirs)

  Exit codes: 0 ok, 1 bad input or rules (or a failing line in batch), 64 bad usage.
  """

var arguments = Array(CommandLine.arguments.dropFirst())
/// With --json or --jsonl, the error object goes to standard output, where the decision would be.
let jsonErrors = arguments.contains("--json") || arguments.contains("--jsonl")
let commands = ["evaluate", "explain", "rules", "options", "stays", "test", "cascade", "compare", "population", "help"]

func usageText(_ command: String) -> String {
  switch command {
  case "evaluate": return EvaluateCommand.usage
  case "explain": return ExplainCommand.usage
  case "rules": return RulesCommand.usage
  case "options": return OptionsCommand.usage
  case "stays": return StaysCommand.usage
  case "test": return TestCommand.usage
  case "cascade": return CascadeCommand.usage
  case "compare": return CompareCommand.usage
  case "population": return PopulationCommand.usage
  default: return help
  }
}

/// `visa --version [--rules DIR]...`: the library's version and the fingerprint of the rules.
func printVersion(_ rest: [String]) throws(Failure) {
  var args = Arguments(rest)
  let book = try loadRuleBook(&args)
  guard try args.positionals().isEmpty else { throw .usage("--version takes only --rules DIR") }
  // The rule book's provenance, as every decision carries it.
  let provenance = book.provenance
  var lines = ["visa \(provenance.libraryVersion) (VisaRules library \(provenance.libraryVersion))"]
  lines.append("rules \(provenance.fingerprint)")
  for set in provenance.rules {
    lines.append("  \(set.name)  \(set.fingerprint)  (\(set.files) file\(set.files == 1 ? "" : "s"))")
  }
  Terminal.out(lines.joined(separator: "\n"))
}

do throws(Failure) {
  guard let command = arguments.first else { throw .usage("no command given") }
  if command == "--version" || command == "version" {
    try printVersion(Array(arguments.dropFirst()))
    Platform.exit(0)
  }
  let rest = Array(arguments.dropFirst())
  if rest.contains("--help") || rest.contains("-h") {
    Terminal.out(usageText(command))
    Platform.exit(0)
  }
  switch command {
  case "evaluate": try EvaluateCommand.run(rest)
  case "explain": try ExplainCommand.run(rest)
  case "rules": try RulesCommand.run(rest)
  case "options": try OptionsCommand.run(rest)
  case "stays": try StaysCommand.run(rest)
  case "test": try TestCommand.run(rest)
  case "cascade": try CascadeCommand.run(rest)
  case "compare": try CompareCommand.run(rest)
  case "population": try PopulationCommand.run(rest)
  case "help", "--help", "-h":
    if let topic = rest.first, !commands.contains(topic) {
      throw .usage("no command \"\(topic)\"" + Suggestions.hint(topic, in: commands))
    }
    Terminal.out(usageText(rest.first ?? ""))
  default: throw .usage("unknown command \"\(command)\"" + Suggestions.hint(command, in: commands))
  }
  Platform.exit(0)
} catch {
  if !error.message.isEmpty {
    if jsonErrors, let json = error.json {
      Terminal.out("{\"error\":\(json)}")
    } else {
      Terminal.err("Error: \(error.message)")
    }
  }
  if error.code == .usage {
    let command = arguments.first ?? ""
    Terminal.err("Usage: " + usageText(command))
  }
  Platform.exit(error.code.rawValue)
}
