extension Evaluator {
  func annotatedText(_ pv: VersionRow) -> String {
    let info = tables.versionInfo[pv]
    return rules.provisions[Int(info.provision)].versions[Int(info.version)].annotatedText
  }

  func text(of w: Warning, _ run: Run) -> String {
    var sink = StringSink(rules: rules, tables: tables)
    withUnsafePointer(to: run) { Evaluator.render(w, $0, into: &sink) }
    return sink.text
  }

  /// `visaHistory[i]`, followed by ` (from to until)` when the dates are given.
  private static func historyEntry<S: TextSink>(
    _ i: Int, _ from: LocalDate? = nil, _ until: LocalDate? = nil, into s: inout S
  ) {
    s.literal("visaHistory[")
    s.int(i)
    s.literal("]")
    if let from, let until {
      s.literal(" (")
      s.date(from)
      s.literal(" to ")
      s.date(until)
      s.literal(")")
    }
  }

  /// Writes a warning or a limit, the one place its wording is kept.
  static func render<S: TextSink>(_ w: Warning, _ run: UnsafePointer<Run>, into s: inout S) {
    switch w {
    case .feeUnverified(let pv):
      s.literal("UNVERIFIED: the fee rests on ")
      s.citation(pv)
      s.literal(", which the legal reference marks [U]; re-check before relying on it")
    case .feeSuspensionUnverified(let sus):
      s.literal("UNVERIFIED: the fee depends on ")
      s.suspension(sus)
      s.literal(", which the legal reference marks [U]; see `visa options` for the alternative reading")
    case .lodgedTooEarly(let tripStart, let earliest, let pv):
      s.literal("lodged too early: applications for a trip starting ")
      s.date(tripStart)
      s.literal(" may be lodged from ")
      s.date(earliest)
      s.literal(" (")
      s.citation(pv)
      s.literal(")")
    case .lodgedLate(let pv, let latest):
      s.literal("lodged later than the rule of ")
      s.citation(pv)
      s.literal(" (")
      s.date(latest)
      s.literal("); the consulate may still accept it in justified cases of urgency")
    case .lawfulUse(let i):
      s.text(run.pointee.lawfulUseFailures[i])
    case .uncountedVisas(let i):
      s.text(run.pointee.uncountedVisas[i])
    case .historyNote(let i):
      switch run.pointee.historyNotes[i] {
      case .repeats(let i, let j, let from, let until):
        historyEntry(i, into: &s)
        s.literal(" repeats ")
        historyEntry(j, from, until, into: &s)
        s.literal(": it is taken as the same visa and counted once")
      case .overlaps(let i, let from, let until, let j, let otherFrom, let otherUntil):
        historyEntry(i, from, until, into: &s)
        s.literal(" overlaps ")
        historyEntry(j, otherFrom, otherUntil, into: &s)
        s.literal(": both are counted as separate visas")
      case .unstated(let i, let from, let until):
        historyEntry(i, from, until, into: &s)
        s.literal(
          " gives neither lawfullyUsed nor stays: it is taken as never used, which counts as lawful use only where an interpretation option says so (`visa options`); give either to be sure"
        )
      }
    case .documentExpiresTooSoon(let expiry, let departure, let needed, let months, let pv):
      s.literal("inadmissible: the travel document expires ")
      s.date(expiry)
      s.literal(", less than ")
      s.int(months)
      s.literal(" months after the intended departure ")
      s.date(departure)
      s.literal("; it must be valid until at least ")
      s.date(needed)
      s.literal(" (")
      s.citation(pv)
      s.literal("; the consulate may waive this only in a justified case of emergency)")
    case .documentIssuedTooLongAgo(let issued, let earliest, let years, let pv):
      s.literal("inadmissible: the travel document was issued ")
      s.date(issued)
      s.literal(", more than ")
      s.int(years)
      s.literal(" years before the lodging date; it must have been issued on or after ")
      s.date(earliest)
      s.literal(" (")
      s.citation(pv)
      s.literal(")")
    case .decisionAfterDeparture(let deadline, let tripStart, let lodgeBy, let pv, let urgent):
      s.literal("the decision may come after the intended departure: the deadline ")
      s.date(deadline)
      s.literal(" (")
      s.citation(pv)
      s.literal(") falls after the trip's start ")
      s.date(tripStart)
      if let u = urgent {
        // The shorter period of urgent cases is the deadline that applies if the consulate
        // takes the application as urgent: say which, and whether it comes in time.
        s.literal(u.until > tripStart ? ", and so does the urgent procedure's: " : "; in urgent cases the period may be reduced to ")
        s.int(u.days)
        s.literal(" working days (")
        s.citation(u.pv)
        s.literal("), ending ")
        s.date(u.until)
        s.literal(u.until > tripStart ? " (weekends skipped)" : " (weekends skipped), in time: ask for the urgent procedure, or")
      }
      s.literal(urgent.map { $0.until > tripStart } == false ? " lodge by " : "; lodge by ")
      s.date(lodgeBy)
      s.literal(" to have the decision before departure")
    case .validityLimited(let cap, let until):
      s.literal("validity limited to ")
      s.literal(
        cap == .hostResidenceUntil
          ? "the host's residence permit (applicant.host.residenceUntil)" : "the term of office (applicant.termOfOfficeUntil)")
      s.literal(", which ends ")
      s.date(until)
    case .validityLimitMissing(let cap):
      s.literal("the entitlement is limited to ")
      s.literal(
        cap == .hostResidenceUntil
          ? "the host's residence permit (applicant.host.residenceUntil)" : "the term of office (applicant.termOfOfficeUntil)")
      s.literal(", which the application does not give")
    case .limitLeavesNoRoom(let cap, let until, let tripStart):
      s.literal(
        cap == .hostResidenceUntil
          ? "the host's residence permit (applicant.host.residenceUntil)" : "the term of office (applicant.termOfOfficeUntil)")
      s.literal(" ends ")
      s.date(until)
      s.literal(", before the trip starts (")
      s.date(tripStart)
      s.literal("): it leaves no room for a multiple-entry visa")
    case .noRoomForMultipleEntry(let expiry, let tripStart):
      s.literal("the travel document's validity (")
      s.date(expiry)
      s.literal(") leaves no room for a multiple-entry visa from ")
      s.date(tripStart)
    case .validityCapped(let until, let expiry):
      s.literal("validity capped at ")
      s.date(until)
      s.literal(" by the travel document expiring ")
      s.date(expiry)
    case .validityUnverified(let pv):
      s.literal("UNVERIFIED: the validity rests on ")
      s.citation(pv)
      s.literal(", which the legal reference marks [U]")
    case .visaRequirementUnverified(let pv):
      s.literal("UNVERIFIED: whether a visa is required rests on ")
      s.citation(pv)
      s.literal(", which the legal reference marks [U]; re-check before relying on it")
    case .visaRequirementNotEncoded(let reference):
      s.literal("whether nationals of ")
      if let n = run.pointee.input.nationalityText { s.text(n) } else { s.text(countryName(run.pointee.input.nationality)) }
      s.literal(" need a visa is not encoded (")
      s.text(reference)
      s.literal(", Annexes I and II): the figures assume one is needed")
    case .visaRequirementChanges(let atLodging, let onEntry, let entry):
      s.literal("the visa requirement changes between the lodging date and the day of entry (")
      s.date(entry)
      s.literal("): on the lodging date a visa was ")
      if let o = atLodging {
        s.literal(o.number == 1 ? "required (" : "not required (")
        s.citation(o.pv)
        s.literal(")")
      } else {
        s.literal("not decided by these rules")
      }
      s.literal("; the decision follows the day of entry (")
      if let o = onEntry { s.citation(o.pv) } else { s.literal("no provision") }
      s.literal("; option visaRequirement.date)")
    case .documentAssumed(let bits):
      var parts: [String] = []
      if bits & DocumentAssumption.biometric != 0 { parts.append("biometric (applicant.travelDocument.biometric not given)") }
      if bits & DocumentAssumption.issued != 0 {
        parts.append("issued on the lodging date (applicant.travelDocument.issued not given)")
      }
      s.literal("the travel document was taken as ")
      s.text(parts.joined(separator: " and "))
      s.literal("; whether a visa is required depends on it: give the field to be sure")
    case .cannotLodge(let pv):
      s.literal("the application cannot be lodged at this place on this date (")
      s.citation(pv)
      s.literal(")")
    case .noDiscretion(let suspension, let months, let entitled):
      if let sus = suspension {
        s.suspension(sus)
        s.literal(" leaves no discretion")
      } else {
        s.literal("no provision in force leaves the consulate discretion")
      }
      s.literal(": the suggested ")
      s.int(months)
      s.literal("-month visa cannot be given")
      if entitled > 0 {
        s.literal("; the entitlement is ")
        s.int(entitled)
        s.literal(" months")
      } else {
        s.literal("; single entry")
      }
    case .discretionEnds(let pv, let months):
      s.literal("the discretion of ")
      s.citation(pv)
      s.literal(" ends at ")
      s.int(months)
      s.literal(" months")
    case .entitlementStands(let entitled):
      s.literal("the entitlement (")
      s.int(entitled)
      s.literal(" months) is longer than the suggestion: the entitlement stands")
    case .documentCapsSuggestion(let cap):
      s.literal("the travel document caps any visa at ")
      s.date(cap)
    }
  }
}

