/// The one writer of a decision's JSON (contract version ``Decision/schemaVersion``): every key,
/// its order, and when a block is `null`, defined here once, for a ``Decision`` and for the
/// batch path's verdicts alike.
enum DecisionEncoder {
  /// Writes `c`'s blocks of `fields` (``DecisionFields``), with only the members of them that
  /// `members` keeps (``DecisionMembers``); `schemaVersion`, `id`, `lodgingDate` always, and
  /// `trace` and `whyNot` in a traced decision (`trace`, empty, in every full one).
  static func write<C: DecisionContent, S: JSONSink>(
    _ c: C, fields: DecisionFields = .all, members: DecisionMembers = .all, to s: inout S
  ) {
    if members.isAll { return writeBlocks(c, fields: fields, to: &s) }
    var projecting = ProjectingSink(s, members)
    writeBlocks(c, fields: fields, to: &projecting)
    s = projecting.base
  }

  private static func writeBlocks<C: DecisionContent, S: JSONSink>(_ c: C, fields: DecisionFields, to s: inout S) {
    s.beginObject()
    s.key("schemaVersion")
    s.int(Decision.schemaVersion)
    if c.hasID {
      s.key("id")
      c.id(&s)
    }
    s.key("lodgingDate")
    s.date(c.lodgingDate)

    if fields.contains(.fee) {
      s.key("fee")
      if let fee = c.feeValue {
        s.beginObject()
        money(c, fee.cents, fee.rule, &s)
        s.key("waiver")
        if let w = c.feeWaiver {
          s.beginObject()
          s.key("provision")
          c.provision(w, &s)
          s.key("citation")
          c.citation(w, &s)
          s.key("reason")
          c.reason(w, &s)
          s.endObject()
        } else {
          s.null()
        }
        s.endObject()
      } else {
        s.null()
      }
    }

    if fields.contains(.serviceFeeCap) {
      s.key("serviceFeeCap")
      if let cap = c.serviceFeeCapValue {
        s.beginObject()
        money(c, cap.cents, cap.rule, &s)
        s.endObject()
      } else {
        s.null()
      }
    }

    if fields.contains(.decision) {
      s.key("decision")
      if c.hasProcessing {
        s.beginObject()
        s.key("standardDays")
        s.int(c.standardDays?.days)
        s.key("extendedDays")
        s.int(c.extendedDays?.days)
        s.key("exceptionalDays")
        s.int(c.exceptionalDays?.days)
        s.key("urgentWorkingDays")
        s.int(c.urgentWorkingDays)
        s.key("deadline")
        s.date(c.deadline)
        s.key("extendedDeadline")
        s.date(c.extendedDeadline)
        s.key("exceptionalDeadline")
        s.date(c.exceptionalDeadline)
        s.key("citation")
        citation(c, c.standardDays?.rule, &s)
        s.key("extendedCitation")
        citation(c, c.extendedDays?.rule, &s)
        s.endObject()
      } else {
        s.null()
      }
    }

    if fields.contains(.lodging) {
      s.key("lodging")
      if c.hasLodgingWindow {
        s.beginObject()
        s.key("earliest")
        s.date(c.earliest)
        s.key("latest")
        s.date(c.latest)
        s.key("withinWindow")
        s.bool(c.withinWindow)
        s.key("citation")
        citation(c, c.earliestRule, &s)
        s.key("latestCitation")
        citation(c, c.latestRule, &s)
        s.endObject()
      } else {
        s.null()
      }
    }

    if fields.contains(.validity) {
      s.key("validity")
      if c.hasValidity {
        s.beginObject()
        s.key("entries")
        if c.multipleEntry { s.literal("multiple") } else { s.literal("single") }
        s.key("maxMonths")
        s.int(c.maxMonths)
        s.key("until")
        s.date(c.validUntil)
        s.key("citation")
        c.writeValidityCitation(&s)
        s.key("discretionary")
        c.writeDiscretionary(&s)
        s.endObject()
      } else {
        s.null()
      }
    }

    if fields.contains(.eligibility) {
      s.key("eligibility")
      s.beginObject()
      s.key("visaRequired")
      if let r = c.visaRequired { s.bool(r.required) } else { s.null() }
      s.key("visaRequiredCitation")
      citation(c, c.visaRequired?.rule, &s)
      s.key("canLodge")
      s.bool(c.canLodge)
      s.key("lodgingCitation")
      citation(c, c.lodgingRule, &s)
      s.key("withinWindow")
      s.bool(c.withinWindow)
      s.key("documents")
      s.beginArray()
      c.writeDocuments(&s)
      s.endArray()
      s.endObject()
    }

    if fields.contains(.fastTrack) {
      s.key("fastTrack")
      if c.hasFastTrack {
        s.beginObject()
        s.key("scheme")
        c.writeFastTrackScheme(&s)
        s.key("applies")
        s.bool(c.fastTrackApplies?.applies ?? false)
        s.key("citation")
        citation(c, c.fastTrackApplies?.rule, &s)
        s.key("benefits")
        s.beginArray()
        c.writeFastTrackBenefits(&s)
        s.endArray()
        s.key("suggestedMonths")
        s.int(c.suggestedMonths)
        s.key("suggestionCitation")
        citation(c, c.suggestion, &s)
        s.key("limits")
        s.beginArray()
        c.writeFastTrackLimits(&s)
        s.endArray()
        s.endObject()
      } else {
        s.null()
      }
    }

    if fields.contains(.extension), let e = c.extensionFeeValue {
      s.key("extension")
      s.beginObject()
      money(c, e.cents, e.rule, &s, amountKey: "fee")
      s.endObject()
    }

    if fields.contains(.instruments) {
      s.key("instruments")
      s.beginArray()
      c.writeInstruments(&s)
      s.endArray()
    }

    if fields.contains(.warnings) {
      s.key("warnings")
      s.beginArray()
      c.writeWarnings(&s)
      s.endArray()
    }

    if fields.contains(.assumptions) {
      s.key("assumptions")
      s.beginArray()
      for i in 0..<c.assumptionCount {
        s.beginObject()
        s.key("option")
        c.assumptionOption(i, &s)
        s.key("value")
        c.assumptionValue(i, &s)
        s.key("source")
        c.assumptionSource(i, &s)
        let alternatives = c.assumptionAlternatives(i)
        if !alternatives.isEmpty {
          s.key("alternatives")
          s.beginArray()
          for alt in alternatives {
            s.beginObject()
            s.key("value")
            s.string(alt.value)
            s.key("outcome")
            s.string(alt.outcome)
            s.endObject()
          }
          s.endArray()
        }
        s.endObject()
      }
      s.endArray()
    }

    // The trace: always in the full decision (empty unless asked for); in a selection, only when
    // there is one.
    if fields == .all || !c.trace.isEmpty {
      s.key("trace")
      s.beginArray()
      // Through the array's storage: each entry read in place, not copied (a copy retains
      // every text and list of an entry, and a traced line has hundreds of entries).
      c.trace.withUnsafeBufferPointer { entries in
        // The fragments read once for the whole trace (not once per entry).
        let fragments = s.traceFragments
        var tail = TraceTail()
        withExtendedLifetime(fragments) {
          let view = fragments?.view
          for i in entries.indices {
            write(entries.baseAddress! + i, view, to: &s, after: i > 0 ? entries.baseAddress! + i - 1 : nil, tail: &tail)
          }
        }
      }
      s.endArray()
    }
    // Only a traced decision explains what it did not give (the trace's companion).
    if !c.trace.isEmpty {
      s.key("whyNot")
      s.beginArray()
      c.whyNot.withUnsafeBufferPointer { entries in
        for i in entries.indices { write(entries[i], to: &s) }
      }
      s.endArray()
    }
    // Last: where the decision comes from (the rule book's, precomputed: one copy per line).
    if fields.contains(.provenance) {
      s.key("provenance")
      c.writeProvenance(&s)
    }
    s.endObject()
  }

  /// `"amount":…,"currency":…,"citation":…,"provision":…,"status":…` (the extension block
  /// names its amount `fee`).
  @inline(__always) private static func money<C: DecisionContent, S: JSONSink>(
    _ c: C, _ cents: Int, _ r: C.Rule, _ s: inout S, amountKey: StaticString = "amount"
  ) {
    s.key(amountKey)
    s.cents(cents)
    s.key("currency")
    c.writeCurrency(&s)
    s.key("citation")
    c.citation(r, &s)
    s.key("provision")
    c.provision(r, &s)
    s.key("status")
    c.status(r, &s)
  }

  @inline(__always) private static func citation<C: DecisionContent, S: JSONSink>(_ c: C, _ r: C.Rule?, _ s: inout S) {
    if let r { c.citation(r, &s) } else { s.null() }
  }
}
