/// Totals of one rule set over a population of applications.
public struct PolicyTotals: Hashable, Sendable {
  /// Applications evaluated.
  public var applications = 0
  /// Lines that could not be evaluated (bad input).
  public var errors = 0
  /// Fees collected, in cents: of the applications that can be lodged (one that cannot be
  /// lodged there and then pays nothing).
  public var feeCents = 0
  /// Applications that can be lodged, by fee (cents → count).
  public var byFee: [Int: Int] = [:]
  /// Fee-free applications that can be lodged, by waiver (citation → count).
  public var byWaiver: [String: Int] = [:]
  /// Applications that can be lodged, by multiple-entry validity in months (0 = single entry,
  /// -1 = no visa required).
  public var byValidity: [Int: Int] = [:]
  /// Applications that can be lodged, by standard decision period in days (-1 = no visa
  /// required).
  public var byDecisionDays: [Int: Int] = [:]
  /// Applications that could not be lodged there and then.
  public var cannotLodge = 0
  /// Applications that could not be lodged there and then, by the provision that says so
  /// (its citation → count).
  public var cannotLodgeBy: [String: Int] = [:]

  /// Fees collected.
  public var fees: Money { Money(cents: feeCents) }
  /// Applications that can be lodged there and then.
  public var lodgeable: Int { applications - cannotLodge }
  /// The average fee per application that can be lodged.
  public var averageFee: Money { Money(cents: lodgeable == 0 ? 0 : feeCents / lodgeable) }

  mutating func add(_ o: PolicyOutcome) {
    applications += 1
    guard o.canLodge else {
      cannotLodge += 1
      cannotLodgeBy[o.lodgingProvision ?? "—", default: 0] += 1
      return
    }
    feeCents += o.feeCollected
    byFee[o.fee, default: 0] += 1
    if let w = o.waiver { byWaiver[w, default: 0] += 1 }
    // No visa required: no validity and no decision period (key -1).
    byValidity[o.exemptBy == nil ? o.validity : -1, default: 0] += 1
    if let d = o.standardDays {
      byDecisionDays[d, default: 0] += 1
    } else if o.exemptBy != nil {
      byDecisionDays[-1, default: 0] += 1
    }
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
    cannotLodgeBy.merge(other.cannotLodgeBy, uniquingKeysWith: +)
  }
}

/// One group of applicants (a nationality, a destination) under both rule sets.
public struct GroupComparison: Hashable, Sendable {
  /// Applications of the group evaluated.
  public var applications = 0
  /// Of which with a changed outcome.
  public var changed = 0
  /// Fees collected under the base rules, in cents.
  public var baseFeeCents = 0
  /// Fees collected under the reform, in cents.
  public var reformFeeCents = 0

  /// Creates an empty group.
  public init() {}

  mutating func add(base: Int, reform: Int, changed isChanged: Bool) {
    applications += 1
    baseFeeCents += base
    reformFeeCents += reform
    if isChanged { changed += 1 }
  }

  static func + (a: GroupComparison, b: GroupComparison) -> GroupComparison {
    var s = a
    s.applications += b.applications
    s.changed += b.changed
    s.baseFeeCents += b.baseFeeCents
    s.reformFeeCents += b.reformFeeCents
    return s
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
  /// Kinds of change, each named with the citations of the provisions that made the difference
  /// (`fee 80 EUR → 35 EUR (Visa Code Art. 16(1) → VFA Art. 6(1))`), and how many applicants each.
  public var changes: [String: Int] = [:]
  /// Applications by the applicant's nationality (ISO 3166-1 alpha-2).
  public var byNationality: [CountryCode: GroupComparison] = [:]
  /// Applications by destination (the competent Member State).
  public var byDestination: [CountryCode: GroupComparison] = [:]
  /// The first changed applicants, as examples.
  public var examples: [ChangedApplication] = []

  /// Kinds of change, most frequent first.
  public var topChanges: [(change: String, count: Int)] {
    changes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  /// Counts one application's outcomes under both rule books.
  mutating func record(_ app: Application, lineNumber: Int, base oa: PolicyOutcome, reform ob: PolicyOutcome, examples: Int) {
    base.add(oa)
    reform.add(ob)
    let diff = oa.differences(to: ob)
    byNationality[app.applicant.nationality, default: GroupComparison()].add(
      base: oa.feeCollected, reform: ob.feeCollected, changed: !diff.isEmpty)
    byDestination[app.destination, default: GroupComparison()].add(
      base: oa.feeCollected, reform: ob.feeCollected, changed: !diff.isEmpty)
    if !diff.isEmpty {
      changed += 1
      for d in diff { changes[d, default: 0] += 1 }
      if self.examples.count < examples { self.examples.append(ChangedApplication(line: lineNumber, id: app.id, changes: diff)) }
    }
  }

  mutating func merge(_ other: PolicyComparison, keepExamples: Int) {
    base.merge(other.base)
    reform.merge(other.reform)
    changed += other.changed
    changes.merge(other.changes, uniquingKeysWith: +)
    byNationality.merge(other.byNationality, uniquingKeysWith: +)
    byDestination.merge(other.byDestination, uniquingKeysWith: +)
    if examples.count < keepExamples { examples += other.examples.prefix(keepExamples - examples.count) }
  }
}
