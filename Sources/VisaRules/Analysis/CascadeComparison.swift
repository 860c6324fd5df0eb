/// One year of a population of frequent travellers: where they stand on the multiple-entry
/// ladder at the end of the year, and what they paid during it.
public struct LadderYear: Hashable, Sendable {
  /// The calendar year.
  public var year: Int
  /// Travellers who hold, at the end of the year, as their latest visa: a single-entry visa, a
  /// multiple-entry visa of up to 12 months, of up to 24 months, or longer.
  public var single = 0
  /// Latest visa: multiple entry, up to 12 months.
  public var upTo12 = 0
  /// Latest visa: multiple entry, 13 to 24 months.
  public var upTo24 = 0
  /// Latest visa: multiple entry, more than 24 months.
  public var longer = 0
  /// Applications lodged in the year.
  public var applications = 0
  /// Fees paid in the year, in cents.
  public var feeCents = 0

  /// Travellers with a visa by the end of the year.
  public var travellers: Int { single + upTo12 + upTo24 + longer }
  /// Fees paid in the year.
  public var fees: Money { Money(cents: feeCents) }

  mutating func merge(_ o: LadderYear) {
    single += o.single
    upTo12 += o.upTo12
    upTo24 += o.upTo24
    longer += o.longer
    applications += o.applications
    feeCents += o.feeCents
  }
}

/// Frequent travellers simulated year after year under two rule sets.
public struct CascadeComparison: Hashable, Sendable {
  /// Travellers simulated.
  public var travellers: Int
  /// The years, under the base rules.
  public var base: [LadderYear]
  /// The years, under the reformed rules.
  public var reform: [LadderYear]
  /// Travellers whose simulation failed (should be none), with the first error.
  public var failures: Int
  /// The first failure's message, if any.
  public var firstFailure: String?
  /// Travellers whose applications differ under the reform (a fee, a visa's validity, how many
  /// applications they make).
  public var changed = 0
  /// Kinds of change and how many travellers each (a traveller counts once per kind): the
  /// first visa whose validity differs, with the citations of the provisions that gave it, and
  /// the first fee that differs.
  public var changes: [String: Int] = [:]
  /// The seed of the simulated population.
  public var seed: UInt64 = 0
  /// The first day of the simulation.
  public var start: LocalDate?

  /// Kinds of change, most frequent first.
  public var topChanges: [(change: String, count: Int)] {
    changes.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map { ($0.key, $0.value) }
  }

  /// What the simulated population is, in a sentence a report can print (the mix of
  /// ``RuleBook/compareCascades(with:travellers:years:seed:start:threads:)``).
  public var summary: String {
    "\(travellers) frequent travellers (seed \(seed)), simulated application after application for \(base.count) "
      + "year\(base.count == 1 ? "" : "s") from \(start.map { String(describing: $0) } ?? "?"): nationality Russia 55 %, China, "
      + "India and Türkiye 15 % each, applying at home (Russians 90 %); destination the Netherlands 40 %, else Germany, France, "
      + "Italy, Spain or Finland; 2 to 6 trips a year of 4 to 12 days; 10 % business people, 5 % close relatives of "
      + "residents, 3 % drivers."
  }

  /// What differs between one traveller's two simulations.
  static func differences(_ a: CascadeSimulation, _ b: CascadeSimulation) -> [String] {
    var out: [String] = []
    func validity(_ s: CascadeStep) -> Int { s.entries == .multiple ? (s.months ?? 0) : 0 }
    // A single-entry visa cites the restriction that took the multiple-entry visa away, if any.
    func cite(_ s: CascadeStep) -> String {
      s.entries == .multiple ? s.citation : s.limitedBy.map(PolicyOutcome.withoutID) ?? "no multiple-entry entitlement"
    }
    for (x, y) in zip(a.steps, b.steps) where validity(x) != validity(y) {
      let cited = cite(x) == cite(y) ? " (\(cite(x)))" : " (\(cite(x)) → \(cite(y)))"
      out.append(
        "first visa that differs: \(PolicyReport.validityLabel(validity(x))) → \(PolicyReport.validityLabel(validity(y)))"
          + cited)
      break
    }
    for (x, y) in zip(a.steps, b.steps) where x.fee != y.fee {
      let cited = x.feeCitation == y.feeCitation ? " (\(x.feeCitation))" : " (\(x.feeCitation) → \(y.feeCitation))"
      out.append("first fee that differs: \(x.fee) → \(y.fee)" + cited)
      break
    }
    if a.steps.count != b.steps.count {
      out.append(a.steps.count > b.steps.count ? "fewer applications" : "more applications")
    }
    return out
  }
}

