import VisaRules

/// `visa population --n N [--seed S] [--from DATE] [--to DATE]`
enum PopulationCommand {
  static let usage = """
    visa population --n N [--seed S] [--from DATE] [--to DATE]
      Writes N synthetic applications (JSON Lines, each with an id) to standard output,
      deterministic by seed, streaming, in the proportions of the library's Population type.
      Lodging dates default to 2027-01-01 .. 2027-12-31. The mix:
    """ + "\n" + wrapped(Population.mix, indent: 4)

  /// `text` folded at about 96 columns, each line indented.
  static func wrapped(_ text: String, indent: Int) -> String {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty, line.count + 1 + word.count > 96 - indent {
        lines.append(line)
        line = ""
      }
      line += (line.isEmpty ? "" : " ") + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines.map { String(repeating: " ", count: indent) + $0 }.joined(separator: "\n")
  }

  static func run(_ arguments: [String]) throws(Failure) {
    var args = Arguments(arguments)
    guard let nText = try args.value("--n"), let n = Int(nText), n >= 0 else { throw .usage("population needs --n N (a whole number)") }
    let seed =
      try args.value("--seed").map { (t) throws(Failure) -> UInt64 in
        guard let s = UInt64(t) else { throw .usage("--seed takes a whole number") }
        return s
      } ?? 1
    func date(_ flag: String, _ fallback: String) throws(Failure) -> LocalDate {
      let text = try args.value(flag) ?? fallback
      guard let d = LocalDate(iso: text) else { throw .usage("\(flag) takes a date YYYY-MM-DD, got \"\(text)\"") }
      return d
    }
    let from = try date("--from", "2027-01-01")
    let to = try date("--to", "2027-12-31")
    guard to >= from else { throw .usage("--to is before --from") }
    guard try args.positionals().isEmpty else { throw .usage("population takes no positional argument") }
    do throws(VisaRulesError) {
      try Population(count: n, seed: seed, period: Period(from: from, until: to)).write(to: 1)
    } catch {
      throw .input(error)
    }
  }
}
