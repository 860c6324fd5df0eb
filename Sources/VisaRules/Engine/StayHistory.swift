/// Whether previous visas were lawfully used, computed from their stays where the caller did
/// not state it: a visa was not lawfully used when any day of stay on it fell outside its
/// validity, or when on any day of stay more than 90 days had been spent in the 180-day
/// window ending that day (Schengen Borders Code Art. 6(1)–(2)).
enum StayHistory {
  struct Use {
    var lawful: Bool
    /// The first day that broke the rules, and why.
    var failure: (day: LocalDate, reason: String)?
  }

  static func lawfulUse(of visas: [PreviousVisa]) -> [Use] {
    var needsStays = false
    for v in visas where v.lawfullyUsed == nil && !v.stays.isEmpty { needsStays = true }
    var calculator: StayCalculator?
    if needsStays {
      var stays: [Stay] = []
      for v in visas { stays += v.stays }
      calculator = StayCalculator(stays: stays)
    }
    return visas.map { v in
      if let stated = v.lawfullyUsed { return Use(lawful: stated, failure: nil) }
      if v.stays.isEmpty { return Use(lawful: false, failure: nil) }
      for s in v.stays where !s.exempt {
        if s.entry < v.validFrom {
          return Use(lawful: false, failure: (s.entry, "entry before the visa's validity began (\(v.validFrom))"))
        }
        if s.exit > v.validUntil {
          return Use(lawful: false, failure: (v.validUntil.adding(days: 1), "stay beyond the visa's validity (until \(v.validUntil))"))
        }
        if let d = calculator?.firstOverstayDay(from: s.entry, through: s.exit) {
          return Use(lawful: false, failure: (d, "more than 90 days in the 180-day period ending that day"))
        }
      }
      return Use(lawful: true, failure: nil)
    }
  }
}
