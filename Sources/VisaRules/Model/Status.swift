/// How well a rule is established, as tagged in the legal reference.
public enum Status: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
  /// [V] The operative wording was read in an authentic language version.
  case verified = "V"
  /// [C] Not read in the text itself, but official or several independent sources agree.
  case corroborated = "C"
  /// [U] From memory or inference only: re-check before relying on it.
  case unverified = "U"

  /// `[V]`, `[C]` or `[U]`.
  public var description: String { "[\(rawValue)]" }
}
