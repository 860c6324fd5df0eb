import VisaRules

/// `visa rules list | show ID | catalogue | vocabulary | check [DIR] | snapshot --output PATH`
enum RulesCommand {
  static let usage = """
    visa rules list [--rules DIR]...
      The instruments and policies, with their dates, scope and status.
    visa rules show ID [--rules DIR]...
      A provision (or an instrument): summary, citation, versions with dates, and where it is
      defined (file:line).
    visa rules catalogue [--rules DIR]...
      A Markdown catalogue of every instrument, provision, amendment and option
      (Documentation/Rules.md is its output).
    visa rules vocabulary [--rules DIR]...
      What an application may say (RuleBook.vocabulary): categories, purposes, travel-document
      types and categories, host relationships, extension grounds, fast-track schemes, the
      destinations and countries with their names, and the options with their values and
      defaults.
    visa rules check [DIR]
      Checks a rules folder (default: the built-in rules; a complete rule book that declares
      its coverage, such as Rules/, is checked alone; any other folder laid over the built-in
      rules) and prints every problem as path:line:column: error: message, including unresolved
      conflicts with a situation where both provisions apply. Exit code 1 on any error.
      Without DIR it also checks that the snapshot of the built-in rules compiled into the
      library is current (else run Scripts/update-snapshot.sh).
    visa rules snapshot --output PATH
      Compiles the built-in rules from their JSON and writes their snapshot (the compiled form
      the library loads at start-up) to PATH; Scripts/update-snapshot.sh writes it to
      Sources/VisaRules/Generated/BuiltInRules.snapshot.
    """

  static func run(_ arguments: [String]) throws(Failure) {
    var args = Arguments(arguments)
    let overlays = try args.values("--rules")
    let outputs = try args.values("--output")
    guard let sub = try args.positionals().first else {
      throw .usage("rules needs list, show, vocabulary, check, catalogue or snapshot")
    }
    var withOverlays = Arguments(overlays.flatMap { ["--rules", $0] })
    switch sub {
    case "list":
      let book = try loadRuleBook(&withOverlays)
      guard try args.positionals() == ["list"] else { throw .usage("rules list takes no argument") }
      list(book)
    case "show":
      let book = try loadRuleBook(&withOverlays)
      let rest = try args.positionals()
      guard rest.count == 2 else { throw .usage("rules show takes one provision or instrument id") }
      try show(rest[1], in: book)
    case "catalogue":
      let book = try loadRuleBook(&withOverlays)
      guard try args.positionals() == ["catalogue"] else { throw .usage("rules catalogue takes no argument") }
      Terminal.out(book.catalogue)
    case "vocabulary":
      let book = try loadRuleBook(&withOverlays)
      guard try args.positionals() == ["vocabulary"] else { throw .usage("rules vocabulary takes no argument") }
      Terminal.out(vocabulary(book.vocabulary))
    case "check":
      let rest = try args.positionals()
      guard rest.count <= 2 else { throw .usage("rules check takes at most one folder") }
      try check(rest.count == 2 ? rest[1] : nil)
    case "snapshot":
      guard try args.positionals() == ["snapshot"], overlays.isEmpty else {
        throw .usage("rules snapshot takes no argument but --output PATH (it snapshots the built-in rules)")
      }
      guard outputs.count == 1 else { throw .usage("rules snapshot needs --output PATH (once)") }
      do throws(VisaRulesError) {
        try RuleBook.writeBuiltInSnapshot(to: outputs[0])
      } catch {
        throw .input(error)
      }
    default:
      throw .usage(
        "unknown rules command \"\(sub)\""
          + Suggestions.hint(sub, in: ["list", "show", "vocabulary", "check", "catalogue", "snapshot"])
          + " (list, show, vocabulary, check, catalogue, snapshot)")
    }
  }

  static func list(_ book: RuleBook) {
    var lines: [String] = []
    for i in book.instruments {
      let count = book.provisions.filter { $0.citation.instrument == i.id || $0.id.hasPrefix(i.id + ".") }.count
      lines.append("\(i.id.padded(18))\(i.shortName) \(i.status)")
      lines.append("    \(i.title)")
      lines.append("    in force: \(i.inForce)   kind: \(i.kind)   provisions: \(count)" + (i.amends.map { "   amends: \($0)" } ?? ""))
      lines.append("    scope: \(i.scope)   last verified: \(i.lastVerified.map { "\($0)" } ?? "—")")
      for s in i.suspensions { lines.append("    \(s)") }
      lines.append("    \(i.officialReference)")
      lines.append("    defined at \(i.location)")
    }
    lines.append("")
    lines.append("Coverage: lodging dates from \(book.coverage.from)" + (book.coverage.until.map { " to \($0)" } ?? ""))
    Terminal.out(lines.joined(separator: "\n"))
  }

