/// How a regular traveller travels: the input of the cascade simulator.
public struct TravelPattern: Hashable, Sendable {
  /// Trips per year, evenly spaced (1 to 52).
  public var tripsPerYear: Int
  /// Days of each trip, entry and exit days included (1 to 90).
  public var tripDays: Int
  /// The first trip's start.
  public var start: LocalDate
  /// How many years to simulate (1 to 20).
  public var years: Int
  /// Days before a trip that the application is lodged (1 to 180; default 30).
  public var leadDays: Int
  /// Trips (0-based index) on which the traveller overstays, and by how many days beyond the
  /// last day of the visa used for the trip.
  public var overstays: [Int: Int]
  /// Periods without any travel.
  public var gaps: [Period]

  /// Creates a travel pattern.
  public init(
    tripsPerYear: Int, tripDays: Int, start: LocalDate, years: Int, leadDays: Int = 30,
    overstays: [Int: Int] = [:], gaps: [Period] = []
  ) {
    self.tripsPerYear = tripsPerYear
    self.tripDays = tripDays
    self.start = start
    self.years = years
    self.leadDays = leadDays
    self.overstays = overstays
    self.gaps = gaps
  }

  /// The planned trips: (start, end) of each, gaps left out.
  public var trips: [(start: LocalDate, end: LocalDate)] {
    var out: [(LocalDate, LocalDate)] = []
    let end = start.adding(months: 12 * years)
    var k = 0
    while true {
      // Trip k starts k/tripsPerYear of a year after the first (in months and days, exactly).
      let monthsOffset = (12 * k) / tripsPerYear
      let daysOffset = ((12 * k) % tripsPerYear) * 30 / tripsPerYear
      let s = start.adding(months: monthsOffset).adding(days: daysOffset)
      if s >= end { break }
      let e = s.adding(days: tripDays - 1)
      if !gaps.contains(where: { $0.contains(s) }) { out.append((s, e)) }
      k += 1
    }
    return out
  }

  func validate() throws(VisaRulesError) {
    func check(_ ok: Bool, _ field: String, _ value: Int, _ allowed: String) throws(VisaRulesError) {
      if !ok {
        throw VisaRulesError(.invalidValue, field: "pattern.\(field)", value: String(value), message: "out of range", allowed: allowed)
      }
    }
    try check((1...52).contains(tripsPerYear), "tripsPerYear", tripsPerYear, "1 to 52")
    try check((1...90).contains(tripDays), "tripDays", tripDays, "1 to 90 (a short stay)")
    try check((1...20).contains(years), "years", years, "1 to 20")
    try check((1...180).contains(leadDays), "leadDays", leadDays, "1 to 180")
    for (trip, days) in overstays {
      try check(trip >= 0, "overstays.trip", trip, "a trip index from 0")
      try check(days >= 1 && days <= 365, "overstays.days", days, "1 to 365")
    }
  }
}

/// One application in a simulated cascade, and the visa it yielded.
public struct CascadeStep: Hashable, Sendable {
  /// The trip (0-based) that needed the application.
  public var trip: Int
  /// When it was lodged.
  public var lodgingDate: LocalDate
  /// The fee paid.
  public var fee: Money
  /// Single or multiple entries.
  public var entries: PreviousVisa.Entries
  /// The multiple-entry entitlement in months, if any.
  public var months: Int?
  /// The visa's first and last day of validity.
  public var validFrom: LocalDate
  /// The visa's last day of validity.
  public var validUntil: LocalDate
  /// The provision that gave the validity (or that a single-entry visa was all the law gave).
  public var citation: String
  /// How many trips the visa served.
  public var tripsCovered: Int
  /// Whether the traveller used it lawfully (no overstay, no day outside its validity).
  public var lawfullyUsed: Bool
  /// Warnings from the decision (the travel-document cap, guidance, lawful-use failures).
  public var warnings: [String]
  /// Whether the application could be lodged there and then (``Eligibility/canLodge``).
  public var canLodge: Bool = true
  /// When it could not: the provision that says so, with its status tag.
  public var lodgingRestriction: String?
  /// When a suspension or a country-specific decision took the multiple-entry entitlement away
  /// (``Validity/restrictedBy``: the November 2025 decision, Decision 2022/333): its citation.
  public var limitedBy: String?
  /// The citation of the provision that set the fee (empty when no visa was required).
  public var feeCitation = ""
}

/// The result of a cascade simulation: one step per application.
public struct CascadeSimulation: Hashable, Sendable {
  /// The pattern simulated.
  public var pattern: TravelPattern
  /// The applications, in order.
  public var steps: [CascadeStep]
  /// Total fees paid.
  public var totalFees: Money {
    let sum = steps.reduce(0) { $0 + $1.fee.cents }
    return steps.first.map { Money(cents: sum, currency: $0.fee.currency) } ?? Money(cents: sum)
  }
}

