/// The 90/180-day rule (Schengen Borders Code Art. 6(1)–(2), its numbers read from the rules:
/// ``RuleBook/stayRule(on:)``): a short stay is lawful on a day when, counting that day and the
/// days before it that make up the period (180 in all), no more than the maximum (90) were
/// spent in the Schengen area. Entry and exit days both count; stays under a residence permit
/// or a long-stay visa (`Stay.exempt`) do not.
public struct StayCalculator: Sendable {
  /// The rule applied: the maximum days of stay and the days of the period.
  public let rule: StayRule
  /// The days of the window: the day itself and the days before it.
  private var windowDays: Int { rule.periodDays }
  /// The most days of stay allowed in one window.
  private var maximumDays: Int { rule.maximumDays }

  /// The days of presence (exempt stays left out) as sorted, disjoint, non-adjacent runs of
  /// day numbers: the calculator's size and speed depend on the number of stays, not on their
  /// length (a stay may span centuries in bad input, and must not cost a day-by-day walk).
  private let runs: [Run]
  /// For each run, the days of presence in the runs before it.
  private let daysBefore: [Int]

  private struct Run: Sendable {
    var first: Int
    var last: Int
  }

  /// Creates a calculator over stays, which may be given in any order and may touch, applying
  /// `rule` (from ``RuleBook/stayRule(on:)``).
  public init(stays: [Stay], rule: StayRule) {
    self.rule = rule
    let spans = stays.filter { !$0.exempt && $0.exit >= $0.entry }.map { Run(first: $0.entry.dayNumber, last: $0.exit.dayNumber) }
    var runs: [Run] = []
    for span in spans.sorted(by: { $0.first < $1.first }) {
      if let last = runs.last, span.first <= last.last + 1 {
        runs[runs.count - 1].last = max(last.last, span.last)
      } else {
        runs.append(span)
      }
    }
    var before: [Int] = []
    before.reserveCapacity(runs.count)
    var total = 0
    for run in runs {
      before.append(total)
      total += run.last - run.first + 1
    }
    self.runs = runs
    daysBefore = before
  }

  /// The number of runs that begin on or before day `x`.
  private func runsBeginning(through x: Int) -> Int {
    var lo = 0
    var hi = runs.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if runs[mid].first <= x { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// Days of presence on or before day `x`.
  private func presence(through x: Int) -> Int {
    let n = runsBeginning(through: x)
    guard n > 0 else { return 0 }
    let run = runs[n - 1]
    return daysBefore[n - 1] + min(run.last, x) - run.first + 1
  }

  private func count(from a: Int, through b: Int) -> Int {
    guard a <= b else { return 0 }
    return presence(through: b) - presence(through: a - 1)
  }

  /// The last day of presence on or before day `x` and the last day of its run, if any.
  private func lastPresence(through x: Int) -> (day: Int, runEnd: Int)? {
    let n = runsBeginning(through: x)
    guard n > 0 else { return nil }
    return (min(runs[n - 1].last, x), runs[n - 1].last)
  }

  /// Whether more than the maximum days were spent in the window ending on day `d`.
  private func exceeded(on d: Int) -> Bool {
    count(from: d - windowDays + 1, through: d) > maximumDays
  }

  /// Days of stay in the window ending on `date` (that day included).
  public func daysUsed(on date: LocalDate) -> Int {
    count(from: date.dayNumber - windowDays + 1, through: date.dayNumber)
  }

  /// Days still available for a stay that includes `date`: the maximum minus the days already
  /// used in the window ending the day before (never negative).
  public func daysLeft(on date: LocalDate) -> Int {
    max(0, maximumDays - count(from: date.dayNumber - windowDays + 1, through: date.dayNumber - 1))
  }

  /// For an entry on `entry` (a stay not yet in the list), the last day the stay may lawfully
  /// last, or `nil` when even the entry day would exceed the maximum.
  public func latestLawfulExit(entry: LocalDate) -> LocalDate? {
    var last: LocalDate?
    for k in 0..<maximumDays {
      let day = entry.dayNumber + k
      // Earlier days in the window ending `day`, plus the k + 1 days of the new stay.
      let earlier = count(from: day - windowDays + 1, through: entry.dayNumber - 1)
      if earlier + k + 1 > maximumDays { break }
      last = LocalDate(dayNumber: day)
    }
    return last
  }

  /// The first day on or after `date` from which a stay of the maximum length is lawful again.
  public func earliestFullStay(onOrAfter date: LocalDate) -> LocalDate {
    var day = date.dayNumber
    while true {
      // A full stay's last day counts the period back to `day` + maximum − period: a day of
      // presence in the (period − maximum) days before `day` rules out a full stay from `day`,
      // and from every day up to that many days after the end of its run: jump past them all
      // (a long stay is crossed in one step, not day by day).
      let lookBack = windowDays - maximumDays
      if let q = lastPresence(through: day - 1), q.day >= day - lookBack {
        day = q.runEnd + lookBack + 1
        continue
      }
      if latestLawfulExit(entry: LocalDate(dayNumber: day))?.dayNumber == day + maximumDays - 1 {
        return LocalDate(dayNumber: day)
      }
      day += 1
    }
  }

  /// Every day of stay on which more than the maximum had been spent in the window ending that
  /// day.
  public func overstayDays() -> [LocalDate] {
    var out: [LocalDate] = []
    for run in runs {
      for d in run.first...run.last where exceeded(on: d) { out.append(LocalDate(dayNumber: d)) }
    }
    return out
  }

  /// The first day of a stay from `entry` to `exit` (days of presence of this calculator) on
  /// which more than the maximum had been spent in the window ending that day, if any. Only the
  /// stay's first maximum + 1 days need a look: if the stay lasts longer, the last of them is one.
  func firstOverstayDay(from entry: LocalDate, through exit: LocalDate) -> LocalDate? {
    let last = min(exit.dayNumber, entry.dayNumber + maximumDays)
    guard entry.dayNumber <= last else { return nil }
    for d in entry.dayNumber...last where exceeded(on: d) { return LocalDate(dayNumber: d) }
    return nil
  }
}
