/// A legal instrument or a policy: a treaty, a regulation, a Council decision, a directive,
/// non-binding guidelines, or a member state's consular practice.
public struct Instrument: Hashable, Sendable, Identifiable {
  /// The stable id used by rule files (`vfa`, `vc`, `dec-2022-1500`).
  public var id: String
  /// The name used in citations (`VFA`, `Visa Code`).
  public var shortName: String
  /// The full title.
  public var title: String
  /// What kind of instrument it is (`agreement`, `regulation`, `policy`, …).
  public var kind: String
  /// The official reference (OJ, CELEX).
  public var officialReference: String
  /// When the instrument applies (its entry into application, and its end if it has one).
  public var inForce: Period
  /// The instrument whose text this one amends or completes, if any.
  public var amends: String?
  /// A readable summary of whom and where the instrument covers.
  public var scope: String
  /// The suspensions of the whole instrument, readable, with their dates and scope.
  public var suspensions: [String] = []
  /// How well the instrument's existence and dates are established.
  public var status: Status
  /// When its encoding was last checked against the sources.
  public var lastVerified: LocalDate?
  /// A short note.
  public var note: String
  /// The rule file (and line) that defines it.
  public var location: SourceLocation
}

/// A place in a rule file: its path and the 1-based line and column.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
  /// The file's path (for built-in rules, relative to the package: `Rules/eu/…`).
  public var file: String
  /// 1-based line.
  public var line: Int
  /// 1-based column.
  public var column: Int

  /// Creates a location.
  public init(file: String, line: Int, column: Int) {
    self.file = file
    self.line = line
    self.column = column
  }

  /// `file:line:column`.
  public var description: String { "\(file):\(line):\(column)" }
}
