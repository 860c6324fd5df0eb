/// The figures of the rule book rather than of a decision (the 90/180-day rule's numbers, the
/// longest validity, the period of grace, the travel document's validity rules): provisions
/// with a whole-number value and no condition, one value per date. They are resolved once,
/// when loading ends, into date segments, so reading one costs a short scan.
struct RuleBookSegment: Sendable {
  var from: Int
  var until: Int
  var value: Int
  var provision: Int
  var version: Int
}

extension CompiledRules {
  /// The value of a rule-book figure on a day, and the provision version that gives it.
  func ruleBookFigure(_ figure: Figure, on day: Int) -> RuleBookSegment? {
    guard let i = figure.ruleBookIndex, i < ruleBookSegments.count else { return nil }
    for s in ruleBookSegments[i] where s.from <= day && day <= s.until { return s }
    return nil
  }

  /// Resolves every rule-book figure into date segments and checks the values against each
  /// other: two provisions giving different values on one day (neither overriding the other),
  /// a maximum of stay longer than its period, a validity longer than the maximum in force.
  mutating func compileRuleBookFigures() -> [RuleDiagnostic] {
    var diagnostics: [RuleDiagnostic] = []
    ruleBookSegments = Figure.ruleBookFigures.map { figure in
      var segments: [RuleBookSegment] = []
      // Every version of every provision of the figure, limited to its instruments' dates.
      var spans: [RuleBookSegment] = []
      for group in byFigure[figure.index] {
        for p in group.provisions {
          let provision = provisions[p]
          let own = instruments[provision.definedBy]
          let regime = instruments[provision.regime]
          for (v, version) in provision.versions.enumerated() {
            guard case .count(let n) = version.value else { continue }
            let from = max(version.from, own.from, regime.from)
            let until = min(version.until, own.until, regime.until)
            if from <= until { spans.append(RuleBookSegment(from: from, until: until, value: n, provision: p, version: v)) }
          }
        }
      }
      var bounds = Set<Int>()
      for s in spans {
        bounds.insert(s.from)
        if s.until < Int.max { bounds.insert(s.until + 1) }
      }
      let starts = bounds.sorted()
      var reported = Set<[Int]>()
      for (k, start) in starts.enumerated() {
        let end = k + 1 < starts.count ? starts[k + 1] - 1 : Int.max
        let candidates = spans.filter { $0.from <= start && start <= $0.until }
        let survivors = candidates.filter { c in
          !candidates.contains { $0.provision != c.provision && provisions[$0.provision].beats.contains(c.provision) }
        }
        guard let first = survivors.first else { continue }
        if let other = survivors.first(where: { $0.value != first.value }) {
          if reported.insert([first.provision, other.provision]).inserted {
            diagnostics.append(
              RuleDiagnostic(
                .error, location(of: other),
                "provisions '\(provisions[first.provision].id)' and '\(provisions[other.provision].id)' both give \(figure) on \(LocalDate(dayNumber: start)) (\(describe(first, figure)) and \(describe(other, figure))) and neither overrides the other: amend the provision in force (an amendment naming its id) or add \"overrides\""
              ))
          }
          continue
        }
        if var last = segments.last, last.until == start - 1, last.provision == first.provision, last.version == first.version {
          last.until = end
          segments[segments.count - 1] = last
        } else {
          segments.append(RuleBookSegment(from: start, until: end, value: first.value, provision: first.provision, version: first.version))
        }
      }
      return segments
    }
    diagnostics += checkStayRule()
    diagnostics += checkValidityMaximum()
    return diagnostics
  }

  /// The date segments of a rule-book figure.
  func segments(_ figure: Figure) -> [RuleBookSegment] {
    figure.ruleBookIndex.map { ruleBookSegments[$0] } ?? []
  }

  private func location(of s: RuleBookSegment) -> SourceLocation {
    provisions[s.provision].versions[s.version].amendmentLocation ?? publicProvisions[s.provision].location
  }

  private func describe(_ s: RuleBookSegment, _ figure: Figure) -> String {
    ProvisionValue.count(s.value).describe(figure, rules: self)
  }

  /// The days of stay allowed may not exceed the period they are counted in.
  private func checkStayRule() -> [RuleDiagnostic] {
    var out: [RuleDiagnostic] = []
    for maximum in segments(.stayMaximumDays) {
      for period in segments(.stayPeriodDays)
      where period.from <= maximum.until && maximum.from <= period.until && maximum.value > period.value {
        out.append(
          RuleDiagnostic(
            .error, location(of: maximum),
            "stay.maximumDays (\(maximum.value) days, '\(provisions[maximum.provision].id)') exceeds stay.periodDays (\(period.value) days, '\(provisions[period.provision].id)') on \(LocalDate(dayNumber: max(maximum.from, period.from))): the days of stay are counted within the period"
          ))
      }
    }
    return out
  }

  /// Every validity's months must be within the longest validity the law allows on its dates.
  private func checkValidityMaximum() -> [RuleDiagnostic] {
    var out: [RuleDiagnostic] = []
    let limits = segments(.validityMaximumMonths)
    guard !limits.isEmpty else { return out }
    for group in byFigure[Figure.validity.index] {
      for p in group.provisions {
        for version in provisions[p].versions {
          guard case .validity(_, let months?, _) = version.value else { continue }
          guard let limit = limits.first(where: { $0.from <= version.until && version.from <= $0.until && months > $0.value }) else {
            continue
          }
          out.append(
            RuleDiagnostic(
              .error, version.amendmentLocation ?? publicProvisions[p].location,
              "\"months\" of provision \(provisions[p].id)\(version.amendmentID.map { " as amended by \($0)" } ?? "") is \(months), more than validity.maximumMonths on \(LocalDate(dayNumber: max(version.from, limit.from))) (\(limit.value) months, \(provisions[limit.provision].versions[limit.version].citationText), '\(provisions[limit.provision].id)'): give at most \(limit.value), or amend that maximum"
            ))
        }
      }
    }
    return out
  }
}
