/// Whether previous visas were lawfully used, computed from their stays where the caller did
/// not state it: a visa was not lawfully used when any day of stay on it fell outside its
/// validity, or when on any day of stay more than the maximum days of the 90/180-day rule had
/// been spent in the period ending that day (the rule's numbers and citation come from the
/// rules: ``StayRule``).
enum StayHistory {
  struct Use {
    var lawful: Bool
    /// The first day that broke the rules, why, and the provision broken.
    var failure: (day: LocalDate, reason: String, citation: String)?
  }

  /// `rule` is needed only when some visa's lawful use must be computed from its stays; it is
  /// asked for then (a rule book without the 90/180-day rule on that date throws).
  static func lawfulUse(of visas: [PreviousVisa], rule: () throws(VisaRulesError) -> StayRule) throws(VisaRulesError) -> [Use] {
    var needsStays = false
    for v in visas where v.lawfullyUsed == nil && !v.stays.isEmpty { needsStays = true }
    var calculator: StayCalculator?
    if needsStays {
      var stays: [Stay] = []
      for v in visas { stays += v.stays }
      calculator = StayCalculator(stays: stays, rule: try rule())
    }
    var uses: [Use] = []
    uses.reserveCapacity(visas.count)
    for v in visas { uses.append(use(of: v, calculator)) }
    return uses
  }

  private static func use(of v: PreviousVisa, _ calculator: StayCalculator?) -> Use {
    if let stated = v.lawfullyUsed { return Use(lawful: stated, failure: nil) }
    guard let calculator, !v.stays.isEmpty else { return Use(lawful: false, failure: nil) }
    let rule = calculator.rule
    for s in v.stays where !s.exempt {
      if s.entry < v.validFrom {
        return Use(lawful: false, failure: (s.entry, "entry before the visa's validity began (\(v.validFrom))", rule.citation))
      }
      if s.exit > v.validUntil {
        return Use(
          lawful: false, failure: (v.validUntil.adding(days: 1), "stay beyond the visa's validity (until \(v.validUntil))", rule.citation))
      }
      if let d = calculator.firstOverstayDay(from: s.entry, through: s.exit) {
        return Use(
          lawful: false,
          failure: (d, "more than \(rule.maximumDays) days in the \(rule.periodDays)-day period ending that day", rule.citation))
      }
    }
    return Use(lawful: true, failure: nil)
  }
}
