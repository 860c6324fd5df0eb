import VisaRules

/// `visa test [PATH…] [--option k=v]… [--rules DIR]…`
enum TestCommand {
  static let usage = """
    visa test [PATH...] [--verbose] [--option KEY=VALUE]... [--rules DIR]...
      Runs case files (JSON: applications with the values their decisions must show) and prints
      one line per failing case, then "N passed, M failed". A PATH may be a file or a folder
      (every .json below it); the default is Rules/cases. Exit code 1 if any case fails.
    """

  static func run(_ arguments: [String]) throws(Failure) {
    var args = Arguments(arguments)
    let verbose = args.flag("--verbose")
    let given = try args.interpretationOptions()
    let book = try loadRuleBook(&args)
    let options = try book.checked(given)
    let named = try args.positionals()
    let paths = named.isEmpty ? ["Rules/cases"] : named
    var files: [String] = []
    for p in paths {
      do throws(VisaRulesError) {
        files += try RuleBook.caseFiles(at: p)
      } catch {
        if named.isEmpty && error.kind == .io {
          throw .usage(
            "no case files given, and no Rules/cases folder here: pass case files or folders (visa test PATH...), "
              + "or run it in the package's root folder")
        }
        throw .input(error)
      }
    }
    var passed = 0
    var failed = 0
    for file in files {
      let text = String(decoding: try Terminal.read(file), as: UTF8.self)
      let results: [CaseResult]
      do throws(VisaRulesError) {
        results = try book.runCases(text, path: file, options: options)
      } catch {
        throw .input(error)
      }
      for r in results {
        if r.passed {
          passed += 1
          if verbose { Terminal.out("ok    \(file): \(r.name)") }
        } else {
          failed += 1
          Terminal.out("FAIL  \(file): \(r.name)")
          for f in r.failures { Terminal.out("        \(f)") }
        }
      }
    }
    Terminal.out("\(passed) passed, \(failed) failed")
    if failed > 0 { throw Failure(code: .failure, message: "") }
  }
}
