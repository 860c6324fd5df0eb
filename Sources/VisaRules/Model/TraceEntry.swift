/// One provision consulted for one figure, and what became of it.
public struct TraceEntry: Hashable, Sendable {
  /// What happened to a provision.
  public enum Verdict: Hashable, Sendable {
    /// It applied and decided the figure.
    case applied
    /// It applied, but gave the same outcome as the deciding provision.
    case concurring(with: String)
    /// Its condition was false.
    case conditionFalse
    /// Its instrument did not cover the application (out of scope, not in force, suspended).
    case instrumentNotApplicable(String)
    /// No version of it was in force on the lodging date.
    case notInForce
    /// It was repealed before the lodging date.
    case repealed(by: String)
    /// A suspension switched it off for this applicant.
    case suspended(by: String)
    /// An exception to it applied instead.
    case overridden(by: String)
    /// Another instrument regulates the point and prevails.
    case displaced(by: String)
    /// It applied, but another instrument's outcome was more favourable.
    case lessFavourable(than: String)
  }

  /// What the rule book says of the provision (figure to condition): the same for every
  /// application, so the engine shares one per provision version (an entry copies one
  /// reference, not eight fields), and a change makes the entry its own.
  private var fixed: FixedPart

  /// The figure.
  public var figure: Figure {
    get { fixed.figure }
    set { edit { $0.figure = newValue } }
  }
  /// The provision's id.
  public var provision: String {
    get { fixed.provision }
    set { edit { $0.provision = newValue } }
  }
  /// Its citation (as worded on the lodging date).
  public var citation: Citation {
    get { fixed.citation }
    set {
      edit {
        $0.citation = newValue
        $0.citationText = nil
      }
    }
  }
  /// Its status tag.
  public var status: Status {
    get { fixed.status }
    set { edit { $0.status = newValue } }
  }
  /// The dates of the version consulted, if one was in force.
  public var period: Period? {
    get { fixed.period }
    set { edit { $0.period = newValue } }
  }
  /// The value that version gives (readable).
  public var value: String {
    get { fixed.value }
    set { edit { $0.value = newValue } }
  }
  /// Its condition (readable), empty when it always applies.
  public var condition: String {
    get { fixed.condition }
    set { edit { $0.condition = newValue } }
  }
  /// What became of it.
  public var verdict: Verdict
  /// For a provision that did not apply (condition false, suspended, its instrument out of
  /// scope or suspended): what it needed that the application did not give, with the facts
  /// read. Empty otherwise.
  public var shortfalls: [Shortfall] = []
  /// The provision's index in the compiled rules (the traced path's "why not" reads it).
  var provisionIndex = ProvisionIndex(-1)
  /// `citation.description`, worded once when the rules loaded (the engine's trace sets it).
  var citationText: String? { fixed.citationText }
  /// The entry's fixed part (figure to condition) as written once per rule book
  /// (``TraceFragments``): set by the engine, reset when any of those fields changes.
  var fragment: Int { fixed.fragment }

  /// An entry whose fixed part is `fixed` (shared).
  init(_ fixed: FixedPart, verdict: Verdict, shortfalls: [Shortfall], provisionIndex: ProvisionIndex) {
    self.fixed = fixed
    self.verdict = verdict
    self.shortfalls = shortfalls
    self.provisionIndex = provisionIndex
  }

  /// Changes a field of the fixed part, in a part of this entry's own, no longer the one
  /// written once per rule book.
  private mutating func edit(_ change: (inout FixedPart.Fields) -> Void) {
    var fields = fixed.fields
    change(&fields)
    fields.fragment = -1
    fixed = FixedPart(fields)
  }

  /// Whether two entries say the same (their fixed parts compared field by field).
  public static func == (a: TraceEntry, b: TraceEntry) -> Bool {
    (a.fixed === b.fixed || a.fixed.fields == b.fixed.fields) && a.verdict == b.verdict && a.shortfalls == b.shortfalls
      && a.provisionIndex == b.provisionIndex
  }

  /// Hashes what ``==(_:_:)`` compares.
  public func hash(into h: inout Hasher) {
    h.combine(fixed.fields)
    h.combine(verdict)
    h.combine(shortfalls)
    h.combine(provisionIndex)
  }

  /// The fixed part of a trace entry, shared (immutable).
  final class FixedPart: Sendable {
    struct Fields: Hashable, Sendable {
      var figure: Figure
      var provision: String
      var citation: Citation
      var status: Status
      var period: Period?
      var value: String
      var condition: String
      var citationText: String?
      var fragment: Int
    }
    let fields: Fields

    init(_ fields: Fields) { self.fields = fields }

    var figure: Figure { fields.figure }
    var provision: String { fields.provision }
    var citation: Citation { fields.citation }
    var status: Status { fields.status }
    var period: Period? { fields.period }
    var value: String { fields.value }
    var condition: String { fields.condition }
    var citationText: String? { fields.citationText }
    var fragment: Int { fields.fragment }
  }
}
