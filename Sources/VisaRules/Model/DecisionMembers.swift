/// Members of a decision's blocks a caller asks for, within the blocks of ``DecisionFields``:
/// `fee.amount` keeps only the amount of the fee block, where `fee` keeps the whole block. A
/// block named with members holds only those, in the contract's order; a block named whole, or
/// not named with members, holds all of its members; a block that is `null` stays `null`.
///
/// For a policy analyst who wants the figures of a large population and not the citations and
/// texts beside them: `fee.amount,validity.entries,validity.maxMonths,validity.until`. What is
/// decided does not change, only what is written: each member kept is the full decision's,
/// byte for byte.
public struct DecisionMembers: Hashable, Sendable {
  /// The members kept, by block name; a block that is not a key keeps all of its members.
  public let selected: [String: Set<String>]

  /// Every member of every block.
  public static let all = DecisionMembers(selected: [:])

  /// Whether every member of every block is kept.
  public var isAll: Bool { selected.isEmpty }

  /// The members of each block whose value is an object, by block name, in the contract's order
  /// (`provenance` is written whole and has none to select).
  public static let known: [(block: String, members: [String])] = [
    ("fee", ["amount", "currency", "citation", "provision", "status", "waiver"]),
    ("serviceFeeCap", ["amount", "currency", "citation", "provision", "status"]),
    (
      "decision",
      [
        "standardDays", "extendedDays", "exceptionalDays", "urgentWorkingDays", "deadline", "extendedDeadline",
        "exceptionalDeadline", "citation", "extendedCitation",
      ]
    ),
    ("lodging", ["earliest", "latest", "withinWindow", "citation", "latestCitation"]),
    ("validity", ["entries", "maxMonths", "until", "citation", "discretionary"]),
    (
      "eligibility",
      ["visaRequired", "visaRequiredCitation", "canLodge", "lodgingCitation", "withinWindow", "documents"]
    ),
    (
      "fastTrack",
      ["scheme", "applies", "citation", "benefits", "suggestedMonths", "suggestionCitation", "limits"]
    ),
    ("extension", ["fee", "currency", "citation", "provision", "status"]),
  ]

  /// The same selection as the encoder's sink matches it (``ProjectingSink``): each block
  /// with a selection, and the members it keeps, as ``KeyWord``s.
  let projection: [(block: KeyWord, members: [KeyWord])]

  /// Creates a selection of members by block name (every name must be one of ``known``).
  init(selected: [String: Set<String>]) {
    self.selected = selected
    projection = selected.map { block, members in (KeyWord(block), members.map { KeyWord($0) }) }
  }

  /// Two selections are equal when they keep the same members of the same blocks.
  public static func == (a: Self, b: Self) -> Bool { a.selected == b.selected }
  /// Hashes the members kept, by block.
  public func hash(into h: inout Hasher) { h.combine(selected) }
}

/// A JSON key as two words and its length, compared in three instructions: keys of up to 16
/// bytes exactly; longer ones by their first and last eight bytes and their length, which tell
/// the contract's keys apart (``DecisionMembersTests``).
struct KeyWord: Equatable, Sendable {
  let count: Int
  let head: UInt64
  let tail: UInt64

  init(_ p: UnsafePointer<UInt8>, _ n: Int) {
    count = n
    if n >= 8 {
      head = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
      tail = UnsafeRawPointer(p + (n - 8)).loadUnaligned(as: UInt64.self)
    } else {
      var w: UInt64 = 0
      for i in 0..<n { w |= UInt64(p[i]) << UInt64(8 * i) }
      head = w
      tail = 0
    }
  }

  init(_ s: StaticString) { self.init(s.utf8Start, s.utf8CodeUnitCount) }

  init(_ s: String) {
    var copy = s
    self = copy.withUTF8 { KeyWord($0.baseAddress!, $0.count) }
  }
}

extension DecisionFields {
  /// The blocks and members named in a comma-separated list: block names (`fee`) and members
  /// (`fee.amount`); a block named both whole and with members is kept whole.
  ///
  /// - Throws: ``VisaRulesError`` of kind `unknownValue` for a name that is no block, or no
  ///   member of its block, with what is allowed and the nearest name.
  public static func selection(parsing list: String) throws(VisaRulesError) -> (
    fields: DecisionFields, members: DecisionMembers
  ) {
    var fields: DecisionFields = []
    var whole = Set<String>()
    var selected: [String: Set<String>] = [:]
    for part in list.split(separator: ",", omittingEmptySubsequences: false) {
      let path = part.trimmingSpaces
      guard let dot = path.firstIndex(of: ".") else {
        fields.formUnion(try DecisionFields(parsing: path))
        whole.insert(path)
        continue
      }
      let block = String(path[..<dot])
      let member = String(path[path.index(after: dot)...])
      fields.formUnion(try DecisionFields(parsing: block))
      guard let members = DecisionMembers.known.first(where: { $0.block == block })?.members else {
        let allowed = DecisionMembers.known.map(\.block)
        throw VisaRulesError(
          .unknownValue, field: "fields", value: path,
          message: "the block \(block) has no members to select (name it whole)",
          allowed: "members of " + allowed.joined(separator: ", "))
      }
      guard members.contains(member) else {
        throw VisaRulesError(
          .unknownValue, field: "fields", value: path,
          message: "\"\(member)\" is not a member of the block \(block)" + Suggestions.hint(member, in: members),
          allowed: members.map { block + "." + $0 }.joined(separator: ", "))
      }
      selected[block, default: []].insert(member)
    }
    for block in whole { selected[block] = nil }
    return (fields, DecisionMembers(selected: selected))
  }
}
