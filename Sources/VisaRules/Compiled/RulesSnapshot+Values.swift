internal import SnapshotFormat

/// Reading the small values of a snapshot: conditions, citations, locations, periods, lists.
extension SnapshotReader {
  mutating func condition() throws(SnapshotError) -> Condition {
    switch try uint() {
    case 0: return .always
    case 1: return .all(try conditions())
    case 2: return .any(try conditions())
    case 3: return .not(try condition())
    case 4: return .categories(try uint())
    case 5: return .age(low: try int(), high: try int())
    case 6: return .daysBeforeTrip(low: try int(), high: try int())
    case 7: return .nationality(try codes())
    case 8: return .residence(try codes())
    case 9: return .lodgedIn(try codes())
    case 10: return .destination(try codes())
    case 11: return .travelDocument(try narrow(UInt8.self))
    case 12: return .purpose(try ints())
    case 13: return .option(try int(), try int())
    case 14: return .extensionGround(try narrow(UInt8.self))
    case 15: return .visas(try historyQuery())
    case 16: return .hostRelationship(try narrow(UInt8.self))
    case 17: return .hostNationality(try codes())
    case 18: return .hostUnknown
    case 19: return .fastTrack(try narrow(UInt8.self), months: try int())
    case 20: return .hostDependent
    case 21: return .biometricDocument(try bool())
    case 22: return .documentCategory(try uint())
    case 23: return .documentIssued(low: try int(), high: try int())
    case 24: return .hostResidence(try codes())
    case let tag: throw failure("unknown condition tag \(tag)")
    }
  }

  private mutating func conditions() throws(SnapshotError) -> [Condition] {
    let n = try count()
    var out: [Condition] = []
    out.reserveCapacity(n)
    for _ in 0..<n { out.append(try condition()) }
    return out
  }

  mutating func historyQuery() throws(SnapshotError) -> HistoryQuery {
    var q = HistoryQuery(
      atLeast: try int(), withinMonths: try int(), kinds: try narrow(UInt8.self), multipleEntryOnly: try bool(),
      minValidityMonths: try int(), lawfullyUsedOnly: try bool())
    q.unused = try reading()
    q.validFor = try reading()
    q.lookBackFrom = try reading()
    return q
  }

  private mutating func reading() throws(SnapshotError) -> HistoryQuery.Reading {
    HistoryQuery.Reading(option: try int(), fixed: try narrow(UInt8.self), modes: try uint())
  }

  mutating func citation() throws(SnapshotError) -> Citation {
    Citation(
      instrument: try string(), instrumentName: try string(), article: try optionalString(), paragraph: try optionalString(),
      point: try optionalString(), amendedBy: try optionalString())
  }

  mutating func location() throws(SnapshotError) -> SourceLocation {
    SourceLocation(file: try string(), line: try int(), column: try int())
  }

  mutating func period() throws(SnapshotError) -> Period {
    Period(from: LocalDate(dayNumber: try int()), until: try optionalInt().map { LocalDate(dayNumber: $0) })
  }

  mutating func strings() throws(SnapshotError) -> [String] {
    let n = try count()
    var out: [String] = []
    out.reserveCapacity(n)
    for _ in 0..<n { out.append(try string()) }
    return out
  }

  mutating func ints() throws(SnapshotError) -> [Int] {
    let n = try count()
    var out: [Int] = []
    out.reserveCapacity(n)
    for _ in 0..<n { out.append(try int()) }
    return out
  }

  /// Indices into a list of `limit` elements read earlier.
  mutating func indices(below limit: Int, _ what: String) throws(SnapshotError) -> [Int] {
    let n = try count()
    var out: [Int] = []
    out.reserveCapacity(n)
    for _ in 0..<n { out.append(try index(below: limit, what)) }
    return out
  }

  @inline(__always) mutating func code() throws(SnapshotError) -> UInt16 {
    let v = try uint()
    guard v <= UInt64(UInt16.max) else { throw failure("country code \(v) does not fit 16 bits") }
    return UInt16(v)
  }

  mutating func codes() throws(SnapshotError) -> [UInt16] {
    let n = try count()
    var out: [UInt16] = []
    out.reserveCapacity(n)
    for _ in 0..<n { out.append(try code()) }
    return out
  }

  /// A name → index dictionary (see ``SnapshotWriter/index(_:)``).
  mutating func nameIndex() throws(SnapshotError) -> [String: Int] {
    let n = try count()
    var out: [String: Int] = Dictionary(minimumCapacity: n)
    for _ in 0..<n {
      let name = try string()
      out[name] = try int()
    }
    return out
  }
}
