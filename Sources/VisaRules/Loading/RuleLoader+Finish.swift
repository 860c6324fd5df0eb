extension RuleLoader {
  // MARK: - Finish

  mutating func finish() {
    // Transitive closure of "beats" (an exception to an exception also beats the default).
    let n = rules.provisions.count
    for i in 0..<n {
      var seen = Set<Int>()
      var stack = rules.provisions[i].beats
      while let x = stack.popLast() {
        if x == i { continue }
        if seen.insert(x).inserted { stack += rules.provisions[x].beats }
      }
      if seen.contains(i) || rules.provisions[i].beats.contains(i) {
        diagnostics.append(
          RuleDiagnostic(
            .error, rules.publicProvisions[i].location,
            "provision \(rules.provisions[i].id) overrides itself (through a cycle of overrides)"))
      }
      rules.provisions[i].beats = seen.sorted()
      for x in rules.provisions[i].beats where rules.provisions[x].figure != rules.provisions[i].figure {
        diagnostics.append(
          RuleDiagnostic(
            .error, rules.publicProvisions[i].location,
            "provision \(rules.provisions[i].id) overrides \(rules.provisions[x].id), which decides another figure (\(rules.provisions[x].figure))"
          ))
      }
    }
    // Group provisions by figure and regime, instruments in load order.
    var table = Array(repeating: [(regime: Int, provisions: [Int])](), count: Figure.allCases.count)
    for (i, p) in rules.provisions.enumerated() {
      let fi = p.figure.index
      if let g = table[fi].firstIndex(where: { $0.regime == p.regime }) {
        table[fi][g].provisions.append(i)
      } else {
        table[fi].append((p.regime, [i]))
      }
    }
    rules.byFigure = table
    for i in rules.instruments.indices {
      rules.publicInstruments[i].suspensions = rules.instruments[i].suspendedBy.map { s in
        let sus = rules.suspensions[s]
        let period = Period(from: LocalDate(dayNumber: sus.from), until: sus.until == Int.max ? nil : LocalDate(dayNumber: sus.until))
        return "suspended by \(sus.citation) (\(sus.id)) \(period) for \(sus.appliesToText) \(sus.status)"
      }
    }
    // A fraction must name a plain amount on every date: an amendment can turn its target into
    // a fraction too (or make a provision a fraction of itself), and evaluating such a chain
    // would recurse without end.
    for (i, p) in rules.provisions.enumerated() {
      for v in p.versions {
        guard case .fractionOf(let t, _, _) = v.value else { continue }
        let chained = rules.provisions[t].versions.contains { if case .fractionOf = $0.value { return true } else { return false } }
        if chained {
          diagnostics.append(
            RuleDiagnostic(
              .error, v.amendmentLocation ?? rules.publicProvisions[i].location,
              "provision \(p.id)\(v.amendmentID.map { " as amended by \($0)" } ?? "") is a fraction of \(rules.provisions[t].id), which is itself a fraction (on some dates): a fraction must name a plain amount"
            ))
        }
      }
    }
    for p in rules.provisions {
      for i in p.versions.indices {
        let v = p.versions[i]
        if case .notice(let text) = v.value {
          p.versions[i].annotatedText = "\(text) (\(v.citationText))"
        } else {
          p.versions[i].annotatedText = "\(p.summary) (\(v.citationText))"
        }
      }
    }
    if rules.categories.isEmpty {
      diagnostics.append(
        RuleDiagnostic(
          .error, SourceLocation(file: "Rules", line: 1, column: 1),
          "no vocabulary: the rule book defines no categories (Rules/vocabulary.json)"))
    } else if rules.currency.isEmpty {
      diagnostics.append(
        RuleDiagnostic(
          .error, SourceLocation(file: "Rules", line: 1, column: 1),
          "no currency: the rule book does not say in which currency its amounts are (vocabulary.currency, as in Rules/vocabulary.json: \"EUR\")"
        ))
    }
  }
}
