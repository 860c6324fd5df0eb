extension Decision {
  /// The decision as JSON (contract version 1): compact on one line, or indented.
  ///
  /// `fee.amount`, `fee.currency`, `fee.citation`, `fee.waiver`; `serviceFeeCap.amount`;
  /// `decision.standardDays`, `.extendedDays`, `.deadline`, `.extendedDeadline`, …;
  /// `lodging.earliest`, `.latest`, `.withinWindow`; `validity.entries`, `.maxMonths`, `.until`,
  /// `.citation`, `.discretionary`; `instruments`; `warnings`; `assumptions`; `trace`.
  public func json(pretty: Bool = false) -> String {
    var w = JSONWriter(indent: pretty ? 2 : nil)
    write(to: &w)
    return w.text
  }

  func write(to w: inout JSONWriter) {
    w.beginObject()
    w.key("schemaVersion")
    w.int(Decision.schemaVersion)
    if let id {
      w.key("id")
      w.raw(Array(id.utf8))
    }
    w.key("lodgingDate")
    w.date(lodgingDate)

    w.key("fee")
    w.beginObject()
    w.key("amount")
    w.cents(fee.amount.cents)
    w.key("currency")
    w.string(fee.amount.currency)
    writeRuling(fee.ruling, &w)
    w.key("waiver")
    if let waiver = fee.waiver {
      w.beginObject()
      w.key("provision")
      w.string(waiver.provision)
      w.key("citation")
      w.string(waiver.citationText)
      w.key("reason")
      w.string(waiver.reason)
      w.endObject()
    } else {
      w.null()
    }
    w.endObject()

    w.key("serviceFeeCap")
    if let cap = serviceFeeCap {
      w.beginObject()
      w.key("amount")
      w.cents(cap.value.cents)
      w.key("currency")
      w.string(cap.value.currency)
      writeRuling(cap, &w)
      w.endObject()
    } else {
      w.null()
    }

    w.key("decision")
    w.beginObject()
    w.key("standardDays")
    w.int(processing.standardDays?.value)
    w.key("extendedDays")
    w.int(processing.extendedDays?.value)
    w.key("exceptionalDays")
    w.int(processing.exceptionalDays?.value)
    w.key("urgentWorkingDays")
    w.int(processing.urgentWorkingDays?.value)
    w.key("deadline")
    w.date(processing.deadline)
    w.key("extendedDeadline")
    w.date(processing.extendedDeadline)
    w.key("exceptionalDeadline")
    w.date(processing.exceptionalDeadline)
    w.key("citation")
    w.string(processing.standardDays?.citationText)
    w.key("extendedCitation")
    w.string(processing.extendedDays?.citationText)
    w.endObject()

    w.key("lodging")
    w.beginObject()
    w.key("earliest")
    w.date(lodging.earliest)
    w.key("latest")
    w.date(lodging.latest)
    w.key("withinWindow")
    w.bool(lodging.withinWindow)
    w.key("citation")
    w.string(lodging.earliestMonths?.citationText)
    w.key("latestCitation")
    w.string(lodging.latestDays?.citationText)
    w.endObject()

    w.key("validity")
    w.beginObject()
    w.key("entries")
    w.string(validity.entries.rawValue)
    w.key("maxMonths")
    w.int(validity.maxMonths)
    w.key("until")
    w.date(validity.until)
    w.key("citation")
    w.string(validity.entries == .multiple ? validity.ruling?.citationText : validity.restrictedBy)
    w.key("discretionary")
    w.string(validity.discretionary)
    w.endObject()

    w.key("eligibility")
    w.beginObject()
    w.key("visaRequired")
    if let v = eligibility.visaRequired { w.bool(v.value) } else { w.null() }
    w.key("visaRequiredCitation")
    w.string(eligibility.visaRequired?.citationText)
    w.key("canLodge")
    w.bool(eligibility.canLodge)
    w.key("lodgingCitation")
    w.string(eligibility.lodgingAvailable?.citationText)
    w.key("withinWindow")
    w.bool(eligibility.withinWindow)
    w.key("documents")
    w.beginArray()
    for d in eligibility.documents { w.string(d) }
    w.endArray()
    w.endObject()

    w.key("fastTrack")
    if let ft = fastTrack {
      w.beginObject()
      w.key("scheme")
      w.string(ft.scheme.rawValue)
      w.key("applies")
      w.bool(ft.applies?.value ?? false)
      w.key("citation")
      w.string(ft.applies?.citationText)
      w.key("benefits")
      w.beginArray()
      for b in ft.benefits { w.string(b) }
      w.endArray()
      w.key("suggestedMonths")
      w.int(ft.suggestedMonths)
      w.key("suggestionCitation")
      w.string(ft.suggestion?.citationText)
      w.key("limits")
      w.beginArray()
      for l in ft.limits { w.string(l) }
      w.endArray()
      w.endObject()
    } else {
      w.null()
    }

    if let e = extensionFee {
      w.key("extension")
      w.beginObject()
      w.key("fee")
      w.cents(e.value.cents)
      w.key("currency")
      w.string(e.value.currency)
      writeRuling(e, &w)
      w.endObject()
    }

    w.key("instruments")
    w.beginArray()
    for i in instruments { w.string(i) }
    w.endArray()

    w.key("warnings")
    w.beginArray()
    for warning in warnings { w.string(warning) }
    w.endArray()

    w.key("assumptions")
    w.beginArray()
    for a in assumptions {
      w.beginObject()
      w.key("option")
      w.string(a.option)
      w.key("value")
      w.string(a.value)
      w.key("source")
      switch a.source {
      case .default: w.string("default")
      case .user: w.string("user")
      case .policy(let id): w.string("policy:" + id)
      }
      if !a.alternatives.isEmpty {
        w.key("alternatives")
        w.beginArray()
        for alt in a.alternatives {
          w.beginObject()
          w.key("value")
          w.string(alt.value)
          w.key("outcome")
          w.string(alt.outcome)
          w.endObject()
        }
        w.endArray()
      }
      w.endObject()
    }
    w.endArray()

    w.key("trace")
    w.beginArray()
    for t in trace { t.write(to: &w) }
    w.endArray()
    w.endObject()
  }

  private func writeRuling<V>(_ r: Ruling<V>, _ w: inout JSONWriter) {
    w.key("citation")
    w.string(r.citationText)
    w.key("provision")
    w.string(r.provision)
    w.key("status")
    w.string(r.status.rawValue)
  }
}

