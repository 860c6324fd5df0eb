internal import SnapshotFormat

/// The public descriptions of a compiled rule book (``Instrument``, ``Provision``,
/// ``InterpretationOption``, the categories' descriptions) and the loader's diagnostics, in a
/// snapshot: written and read here, side by side.
extension SnapshotWriter {
  mutating func writePublic(_ rules: CompiledRules) {
    count(rules.publicInstruments.count)
    for i in rules.publicInstruments {
      string(i.id)
      string(i.shortName)
      string(i.title)
      string(i.kind)
      string(i.officialReference)
      write(i.inForce)
      optionalString(i.amends)
      string(i.scope)
      strings(i.suspensions)
      write(i.status)
      optionalInt(i.lastVerified?.dayNumber)
      string(i.note)
      write(i.location)
    }
    newline()
    count(rules.publicProvisions.count)
    for p in rules.publicProvisions {
      string(p.id)
      write(p.citation)
      write(p.status)
      write(p.figure)
      string(p.kind)
      string(p.summary)
      string(p.note)
      strings(p.overrides)
      count(p.versions.count)
      for v in p.versions {
        write(v.period)
        string(v.value)
        string(v.condition)
        optionalString(v.amendment)
        optionalString(v.amendedBy)
      }
      write(p.location)
      newline()
    }
    count(rules.publicOptions.count)
    for o in rules.publicOptions {
      string(o.id)
      string(o.question)
      count(o.values.count)
      for v in o.values {
        string(v.name)
        string(v.meaning)
      }
      string(o.defaultValue)
      string(o.reason)
      bool(o.citation != nil)
      if let c = o.citation { write(c) }
      write(o.status)
      write(o.location)
    }
    count(rules.categoryDescriptions.count)
    for (category, description) in rules.categoryDescriptions {
      string(category.rawValue)
      string(description)
    }
    newline()
  }

  mutating func write(_ diagnostics: [RuleDiagnostic]) {
    count(diagnostics.count)
    for d in diagnostics {
      bool(d.severity == .error)
      write(d.location)
      string(d.message)
    }
    newline()
  }
}

extension SnapshotReader {
  mutating func readPublic(_ names: SnapshotNames) throws(SnapshotError) -> RuleDescriptions.Parts {
    var parts = RuleDescriptions.Parts()
    let instruments = try count()
    parts.instruments.reserveCapacity(instruments)
    for _ in 0..<instruments {
      parts.instruments.append(
        Instrument(
          id: try string(), shortName: try string(), title: try string(), kind: try string(),
          officialReference: try string(), inForce: try period(), amends: try optionalString(), scope: try string(),
          suspensions: try strings(), status: try names.status(&self),
          lastVerified: try optionalInt().map { LocalDate(dayNumber: $0) }, note: try string(),
          location: try location()))
    }
    try newline()
    let provisions = try count()
    parts.provisions.reserveCapacity(provisions)
    for _ in 0..<provisions {
      let id = try string()
      let citation = try self.citation()
      let status = try names.status(&self)
      let figure = try names.figure(&self)
      let kind = try string()
      let summary = try string()
      let note = try string()
      let overrides = try strings()
      let versionCount = try count()
      var versions: [Provision.Version] = []
      versions.reserveCapacity(versionCount)
      for _ in 0..<versionCount {
        versions.append(
          Provision.Version(
            period: try period(), value: try string(), condition: try string(), amendment: try optionalString(),
            amendedBy: try optionalString()))
      }
      parts.provisions.append(
        Provision(
          id: id, citation: citation, status: status, figure: figure, kind: kind, summary: summary, note: note,
          overrides: overrides, versions: versions, location: try location()))
      try newline()
    }
    let options = try count()
    parts.options.reserveCapacity(options)
    for _ in 0..<options {
      let id = try string()
      let question = try string()
      let valueCount = try count()
      var values: [InterpretationOption.Value] = []
      for _ in 0..<valueCount { values.append(InterpretationOption.Value(name: try string(), meaning: try string())) }
      parts.options.append(
        InterpretationOption(
          id: id, question: question, values: values, defaultValue: try string(), reason: try string(),
          citation: try bool() ? try citation() : nil, status: try names.status(&self), location: try location()))
    }
    let categories = try count()
    parts.categories.reserveCapacity(categories)
    for _ in 0..<categories {
      parts.categories.append((Category(rawValue: try string()), try string()))
    }
    try newline()
    return parts
  }

  mutating func readDiagnostics() throws(SnapshotError) -> [RuleDiagnostic] {
    let n = try count()
    var out: [RuleDiagnostic] = []
    for _ in 0..<n {
      let severity: RuleDiagnostic.Severity = try bool() ? .error : .warning
      out.append(RuleDiagnostic(severity, try location(), try string()))
    }
    try newline()
    return out
  }
}
