/// A direct decoder for the application contract (version 1): from the bytes of one JSON line
/// straight into the evaluator's input, with no JSON tree, no `Application` and no strings
/// (dates are parsed from the bytes, countries packed, categories and purposes looked up in the
/// rule book's vocabulary).
///
/// It accepts only what it is sure of: a well-formed object with the contract's fields, no
/// escapes in strings, no nulls, no duplicate keys, valid values that the rule book knows, and
/// an application that passes every check of ``Application/validate()``. Anything else —
/// malformed JSON, an unknown field, a bad date, an unknown category, visa stays to check —
/// returns `false`, and the caller decodes the line the general way (``JSONParser`` and
/// ``Application/init(jsonBytes:)``), which gives the same decision or names the error exactly.
struct DirectDecoder {
  let tables: EngineTables
  let coverageFrom: Int
  let coverageUntil: Int
  let destinations: [UInt16]

  init(_ evaluator: Evaluator) {
    tables = evaluator.tables
    coverageFrom = evaluator.rules.coverage.from.dayNumber
    coverageUntil = evaluator.rules.coverage.until?.dayNumber ?? Int.max
    destinations = evaluator.rules.destinations
  }

  /// Decodes `line` into `run.input` and `run.history`; `id` gets the bytes of the `id`
  /// value to echo (nil when there is none). Returns false when the line must be decoded the
  /// general way.
  func decode(_ line: UnsafeBufferPointer<UInt8>, _ run: inout Evaluator.Run, id: inout UnsafeBufferPointer<UInt8>?) -> Bool {
    guard let base = line.baseAddress else { return false }
    var c = Cursor(p: base, end: base + line.count)
    run.history.removeAll(keepingCapacity: true)
    run.lawfulUseFailures.removeAll(keepingCapacity: true)
    id = nil
    var input = Evaluator.Input(
      lodging: 0, destination: 0, lodgedIn: 0, nationality: 0, residence: 0, birth: LocalDate(dayNumber: 0), categories: 0,
      document: 0, documentExpiry: 0, purpose: 0, tripStart: 0)
    var tripEnd = 0
    var seen: UInt32 = 0
    guard c.skip(UInt8(ascii: "{")) else { return false }
    if c.peek(UInt8(ascii: "}")) { return false }
    repeat {
      guard let (k, n) = c.string() else { return false }
      guard c.skip(UInt8(ascii: ":")) else { return false }
      let key = Key(k, n)
      let bit: UInt32
      switch key {
      case "id":
        bit = 1
        guard let token = c.idToken() else { return false }
        id = token
      case "lodgingDate":
        bit = 2
        guard let d = c.date() else { return false }
        input.lodging = d
      case "destination":
        bit = 4
        guard let code = c.country() else { return false }
        input.destination = code
      case "lodgedIn":
        bit = 8
        guard let code = c.country() else { return false }
        input.lodgedIn = code
      case "applicant":
        bit = 16
        guard applicant(&c, &input) else { return false }
      case "trip":
        bit = 32
        guard trip(&c, &input, &tripEnd) else { return false }
      case "visaHistory":
        bit = 64
        guard history(&c, &run) else { return false }
      case "extensionGround":
        bit = 128
        guard let (p, n) = c.string() else { return false }
        let g = Key(p, n)
        if g == "forceMajeure" { input.extensionGround = 1 } else if g == "humanitarian" { input.extensionGround = 2 } else if g == "seriousPersonalReasons" {
          input.extensionGround = 3
        } else { return false }
      case "fastTrack":
        bit = 256
        guard fastTrack(&c, &input) else { return false }
      default: return false
      }
      guard seen & bit == 0 else { return false }
      seen |= bit
    } while c.skip(UInt8(ascii: ","))
    guard c.skip(UInt8(ascii: "}")) else { return false }
    c.whitespace()
    guard c.p == c.end else { return false }
    // Required fields.
    guard seen & (2 | 4 | 8 | 16 | 32) == (2 | 4 | 8 | 16 | 32) else { return false }
    // The checks of evaluation, in any order: the general path reports the first one.
    let lodging = input.lodging
    guard lodging >= coverageFrom, lodging <= coverageUntil else { return false }
    guard input.birth.dayNumber <= lodging, tripEnd >= input.tripStart else { return false }
    guard destinations.contains(input.destination) else { return false }
    for v in run.history where v.validUntil < v.validFrom || v.validFrom > lodging { return false }
    run.input = input
    return true
  }

