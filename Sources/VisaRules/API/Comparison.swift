/// Totals of one rule set over a population of applications.
public struct PolicyTotals: Hashable, Sendable {
  /// Applications evaluated.
  public var applications = 0
  /// Lines that could not be evaluated (bad input).
  public var errors = 0
  /// Fees collected, in cents.
  public var feeCents = 0
  /// Applications by fee (cents → count).
  public var byFee: [Int: Int] = [:]
  /// Fee-free applications by waiver (citation → count).
  public var byWaiver: [String: Int] = [:]
  /// Applications by multiple-entry validity in months (0 = single entry).
  public var byValidity: [Int: Int] = [:]
  /// Applications by standard decision period in days.
  public var byDecisionDays: [Int: Int] = [:]
  /// Applications that could not be lodged there and then.
  public var cannotLodge = 0

  /// Fees collected.
  public var fees: Money { Money(cents: feeCents) }
  /// The average fee per application.
  public var averageFee: Money { Money(cents: applications == 0 ? 0 : feeCents / applications) }

  mutating func add(_ o: PolicyOutcome) {
    applications += 1
    feeCents += o.fee
    byFee[o.fee, default: 0] += 1
    if let w = o.waiver { byWaiver[w, default: 0] += 1 }
    byValidity[o.validity, default: 0] += 1
    if let d = o.standardDays { byDecisionDays[d, default: 0] += 1 }
    if !o.canLodge { cannotLodge += 1 }
  }

  mutating func merge(_ other: PolicyTotals) {
    applications += other.applications
    errors += other.errors
    feeCents += other.feeCents
    cannotLodge += other.cannotLodge
    byFee.merge(other.byFee, uniquingKeysWith: +)
    byWaiver.merge(other.byWaiver, uniquingKeysWith: +)
    byValidity.merge(other.byValidity, uniquingKeysWith: +)
    byDecisionDays.merge(other.byDecisionDays, uniquingKeysWith: +)
  }
}

/// An applicant whose outcome a reform changes.
public struct ChangedApplication: Hashable, Sendable {
  /// The input line.
  public var line: Int
  /// The application's `id` (a JSON fragment), if any.
  public var id: String?
  /// What changed, each with the provisions that made the difference.
  public var changes: [String]
}

/// What a reform changes over a population: totals under both rule sets, and every kind of
/// change with how many applicants it concerns.
public struct PolicyComparison: Hashable, Sendable {
  /// Totals under the base rules.
  public var base = PolicyTotals()
  /// Totals under the reformed rules.
  public var reform = PolicyTotals()
  /// Applicants with at least one changed outcome.
  public var changed = 0
  /// Kinds of change (`fee 80 EUR → 35 EUR (vc.16.1 → vfa.6.1)`) and how many applicants each.
  public var changes: [String: Int] = [:]
  /// The first changed applicants, as examples.
  public var examples: [ChangedApplication] = []

  /// Kinds of change, most frequent first.
  public var topChanges: [(change: String, count: Int)] {
    changes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  mutating func merge(_ other: PolicyComparison, keepExamples: Int) {
    base.merge(other.base)
    reform.merge(other.reform)
    changed += other.changed
    changes.merge(other.changes, uniquingKeysWith: +)
    if examples.count < keepExamples { examples += other.examples.prefix(keepExamples - examples.count) }
  }
}

/// The figures of one decision that a comparison looks at.
struct PolicyOutcome {
  var fee: Int
  var feeProvision: String
  var waiver: String?
  var validity: Int
  var validityProvision: String
  var standardDays: Int?
  var canLodge: Bool

  init(_ d: Decision) {
    // No visa required: no fee, no visa.
    let exempt = d.eligibility.visaRequired.map { "no visa required (\($0.provision))" }
    fee = d.fee?.amount.cents ?? 0
    feeProvision = d.fee.map { $0.ruling.provision + ($0.ruling.amendment.map { " as amended by \($0)" } ?? "") } ?? exempt ?? "—"
    waiver = d.fee?.waiver.map { $0.citationText }
    if let v = d.validity {
      validity = v.entries == .multiple ? (v.maxMonths ?? 0) : 0
      validityProvision = v.entries == .multiple ? (v.ruling?.provision ?? "—") : (v.restrictedBy.map { "single entry under \($0)" } ?? "—")
    } else {
      validity = 0
      validityProvision = exempt ?? "—"
    }
    standardDays = d.processing?.standardDays?.value
    canLodge = d.eligibility.canLodge
  }

