/// Admissibility and plausibility (issue 13): what makes an application one that cannot succeed,
/// with the law's numbers read from the rules (rule-book figures), never from Swift.
extension Evaluator {
  /// A stay longer than the short-stay maximum (`shortStay.maximumDays`, the Visa Code's scope,
  /// Art. 1(1); entry and exit days both counted, as the 90/180-day rule counts them) is not a
  /// short stay: an error naming `trip.end`, not a decision. Both citations come from the rules.
  func checkShortStay(_ trip: Trip, on day: LocalDate) throws(VisaRulesError) {
    let days = trip.start.days(until: trip.end) + 1
    if days <= shortStayFloor { return }
    guard let maximum = rules.ruleBookFigure(.shortStayMaximumDays, on: day.dayNumber), days > maximum.value else { return }
    let scope = rules.provisions[maximum.provision].versions[maximum.version].citationText
    var counted = "entry and exit days counted"
    var limit = "at most \(maximum.value) days"
    if let period = rules.ruleBookFigure(.stayPeriodDays, on: day.dayNumber) {
      counted += ", as in \(rules.provisions[period.provision].versions[period.version].citationText)"
      limit += " in any \(period.value)-day period"
    }
    let last = trip.start.adding(days: maximum.value - 1)
    throw VisaRulesError(
      .invalidValue, field: "trip.end", value: trip.end.description,
      message: "a stay of \(days) days (\(trip.start) to \(trip.end), \(counted)) is not a short stay: \(limit) (\(scope))",
      allowed: "a date from trip.start to \(last) (\(maximum.value) days); a longer stay needs a long-stay visa or a residence permit")
  }

  /// Visa Code Art. 12 as rule-book figures: a travel document valid less than
  /// `travelDocument.validAfterDepartureMonths` after the intended departure (`trip.end`), or
  /// issued more than `travelDocument.issuedWithinYears` before the lodging date, makes the
  /// application inadmissible: `eligibility.canLodge` false, citing the provision, with a
  /// warning giving the dates. A place where lodging is already unavailable keeps its own reason.
  func checkTravelDocument(_ v: inout Verdict, _ run: inout Run) {
    let day = run.input.lodging
    var failed: Outcome?
    if let s = rules.ruleBookFigure(.travelDocumentValidAfterDepartureMonths, on: day) {
      let departure = LocalDate(dayNumber: run.input.tripEnd)
      let needed = departure.adding(months: s.value)
      if run.input.documentExpiry < needed.dayNumber {
        let o = outcome(of: s)
        run.warnings.append(
          .documentExpiresTooSoon(
            expiry: LocalDate(dayNumber: run.input.documentExpiry), departure: departure, needed: needed, months: s.value, pv: o.pv))
        failed = o
      }
    }
    if let issued = run.input.documentIssued, let s = rules.ruleBookFigure(.travelDocumentIssuedWithinYears, on: day) {
      let earliest = LocalDate(dayNumber: day).adding(months: -12 * s.value)
      if issued < earliest.dayNumber {
        let o = outcome(of: s)
        run.warnings.append(.documentIssuedTooLongAgo(issued: LocalDate(dayNumber: issued), earliest: earliest, years: s.value, pv: o.pv))
        failed = failed ?? o
      }
    }
    if let failed, v.lodgingAvailable.map({ $0.number == 1 }) ?? true { v.lodgingAvailable = failed }
  }

  /// A "cannot lodge" outcome citing the provision that gives a rule-book figure.
  private func outcome(of s: RuleBookSegment) -> Outcome {
    let p = ProvisionIndex(s.provision)
    let v = VersionIndex(s.version)
    return Outcome(number: 0, provision: p, version: v, pv: tables.row(p, v), regime: InstrumentIndex(rules.provisions[p].regime))
  }

  /// A remark on visa-history entry `i` (its position in the application's `visaHistory`): a
  /// repeat of an earlier entry (identical in every field: counted once) or an overlap with an
  /// earlier one (both counted).
  func historyNote(_ visas: UnsafeBufferPointer<PreviousVisa>, at i: Int) -> (note: HistoryNote, duplicate: Bool)? {
    let all = visas.baseAddress.unsafelyUnwrapped
    let v = all + i
    for j in 0..<i {
      let w = all + j
      // Only an identical entry is a repeat: two entries with the same dates that say different
      // things (one lawfully used, one not) are two visas, and both count.
      if w.pointee.validFrom == v.pointee.validFrom && w.pointee.validUntil == v.pointee.validUntil && w.pointee == v.pointee {
        return (.repeats(i, of: j, from: v.pointee.validFrom, until: v.pointee.validUntil), true)
      }
    }
    for j in 0..<i {
      let w = all + j
      if w.pointee.validFrom <= v.pointee.validUntil && v.pointee.validFrom <= w.pointee.validUntil {
        return (
          .overlaps(
            i, from: v.pointee.validFrom, until: v.pointee.validUntil, other: j, otherFrom: w.pointee.validFrom,
            otherUntil: w.pointee.validUntil),
          false
        )
      }
    }
    return nil
  }
}

/// A remark on the visa history, worded when the decision is written (``Evaluator/render(_:_:into:)``).
enum HistoryNote {
  /// Entry `i` repeats entry `j`: counted once.
  case repeats(Int, of: Int, from: LocalDate, until: LocalDate)
  /// Entry `i` overlaps entry `other`: both counted.
  case overlaps(Int, from: LocalDate, until: LocalDate, other: Int, otherFrom: LocalDate, otherUntil: LocalDate)
  /// Entry `i` gives neither `lawfullyUsed` nor `stays`.
  case unstated(Int, from: LocalDate, until: LocalDate)
}