/// Where `Evaluator.render(_:_:into:)` writes: a `String`, or escaped bytes inside a JSON string.
protocol TextSink {
  mutating func literal(_ s: StaticString)
  mutating func text(_ s: String)
  /// The citation of a version (`citationText`).
  mutating func citation(_ pv: VersionRow)
  /// `citation (id)` of a suspension.
  mutating func suspension(_ s: SuspensionIndex)
  /// `YYYY-MM-DD`, as `LocalDate.description`.
  mutating func date(_ d: LocalDate)
  mutating func int(_ n: Int)
}

struct StringSink: TextSink {
  let rules: CompiledRules
  let tables: EngineTables
  var text = ""

  init(rules: CompiledRules, tables: EngineTables) {
    self.rules = rules
    self.tables = tables
  }

  mutating func literal(_ s: StaticString) { text += s.description }
  mutating func text(_ s: String) { text += s }
  mutating func citation(_ pv: VersionRow) {
    let info = tables.versionInfo[pv]
    text += rules.provisions[Int(info.provision)].versions[Int(info.version)].citationText
  }
  mutating func suspension(_ s: SuspensionIndex) { text += "\(rules.suspensions[s].citation) (\(rules.suspensions[s].id))" }
  mutating func date(_ d: LocalDate) { text += d.description }
  mutating func int(_ n: Int) { text += String(n) }
}