extension TraceEntry {
  /// A short phrase for the verdict (`applied`, `suspended by …`).
  public var verdictText: String {
    switch verdict {
    case .applied: return "applied"
    case .concurring(let w): return "applied, same outcome as \(w)"
    case .conditionFalse: return "did not apply: condition false"
    case .instrumentNotApplicable(let r): return "did not apply: \(r)"
    case .notInForce: return "not in force on the lodging date"
    case .repealed(let by): return "no longer in force: replaced or repealed by \(by)"
    case .suspended(let by): return "suspended by \(by)"
    case .overridden(let by): return "overridden by \(by)"
    case .displaced(let by): return "displaced: \(by) prevails"
    case .lessFavourable(let than): return "outvoted as less favourable than \(than)"
    }
  }

  var verdictCode: String {
    switch verdict {
    case .applied: return "applied"
    case .concurring: return "concurring"
    case .conditionFalse: return "conditionFalse"
    case .instrumentNotApplicable: return "instrumentNotApplicable"
    case .notInForce: return "notInForce"
    case .repealed: return "repealed"
    case .suspended: return "suspended"
    case .overridden: return "overridden"
    case .displaced: return "displaced"
    case .lessFavourable: return "lessFavourable"
    }
  }

  func write(to w: inout JSONWriter) {
    w.beginObject()
    w.key("figure")
    w.string(figure.rawValue)
    w.key("provision")
    w.string(provision)
    w.key("citation")
    w.string(citation.description)
    w.key("status")
    w.string(status.rawValue)
    w.key("from")
    w.date(period?.from)
    w.key("until")
    w.date(period?.until)
    w.key("value")
    w.string(value)
    w.key("condition")
    w.string(condition)
    w.key("verdict")
    w.string(verdictCode)
    w.key("explanation")
    w.string(verdictText)
    w.endObject()
  }
}
