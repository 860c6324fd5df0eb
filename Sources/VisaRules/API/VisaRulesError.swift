/// Everything that can go wrong in VisaRules, with what a person needs to fix it: which field
/// or file, the value found, and what is allowed.
public struct VisaRulesError: Error, Hashable, Sendable, CustomStringConvertible {
  /// What sort of problem it is.
  public enum Kind: String, Hashable, Sendable {
    /// The input is not well-formed JSON.
    case malformedJSON
    /// A required field is absent.
    case missingField
    /// A field has the wrong type or an impossible value (`2023-02-30`).
    case invalidValue
    /// A field holds a value outside the vocabulary (an unknown category, country, option).
    case unknownValue
    /// A field the contract does not define.
    case unknownField
    /// The application lies outside what the rules cover (a lodging date before 2010-04-05).
    case notCovered
    /// A rule file is wrong (see `location`).
    case invalidRules
    /// Two provisions of equal rank give different answers and nothing orders them.
    case ruleConflict
    /// A file could not be read.
    case io
  }

  /// What sort of problem it is.
  public var kind: Kind
  /// The path of the offending field in the input (`applicant.birthDate`,
  /// `visaHistory[2].validUntil`), if the problem is in an input field.
  public var field: String?
  /// The offending value as found, if any.
  public var value: String?
  /// What went wrong.
  public var message: String
  /// What is allowed instead, if that can be said.
  public var allowed: String?
  /// Where in a file the problem is (rule files, and JSON syntax errors).
  public var location: SourceLocation?

  /// Creates an error.
  public init(
    _ kind: Kind, field: String? = nil, value: String? = nil, message: String,
    allowed: String? = nil, location: SourceLocation? = nil
  ) {
    self.kind = kind
    self.field = field
    self.value = value
    self.message = message
    self.allowed = allowed
    self.location = location
  }

  /// One line: `applicant.birthDate: "2023-02-30" is not a valid date (expected YYYY-MM-DD, a real calendar day)`.
  public var description: String {
    var s = ""
    if let location { s += "\(location): " }
    if let field { s += "\(field): " }
    s += message
    if let allowed { s += " (allowed: \(allowed))" }
    return s
  }
}