  private func applicant(_ c: inout Cursor, _ input: inout Evaluator.Input) -> Bool {
    guard c.skip(UInt8(ascii: "{")) else { return false }
    if c.peek(UInt8(ascii: "}")) { return false }
    var seen: UInt32 = 0
    repeat {
      guard let (k, n) = c.string(), c.skip(UInt8(ascii: ":")) else { return false }
      let key = Key(k, n)
      let bit: UInt32
      switch key {
      case "nationality":
        bit = 1
        guard let code = c.country() else { return false }
        input.nationality = code
      case "residence":
        bit = 2
        guard let code = c.country() else { return false }
        input.residence = code
      case "birthDate":
        bit = 4
        guard let d = c.date() else { return false }
        input.birth = LocalDate(dayNumber: d)
      case "categories":
        bit = 8
        guard c.skip(UInt8(ascii: "[")) else { return false }
        if !c.skip(UInt8(ascii: "]")) {
          repeat {
            guard let (p, n) = c.string(), n > 0, let i = tables.categoryNames.lookup(p, n) else { return false }
            input.categories |= 1 << UInt64(i)
          } while c.skip(UInt8(ascii: ","))
          guard c.skip(UInt8(ascii: "]")) else { return false }
        }
      case "travelDocument":
        bit = 16
        guard c.skip(UInt8(ascii: "{")) else { return false }
        var docSeen = 0
        repeat {
          guard let (dk, dn) = c.string(), c.skip(UInt8(ascii: ":")) else { return false }
          let dkey = Key(dk, dn)
          if dkey == "type" {
            guard docSeen & 1 == 0, let (p, n) = c.string() else { return false }
            let v = Key(p, n)
            if v == "ordinary" { input.document = 0 } else if v == "diplomatic" { input.document = 1 } else if v == "service" {
              input.document = 2
            } else { return false }
            docSeen |= 1
          } else if dkey == "expiry" {
            guard docSeen & 2 == 0, let d = c.date() else { return false }
            input.documentExpiry = d
            docSeen |= 2
          } else {
            return false
          }
        } while c.skip(UInt8(ascii: ","))
        guard docSeen == 3, c.skip(UInt8(ascii: "}")) else { return false }
      case "host":
        bit = 32
        guard host(&c, &input) else { return false }
      case "termOfOfficeUntil":
        bit = 64
        guard let d = c.date() else { return false }
        input.termOfOfficeUntil = d
      default: return false
      }
      guard seen & bit == 0 else { return false }
      seen |= bit
    } while c.skip(UInt8(ascii: ","))
    return seen & 31 == 31 && c.skip(UInt8(ascii: "}"))
  }

  private func host(_ c: inout Cursor, _ input: inout Evaluator.Input) -> Bool {
    guard c.skip(UInt8(ascii: "{")) else { return false }
    if c.peek(UInt8(ascii: "}")) { return false }
    var seen = 0
    repeat {
      guard let (k, n) = c.string(), c.skip(UInt8(ascii: ":")) else { return false }
      let key = Key(k, n)
      let bit: Int
      switch key {
      case "relationship":
        bit = 1
        guard let (p, n) = c.string() else { return false }
        let v = Key(p, n)
        guard let r = Host.Relationship.allCases.firstIndex(where: { v == $0.rawValue }) else { return false }
        input.hostRelationship = UInt8(r + 1)
      case "nationality":
        bit = 2
        guard let code = c.country() else { return false }
        input.hostNationality = code
      case "residence":
        bit = 4
        guard c.country() != nil else { return false }
      case "residenceUntil":
        bit = 8
        guard let d = c.date() else { return false }
        input.hostResidenceUntil = d
      case "dependent":
        bit = 16
        guard let b = c.bool() else { return false }
        input.hostDependent = b
      default: return false
      }
      guard seen & bit == 0 else { return false }
      seen |= bit
    } while c.skip(UInt8(ascii: ","))
    return seen & 3 == 3 && c.skip(UInt8(ascii: "}"))
  }

  private func trip(_ c: inout Cursor, _ input: inout Evaluator.Input, _ tripEnd: inout Int) -> Bool {
    guard c.skip(UInt8(ascii: "{")) else { return false }
    if c.peek(UInt8(ascii: "}")) { return false }
    var seen = 0
    repeat {
      guard let (k, n) = c.string(), c.skip(UInt8(ascii: ":")) else { return false }
      let key = Key(k, n)
      let bit: Int
      switch key {
      case "purpose":
        bit = 1
        guard let (p, n) = c.string(), n > 0, let i = tables.purposeNames.lookup(p, n) else { return false }
        input.purpose = i
      case "start":
        bit = 2
        guard let d = c.date() else { return false }
        input.tripStart = d
      case "end":
        bit = 4
        guard let d = c.date() else { return false }
        tripEnd = d
      default: return false
      }
      guard seen & bit == 0 else { return false }
      seen |= bit
    } while c.skip(UInt8(ascii: ","))
    return seen == 7 && c.skip(UInt8(ascii: "}"))
  }