extension RuleBook {
  /// Simulates `travellers` frequent travellers (seeded, deterministic) for `years` years from
  /// `start`, under this rule book and under `reform`, with ``simulateCascade(_:pattern:options:)``.
  ///
  /// The population: nationality Russia 55 %, China, India, Türkiye 15 % each, residing and
  /// applying at home (Russians 90 %); destination the Netherlands 40 %, else Germany, France,
  /// Italy, Spain or Finland; 2 to 6 trips a year of 4 to 12 days, the first within a year of
  /// `start`; 10 % business people, 5 % close relatives of residents, 3 % drivers.
  public func compareCascades(
    with reform: RuleBook, travellers: Int, years: Int, seed: UInt64, start: LocalDate, threads: Int? = nil
  ) -> CascadeComparison {
    let workers = max(1, threads ?? RuleBook.coreCount())
    let firstYear = start.year
    typealias Part = (
      base: [LadderYear], reform: [LadderYear], failures: Int, first: String?, changed: Int, changes: [String: Int]
    )
    let parts = Parallel.parts(count: travellers, workers: workers) { range -> Part in
      var base = (0..<years).map { LadderYear(year: firstYear + $0) }
      var other = base
      var failures = 0
      var first: String?
      var changed = 0
      var changes: [String: Int] = [:]
      for i in range {
        let (template, pattern) = RuleBook.traveller(i, seed: seed, start: start, years: years)
        do throws(VisaRulesError) {
          let a = try self.simulateCascade(template, pattern: pattern)
          let b = try reform.simulateCascade(template, pattern: pattern)
          RuleBook.tally(a, into: &base, firstYear: firstYear)
          RuleBook.tally(b, into: &other, firstYear: firstYear)
          let diff = CascadeComparison.differences(a, b)
          if !diff.isEmpty { changed += 1 }
          for d in diff { changes[d, default: 0] += 1 }
        } catch {
          failures += 1
          if first == nil { first = error.description }
        }
      }
      return (base, other, failures, first, changed, changes)
    }
    var base = (0..<years).map { LadderYear(year: firstYear + $0) }
    var other = base
    var failures = 0
    var first: String?
    var changed = 0
    var changes: [String: Int] = [:]
    for p in parts {
      for y in 0..<years {
        base[y].merge(p.base[y])
        other[y].merge(p.reform[y])
      }
      failures += p.failures
      if first == nil { first = p.first }
      changed += p.changed
      changes.merge(p.changes, uniquingKeysWith: +)
    }
    return CascadeComparison(
      travellers: travellers, base: base, reform: other, failures: failures, firstFailure: first, changed: changed,
      changes: changes, seed: seed, start: start)
  }

  static func tally(_ s: CascadeSimulation, into years: inout [LadderYear], firstYear: Int) {
    for y in years.indices {
      let year = firstYear + y
      let endOfYear = LocalDate(year: year, month: 12, day: 31)!
      let lodgedThisYear = s.steps.filter { $0.lodgingDate.year == year }
      years[y].applications += lodgedThisYear.count
      years[y].feeCents += lodgedThisYear.reduce(0) { $0 + $1.fee.cents }
      guard let latest = s.steps.last(where: { $0.lodgingDate <= endOfYear }) else { continue }
      switch latest.entries == .multiple ? (latest.months ?? 0) : 0 {
      case 0: years[y].single += 1
      case 1...12: years[y].upTo12 += 1
      case 13...24: years[y].upTo24 += 1
      default: years[y].longer += 1
      }
    }
  }

  /// The i-th traveller of a seeded population.
  static func traveller(_ i: Int, seed: UInt64, start: LocalDate, years: Int) -> (Application, TravelPattern) {
    var rng = SplitMix64(seed: seed ^ (UInt64(i) &* 0xD1B5_4A32_D192_ED03))
    let nationality = rng.nationality()
    let home = nationality == "RU" && rng.below(10) == 0 ? "RS" : nationality
    let destination = rng.weighted([("NL", 40), ("DE", 12), ("FR", 12), ("IT", 12), ("ES", 12), ("FI", 12)])
    var categories: [Category] = []
    switch rng.below(100) {
    case 0..<10: categories = [.businessPerson]
    case 10..<15: categories = [.closeRelativeOfResident]
    case 15..<18: categories = [.driver]
    default: break
    }
    let birth = start.adding(months: -12 * (22 + rng.below(45)) - rng.below(12))
    let first = start.adding(days: rng.below(365))
    let app = Application(
      lodgingDate: first, destination: CountryCode(destination), lodgedIn: CountryCode(home),
      applicant: Applicant(
        nationality: CountryCode(nationality), residence: CountryCode(home), birthDate: birth, categories: categories,
        travelDocument: TravelDocument(type: .ordinary, expiry: first.adding(months: 12 + rng.below(108)))),
      trip: Trip(purpose: categories.isEmpty ? "tourism" : "business", start: first, end: first))
    let pattern = TravelPattern(tripsPerYear: 2 + rng.below(5), tripDays: 4 + rng.below(9), start: first, years: years)
    return (app, pattern)
  }
}
