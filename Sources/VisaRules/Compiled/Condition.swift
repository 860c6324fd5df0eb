/// A compiled condition of the rule language: which applicants a provision, a suspension or
/// an instrument's scope selects. Built once when a rule book loads; evaluated per application
/// against ``Facts`` with no allocation.
indirect enum Condition: Sendable {
  case always
  case all([Condition])
  case any([Condition])
  case not(Condition)
  /// The applicant has at least one of these categories (bit set over the vocabulary).
  case categories(UInt64)
  /// Age in completed years within `low...high`.
  case age(low: Int, high: Int)
  /// Calendar days from lodging to the trip's start within `low...high`.
  case daysBeforeTrip(low: Int, high: Int)
  case nationality([UInt16])
  case residence([UInt16])
  case lodgedIn([UInt16])
  case destination([UInt16])
  /// Travel-document type in this bit set (bit = `TravelDocument.Kind` index).
  case travelDocument(UInt8)
  case purpose([Int])
  /// The option at this index has this value index.
  case option(Int, Int)
  /// The ground of an extension request (bit = `Application.ExtensionGround` index).
  case extensionGround(UInt8)
  /// A query over the visa history.
  case visas(HistoryQuery)
  /// The host is known and related to the applicant in one of these ways (bit per
  /// `Host.Relationship` index).
  case hostRelationship(UInt8)
  /// The host is known and has one of these nationalities.
  case hostNationality([UInt16])
  /// A host is given and its residence, when the application gives one, is listed.
  case hostResidence([UInt16])
  /// No host is given.
  case hostUnknown
  /// The applicant holds this fast-track status (bit = `FastTrack.Scheme` index), registered
  /// at least `months` before lodging.
  case fastTrack(UInt8, months: Int)
  /// The applicant, as the host's child, is dependent on the host.
  case hostDependent
  /// The travel document is (true) or is not (false) biometric; unknown counts as biometric,
  /// and reading it is recorded as an assumption.
  case biometricDocument(Bool)
  /// The travel document's category is in this bit set (bit = vocabulary index).
  case documentCategory(UInt64)
  /// The travel document was issued on a day in `low...high` (day numbers); an unknown issue
  /// date counts as the lodging date, and reading it is recorded as an assumption.
  case documentIssued(low: Int, high: Int)
}

/// Assumptions a condition made about the travel document (bits of ``Facts/assumed``).
enum DocumentAssumption {
  /// `travelDocument.biometric` was not given and was read as true.
  static let biometric: UInt8 = 1
  /// `travelDocument.issued` was not given and was read as the lodging date.
  static let issued: UInt8 = 2
}

/// What the engine knows about one application, in the compact form conditions read.
struct Facts {
  var lodging: Int
  var age: Int
  var categories: UInt64
  var nationality: UInt16
  var residence: UInt16
  var lodgedIn: UInt16
  var destination: UInt16
  var document: UInt8
  var purpose: Int
  var daysBeforeTrip: Int
  /// The value index of each option.
  var options: UnsafeBufferPointer<Int>
  var history: UnsafeBufferPointer<HistoryVisa>
  /// 0 when no extension is asked, else 1 + the `Application.ExtensionGround` index.
  var extensionGround: UInt8 = 0
  /// 0 when no host is given, else 1 + the `Host.Relationship` index.
  var hostRelationship: UInt8 = 0
  var hostNationality: UInt16 = 0
  /// The host's country of residence (0: not given).
  var hostResidence: UInt16 = 0
  var hostDependent = false
  /// 0 when no fast-track status is given, else 1 + the `FastTrack.Scheme` index.
  var fastTrackScheme: UInt8 = 0
  var fastTrackSince = Int.min / 2
  /// 0 when `travelDocument.biometric` is not given, 1 not biometric, 2 biometric.
  var biometric: UInt8 = 0
  /// The travel document's category (vocabulary index; 0 = national).
  var documentCategory: UInt8 = 0
  /// The day the travel document was issued, `nil` when not given.
  var documentIssued: Int? = nil
  /// Where conditions record the assumptions they made (``DocumentAssumption`` bits), if anywhere.
  var assumed: UnsafeMutablePointer<UInt8>? = nil

  struct HistoryVisa {
    var validFrom: Int
    var validUntil: Int
    var multiple: Bool
    var kind: UInt8
    var lawfullyUsed: Bool
    /// Neither `lawfullyUsed` nor stays were given: the visa was never used, as far as the
    /// application says (``HistoryQuery/unused`` decides whether it counts).
    var unused = false
    /// The entry repeats an earlier one of the history (same dates, entries and kind): it is
    /// the same visa, counted once (``HistoryQuery`` skips it).
    var duplicate = false
  }
}

/// Packs a two-letter country code into 16 bits.
@inline(__always)
func countryCode(_ s: String) -> UInt16 {
  var it = s.utf8.makeIterator()
  let a = UInt16(it.next() ?? 0)
  let b = UInt16(it.next() ?? 0)
  return a << 8 | b
}

/// The index of a code of two capital letters among the 26 × 26 such codes (`AA` is 0, `ZZ`
/// 675), or -1 for any other code: the bit of a country in a country set, and the slot of a
/// nationality's scope.
@inline(__always)
func countryLetterIndex(_ code: UInt16) -> Int {
  let hi = Int(code >> 8) &- 65
  let lo = Int(code & 0xFF) &- 65
  guard hi >= 0, hi < 26, lo >= 0, lo < 26 else { return -1 }
  return hi &* 26 &+ lo
}

/// Packs a country code into 16 bits.
@inline(__always)
func countryCode(_ c: CountryCode) -> UInt16 { countryCode(c.rawValue) }

func countryName(_ code: UInt16) -> String {
  // Two bytes make a small string: no array, no allocation.
  withUnsafeBytes(of: code.bigEndian) { String(decoding: $0, as: UTF8.self) }
}

extension Condition {
  /// Whether this condition can hold for an applicant of this nationality: false only when it
  /// requires another nationality (`{"all": [{"nationality": [...]}, ...]}`). Used to skip,
  /// before evaluation, what a nationality can never fall under; what a condition decides is
  /// unchanged.
  func canHold(nationality code: UInt16) -> Bool {
    switch self {
    case .nationality(let codes): return codes.contains(code)
    case .all(let parts): return parts.allSatisfy { $0.canHold(nationality: code) }
    case .any(let parts): return parts.contains { $0.canHold(nationality: code) }
    default: return true
    }
  }
}

extension Condition {
  /// Calls `body` on every leaf of the condition (every test that is not all, any or not).
  func forEachLeaf(_ body: (Condition) -> Void) {
    switch self {
    case .all(let parts), .any(let parts): for p in parts { p.forEachLeaf(body) }
    case .not(let c): c.forEachLeaf(body)
    default: body(self)
    }
  }
}
