import VisaRules

/// The rule book a command works with: the built-in rules, plus `--rules DIR` overlays.
func loadRuleBook(_ args: inout Arguments) throws(Failure) -> RuleBook {
  let overlays = try args.values("--rules")
  do throws(VisaRulesError) {
    var book = try RuleBook.builtIn()
    for dir in overlays { book = try book.adding(rulesAt: dir) }
    return book
  } catch {
    throw .input(error)
  }
}
