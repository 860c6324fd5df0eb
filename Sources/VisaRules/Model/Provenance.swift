/// Where a decision comes from: the library's version and the rule set actually used (the
/// built-in rules and every overlay laid on them, each with its own name and fingerprint), so an
/// answer can be traced to the data that produced it months later. Every ``Decision`` carries
/// its rule book's (``RuleBook/provenance``); in JSON, the decision's last key:
///
/// ```json
/// "provenance": {"libraryVersion": "0.3.0", "fingerprint": "fnv1a64:…",
///                "rules": [{"name": "built-in", "fingerprint": "fnv1a64:…", "files": 64},
///                          {"name": "Examples/reforms/fee-100-eur", "fingerprint": "fnv1a64:…", "files": 1}]}
/// ```
public struct Provenance: Hashable, Sendable {
  /// The VisaRules library's version (``RuleBook/libraryVersion``).
  public var libraryVersion: String
  /// The fingerprint of every rule file used, in load order (``RuleBook/fingerprint``).
  public var fingerprint: String
  /// The rule sets the book was built from, in load order: the built-in rules, then each overlay.
  public var rules: [RuleSet]

  /// One set of rule files laid into a rule book.
  public struct RuleSet: Hashable, Sendable {
    /// Its name: `built-in`, the folder as given (`visa --rules DIR`,
    /// ``RuleBook/adding(rulesAt:)``), or the name given to ``RuleBook/adding(_:name:)``.
    public var name: String
    /// The fingerprint of its files alone (``RuleBook/fingerprint(of:)``).
    public var fingerprint: String
    /// How many rule files it has.
    public var files: Int

    /// Creates a rule set's description.
    public init(name: String, fingerprint: String, files: Int) {
      self.name = name
      self.fingerprint = fingerprint
      self.files = files
    }
  }

  /// Creates a provenance.
  public init(libraryVersion: String, fingerprint: String, rules: [RuleSet]) {
    self.libraryVersion = libraryVersion
    self.fingerprint = fingerprint
    self.rules = rules
  }
}
