/// A span of calendar days, both ends included; an open end means "still in force".
public struct Period: Hashable, Sendable, CustomStringConvertible {
  /// The first day.
  public var from: LocalDate
  /// The last day, or `nil` when the period has no end (yet).
  public var until: LocalDate?

  /// Creates a period from its first day to its last day (inclusive), open when `until` is nil.
  public init(from: LocalDate, until: LocalDate? = nil) {
    self.from = from
    self.until = until
  }

  /// Whether `date` lies in the period.
  public func contains(_ date: LocalDate) -> Bool {
    date >= from && (until.map { date <= $0 } ?? true)
  }

  /// `2020-02-02 → 2024-06-10` or `2024-06-11 →`.
  public var description: String { "\(from) → " + (until.map { "\($0)" } ?? "") }
}
