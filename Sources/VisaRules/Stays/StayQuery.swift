/// A question to the 90/180-day calculator: the stays made, a control date, a planned entry.
public struct StayQuery: Hashable, Sendable {
  /// The stays, in any order; they must not overlap.
  public var stays: [Stay]
  /// The control date (defaults to the day after the last stay).
  public var on: LocalDate?
  /// The first day of a planned stay, if any.
  public var plannedEntry: LocalDate?

  /// Creates a query from Swift values: the same question as the JSON form
  /// (``init(jsonBytes:)``), checked the same way when it is answered (``validate()``).
  ///
  /// - Parameters:
  ///   - stays: the stays made, in any order: each with its entry and exit day (both counted as
  ///     days of stay) and whether it is exempt (under a residence permit or a long-stay visa).
  ///     At least one; they must not overlap, though one may begin on the day the one before
  ///     it ends (that day counts once).
  ///   - on: the control date; `nil`: the day after the last exit (the JSON form's `on`).
  ///   - plannedEntry: the first day of a planned stay, if any (the JSON form's `entry`).
  public init(stays: [Stay], on: LocalDate? = nil, plannedEntry: LocalDate? = nil) {
    self.stays = stays
    self.on = on
    self.plannedEntry = plannedEntry
  }

  /// Decodes `{"stays": [{"entry": …, "exit": …, "exempt": false}], "on": …, "entry": …}`.
  public init(jsonBytes bytes: UnsafeBufferPointer<UInt8>) throws(VisaRulesError) {
    let root = try JSONParser.document(bytes)
    let top = try Fields(root, path: "", allowed: ["stays", "on", "entry"])
    var stays: [Stay] = []
    for (i, s) in (try top.optionalArray("stays") ?? []).enumerated() {
      let f = try Fields(s, path: "stays[\(i)]", allowed: ["entry", "exit", "exempt"])
      let stay = Stay(entry: try f.date("entry"), exit: try f.date("exit"), exempt: try f.optionalBool("exempt") ?? false)
      try Self.check(stay, at: i)
      stays.append(stay)
    }
    if stays.isEmpty && root["stays"] == nil {
      throw VisaRulesError(
        .missingField, field: "stays", message: "no stays given",
        allowed: "at least one stay {\"entry\": YYYY-MM-DD, \"exit\": YYYY-MM-DD}")
    }
    try Self.check(stays)
    self.stays = stays
    on = root["on"] == nil ? nil : try top.date("on")
    plannedEntry = root["entry"] == nil ? nil : try top.date("entry")
  }

  /// Checks the stays as the JSON form is checked when decoded, with the same errors: at least
  /// one stay (`stays`), no exit before its entry (`stays[i].exit`), no two stays overlapping
  /// (`stays[i]`; re-entry on the day of exit is allowed). ``report(rules:on:plannedEntry:)``
  /// runs it.
  public func validate() throws(VisaRulesError) {
    for (i, stay) in stays.enumerated() { try Self.check(stay, at: i) }
    try Self.check(stays)
  }

  /// A stay's exit must not be before its entry.
  private static func check(_ stay: Stay, at i: Int) throws(VisaRulesError) {
    if stay.exit < stay.entry {
      throw VisaRulesError(
        .invalidValue, field: "stays[\(i)].exit", value: stay.exit.description,
        message: "\"\(stay.exit)\": the exit is before the entry (\(stay.entry))",
        allowed: "a date on or after entry")
    }
  }

  /// At least one stay, and no two overlapping.
  private static func check(_ stays: [Stay]) throws(VisaRulesError) {
    if stays.isEmpty {
      throw VisaRulesError(
        .invalidValue, field: "stays", value: "[]",
        message: "no stays given", allowed: "at least one stay {\"entry\": YYYY-MM-DD, \"exit\": YYYY-MM-DD}")
    }
    // Leaving and coming back on the same day is allowed: that day counts once.
    let sorted = stays.enumerated().sorted { $0.element.entry < $1.element.entry }
    for k in sorted.indices.dropFirst() where sorted[k].element.entry < sorted[k - 1].element.exit {
      throw VisaRulesError(
        .invalidValue, field: "stays[\(sorted[k].offset)]", value: "\(sorted[k].element.entry) to \(sorted[k].element.exit)",
        message: "the stay overlaps stays[\(sorted[k - 1].offset)] (\(sorted[k - 1].element.entry) to \(sorted[k - 1].element.exit))",
        allowed: "stays that do not overlap (a stay may begin on the day the one before it ends)")
    }
  }

