/// A civil calendar date (year, month, day) with no time of day and no time zone.
///
/// The law counts calendar days and calendar months, so VisaRules never uses `Date`: a
/// `LocalDate` is a day number (days since 1970-01-01 in the proleptic Gregorian calendar)
/// with exact month arithmetic, where a month added to the 31st lands on the last day of a
/// shorter month (`2024-01-31` plus one month is `2024-02-29`).
public struct LocalDate: Hashable, Comparable, Sendable, CustomStringConvertible {
  /// Days since 1970-01-01 (negative before it).
  public let dayNumber: Int

  /// Creates a date from its day number (days since 1970-01-01).
  public init(dayNumber: Int) { self.dayNumber = dayNumber }

  /// Creates a date from its parts, or returns `nil` when no such day exists (`2023-02-30`).
  public init?(year: Int, month: Int, day: Int) {
    guard (1...9999).contains(year), (1...12).contains(month),
      day >= 1, day <= LocalDate.daysIn(month: month, year: year)
    else { return nil }
    dayNumber = LocalDate.dayNumber(year: year, month: month, day: day)
  }

  /// Parses an ISO 8601 calendar date, exactly `YYYY-MM-DD`; returns `nil` for anything else,
  /// including impossible days such as `2023-02-30`.
  public init?(iso text: String) {
    var text = text
    guard let date = text.withUTF8({ LocalDate(isoBytes: $0) }) else { return nil }
    self = date
  }

  init?(isoBytes b: UnsafeBufferPointer<UInt8>) {
    guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
    var parts = (0, 0, 0)
    func digits(_ range: Range<Int>) -> Int? {
      var value = 0
      for i in range {
        let d = Int(b[i]) - 48
        guard d >= 0, d <= 9 else { return nil }
        value = value * 10 + d
      }
      return value
    }
    guard let y = digits(0..<4), let m = digits(5..<7), let d = digits(8..<10) else { return nil }
    parts = (y, m, d)
    self.init(year: parts.0, month: parts.1, day: parts.2)
  }

  /// The year, month and day of this date.
  public var components: (year: Int, month: Int, day: Int) {
    if dayNumber >= -719_468 && dayNumber <= 3_000_000 {
      // Years 0 to about 10,000: Neri and Schneider's civil_from_days, in 32-bit unsigned
      // arithmetic ("Euclidean affine functions and their application to calendar
      // algorithms", 2022); it agrees with the general form below on every day of the range.
      let n = UInt32(truncatingIfNeeded: dayNumber &+ 719_468)
      let n1 = 4 &* n &+ 3
      let c = n1 / 146_097
      let nc = n1 % 146_097 / 4
      let p2 = 2_939_745 &* UInt64(4 &* nc &+ 3)
      let z = UInt32(truncatingIfNeeded: p2 >> 32)
      let ny = UInt32(truncatingIfNeeded: p2) / 2_939_745 / 4
      let n3 = 2141 &* ny &+ 197_913
      let m = n3 >> 16
      let d = (n3 & 0xFFFF) / 2141
      let j: UInt32 = ny >= 306 ? 1 : 0
      return (Int(100 &* c &+ z &+ j), Int(j == 1 ? m &- 12 : m), Int(d &+ 1))
    }
    // Howard Hinnant's civil_from_days.
    let z = dayNumber + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let d = doy - (153 * mp + 2) / 5 + 1
    let m = mp < 10 ? mp + 3 : mp - 9
    let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
    return (y, m, d)
  }

  /// The year.
  public var year: Int { components.year }
  /// The month, 1 to 12.
  public var month: Int { components.month }
  /// The day of the month, 1 to 31.
  public var day: Int { components.day }

  /// Day of the week, 1 (Monday) to 7 (Sunday), as in ISO 8601.
  public var isoWeekday: Int {
    // 1970-01-01 was a Thursday (4).
    let r = (dayNumber + 3) % 7
    return (r < 0 ? r + 7 : r) + 1
  }

  /// The date `days` calendar days later (earlier when negative).
  public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

  /// The date `days` working days later (`days` ≥ 0): Saturdays and Sundays skipped, public
  /// holidays not known (they are not in the rules).
  func adding(workingDays days: Int) -> LocalDate {
    var d = self
    var left = days
    while left > 0 {
      d = d.adding(days: 1)
      if d.isoWeekday <= 5 { left -= 1 }
    }
    return d
  }

  /// The date `months` calendar months later (earlier when negative), clamped to the end of a
  /// shorter month: `2024-01-31` plus one month is `2024-02-29`; `2024-08-31` minus six months
  /// is `2024-02-29`.
  public func adding(months: Int) -> LocalDate {
    let (y, m, d) = components
    let index = y * 12 + (m - 1) + months
    let year = index >= 0 ? index / 12 : (index - 11) / 12
    let month = index - year * 12 + 1
    let day = Swift.min(d, LocalDate.daysIn(month: month, year: year))
    return LocalDate(dayNumber: LocalDate.dayNumber(year: year, month: month, day: day))
  }

