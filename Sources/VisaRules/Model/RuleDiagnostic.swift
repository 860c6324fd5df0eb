/// A problem found in a rule file, located like a compiler error:
/// `Rules/eu-ru/vfa-2007.json:42:7: error: provision 'vfa.6.3.h' has no citation`.
public struct RuleDiagnostic: Hashable, Sendable, CustomStringConvertible {
  /// How serious the problem is.
  public enum Severity: String, Hashable, Sendable {
    /// The rule book cannot be relied on.
    case error
    /// Worth fixing, but the rules still load.
    case warning
  }

  /// How serious the problem is.
  public var severity: Severity
  /// Where the problem is.
  public var location: SourceLocation
  /// What is wrong.
  public var message: String

  /// Creates a diagnostic.
  public init(_ severity: Severity, _ location: SourceLocation, _ message: String) {
    self.severity = severity
    self.location = location
    self.message = message
  }

  /// `path:line:column: error: message`.
  public var description: String { "\(location): \(severity.rawValue): \(message)" }
}
