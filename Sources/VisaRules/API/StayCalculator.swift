/// The 90/180-day rule of the Schengen Borders Code, Art. 6(1)–(2): a short stay is lawful on a
/// day when, counting that day and the 179 before it, no more than 90 days were spent in the
/// Schengen area. Entry and exit days both count; stays under a residence permit or a
/// long-stay visa (`Stay.exempt`) do not.
public struct StayCalculator: Sendable {
  /// The days of the window: the day itself and the 179 days before it.
  public static let windowDays = 180
  /// The most days of stay allowed in one window.
  public static let maximumDays = 90

  /// Sorted, distinct day numbers of presence (exempt stays left out).
  private let days: [Int]

  /// Creates a calculator over stays, which may be given in any order and may touch.
  public init(stays: [Stay]) {
    var set = Set<Int>()
    for s in stays where !s.exempt && s.exit >= s.entry {
      for d in s.entry.dayNumber...s.exit.dayNumber { set.insert(d) }
    }
    days = set.sorted()
  }

  private func count(from a: Int, through b: Int) -> Int {
    guard a <= b else { return 0 }
    return lowerBound(b + 1) - lowerBound(a)
  }

  private func lowerBound(_ x: Int) -> Int {
    var lo = 0
    var hi = days.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if days[mid] < x { lo = mid + 1 } else { hi = mid }
    }
    return lo
  }

  /// Days of stay in the 180-day window ending on `date` (that day included).
  public func daysUsed(on date: LocalDate) -> Int {
    count(from: date.dayNumber - StayCalculator.windowDays + 1, through: date.dayNumber)
  }

  /// Days still available for a stay that includes `date`: 90 minus the days already used in
  /// the window ending the day before (never negative).
  public func daysLeft(on date: LocalDate) -> Int {
    max(0, StayCalculator.maximumDays - count(from: date.dayNumber - StayCalculator.windowDays + 1, through: date.dayNumber - 1))
  }

  /// For an entry on `entry` (a stay not yet in the list), the last day the stay may lawfully
  /// last, or `nil` when even the entry day would exceed 90 days.
  public func latestLawfulExit(entry: LocalDate) -> LocalDate? {
    var last: LocalDate?
    for k in 0..<StayCalculator.maximumDays {
      let day = entry.dayNumber + k
      // Earlier days in the window ending `day`, plus the k + 1 days of the new stay.
      let earlier = count(from: day - StayCalculator.windowDays + 1, through: entry.dayNumber - 1)
      if earlier + k + 1 > StayCalculator.maximumDays { break }
      last = LocalDate(dayNumber: day)
    }
    return last
  }

  /// The first day on or after `date` from which a full 90-day stay is lawful again.
  public func earliestFullStay(onOrAfter date: LocalDate) -> LocalDate {
    var day = date.dayNumber
    while true {
      if latestLawfulExit(entry: LocalDate(dayNumber: day))?.dayNumber == day + StayCalculator.maximumDays - 1 {
        return LocalDate(dayNumber: day)
      }
      day += 1
    }
  }

  /// Every day of stay on which more than 90 days had been spent in the window ending that day.
  public func overstayDays() -> [LocalDate] {
    var out: [LocalDate] = []
    var lo = 0
    for (i, d) in days.enumerated() {
      while days[lo] < d - StayCalculator.windowDays + 1 { lo += 1 }
      if i - lo + 1 > StayCalculator.maximumDays { out.append(LocalDate(dayNumber: d)) }
    }
    return out
  }
}
