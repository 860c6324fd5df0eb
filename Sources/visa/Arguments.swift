import VisaRules

/// The command line after the subcommand: flags, options with values, and positionals.
struct Arguments {
  private var items: [String]
  /// Every option the command asked about, for "did you mean" when one is unknown.
  private var known: [String] = ["--help"]

  init(_ items: [String]) { self.items = items }

  /// Removes `--name` and returns whether it was there.
  mutating func flag(_ name: String) -> Bool {
    known.append(name)
    guard let i = items.firstIndex(of: name) else { return false }
    items.remove(at: i)
    return true
  }

  /// Removes every `--name VALUE` (or `--name=VALUE`) and returns the values.
  mutating func values(_ name: String) throws(Failure) -> [String] {
    known.append(name)
    var out: [String] = []
    var i = 0
    while i < items.count {
      if items[i] == name {
        guard i + 1 < items.count else { throw .usage("\(name) needs a value") }
        out.append(items[i + 1])
        items.removeSubrange(i...(i + 1))
      } else if items[i].hasPrefix(name + "=") {
        out.append(String(items[i].dropFirst(name.count + 1)))
        items.remove(at: i)
      } else {
        i += 1
      }
    }
    return out
  }

  mutating func value(_ name: String) throws(Failure) -> String? {
    let all = try values(name)
    guard all.count <= 1 else { throw .usage("\(name) given more than once") }
    return all.first
  }

  /// `--option key=value` pairs, as given (``checked(_:in:)`` checks them against a rule book).
  mutating func interpretationOptions() throws(Failure) -> [String: String] {
    var out: [String: String] = [:]
    for pair in try values("--option") {
      guard let eq = pair.firstIndex(of: "=") else {
        throw .usage("--option takes KEY=VALUE, got \"\(pair)\" (see visa options)")
      }
      let key = String(pair[..<eq])
      if out[key] != nil { throw .usage("--option \(key) given more than once") }
      out[key] = String(pair[pair.index(after: eq)...])
    }
    return out
  }

  /// The remaining positional arguments; an unknown `--flag` is a usage error, with the
  /// command's nearest option suggested.
  func positionals() throws(Failure) -> [String] {
    for item in items where item.hasPrefix("--") {
      let name = item.split(separator: "=", maxSplits: 1).first.map(String.init) ?? item
      throw .usage("unknown option \(item)" + Suggestions.hint(name, in: known))
    }
    return items
  }
}

extension String {
  /// The string padded with spaces to `width` characters (at least one space after it).
  func padded(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
