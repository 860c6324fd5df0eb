extension RuleBook {
  /// Evaluates one application: the fee, deadlines, lodging window and validity the law gives
  /// it on its lodging date, each with its citation.
  ///
  /// Throws a ``VisaRulesError`` naming the field for input the rules cannot decide (an unknown
  /// category, a destination outside the Schengen states, a lodging date before the rules'
  /// coverage), and ``VisaRulesError/Kind/ruleConflict`` when two provisions of equal rank give
  /// different answers.
  public func evaluate(_ application: Application, options: EvaluationOptions = .init()) throws(VisaRulesError) -> Decision {
    try evaluator.checkCoverage(application)
    try application.validate()
    var decision = try evaluateOnce(application, userOptions: options.options, trace: options.trace)
    if options.alternatives {
      for (i, assumption) in decision.assumptions.enumerated() {
        guard let o = compiled.optionIndex[assumption.option] else { continue }
        for value in compiled.options[o].values where value != assumption.value {
          var forced = options.options
          forced[assumption.option] = value
          guard let other = try? evaluateOnce(application, userOptions: forced, trace: false) else { continue }
          let differences = RuleBook.differences(decision, other)
          if !differences.isEmpty {
            decision.assumptions[i].alternatives.append((value, differences.joined(separator: "; ")))
          }
        }
      }
    }
    return decision
  }

  func evaluateOnce(_ app: Application, userOptions: [String: String], trace: Bool) throws(VisaRulesError) -> Decision {
    var run = try evaluator.prepare(app, userOptions: userOptions, trace: trace)
    var decision = try evaluator.decision(for: app, &run)
    decision.provenance = provenance
    return decision
  }

  static func differences(_ a: Decision, _ b: Decision) -> [String] {
    var out: [String] = []
    if a.eligibility.visaRequired?.value != b.eligibility.visaRequired?.value {
      out.append(b.eligibility.visaRequired?.value == false ? "no visa required" : "a visa is required")
    }
    if a.fee?.amount != b.fee?.amount, let fee = b.fee { out.append("fee \(fee.amount) (\(fee.ruling.citation))") }
    if a.validity != b.validity, let validity = b.validity,
      a.validity?.entries != validity.entries || a.validity?.maxMonths != validity.maxMonths || a.validity?.until != validity.until
    {
      if validity.entries == .multiple, let m = validity.maxMonths {
        out.append("multiple-entry validity \(m) months until \(validity.until.map { "\($0)" } ?? "?")")
      } else {
        out.append("single-entry validity")
      }
    }
    if let processing = b.processing, a.processing?.standardDays?.value != processing.standardDays?.value {
      out.append("decision within \(processing.standardDays.map { "\($0.value) days" } ?? "no set period")")
    }
    if let window = b.lodging, a.lodging?.earliest != window.earliest || a.lodging?.latest != window.latest {
      out.append("lodging window \(window.earliest.map { "\($0)" } ?? "–") to \(window.latest.map { "\($0)" } ?? "–")")
    }
    return out
  }
}
