extension RuleBook {
  /// A Markdown catalogue of every instrument, provision, suspension and option, generated
  /// from the rules (`visa rules catalogue`). `Documentation/Rules.md` is this text, and a test
  /// keeps it in step with `Rules/`.
  public var catalogue: String {
    var out: [String] = []
    out.append("# Rules catalogue")
    out.append("")
    out.append("Generated from `Rules/` by `visa rules catalogue`; do not edit by hand (a test fails when it is stale).")
    out.append("Status tags: [V] verified in the text, [C] corroborated, [U] unverified.")
    out.append("")
    out.append("Lodging dates covered: from \(coverage.from)" + (coverage.until.map { " to \($0)" } ?? "") + ". Amounts in \(currency).")
    out.append("")
    for i in instruments {
      out.append("## \(i.shortName) (`\(i.id)`) \(i.status)")
      out.append("")
      out.append("\(i.title).")
      out.append("")
      out.append("- Reference: \(i.officialReference)")
      out.append("- In force: \(i.inForce)" + (i.amends.map { "; amends `\($0)`" } ?? ""))
      out.append("- Scope: \(i.scope)")
      for s in i.suspensions { out.append("- \(s.prefix(1).uppercased() + s.dropFirst())") }
      out.append("- Last verified: \(i.lastVerified.map { "\($0)" } ?? "—"); defined in `\(i.location.file)`")
      out.append("")
      let own = provisions.filter { $0.location.file == i.location.file }
      if !own.isEmpty {
        out.append("| Provision | Citation | Figure | Versions | Line |")
        out.append("|---|---|---|---|---|")
        for p in own {
          let versions = p.versions.map { v in
            var s = "\(v.period): \(v.value)"
            if !v.condition.isEmpty { s += " if \(v.condition)" }
            if let a = v.amendment { s += " (`\(a)`)" }
            return s
          }.joined(separator: "<br>")
          out.append("| `\(p.id)` | \(p.citation) \(p.status) | \(p.figure) | \(versions.replacingPipes()) | \(p.location.line) |")
        }
        out.append("")
      }
      let amendments = provisions.flatMap { p in
        p.versions.compactMap { v -> String? in
          guard let a = v.amendment, let by = v.amendedBy, by == i.shortName else { return nil }
          return "- `\(a)`: `\(p.id)` (\(p.citation.place)) from \(v.period.from): \(v.value)"
        }
      }
      if !amendments.isEmpty {
        out.append("Amendments:")
        out.append("")
        out += amendments
        out.append("")
      }
    }
    out.append("## Interpretation options and policy switches")
    out.append("")
    out.append("| Option | Default | Values | Status |")
    out.append("|---|---|---|---|")
    for o in options {
      out.append("| `\(o.id)` | \(o.defaultValue) | \(o.values.map(\.name).joined(separator: ", ")) | \(o.status) |")
    }
    out.append("")
    return out.joined(separator: "\n")
  }
}

extension String {
  fileprivate func replacingPipes() -> String {
    var s = ""
    for c in self { s += c == "|" ? "\\|" : String(c) }
    return s
  }
}