  private func history(_ c: inout Cursor, _ run: inout Evaluator.Run) -> Bool {
    guard c.skip(UInt8(ascii: "[")) else { return false }
    if c.skip(UInt8(ascii: "]")) { return true }
    repeat {
      guard c.skip(UInt8(ascii: "{")) else { return false }
      if c.peek(UInt8(ascii: "}")) { return false }
      var visa = Facts.HistoryVisa(validFrom: 0, validUntil: 0, multiple: false, kind: 0, lawfullyUsed: false)
      var seen = 0
      repeat {
        guard let (k, n) = c.string(), c.skip(UInt8(ascii: ":")) else { return false }
        let key = Key(k, n)
        let bit: Int
        switch key {
        case "validFrom":
          bit = 1
          guard let d = c.date() else { return false }
          visa.validFrom = d
        case "validUntil":
          bit = 2
          guard let d = c.date() else { return false }
          visa.validUntil = d
        case "entries":
          bit = 4
          guard let (p, n) = c.string() else { return false }
          let v = Key(p, n)
          if v == "multiple" { visa.multiple = true } else if !(v == "single") { return false }
        case "kind":
          bit = 8
          guard let (p, n) = c.string() else { return false }
          let v = Key(p, n)
          if v == "uniform" { visa.kind = 0 } else if v == "ltv" { visa.kind = 1 } else if v == "airportTransit" { visa.kind = 2 } else { return false }
        case "lawfullyUsed":
          bit = 16
          // Not stated and no stays: not lawfully used.
          guard let b = c.bool() else { return false }
          visa.lawfullyUsed = b
        default: return false  // stays: checked the general way
        }
        guard seen & bit == 0 else { return false }
        seen |= bit
      } while c.skip(UInt8(ascii: ","))
      guard seen & 7 == 7, c.skip(UInt8(ascii: "}")) else { return false }
      run.history.append(visa)
    } while c.skip(UInt8(ascii: ","))
    return c.skip(UInt8(ascii: "]"))
  }

  private func fastTrack(_ c: inout Cursor, _ input: inout Evaluator.Input) -> Bool {
    guard c.skip(UInt8(ascii: "{")) else { return false }
    if c.peek(UInt8(ascii: "}")) { return false }
    var seen = 0
    repeat {
      guard let (k, n) = c.string(), c.skip(UInt8(ascii: ":")) else { return false }
      let key = Key(k, n)
      let bit: Int
      switch key {
      case "scheme":
        bit = 1
        guard let (p, n) = c.string() else { return false }
        let v = Key(p, n)
        guard let s = FastTrack.Scheme.allCases.firstIndex(where: { v == $0.rawValue }) else { return false }
        input.fastTrackScheme = UInt8(s + 1)
      case "registeredSince":
        bit = 2
        guard let d = c.date() else { return false }
        input.fastTrackSince = d
      default: return false
      }
      guard seen & bit == 0 else { return false }
      seen |= bit
    } while c.skip(UInt8(ascii: ","))
    return seen & 1 == 1 && c.skip(UInt8(ascii: "}"))
  }
}

/// The bytes of a JSON string (no quotes), compared with literals.
private struct Key {
  let p: UnsafePointer<UInt8>
  let n: Int

  init(_ p: UnsafePointer<UInt8>, _ n: Int) {
    self.p = p
    self.n = n
  }

  @inline(__always) static func == (k: Key, s: StaticString) -> Bool {
    k.n == s.utf8CodeUnitCount && Platform.equal(k.p, s.utf8Start, count: k.n)
  }

  @inline(__always) static func == (k: Key, s: String) -> Bool {
    var s = s
    return s.withUTF8 { u in k.n == u.count && Platform.equal(k.p, u.baseAddress!, count: k.n) }
  }

  @inline(__always) static func ~= (s: StaticString, k: Key) -> Bool { k == s }
}

/// A position in the line; every reader skips the white space before its token.
private struct Cursor {
  var p: UnsafePointer<UInt8>
  let end: UnsafePointer<UInt8>

  @inline(__always) mutating func whitespace() {
    while p < end {
      let b = p.pointee
      guard b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D else { return }
      p += 1
    }
  }

  @inline(__always) mutating func skip(_ b: UInt8) -> Bool {
    whitespace()
    guard p < end, p.pointee == b else { return false }
    p += 1
    return true
  }

  @inline(__always) mutating func peek(_ b: UInt8) -> Bool {
    whitespace()
    return p < end && p.pointee == b
  }

