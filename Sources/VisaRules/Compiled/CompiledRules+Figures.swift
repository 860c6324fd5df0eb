extension CompiledRules {
  func figureValue(_ figure: Figure, on date: LocalDate) throws(VisaRulesError) -> RuleBookFigureValue {
    guard figure.isRuleBookFigure else {
      throw VisaRulesError(
        .invalidValue, value: figure.rawValue, message: "\(figure) is decided per application, not by the rule book alone",
        allowed: Figure.allCases.filter(\.isRuleBookFigure).map(\.rawValue).joined(separator: ", "))
    }
    guard let s = ruleBookFigure(figure, on: date.dayNumber) else {
      let given = segments(figure).map {
        Period(from: LocalDate(dayNumber: $0.from), until: $0.until == Int.max ? nil : LocalDate(dayNumber: $0.until)).description
      }
      throw VisaRulesError(
        .notCovered, value: date.description, message: "no provision of the rules gives \(figure) on \(date)",
        allowed: given.isEmpty ? "none: add a provision with \"figure\": \"\(figure)\"" : given.joined(separator: ", "))
    }
    let version = provisions[s.provision].versions[s.version]
    return RuleBookFigureValue(
      figure: figure, value: s.value, provision: provisions[s.provision].id, citation: version.citationText,
      status: version.status)
  }

  func stayRule(on date: LocalDate) throws(VisaRulesError) -> StayRule {
    let days = try figureValue(.stayMaximumDays, on: date)
    let period = try figureValue(.stayPeriodDays, on: date)
    let weaker = [days.status, period.status].max { Status.allCases.firstIndex(of: $0)! < Status.allCases.firstIndex(of: $1)! }!
    return StayRule(
      maximumDays: days.value, periodDays: period.value,
      citation: days.citation == period.citation ? days.citation : "\(days.citation); \(period.citation)", status: weaker)
  }
}
