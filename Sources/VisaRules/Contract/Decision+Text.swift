extension Decision {
  /// The decision as readable text: each figure with the provision that decided it.
  public var text: String {
    var lines: [String] = []
    func row(_ label: String, _ value: String, _ source: String = "") {
      let padded = label.padding(16) + value
      lines.append(source.isEmpty ? "  " + padded : "  " + padded.padding(52) + " " + source)
    }
    func cite<V>(_ r: Ruling<V>?) -> String { r.map { "\($0.citation) \($0.status)" } ?? "" }

    // What blocks the application comes first, before any fee: no visa needed, or none can
    // be lodged there and then.
    if let v = eligibility.visaRequired, !v.value {
      lines.append("Visa required: no (\(cite(v))): a short stay needs no visa")
    } else if let l = eligibility.lodgingAvailable, !l.value {
      lines.append("Cannot be lodged: \(cite(l)) (lodged \(lodgingDate))")
    }
    lines.append("Decision for the application lodged \(lodgingDate)" + (id.map { " (id \($0))" } ?? ""))
    if let v = eligibility.visaRequired { row("Visa required", v.value ? "yes" : "no", cite(v)) }
    if let l = eligibility.lodgingAvailable, !l.value { row("Can be lodged", "no", cite(l)) }
    if let fee, let processing, let lodging, let validity {
      row("Fee", fee.amount.description, cite(fee.ruling))
      if let waiver = fee.waiver { row("Waiver", waiver.reason) }
      if let cap = serviceFeeCap { row("Service fee cap", "at most \(cap.value)", cite(cap)) }
      if let s = processing.standardDays, let d = processing.deadline {
        row("Decision by", "\(d) (\(s.value) days)", cite(s))
      } else {
        row("Decision by", "no period set")
      }
      // An extension to no more days than the standard period (Art. 25a measures: 45 and 45)
      // adds nothing: one line, not the same date twice.
      if let e = processing.extendedDays, let d = processing.extendedDeadline,
        e.value > (processing.standardDays?.value ?? 0)
      {
        row("  extended", "\(d) (up to \(e.value) days)", cite(e))
      }
      if let x = processing.exceptionalDays, let d = processing.exceptionalDeadline {
        row("  exceptional", "\(d) (up to \(x.value) days)", cite(x))
      }
      if let u = processing.urgentWorkingDays {
        row("  urgent", "may be reduced to \(u.value) working days", cite(u))
      }
      let earliest = lodging.earliest.map { "from \($0)" } ?? "no earliest date"
      let latest = lodging.latest.map { ", as a rule by \($0)" } ?? ", no latest date"
      row(
        "Lodging window", earliest + latest + (lodging.withinWindow ? " (lodged within it)" : " (lodged outside it)"),
        cite(lodging.earliestMonths))
      if validity.entries == .multiple, let m = validity.maxMonths, let u = validity.until {
        row("Validity", "multiple entry, \(m) months, until \(u)", cite(validity.ruling))
      } else {
        if let r = validity.restrictedBy {
          row("Validity", "single entry (limited by \(r))")
        } else {
          row("Validity", "single entry (no multiple-entry entitlement)")
        }
      }
      if let d = validity.discretionary { row("  discretion", d) }
    } else {
      row("Fee", "none: no visa is required for this trip")
    }
    if let e = extensionFee { row("Extension fee", e.value.description, cite(e)) }
    if let l = eligibility.lodgingAvailable, l.value { row("Can be lodged", "yes", cite(l)) }
    if !eligibility.documents.isEmpty {
      lines.append("  Documents:")
      for d in eligibility.documents { lines.append("    - " + d) }
    }
    if let ft = fastTrack {
      row("Fast track", "\(ft.scheme.rawValue): " + (ft.applies?.value == true ? "applies" : "does not apply"), cite(ft.applies))
      for b in ft.benefits { lines.append("    + " + b) }
      if let m = ft.suggestedMonths { row("  suggests", "multiple entry, \(m) months", cite(ft.suggestion)) }
      for l in ft.limits { lines.append("    ! limit: " + l) }
    }
    row("Instruments", instruments.joined(separator: ", "))
    if !warnings.isEmpty {
      lines.append("Warnings:")
      for w in warnings { lines.append("  - " + w) }
    }
    if !assumptions.isEmpty {
      lines.append("Interpretation options relied on:")
      for a in assumptions {
        let source: String
        switch a.source {
        case .default: source = "default"
        case .user: source = "set by you"
        case .policy(let p): source = "set by policy \(p)"
        }
        lines.append("  - \(a.option) = \(a.value) (\(source))")
        for alt in a.alternatives { lines.append("      with \(a.option)=\(alt.value): \(alt.outcome)") }
      }
    }
    return lines.joined(separator: "\n")
  }
}

extension String {
  func padding(_ width: Int) -> String {
    count >= width ? self + " " : self + String(repeating: " ", count: width - count)
  }
}
