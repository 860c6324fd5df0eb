extension Decision {
  /// The decision as JSON (contract version ``Decision/schemaVersion``): compact on one line, or
  /// indented. Written by the contract's one encoder, which also writes the batch lines.
  ///
  /// `fee.amount`, `fee.currency`, `fee.citation`, `fee.waiver`; `serviceFeeCap.amount`;
  /// `decision.standardDays`, `.extendedDays`, `.deadline`, `.extendedDeadline`, …;
  /// `lodging.earliest`, `.latest`, `.withinWindow`; `validity.entries`, `.maxMonths`, `.until`,
  /// `.citation`, `.discretionary`; `instruments`; `warnings`; `assumptions`; `trace`; and, in a traced
  /// decision only, `whyNot` after it.
  ///
  /// `fields` keeps only those blocks (``DecisionFields``), and `members` only those members of
  /// them (``DecisionMembers``), as a JSON Lines evaluation with the same
  /// ``EvaluationOptions/fields`` and ``EvaluationOptions/members`` writes them.
  public func json(pretty: Bool = false, fields: DecisionFields = .all, members: DecisionMembers = .all) -> String {
    var w = JSONWriter(indent: pretty ? 2 : nil)
    write(to: &w, fields: fields, members: members)
    return w.text
  }

  func write(to w: inout JSONWriter, fields: DecisionFields = .all, members: DecisionMembers = .all) {
    DecisionEncoder.write(self, fields: fields, members: members, to: &w)
  }
}

extension TraceEntry {
  /// The shortfalls' texts, joined.
  var shortfallText: String { shortfalls.map { $0.text }.joined(separator: "; ") }

  /// A short phrase for the verdict (`applied`, `suspended by …`), with what was missing
  /// where the engine found it ("did not apply: needs age at most 5; the applicant is 7 …").
  public var verdictText: String {
    switch verdict {
    case .applied: return "applied"
    case .concurring(let w): return "applied, same outcome as \(w)"
    case .conditionFalse: return shortfalls.isEmpty ? "did not apply: condition false" : "did not apply: " + shortfallText
    case .instrumentNotApplicable(let r):
      return shortfalls.isEmpty || shortfalls[0].aspect == .suspension ? "did not apply: \(r)" : "did not apply: \(r): " + shortfallText
    case .notInForce: return "not in force on the lodging date"
    case .repealed(let by): return "no longer in force: replaced or repealed by \(by)"
    case .suspended(let by):
      let besides = shortfalls.filter { $0.aspect != .suspension }
      return "suspended by \(by)" + (besides.isEmpty ? "" : "; besides: " + besides.map(\.text).joined(separator: "; "))
    case .overridden(let by): return "overridden by \(by)"
    case .displaced(let by): return "displaced: \(by) prevails"
    case .lessFavourable(let than): return "outvoted as less favourable than \(than)"
    }
  }

  var verdictCode: String { verdictCodeLiteral.description }

  /// ``verdictCode`` as a literal (written without making a `String`).
  var verdictCodeLiteral: StaticString {
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
    DecisionEncoder.write(self, to: &w)
  }
}
