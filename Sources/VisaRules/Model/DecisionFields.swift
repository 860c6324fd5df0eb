/// The top-level blocks of a decision's JSON a caller asks for: a JSON Lines evaluation writes
/// only those (with `schemaVersion`, `id` and `lodgingDate`, always) and decides only what they
/// need, so that a policy analyst who wants the fee and the validity of a million applications
/// does not pay for the warnings, documents and notes of each.
///
/// A block left out is absent from the line (not `null`: `null` keeps its meaning, "does not
/// apply"). What a written block holds never depends on the others asked for: the path-agreement
/// tests compare every selection with the full decision's blocks, byte for byte.
public struct DecisionFields: OptionSet, Hashable, Sendable {
  /// The blocks as bits, one per block in the order of ``names``.
  public let rawValue: UInt16

  /// Creates a selection from its bits.
  public init(rawValue: UInt16) { self.rawValue = rawValue }

  /// `fee`, its waiver included.
  public static let fee = DecisionFields(rawValue: 1 << 0)
  /// `serviceFeeCap`.
  public static let serviceFeeCap = DecisionFields(rawValue: 1 << 1)
  /// `decision`: the decision periods and deadlines.
  public static let decision = DecisionFields(rawValue: 1 << 2)
  /// `lodging`: the lodging window.
  public static let lodging = DecisionFields(rawValue: 1 << 3)
  /// `validity`: the multiple-entry validity.
  public static let validity = DecisionFields(rawValue: 1 << 4)
  /// `eligibility`: the visa requirement, whether the application can be lodged, the documents.
  public static let eligibility = DecisionFields(rawValue: 1 << 5)
  /// `fastTrack`.
  public static let fastTrack = DecisionFields(rawValue: 1 << 6)
  /// `extension`: the extension fee, for applications that ask about one.
  public static let `extension` = DecisionFields(rawValue: 1 << 7)
  /// `instruments`.
  public static let instruments = DecisionFields(rawValue: 1 << 8)
  /// `warnings`.
  public static let warnings = DecisionFields(rawValue: 1 << 9)
  /// `assumptions`: the interpretation options relied on.
  public static let assumptions = DecisionFields(rawValue: 1 << 10)
  /// `provenance`.
  public static let provenance = DecisionFields(rawValue: 1 << 11)

  /// Every block: the full decision.
  public static let all = DecisionFields(rawValue: (1 << 12) - 1)

  /// The blocks by their JSON key, in the contract's order.
  public static let names: [(name: String, field: DecisionFields)] = [
    ("fee", .fee), ("serviceFeeCap", .serviceFeeCap), ("decision", .decision), ("lodging", .lodging),
    ("validity", .validity), ("eligibility", .eligibility), ("fastTrack", .fastTrack), ("extension", .extension),
    ("instruments", .instruments), ("warnings", .warnings), ("assumptions", .assumptions),
    ("provenance", .provenance),
  ]

  /// The blocks named in a comma-separated list of JSON keys (`"fee,validity"`).
  ///
  /// - Throws: ``VisaRulesError`` of kind `unknownValue` for a name that is no block, with the
  ///   blocks allowed and the nearest one.
  public init(parsing list: String) throws(VisaRulesError) {
    var fields: DecisionFields = []
    for part in list.split(separator: ",", omittingEmptySubsequences: false) {
      let name = part.trimmingSpaces
      guard let known = Self.names.first(where: { $0.name == name }) else {
        let allowed = Self.names.map(\.name)
        throw VisaRulesError(
          .unknownValue, field: "fields", value: name,
          message: "\"\(name)\" is not a block of the decision" + Suggestions.hint(name, in: allowed),
          allowed: allowed.joined(separator: ", "))
      }
      fields.insert(known.field)
    }
    self = fields
  }
}

extension Substring {
  /// The text without the spaces before and after it, trimmed on its bytes (a space is one
  /// byte; no `Character`s, whose generic reversal costs more at start-up than the whole list).
  var trimmingSpaces: String {
    let bytes = utf8
    var start = bytes.startIndex
    var end = bytes.endIndex
    while start < end && bytes[start] == UInt8(ascii: " ") { start = bytes.index(after: start) }
    while end > start && bytes[bytes.index(before: end)] == UInt8(ascii: " ") { end = bytes.index(before: end) }
    return String(self[start..<end])
  }
}
