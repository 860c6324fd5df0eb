import VisaRules

/// The rule book a command works with: the built-in rules, plus `--rules DIR` overlays. A folder
/// that cannot be read is bad usage (exit 64); a folder whose rules are wrong is bad input (1).
func loadRuleBook(_ args: inout Arguments) throws(Failure) -> RuleBook {
  let overlays = try args.values("--rules")
  var book: RuleBook
  do throws(VisaRulesError) {
    book = try RuleBook.builtIn()
  } catch {
    throw .input(error)
  }
  for dir in overlays { book = try book.adding(folder: dir, flag: "--rules") }
  return book
}

extension RuleBook {
  /// The book with the rules folder `dir` given by `flag` laid over it (`--rules`, `--reform`,
  /// `--compare-rules`).
  func adding(folder dir: String, flag: String) throws(Failure) -> RuleBook {
    do throws(VisaRulesError) {
      return try adding(rulesAt: dir)
    } catch {
      if error.kind == .io { throw .usage("\(flag) \(dir): \(error.message)") }
      throw .input(error)
    }
  }

  /// `--option` pairs checked against the book's interpretation options: an unknown key or value
  /// is bad usage, with the nearest names suggested.
  func checked(_ options: [String: String]) throws(Failure) -> [String: String] {
    for (key, value) in options.sorted(by: { $0.key < $1.key }) {
      // The ids and value names only: the options' descriptions are not read (cold start).
      guard let names = optionValues(key) else {
        throw .usage(
          "--option \(key)=\(value): no interpretation option \"\(key)\""
            + Suggestions.hint(key, in: optionIDs) + "; visa options lists them")
      }
      guard names.contains(value) else {
        throw .usage(
          "--option \(key)=\(value): no value \"\(value)\"" + Suggestions.hint(value, in: names)
            + " (allowed: \(names.joined(separator: ", ")))")
      }
    }
    return options
  }
}