  /// A string with no escapes or control characters: its content.
  @inline(__always) mutating func string() -> (UnsafePointer<UInt8>, Int)? {
    guard skip(UInt8(ascii: "\"")) else { return nil }
    let start = p
    // Eight bytes at a time: the first quote, backslash or control character.
    while end - p >= 8 {
      let x = UnsafeRawPointer(p).loadUnaligned(as: UInt64.self)
      let q = x ^ 0x2222_2222_2222_2222
      let b = x ^ 0x5C5C_5C5C_5C5C_5C5C
      let high: UInt64 = 0x8080_8080_8080_8080
      let ones: UInt64 = 0x0101_0101_0101_0101
      let found = ((q &- ones) & ~q | (b &- ones) & ~b | (x &- 0x2020_2020_2020_2020) & ~x) & high
      if found != 0 {
        p += found.trailingZeroBitCount >> 3
        guard p.pointee == UInt8(ascii: "\"") else { return nil }
        let n = p - start
        p += 1
        return (start, n)
      }
      p += 8
    }
    while p < end {
      let b = p.pointee
      if b == UInt8(ascii: "\"") {
        let n = p - start
        p += 1
        return (start, n)
      }
      if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
      p += 1
    }
    return nil
  }

  /// `"YYYY-MM-DD"`, a real calendar day of years 1 to 9999: its day number.
  @inline(__always) mutating func date() -> Int? {
    whitespace()
    guard end - p >= 12, p[0] == UInt8(ascii: "\""), p[11] == UInt8(ascii: "\""), p[5] == UInt8(ascii: "-"), p[8] == UInt8(ascii: "-")
    else { return nil }
    let y0 = p[1] &- 48, y1 = p[2] &- 48, y2 = p[3] &- 48, y3 = p[4] &- 48
    let m0 = p[6] &- 48, m1 = p[7] &- 48, d0 = p[9] &- 48, d1 = p[10] &- 48
    guard y0 < 10, y1 < 10, y2 < 10, y3 < 10, m0 < 10, m1 < 10, d0 < 10, d1 < 10 else { return nil }
    let year = Int(y0) * 1000 + Int(y1) * 100 + Int(y2) * 10 + Int(y3)
    let month = Int(m0) * 10 + Int(m1)
    let day = Int(d0) * 10 + Int(d1)
    guard year >= 1, month >= 1, month <= 12, day >= 1, day <= LocalDate.daysIn(month: month, year: year) else { return nil }
    p += 12
    return LocalDate.dayNumber(year: year, month: month, day: day)
  }

  /// Two capital letters, packed.
  @inline(__always) mutating func country() -> UInt16? {
    whitespace()
    guard end - p >= 4, p[0] == UInt8(ascii: "\""), p[3] == UInt8(ascii: "\"") else { return nil }
    let a = p[1]
    let b = p[2]
    guard a >= 65 && a <= 90 && b >= 65 && b <= 90 else { return nil }
    p += 4
    return UInt16(a) << 8 | UInt16(b)
  }

  @inline(__always) mutating func bool() -> Bool? {
    whitespace()
    if end - p >= 4 && Platform.equal(p, "true", count: 4) {
      p += 4
      return true
    }
    if end - p >= 5 && Platform.equal(p, "false", count: 5) {
      p += 5
      return false
    }
    return nil
  }

  /// An `id` whose echo is its own bytes: a string of printable ASCII with no escapes, or a
  /// whole number of at most 15 digits with no sign or leading zero.
  @inline(__always) mutating func idToken() -> UnsafeBufferPointer<UInt8>? {
    whitespace()
    guard p < end else { return nil }
    let start = p
    if p.pointee == UInt8(ascii: "\"") {
      p += 1
      while p < end {
        let b = p.pointee
        if b == UInt8(ascii: "\"") {
          p += 1
          return UnsafeBufferPointer(start: start, count: p - start)
        }
        if b == UInt8(ascii: "\\") || b < 0x20 || b >= 0x80 { return nil }
        p += 1
      }
      return nil
    }
    guard p.pointee >= UInt8(ascii: "0") && p.pointee <= UInt8(ascii: "9") else { return nil }
    if p.pointee == UInt8(ascii: "0") {
      p += 1
    } else {
      while p < end && p.pointee >= UInt8(ascii: "0") && p.pointee <= UInt8(ascii: "9") { p += 1 }
    }
    let n = p - start
    guard n <= 15 else { return nil }
    if p < end {
      let b = p.pointee
      if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")) {
        return nil
      }
    }
    return UnsafeBufferPointer(start: start, count: n)
  }
}
