/// A contested point of law, or a policy switch, that the user may decide.
///
/// Each option has named values, a default (the reading the reference recommends), and the
/// reason. A decision lists every option it relied on, so a reader sees which reading gave
/// the answer. Member-state policies may set an option for applications to their consulates.
public struct InterpretationOption: Hashable, Sendable, Identifiable {
  /// The option's key (`fee.vfaVersusVisaCode`).
  public var id: String
  /// The question the option answers.
  public var question: String
  /// The possible values, in order, each with its meaning.
  public var values: [Value]
  /// The default value.
  public var defaultValue: String
  /// Why the default was chosen, and where the doubt comes from.
  public var reason: String
  /// The provision or source the doubt concerns.
  public var citation: Citation?
  /// How well established the default reading is.
  public var status: Status
  /// The rule file that declares it.
  public var location: SourceLocation

  /// One possible value of an option.
  public struct Value: Hashable, Sendable {
    /// The value's name (`vfaAmountsStand`).
    public var name: String
    /// What choosing it means.
    public var meaning: String
  }
}