extension RuleBook {
  /// Simulates a regular traveller applying trip after trip: each application is evaluated
  /// with the visas obtained so far (and the stays made on them) as its history, so the
  /// multiple-entry ladder (Visa Code Art. 24(2): 1 → 2 → 5 years), its breaks (an overstay,
  /// a gap in travel) and its limits (the November 2025 decision, the travel-document cap)
  /// come from the same rules as any single evaluation.
  ///
  /// `template` gives the applicant, destination, place of lodging and purpose; its dates and
  /// history are replaced. The figures of law the simulation needs come from the rules in force
  /// on each lodging date: a single-entry visa runs to the trip's end plus the period of grace
  /// (`validity.graceDays`, Visa Code Art. 24(1)); a passport that would expire less than
  /// `travelDocument.validAfterDepartureMonths` (3, Visa Code Art. 12(a)) after a trip is
  /// assumed renewed on the lodging date, valid for the longest a document may serve,
  /// `travelDocument.issuedWithinYears` (10, Art. 12(c)); the step says so in a warning.
  public func simulateCascade(
    _ template: Application, pattern: TravelPattern, options: EvaluationOptions = .batch
  ) throws(VisaRulesError) -> CascadeSimulation {
    try pattern.validate()
    var history: [PreviousVisa] = []
    var steps: [CascadeStep] = []
    var passportExpiry = template.applicant.travelDocument.expiry
    let trips = pattern.trips
    var current: Int?  // index into history of the visa in use
    var insideUntil: LocalDate?  // after an overstay, the traveller is still in the area
    for (k, trip) in trips.enumerated() {
      if let inside = insideUntil, trip.start <= inside { continue }
      let overstay = pattern.overstays[k]
      // Can the visa in hand serve this trip?
      if let c = current, history[c].entries == .multiple, trip.start >= history[c].validFrom, trip.end <= history[c].validUntil {
        let exit = overstay.map { history[c].validUntil.adding(days: $0) } ?? trip.end
        if overstay != nil { insideUntil = exit }
        history[c].stays.append(Stay(entry: trip.start, exit: exit))
        steps[steps.count - 1].tripsCovered += 1
        continue
      }
      var app = template
      app.lodgingDate = trip.start.adding(days: -pattern.leadDays)
      app.trip = Trip(purpose: template.trip.purpose, start: trip.start, end: trip.end)
      var renewal: String?
      let validAfter = try figure(.travelDocumentValidAfterDepartureMonths, on: app.lodgingDate)
      if passportExpiry < trip.end.adding(months: validAfter.value) {
        let servesFor = try figure(.travelDocumentIssuedWithinYears, on: app.lodgingDate)
        passportExpiry = app.lodgingDate.adding(months: 12 * servesFor.value)
        renewal =
          "passport assumed renewed on \(app.lodgingDate), valid to \(passportExpiry): the old one would not be valid "
          + "\(validAfter.value) months after the trip (\(validAfter.citation) \(validAfter.status)); a new one serves for "
          + "\(servesFor.value) years (\(servesFor.citation) \(servesFor.status))"
      }
      app.applicant.travelDocument.expiry = passportExpiry
      app.visaHistory = history.filter { $0.validFrom <= app.lodgingDate }.map { visa in
        var v = visa
        v.stays = v.stays.filter { $0.entry <= app.lodgingDate }
        return v
      }
      let decision = try evaluate(app, options: options)
      let from = trip.start
      let until: LocalDate
      let citation: String
      if let validity = decision.validity, validity.entries == .multiple, let u = validity.until {
        until = u
        citation = validity.ruling?.citationText ?? ""
      } else {
        // A single-entry visa for the trip, with the period of grace.
        let grace = try figure(.validityGraceDays, on: app.lodgingDate)
        until = trip.end.adding(days: grace.value)
        let reason = decision.validity?.restrictedBy.map { "limited by \($0)" } ?? "no multiple-entry entitlement"
        citation = "single entry: \(reason); \(grace.value) days of grace (\(grace.citation) \(grace.status))"
      }
      let exit = overstay.map { until.adding(days: $0) } ?? trip.end
      if overstay != nil { insideUntil = exit }
      history.append(
        PreviousVisa(
          validFrom: from, validUntil: until, entries: decision.validity?.entries ?? .single, kind: .uniform, lawfullyUsed: nil,
          stays: [Stay(entry: trip.start, exit: exit)]))
      current = history.count - 1
      var warnings = decision.warnings.filter { !$0.hasPrefix("visaHistory[") }
      if let r = decision.eligibility.visaRequired, !r.value {
        warnings.insert("no visa required for this trip (\(r.citationText)): the step holds no visa", at: 0)
      }
      if let renewal { warnings.insert(renewal, at: 0) }
      steps.append(
        CascadeStep(
          trip: k, lodgingDate: app.lodgingDate, fee: decision.fee?.amount ?? Money(cents: 0, currency: currency),
          entries: decision.validity?.entries ?? .single, months: decision.validity?.maxMonths, validFrom: from, validUntil: until,
          citation: citation, tripsCovered: 1,
          lawfullyUsed: true, warnings: warnings, canLodge: decision.eligibility.canLodge,
          lodgingRestriction: decision.eligibility.canLodge
            ? nil : decision.eligibility.lodgingAvailable.map { "\($0.citationText) \($0.status)" },
          limitedBy: decision.validity?.entries == .multiple ? nil : decision.validity?.restrictedBy,
          feeCitation: decision.fee?.ruling.citationText ?? ""))
    }
    // Lawful use of each visa, from its stays.
    let uses = try StayHistory.lawfulUse(of: history) { () throws(VisaRulesError) in
      try compiled.stayRule(on: steps.last?.lodgingDate ?? pattern.start)
    }
    for (i, use) in uses.enumerated() where i < steps.count && !use.lawful {
      steps[i].lawfullyUsed = false
      if let f = use.failure { steps[i].warnings.append("not lawfully used: \(f.reason), on \(f.day)") }
    }
    return CascadeSimulation(pattern: pattern, steps: steps)
  }
}