  /// The vocabulary as text: one section per field of the contract, each value with its meaning.
  static func vocabulary(_ v: RuleBook.Vocabulary) -> String {
    var lines: [String] = []
    func section<ID>(_ title: String, _ terms: [RuleBook.Vocabulary.Term<ID>]) {
      lines.append("\(title):")
      for t in terms {
        lines.append("  \(String(describing: t.id).padded(34))\(t.description)" + (t.articles.isEmpty ? "" : " [\(t.articles)]"))
      }
      lines.append("")
    }
    section("Categories (applicant.categories)", v.categories)
    lines.append("Purposes (trip.purpose):")
    lines.append("  " + v.purposes.map(\.rawValue).joined(separator: ", "))
    lines.append("")
    section("Travel-document types (applicant.travelDocument.type)", v.documentTypes)
    section("Travel-document categories (applicant.travelDocument.category)", v.documentCategories)
    section("Host relationships (applicant.host.relationship)", v.hostRelationships)
    section("Extension grounds (extensionGround)", v.extensionGrounds)
    section("Fast-track schemes (fastTrack.scheme)", v.fastTrackSchemes)
    lines.append("Options (--option KEY=VALUE; * the default):")
    for o in v.options {
      lines.append("  \(o.id): " + o.values.map { $0.name == o.defaultValue ? "*" + $0.name : $0.name }.joined(separator: ", "))
    }
    lines.append("")
    lines.append("Destinations (destination):")
    for d in v.destinations {
      lines.append("  \(d.code) \(d.name)" + (d.from.map { " (from \($0), \(d.citation ?? ""))" } ?? ""))
    }
    lines.append("")
    lines.append("Countries (nationality, residence, lodgedIn; - not a nationality):")
    for c in v.countries {
      lines.append("  \(c.code) \(c.name)" + (c.isNationality ? "" : " -") + (c.territoryOf.map { " (territory of \($0))" } ?? ""))
    }
    lines.append("")
    lines.append("Amounts in \(v.currency); lodging dates from \(v.coverage.from)" + (v.coverage.until.map { " to \($0)" } ?? ""))
    return lines.joined(separator: "\n")
  }

  static func show(_ id: String, in book: RuleBook) throws(Failure) {
    if let p = book.provision(id) {
      var lines = [
        "\(p.id)  \(p.citation) \(p.status)",
        "  \(p.summary)",
        "  figure: \(p.figure)   kind: \(p.kind)",
      ]
      if !p.overrides.isEmpty { lines.append("  exception to: \(p.overrides.joined(separator: ", "))") }
      lines.append("  versions:")
      for v in p.versions {
        var line = "    \(v.period): \(v.value)"
        if !v.condition.isEmpty { line += " if \(v.condition)" }
        if let by = v.amendedBy, v.amendment != nil { line += "  (\(by), \(v.amendment!))" }
        lines.append(line)
      }
      if !p.note.isEmpty { lines.append("  note: \(p.note)") }
      lines.append("  defined at \(p.location)")
      Terminal.out(lines.joined(separator: "\n"))
      return
    }
    if let i = book.instrument(id) {
      let provisions = book.provisions.filter { $0.location.file == i.location.file }
      var lines = [
        "\(i.id)  \(i.title) \(i.status)", "  \(i.officialReference)", "  in force: \(i.inForce)", "  scope: \(i.scope)",
        "  note: \(i.note)", "  defined at \(i.location)", "  provisions:",
      ]
      for p in provisions { lines.append("    \(p.id.padded(24))\(p.citation) \(p.status)") }
      Terminal.out(lines.joined(separator: "\n"))
      return
    }
    // A prefix lists what lies under it (`vc.16.4` → `vc.16.4.a` … `vc.16.4.d`); else the
    // nearest ids.
    let ids = book.provisions.map(\.id) + book.instruments.map(\.id)
    let under = ids.filter { $0.hasPrefix(id + ".") }
    if !under.isEmpty {
      throw Failure(
        code: .failure,
        message: "no provision or instrument \"\(id)\"; under it: \(under.joined(separator: ", "))")
    }
    throw Failure(code: .failure, message: "no provision or instrument \"\(id)\"" + Suggestions.hint(id, in: ids, limit: 6))
  }

  static func check(_ directory: String?) throws(Failure) {
    var sources = RuleBook.builtInSources
    if let directory {
      do throws(VisaRulesError) {
        let files = try RuleBook.read(directory: directory)
        // A complete rule book (it declares its coverage, like Rules/) is checked alone;
        // anything else is checked as an overlay on the built-in rules.
        if RuleBook.isComplete(files) {
          sources = files
        } else {
          sources += files
        }
      } catch {
        throw .input(error)
      }
    }
    var diagnostics = RuleBook.check(sources)
    // The built-in rules: their snapshot in the library must be current (else every start
    // compiles the JSON, and CI fails here).
    if directory == nil, let problem = RuleBook.builtInSnapshotProblem() {
      diagnostics.append(
        RuleDiagnostic(.error, SourceLocation(file: "Sources/VisaRules/Generated/BuiltInRules.snapshot", line: 1, column: 1), problem))
    }
    for d in diagnostics { Terminal.out(d.description) }
    let errors = diagnostics.filter { $0.severity == .error }.count
    let warnings = diagnostics.count - errors
    Terminal.out(
      "\(sources.count) rule files checked: \(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")")
    if errors > 0 { throw Failure(code: .failure, message: "") }
  }
}