  /// Calendar days from `self` to `other` (positive when `other` is later).
  public func days(until other: LocalDate) -> Int { other.dayNumber - dayNumber }

  /// Completed years from `self` (a birth date) to `date`: the age on `date`.
  ///
  /// A birthday counts on its day. Someone born on 29 February completes a year on 1 March in
  /// a common year (the default), or on 28 February when `leapDayBirthdayOnFebruary28` is set.
  public func completedYears(on date: LocalDate, leapDayBirthdayOnFebruary28: Bool = false)
    -> Int
  {
    let (by, bm, bd) = components
    let (y, m, d) = date.components
    var years = y - by
    var birthdayMonth = bm
    var birthdayDay = bd
    if bm == 2, bd == 29, !LocalDate.isLeap(y) {
      if leapDayBirthdayOnFebruary28 { birthdayDay = 28 } else { (birthdayMonth, birthdayDay) = (3, 1) }
    }
    if (m, d) < (birthdayMonth, birthdayDay) { years -= 1 }
    return years
  }

  /// `YYYY-MM-DD`.
  public var description: String {
    let (y, m, d) = components
    if (0...9999).contains(y) {
      // Ten ASCII bytes: a small string, built without an allocation.
      return String(unsafeUninitializedCapacity: 10) { buffer in
        LocalDate.writeISO(year: y, month: m, day: d, to: buffer.baseAddress!)
        return 10
      }
    }
    func pad(_ v: Int, _ width: Int) -> String {
      let s = String(v)
      return String(repeating: "0", count: Swift.max(0, width - s.count)) + s
    }
    return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
  }

  /// Writes `YYYY-MM-DD` into the ten bytes at `p`: the one spelling of a date's digits, for
  /// ``description`` and the JSON writers. The year is taken modulo 10,000 (as an unsigned
  /// 32-bit number), so a year outside 0...9999 is cut, never a trap: callers that must not cut
  /// check the year first.
  @inline(__always) static func writeISO(year y: Int, month m: Int, day d: Int, to p: UnsafeMutablePointer<UInt8>) {
    // Unsigned: each division by a constant is a multiplication and a shift.
    let year = UInt32(truncatingIfNeeded: y) % 10_000
    let (hi, lo) = (year / 100, year % 100)
    let month = UInt32(truncatingIfNeeded: m) % 100
    let day = UInt32(truncatingIfNeeded: d) % 100
    p[0] = UInt8(truncatingIfNeeded: 48 + hi / 10)
    p[1] = UInt8(truncatingIfNeeded: 48 + hi % 10)
    p[2] = UInt8(truncatingIfNeeded: 48 + lo / 10)
    p[3] = UInt8(truncatingIfNeeded: 48 + lo % 10)
    p[4] = UInt8(ascii: "-")
    p[5] = UInt8(truncatingIfNeeded: 48 + month / 10)
    p[6] = UInt8(truncatingIfNeeded: 48 + month % 10)
    p[7] = UInt8(ascii: "-")
    p[8] = UInt8(truncatingIfNeeded: 48 + day / 10)
    p[9] = UInt8(truncatingIfNeeded: 48 + day % 10)
  }

  /// Writes `YYYY-MM-DD` as ASCII bytes.
  func appendISO(to out: inout [UInt8]) {
    let (y, m, d) = components
    guard (0...9999).contains(y) else {
      // A deadline or window computed from a date near 9999-12-31 (or 0001-01-01) can leave
      // the four-digit years: write them whole, as `description` does, not cut to four digits.
      out.append(contentsOf: Array(description.utf8))
      return
    }
    let start = out.count
    out.append(contentsOf: repeatElement(0, count: 10))
    out.withUnsafeMutableBufferPointer { LocalDate.writeISO(year: y, month: m, day: d, to: $0.baseAddress! + start) }
  }

  /// Whether `lhs` is an earlier day than `rhs`.
  public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool { lhs.dayNumber < rhs.dayNumber }

  /// Whether `year` is a Gregorian leap year.
  public static func isLeap(_ year: Int) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  /// The number of days in `month` of `year`.
  public static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return isLeap(year) ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  static func dayNumber(year: Int, month: Int, day: Int) -> Int {
    // Howard Hinnant's days_from_civil.
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yoe = y - era * 400
    let mp = month > 2 ? month - 3 : month + 9
    let doy = (153 * mp + 2) / 5 + day - 1
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
    return era * 146_097 + doe - 719_468
  }
}