extension CascadeSimulation {
  /// The ladder as a table and a text chart of validity over time.
  public var text: String {
    var lines: [String] = []
    lines.append(
      "Cascade: \(pattern.tripsPerYear) trip\(pattern.tripsPerYear == 1 ? "" : "s") a year of \(pattern.tripDays) days from \(pattern.start), \(pattern.years) year\(pattern.years == 1 ? "" : "s")"
    )
    lines.append("")
    lines.append("  #  lodged      fee      visa                     valid from → until        trips  provision")
    for (i, s) in steps.enumerated() {
      let visa = s.entries == .multiple ? "multiple, \(s.months ?? 0) months" : "single entry"
      let mark = s.lawfullyUsed ? "" : "  OVERSTAY"
      lines.append(
        "  \(String(i + 1).leftPad(2))  \(s.lodgingDate)  \(s.fee.description.rightPad(7))  \(visa.rightPad(23))  \(s.validFrom) → \(s.validUntil)  \(String(s.tripsCovered).leftPad(5))  \(s.citation)\(mark)"
      )
      if let r = s.lodgingRestriction { lines.append("        ! cannot be lodged there and then: \(r)") }
    }
    lines.append("")
    lines.append("Validity over time (one character per month):")
    guard let first = steps.first?.validFrom else { return lines.joined(separator: "\n") }
    let origin = first.year * 12 + first.month - 1
    for (i, s) in steps.enumerated() {
      let a = s.validFrom.year * 12 + s.validFrom.month - 1 - origin
      let b = s.validUntil.year * 12 + s.validUntil.month - 1 - origin
      let bar = String(repeating: " ", count: max(0, a)) + String(repeating: s.entries == .multiple ? "█" : "▏", count: max(1, b - a + 1))
      lines.append("  \(String(i + 1).leftPad(2)) \(s.validFrom.description.prefix(7)) \(bar)")
    }
    lines.append("")
    lines.append("Applications: \(steps.count), fees paid: \(totalFees)")
    return lines.joined(separator: "\n")
  }

  /// The simulation as JSON.
  public var json: String {
    var w = JSONWriter(indent: 2)
    w.beginObject()
    w.key("pattern")
    w.beginObject()
    w.key("tripsPerYear"); w.int(pattern.tripsPerYear)
    w.key("tripDays"); w.int(pattern.tripDays)
    w.key("start"); w.date(pattern.start)
    w.key("years"); w.int(pattern.years)
    w.endObject()
    w.key("steps")
    w.beginArray()
    for s in steps {
      w.beginObject()
      w.key("trip"); w.int(s.trip)
      w.key("lodgingDate"); w.date(s.lodgingDate)
      w.key("fee"); w.cents(s.fee.cents)
      w.key("entries"); w.string(s.entries.rawValue)
      w.key("months"); w.int(s.months)
      w.key("validFrom"); w.date(s.validFrom)
      w.key("validUntil"); w.date(s.validUntil)
      w.key("citation"); w.string(s.citation)
      w.key("tripsCovered"); w.int(s.tripsCovered)
      w.key("lawfullyUsed"); w.bool(s.lawfullyUsed)
      w.key("canLodge"); w.bool(s.canLodge)
      w.key("lodgingRestriction"); if let r = s.lodgingRestriction { w.string(r) } else { w.null() }
      w.key("limitedBy"); if let l = s.limitedBy { w.string(l) } else { w.null() }
      w.key("warnings")
      w.beginArray()
      for x in s.warnings { w.string(x) }
      w.endArray()
      w.endObject()
    }
    w.endArray()
    w.key("totalFees"); w.cents(totalFees.cents)
    w.endObject()
    return w.text
  }
}

extension String {
  func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
  func rightPad(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