  /// Answers the query with the 90/180-day rule `rules` give on the control date (a
  /// `notCovered` error if they give none then), after ``validate()``.
  public func report(rules: RuleBook, on: LocalDate? = nil, plannedEntry: LocalDate? = nil) throws(VisaRulesError) -> StayReport {
    try validate()
    let lastExit = stays.map(\.exit).max()
    let control = on ?? self.on ?? lastExit?.adding(days: 1) ?? LocalDate(dayNumber: 0)
    let entry = plannedEntry ?? self.plannedEntry
    let rule = try rules.stayRule(on: control)
    let calc = StayCalculator(stays: stays, rule: rule)
    return StayReport(
      rule: rule, controlDate: control, daysUsed: calc.daysUsed(on: control), daysLeft: calc.daysLeft(on: control),
      plannedEntry: entry, latestLawfulExit: entry.flatMap { calc.latestLawfulExit(entry: $0) },
      fullStayAvailableFrom: calc.earliestFullStay(onOrAfter: entry ?? control),
      overstayDays: calc.overstayDays())
  }
}

/// The calculator's answer.
public struct StayReport: Hashable, Sendable {
  /// The rule applied (the one in force on the control date).
  public var rule: StayRule
  /// The control date.
  public var controlDate: LocalDate
  /// Days of stay in the period ending on the control date.
  public var daysUsed: Int
  /// Days available for a stay that includes the control date.
  public var daysLeft: Int
  /// The planned entry, if any.
  public var plannedEntry: LocalDate?
  /// The last lawful day of a stay beginning on the planned entry (`nil` if not lawful at all).
  public var latestLawfulExit: LocalDate?
  /// The first day (on or after the planned entry, or the control date) from which a stay of
  /// the maximum length is lawful.
  public var fullStayAvailableFrom: LocalDate
  /// Days on which more than the maximum had been spent in the period ending that day.
  public var overstayDays: [LocalDate]

  /// Readable text, citing the rule.
  public var text: String {
    var lines = [
      "\(rule.maximumDays)/\(rule.periodDays)-day rule (\(rule.citation) \(rule.status)): \(rule.summary); entry and exit days count"
    ]
    lines.append("  On \(controlDate): \(daysUsed) days used in the \(rule.periodDays)-day period, \(daysLeft) days left")
    if let e = plannedEntry {
      if let x = latestLawfulExit {
        lines.append("  Entry on \(e): may stay until \(x) (\(e.days(until: x) + 1) days)")
      } else {
        lines.append("  Entry on \(e): no lawful stay possible on that day")
      }
    }
    lines.append("  A full \(rule.maximumDays)-day stay is possible from \(fullStayAvailableFrom)")
    if overstayDays.isEmpty {
      lines.append("  No overstay")
    } else {
      lines.append(
        "  Overstay on \(overstayDays.count) day\(overstayDays.count == 1 ? "" : "s"): first \(overstayDays.first!), last \(overstayDays.last!)"
      )
    }
    return lines.joined(separator: "\n")
  }

  /// JSON.
  public var json: String {
    var w = JSONWriter(indent: 2)
    w.beginObject()
    w.key("controlDate"); w.date(controlDate)
    w.key("daysUsed"); w.int(daysUsed)
    w.key("daysLeft"); w.int(daysLeft)
    w.key("plannedEntry"); w.date(plannedEntry)
    w.key("latestLawfulExit"); w.date(latestLawfulExit)
    w.key("fullStayAvailableFrom"); w.date(fullStayAvailableFrom)
    w.key("overstayDays")
    w.beginArray()
    for d in overstayDays { w.date(d) }
    w.endArray()
    w.key("maximumDays"); w.int(rule.maximumDays)
    w.key("periodDays"); w.int(rule.periodDays)
    w.key("citation"); w.string(rule.citation)
    w.key("status"); w.string(rule.status.rawValue)
    w.endObject()
    return w.text
  }
}
