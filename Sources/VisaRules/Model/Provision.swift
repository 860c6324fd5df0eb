/// One provision of law encoded as a rule: it decides one figure, for the applicants its
/// condition selects, during its effective period.
///
/// A provision's text can change over time: amendments (another instrument acting on it from
/// a date) give it successive `versions`. Suspensions may switch it off for some applicants.
public struct Provision: Hashable, Sendable, Identifiable {
  /// Stable id, built from the instrument and the article (`vfa.6.3.a`, `vc.16.1`).
  public var id: String
  /// Where the provision stands in the law.
  public var citation: Citation
  /// How well established the encoding is.
  public var status: Status
  /// The figure the provision decides.
  public var figure: Figure
  /// What sort of outcome it gives: `amount`, `waiver`, `reduction`, `period`, `entitlement`, …
  public var kind: String
  /// What the provision says, in one sentence.
  public var summary: String
  /// Notes on its reading, doubts, and sources.
  public var note: String
  /// Provisions this one is an exception to (it wins over them when both apply).
  public var overrides: [String]
  /// The text of the provision over time.
  public var versions: [Version]
  /// The rule file (and line) that defines it.
  public var location: SourceLocation

  /// One version of a provision: the value it gives and when.
  public struct Version: Hashable, Sendable {
    /// When this version applies.
    public var period: Period
    /// The value, readable (`35 EUR`, `10 days`, `6 months`, `repealed`).
    public var value: String
    /// The condition, readable (`age < 6`), or empty when it always applies.
    public var condition: String
    /// The id of the amendment that made this version, or nil for the original text.
    public var amendment: String?
    /// The citation of the amending act, when an amendment made this version.
    public var amendedBy: String?
  }
}
