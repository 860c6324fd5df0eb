extension CompiledRules {
  /// The visa list in force on a day, as cited: the short names of the instruments (with their
  /// amending acts) that impose the visa requirement then, a provision of theirs giving
  /// `eligibility.visaRequired` true (Regulation (EC) No 539/2001 to 2018-12-17, Regulation
  /// (EU) 2018/1806 from 2018-12-18, as the rules date them; the agreements, which only exempt,
  /// are not lists). For a decision to name when no provision decides: the rules, not Swift,
  /// say which list.
  func visaListReference(on day: Int) -> String {
    var names: [String] = []
    for group in byFigure[Figure.visaRequired.index] {
      let regime = instruments[group.regime]
      guard regime.from <= day, day <= regime.until else { continue }
      let inForce = group.provisions.contains { p in
        provisions[p].versions.contains { v in
          guard case .count(1) = v.value else { return false }
          return v.from <= day && day <= v.until
        }
      }
      if inForce && !names.contains(regime.shortName) { names.append(regime.shortName) }
    }
    return names.isEmpty ? "no visa list is encoded for \(LocalDate(dayNumber: day))" : names.joined(separator: "; ")
  }
}