  /// What differs from `other` (the reform), with the deciding provisions.
  func differences(to other: PolicyOutcome) -> [String] {
    var out: [String] = []
    if fee != other.fee {
      out.append("fee \(Money(cents: fee)) → \(Money(cents: other.fee)) (\(feeProvision) → \(other.feeProvision))")
    }
    if validity != other.validity {
      func v(_ m: Int) -> String { m == 0 ? "single entry" : "\(m) months" }
      out.append("validity \(v(validity)) → \(v(other.validity)) (\(validityProvision) → \(other.validityProvision))")
    }
    if standardDays != other.standardDays {
      out.append("decision \(standardDays.map { "\($0) days" } ?? "none") → \(other.standardDays.map { "\($0) days" } ?? "none")")
    }
    if canLodge != other.canLodge { out.append("can lodge \(canLodge) → \(other.canLodge)") }
    return out
  }
}

extension RuleBook {
  /// Evaluates every application of a JSON Lines input under this rule book and under
  /// `reform`, streaming and on every core, and reports the totals under both and every change.
  /// A line that cannot be evaluated under either is counted as an error and skipped.
  public func compare(
    with reform: RuleBook, input: Int32, options: EvaluationOptions = .batch, threads: Int? = nil, examples: Int = 20
  ) throws(VisaRulesError) -> PolicyComparison {
    let workers = max(1, threads ?? RuleBook.coreCount())
    var result = PolicyComparison()
    try LineBlocks.read(fd: input) { (block, lines, firstLine) throws(VisaRulesError) in
      let parts = LineBlocks.parallel(count: lines.count, workers: workers) { range -> PolicyComparison in
        var part = PolicyComparison()
        block.withUnsafeBufferPointer { all in
          for i in range {
            let line = UnsafeBufferPointer(rebasing: all[lines[i]])
            self.compareOne(line, lineNumber: firstLine + i, with: reform, options: options, into: &part, examples: examples)
          }
        }
        return part
      }
      for p in parts { result.merge(p, keepExamples: examples) }
    }
    return result
  }

  /// Compares applications given in Swift (see ``compare(with:input:options:threads:examples:)``).
  public func compare(with reform: RuleBook, applications: [Application], options: EvaluationOptions = .batch, examples: Int = 20) -> PolicyComparison {
    var result = PolicyComparison()
    for (i, app) in applications.enumerated() {
      record(app, lineNumber: i + 1, with: reform, options: options, into: &result, examples: examples)
    }
    return result
  }

  private func compareOne(
    _ bytes: UnsafeBufferPointer<UInt8>, lineNumber: Int, with reform: RuleBook, options: EvaluationOptions,
    into part: inout PolicyComparison, examples: Int
  ) {
    guard !bytes.isEmpty, let app = try? Application(jsonBytes: bytes) else {
      part.base.errors += 1
      part.reform.errors += 1
      return
    }
    record(app, lineNumber: lineNumber, with: reform, options: options, into: &part, examples: examples)
  }

  private func record(_ app: Application, lineNumber: Int, with reform: RuleBook, options: EvaluationOptions, into part: inout PolicyComparison, examples: Int) {
    guard let a = try? evaluate(app, options: options), let b = try? reform.evaluate(app, options: options) else {
      part.base.errors += 1
      part.reform.errors += 1
      return
    }
    let oa = PolicyOutcome(a)
    let ob = PolicyOutcome(b)
    part.base.add(oa)
    part.reform.add(ob)
    let diff = oa.differences(to: ob)
    if !diff.isEmpty {
      part.changed += 1
      for d in diff { part.changes[d, default: 0] += 1 }
      if part.examples.count < examples { part.examples.append(ChangedApplication(line: lineNumber, id: app.id, changes: diff)) }
    }
  }
}
