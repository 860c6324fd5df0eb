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
  /// Applications by multiple-entry validity in months (0 = single entry, -1 = no visa required).
  public var byValidity: [Int: Int] = [:]
  /// Applications by standard decision period in days (-1 = no visa required).
  public var byDecisionDays: [Int: Int] = [:]
  /// Applications that could not be lodged there and then.
  public var cannotLodge = 0
  /// Applications that could not be lodged there and then, by the provision that says so
  /// (its citation → count).
  public var cannotLodgeBy: [String: Int] = [:]

  /// Fees collected.
  public var fees: Money { Money(cents: feeCents) }
  /// The average fee per application.
  public var averageFee: Money { Money(cents: applications == 0 ? 0 : feeCents / applications) }

  mutating func add(_ o: PolicyOutcome) {
    applications += 1
    feeCents += o.fee
    byFee[o.fee, default: 0] += 1
    if let w = o.waiver { byWaiver[w, default: 0] += 1 }
    // No visa required: no validity and no decision period (key -1).
    byValidity[o.exemptBy == nil ? o.validity : -1, default: 0] += 1
    if let d = o.standardDays {
      byDecisionDays[d, default: 0] += 1
    } else if o.exemptBy != nil {
      byDecisionDays[-1, default: 0] += 1
    }
    if !o.canLodge {
      cannotLodge += 1
      cannotLodgeBy[o.lodgingProvision ?? "—", default: 0] += 1
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
    byNationality[app.applicant.nationality, default: GroupComparison()].add(base: oa.fee, reform: ob.fee, changed: !diff.isEmpty)
    byDestination[app.destination, default: GroupComparison()].add(base: oa.fee, reform: ob.fee, changed: !diff.isEmpty)
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

/// The figures of one decision that a comparison looks at, each with the citation of the
/// provision that decided it (worded once when the rules were loaded: nothing is formatted per
/// application).
struct PolicyOutcome {
  var fee: Int
  var feeProvision: String
  var waiver: String?
  var validity: Int
  /// The provision that gave the validity; for a single-entry visa that a suspension restricted,
  /// the decision's `restrictedBy` ("citation (id)", the id dropped when a change is worded).
  var validityProvision: String
  var validityRestricted = false
  var standardDays: Int?
  var daysProvision: String?
  var canLodge: Bool
  /// The provision that says whether the application can be lodged there and then, if one does.
  var lodgingProvision: String?
  /// The provision that says no visa is required, when none is.
  var exemptBy: String?

  /// The outcome of verdict `v`, with the texts the decision built from it carries (each
  /// the deciding version's citation as worded at load), without building the decision: a
  /// comparison evaluates every application twice and reads only these figures.
  init(_ v: Evaluator.Verdict, _ e: Evaluator) {
    let rules = e.rules
    func text(_ o: Evaluator.Outcome) -> String { rules.provisions[o.provision].versions[o.version].citationText }
    exemptBy = v.visaRequired.flatMap { $0.number == 1 ? nil : text($0) }
    if let f = v.fee {
      fee = f.number
      feeProvision = text(f)
      waiver = rules.provisions[f.provision].kind == "waiver" ? text(f) : nil
      if v.validityMultiple {
        validity = v.validityMonths ?? 0
        validityProvision = v.validityRuling.map(text) ?? "—"
      } else {
        let restriction = v.validityRestrictedBy.map { "\(rules.suspensions[$0].citation) (\(rules.suspensions[$0].id))" }
        validity = 0
        validityRestricted = restriction != nil
        validityProvision = restriction ?? v.validityRuling.map(text) ?? PolicyOutcome.noEntitlement
      }
      standardDays = v.standard?.number
      daysProvision = v.standard.map(text)
    } else {
      fee = 0
      feeProvision = exemptBy ?? "—"
      waiver = nil
      validity = 0
      validityProvision = exemptBy ?? "—"
    }
    canLodge = v.lodgingAvailable.map { $0.number == 1 } ?? true
    lodgingProvision = v.lodgingAvailable.map(text)
  }

  /// What a single-entry outcome cites when no provision gave or took a multiple-entry visa.
  static let noEntitlement = "no multiple-entry entitlement"

  /// A restriction's citation without the id the decision adds after it (`citation (id)`).
  static func withoutID(_ text: String) -> String {
    guard text.hasSuffix(")"), let open = text.lastIndex(of: "("), open > text.startIndex else { return text }
    let before = text.index(before: open)
    return text[before] == " " ? String(text[..<before]) : text
  }

  /// What differs from `other` (the reform), each with the citations of the deciding provisions
  /// (one citation when both sides cite the same provision).
  func differences(to other: PolicyOutcome) -> [String] {
    var out: [String] = []
    func cited(_ a: String?, _ b: String?) -> String {
      let x = a ?? "—"
      let y = b ?? "—"
      return x == y ? " (\(x))" : " (\(x) → \(y))"
    }
    if fee != other.fee {
      func cite(_ o: PolicyOutcome) -> String { o.exemptBy.map { "no visa required, \($0)" } ?? o.feeProvision }
      out.append("fee \(Money(cents: fee)) → \(Money(cents: other.fee))" + cited(cite(self), cite(other)))
    }
    if validity != other.validity {
      func cite(_ o: PolicyOutcome) -> String {
        if let e = o.exemptBy { return "no visa required, \(e)" }
        return o.validityRestricted ? PolicyOutcome.withoutID(o.validityProvision) : o.validityProvision
      }
      out.append(
        "validity \(PolicyReport.validityLabel(validity)) → \(PolicyReport.validityLabel(other.validity))"
          + cited(cite(self), cite(other)))
    }
    if standardDays != other.standardDays {
      out.append(
        "decision \(standardDays.map { "\($0) days" } ?? "none") → \(other.standardDays.map { "\($0) days" } ?? "none")"
          + cited(daysProvision, other.daysProvision))
    }
    if canLodge != other.canLodge {
      func lodge(_ can: Bool) -> String { can ? "can be lodged" : "cannot be lodged" }
      out.append("\(lodge(canLodge)) → \(lodge(other.canLodge))" + cited(lodgingProvision, other.lodgingProvision))
    }
    return out
  }
}

extension RuleBook {
  /// Evaluates every application of a JSON Lines input under this rule book and under
  /// `reform`, streaming and on every core, and reports the totals under both and every change.
  /// A line that cannot be evaluated under either is counted as an error and skipped; blank
  /// lines are skipped (the input is read as ``evaluateJSONLines(input:output:options:threads:)``
  /// reads it, and each line decoded once and evaluated as that batch evaluates it).
  ///
  /// `progress`, if given, is called after each block of lines, in input order, with the lines
  /// and bytes read so far.
  public func compare(
    with reform: RuleBook, input: Int32, options: EvaluationOptions = .batch, threads: Int? = nil, examples: Int = 20,
    progress: ((_ lines: Int, _ bytes: Int) -> Void)? = nil
  ) throws(VisaRulesError) -> PolicyComparison {
    try compare(with: reform, options: options, threads: threads, examples: examples, progress: progress) {
      (take, stop, submit) throws(VisaRulesError) in
      try JSONLines.read(fd: input, take: take, stop: stop, submit: submit)
    }
  }

  /// Compares the applications of a generated ``Population`` (as if its lines were read from a
  /// file written by `visa population`), generating them block by block on the way.
  public func compare(
    with reform: RuleBook, population: Population, options: EvaluationOptions = .batch, threads: Int? = nil,
    examples: Int = 20
  ) throws(VisaRulesError) -> PolicyComparison {
    try compare(with: reform, options: options, threads: threads, examples: examples, progress: nil) {
      (take, stop, submit) throws(VisaRulesError) in
      var next = 0
      repeat {
        let block = take()
        let first = next
        next = population.fill(block, from: first, bytes: JSONLines.blockSize)
        try submit(block, first == 0 && next == population.count)
      } while next < population.count && !stop()
    }
  }

  private func compare(
    with reform: RuleBook, options: EvaluationOptions, threads: Int?, examples: Int,
    progress: ((_ lines: Int, _ bytes: Int) -> Void)?,
    feed: (
      _ take: () -> LineBlock, _ stop: () -> Bool, _ submit: (LineBlock, Bool) throws(VisaRulesError) -> Void
    ) throws(VisaRulesError) -> Void
  ) throws(VisaRulesError) -> PolicyComparison {
    let workers = max(1, threads ?? RuleBook.coreCount())
    let base = self
    nonisolated(unsafe) var result = PolicyComparison()
    nonisolated(unsafe) var lines = 0
    nonisolated(unsafe) var bytes = 0
    let pipeline = BlockPipeline(
      workers: workers,
      work: { block, state in
        let pair = state as? ComparisonWorker ?? ComparisonWorker(base: base, reform: reform, options: options)
        var part = PolicyComparison()
        JSONLines.forEachLine(in: block) { line, lineNumber in
          pair.compare(line, lineNumber: lineNumber, into: &part, examples: examples)
        }
        state = pair
        block.result = part
      },
      deliver: { block in
        if let part = block.result as? PolicyComparison { result.merge(part, keepExamples: examples) }
        block.result = nil
        lines += block.lines
        bytes += block.count
        progress?(lines, bytes)
      })
    do throws(VisaRulesError) {
      try feed(pipeline.takeBlock, { pipeline.failed }) { (block, only) throws(VisaRulesError) in
        if only { pipeline.run(block) } else { pipeline.submit(block) }
      }
    } catch {
      pipeline.finish()
      throw error
    }
    pipeline.finish()
    if let error = pipeline.error { throw error }
    return result
  }

  /// Compares applications given in Swift (see ``compare(with:input:options:threads:examples:progress:)``).
  public func compare(with reform: RuleBook, applications: [Application], options: EvaluationOptions = .batch, examples: Int = 20)
    -> PolicyComparison
  {
    var result = PolicyComparison()
    for (i, app) in applications.enumerated() {
      record(app, lineNumber: i + 1, with: reform, options: options, into: &result, examples: examples)
    }
    return result
  }

  func record(
    _ app: Application, lineNumber: Int, with reform: RuleBook, options: EvaluationOptions, into part: inout PolicyComparison, examples: Int
  ) {
    // As ``evaluate(_:options:)`` decides (its checks, then one evaluation; alternatives change
    // none of the figures compared), read from the verdict as the workers read it.
    func outcome(_ book: RuleBook) -> PolicyOutcome? {
      do throws(VisaRulesError) {
        try book.evaluator.checkCoverage(app)
        try app.validate()
        var run = try book.evaluator.prepare(app, userOptions: options.options, trace: false)
        return PolicyOutcome(try book.evaluator.verdict(&run), book.evaluator)
      } catch {
        return nil
      }
    }
    guard let a = outcome(self), let b = outcome(reform) else {
      part.base.errors += 1
      part.reform.errors += 1
      return
    }
    part.record(app, lineNumber: lineNumber, base: a, reform: b, examples: examples)
  }
}

/// One worker's state for a comparison: a working state for each rule book, reused from line
/// to line, and the options checked once for each.
final class ComparisonWorker {
  let base: RuleBook
  let reform: RuleBook
  let options: EvaluationOptions
  private let baseChosen: Evaluator.ChosenOptions?
  private let reformChosen: Evaluator.ChosenOptions?
  private var baseRun: Evaluator.Run
  private var reformRun: Evaluator.Run

  init(base: RuleBook, reform: RuleBook, options: EvaluationOptions) {
    self.base = base
    self.reform = reform
    self.options = options
    baseChosen = try? base.evaluator.choose(options.options)
    reformChosen = try? reform.evaluator.choose(options.options)
    baseRun = Evaluator.Run(base.evaluator)
    reformRun = Evaluator.Run(reform.evaluator)
  }

  /// Decodes a line once and records its outcomes under both rule books.
  func compare(_ line: UnsafeBufferPointer<UInt8>, lineNumber: Int, into part: inout PolicyComparison, examples: Int) {
    var app = Application.blank
    do throws(VisaRulesError) {
      try Application.decode(line, into: &app)
    } catch {
      part.base.errors += 1
      part.reform.errors += 1
      return
    }
    guard let baseChosen, let reformChosen else {
      base.record(app, lineNumber: lineNumber, with: reform, options: options, into: &part, examples: examples)
      return
    }
    guard let a = Self.decide(app, base, baseChosen, &baseRun), let b = Self.decide(app, reform, reformChosen, &reformRun) else {
      part.base.errors += 1
      part.reform.errors += 1
      return
    }
    part.record(app, lineNumber: lineNumber, base: a, reform: b, examples: examples)
  }

  /// The decision ``RuleBook/evaluate(_:options:)`` gives, without the alternatives (which a
  /// comparison does not read), in a reused working state; nil on an error.
  private static func decide(
    _ app: Application, _ book: RuleBook, _ chosen: Evaluator.ChosenOptions, _ run: inout Evaluator.Run
  ) -> PolicyOutcome? {
    let evaluator = book.evaluator
    do throws(VisaRulesError) {
      try evaluator.start(app, chosen, trace: false, in: &run)
      return PolicyOutcome(try evaluator.verdict(&run), evaluator)
    } catch {
      return nil
    }
  }
}
