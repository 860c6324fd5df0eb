/// The contract's scalar values read from their bytes: strings (made once per batch through
/// ``StringCache``), dates, country codes, enumerations, booleans, and the `id` copied as its JSON.
extension ContractReader {
  mutating func string() throws(VisaRulesError) -> String {
    if let strings {
      // A batch: the values of the open vocabularies repeat from line to line; made once each.
      // The usual one, short and with no white space before it: its closing quote found in two
      // words.
      let at = json.index
      if at < json.bytes.count &- 16, let base = json.bytes.baseAddress, base[at] == UInt8(ascii: "\""),
        let n = ContractReader.shortContent(base + (at &+ 1))
      {
        json.index = at &+ n &+ 2
        return strings.pointee.short(base + (at &+ 1), count: n)
      }
      let start = json.index
      if let (p, n) = plainString() {
        // Up to 15 bytes (held inline in a `String`), found by its bytes as two words where
        // sixteen bytes can be read.
        if n <= 15 {
          if json.bytes.baseAddress! + json.bytes.count - p >= 16 { return strings.pointee.short(p, count: n) }
          return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
        }
        return strings.pointee.string(p, count: n)
      }
      json.index = start
    }
    return try stringBytes { b in String(decoding: b, as: UTF8.self) }
  }

  /// The length of a string's content at `p` if its closing quote is among the 16 bytes there
  /// with no backslash or control character before it, else nil. Each word's quotes,
  /// backslashes and control characters are flagged at once (the lowest flag of each kind is
  /// exact, so the lowest of all is the first such byte).
  @inline(__always) static func shortContent(_ p: UnsafePointer<UInt8>) -> Int? {
    let ones: UInt64 = 0x0101_0101_0101_0101
    func flags(_ w: UInt64) -> UInt64 {
      let quotes = w ^ (0x22 &* ones)
      let backslashes = w ^ (0x5C &* ones)
      return ((quotes &- ones) & ~quotes | (backslashes &- ones) & ~backslashes | (w &- 0x20 &* ones) & ~w)
        & (0x80 &* ones)
    }
    let raw = UnsafeRawPointer(p)
    var f = flags(UInt64(littleEndian: raw.loadUnaligned(as: UInt64.self)))
    var i = 0
    if f == 0 {
      f = flags(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
      if f == 0 { return nil }
      i = 8
    }
    i &+= f.trailingZeroBitCount &>> 3
    return p[i] == UInt8(ascii: "\"") ? i : nil
  }

  /// The content of a string at the cursor with no escape in it (the cursor moved past it), or
  /// nil with the cursor where it was (not a string, escapes, unterminated).
  @inline(__always) mutating func plainString() -> (UnsafePointer<UInt8>, Int)? {
    guard peek() == UInt8(ascii: "\""), let base = json.bytes.baseAddress else { return nil }
    let open = json.index
    let end = json.bytes.count
    var i = open + 1
    while i < end {
      let c = base[i]
      if c == UInt8(ascii: "\"") {
        json.index = i + 1
        return (base + open + 1, i - open - 1)
      }
      if c == UInt8(ascii: "\\") || c < 0x20 { return nil }
      i += 1
    }
    return nil
  }

  /// A date, `"YYYY-MM-DD"`. The usual form, no white space before it, is read in line (in each
  /// field's reader); any other in ``dateAfterSpace()``.
  @inline(__always) mutating func date() throws(VisaRulesError) -> LocalDate {
    if json.index < json.bytes.count &- 11, let base = json.bytes.baseAddress, base[json.index] == UInt8(ascii: "\""),
      let date = ContractReader.isoDate(base + json.index)
    {
      json.index &+= 12
      return date
    }
    return try dateAfterSpace()
  }

  @inline(never) mutating func dateAfterSpace() throws(VisaRulesError) -> LocalDate {
    // The usual form, `"YYYY-MM-DD"` with no escapes, read straight from the bytes.
    if peek() == UInt8(ascii: "\""), json.bytes.count &- json.index >= 12,
      let base = json.bytes.baseAddress, let date = ContractReader.isoDate(base + json.index)
    {
      json.index &+= 12
      return date
    }
    let (date, text) = try stringBytes { b in
      let d = LocalDate(isoBytes: b)
      return (d, d == nil ? String(decoding: b, as: UTF8.self) : "")
    }
    guard let date else {
      throw invalid(
        .invalidValue, value: text, message: "\"\(text)\" is not a valid date", allowed: "YYYY-MM-DD, a real calendar day")
    }
    return date
  }

  /// The day spelled `"YYYY-MM-DD"` by the 12 bytes at `p` (a quote first), or nil (another
  /// form, or no such day: the general reader words the error). Read as two words: bytes 1 to 8
  /// (`YYYY-MM-`) and 8 to 11 (`-DD"`); a digit's high nibble is 3 and its low one at most 9
  /// (adding 6 leaves the high nibble 3).
  @inline(__always) static func isoDate(_ p: UnsafePointer<UInt8>) -> LocalDate? {
    let raw = UnsafeRawPointer(p)
    let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: 1, as: UInt64.self))
    let v = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt32.self))
    guard w & 0xFF00_00FF_0000_0000 == 0x2D00_002D_0000_0000,
      w & 0x00F0_F000_F0F0_F0F0 == 0x0030_3000_3030_3030,
      (w &+ 0x0006_0600_0606_0606) & 0x00F0_F000_F0F0_F0F0 == 0x0030_3000_3030_3030,
      v & 0xFF00_00FF == 0x2200_002D, v & 0x00F0_F000 == 0x0030_3000,
      (v &+ 0x0006_0600) & 0x00F0_F000 == 0x0030_3000
    else { return nil }
    // The year's digits in pairs (each pair's tens times ten plus its units), then the pairs.
    let pairs = (w & 0x0F0F_0F0F) &* 10 &+ (w >> 8 & 0x000F_000F)
    let year = Int(pairs & 0xFF) &* 100 &+ Int(pairs >> 16 & 0xFF)
    let month = Int(w >> 40 & 0xF) &* 10 &+ Int(w >> 48 & 0xF)
    let day = Int(v >> 8 & 0xF) &* 10 &+ Int(v >> 16 & 0xF)
    guard year >= 1, month >= 1, month <= 12, day >= 1, day <= 28 || day <= LocalDate.daysIn(month: month, year: year)
    else { return nil }
    return LocalDate(dayNumber: dayNumber(year: year, month: month, day: day))
  }

  /// `LocalDate.dayNumber(year:month:day:)` for the years 1 to 9999, in unsigned arithmetic
  /// (the same days: Hinnant's days_from_civil with the eras folded in).
  @inline(__always) static func dayNumber(year: Int, month: Int, day: Int) -> Int {
    let y = UInt32(truncatingIfNeeded: month <= 2 ? year - 1 : year)
    let mp = UInt32(truncatingIfNeeded: month > 2 ? month - 3 : month + 9)
    let doy = (153 &* mp &+ 2) / 5 &+ UInt32(truncatingIfNeeded: day) &- 1
    let days = y &* 365 &+ y / 4 &- y / 100 &+ y / 400 &+ doy
    return Int(days) - 719_468
  }

  /// A country code (`RU`): any string, as for every open vocabulary. The rule book checks it
  /// against its country vocabulary when it evaluates, with the same error as for an
  /// `Application` built in Swift (`Evaluator.checkCountries`).
  @inline(__always) mutating func country() throws(VisaRulesError) -> CountryCode {
    // The usual form, two capital letters: one of the codes made once, no string made.
    if json.index < json.bytes.count &- 3, let base = json.bytes.baseAddress, base[json.index] == UInt8(ascii: "\"") {
      let p = base + json.index
      let a = p[1] &- UInt8(ascii: "A"), b = p[2] &- UInt8(ascii: "A")
      if a < 26 && b < 26 && p[3] == UInt8(ascii: "\"") {
        json.index &+= 4
        return CountryCode.twoLetterCodes[Int(a) &* 26 &+ Int(b)]
      }
    }
    return try anyCountry()
  }

  /// A country code in any other form than the usual one (white space before it, escapes, any
  /// string).
  @inline(never) mutating func anyCountry() throws(VisaRulesError) -> CountryCode {
    let start = json.index
    if let (p, n) = plainString(), n == 2 {
      let a = p[0] &- UInt8(ascii: "A"), b = p[1] &- UInt8(ascii: "A")
      if a < 26 && b < 26 { return CountryCode.twoLetterCodes[Int(a) * 26 + Int(b)] }
    }
    json.index = start
    return CountryCode(rawValue: try string())
  }

  @inline(__always) mutating func enumeration<E>(_ table: ContractEnumeration<E>) throws(VisaRulesError) -> E {
    // The usual case, a known value without escapes: matched on the bytes in place, with its
    // closing quote (no scan for the end, no string made).
    if json.index < json.bytes.count, let base = json.bytes.baseAddress, base[json.index] == UInt8(ascii: "\""),
      let (e, n) = table.quoted(at: base + (json.index &+ 1), available: json.bytes.count &- json.index &- 1)
    {
      json.index &+= n &+ 2
      return e
    }
    return try anyEnumeration(table)
  }

  /// A value of an enumeration in any other form than the usual one (white space before it,
  /// escapes), or the error for a value it does not have.
  @inline(never) mutating func anyEnumeration<E>(_ table: ContractEnumeration<E>) throws(VisaRulesError) -> E {
    if peek() == UInt8(ascii: "\""), let base = json.bytes.baseAddress,
      let (e, n) = table.quoted(at: base + (json.index &+ 1), available: json.bytes.count &- json.index &- 1)
    {
      json.index &+= n &+ 2
      return e
    }
    let s = try string()
    guard let e = E(rawValue: s) else {
      throw invalid(
        .unknownValue, value: s, message: "unknown value \"\(s)\"",
        allowed: table.values.names.joined(separator: ", "))
    }
    return e
  }

  @inline(__always) mutating func bool() throws(VisaRulesError) -> Bool {
    // The usual case, no white space before it, read as one word.
    if json.index < json.bytes.count &- 4, let base = json.bytes.baseAddress {
      let w = UInt32(littleEndian: UnsafeRawPointer(base + json.index).loadUnaligned(as: UInt32.self))
      if w == 0x6575_7274 {  // "true"
        json.index &+= 4
        return true
      }
      if w == 0x736C_6166 && base[json.index &+ 4] == UInt8(ascii: "e") {  // "fals" + "e"
        json.index &+= 5
        return false
      }
    }
    return try anyBool()
  }

  /// A boolean in any other form than the usual one (white space before it), or the error.
  @inline(never) mutating func anyBool() throws(VisaRulesError) -> Bool {
    let c = peek()
    guard c == UInt8(ascii: "t") || c == UInt8(ascii: "f") else { throw mismatch(expected: "true or false") }
    // The usual case, read as one word.
    if json.bytes.count - json.index >= 5, let base = json.bytes.baseAddress {
      let w = UnsafeRawPointer(base + json.index).loadUnaligned(as: UInt32.self)
      if w == 0x6575_7274 {  // "true"
        json.index += 4
        return true
      }
      if w == 0x736C_6166 && base[json.index + 4] == UInt8(ascii: "e") {  // "fals" + "e"
        json.index += 5
        return false
      }
    }
    do throws(JSONSyntaxError) {
      try json.expectWord(c == UInt8(ascii: "t") ? "true" : "false")
    } catch {
      throw syntaxError(error)
    }
    return c == UInt8(ascii: "t")
  }

  /// An identifier echoed verbatim: a string or a number, as a JSON fragment in the form the
  /// decision writes it (`17`, `"A-17"`).
  mutating func idFragment() throws(VisaRulesError) -> String {
    let c = peek()
    if c == UInt8(ascii: "\"") {
      return try stringBytes { b in
        // Printable ASCII without quote or backslash is written as it stands.
        if b.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) {
          return "\"" + String(decoding: b, as: UTF8.self) + "\""
        }
        var w = JSONWriter()
        w.string(String(decoding: b, as: UTF8.self))
        return w.text
      }
    }
    guard c == UInt8(ascii: "-") || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) else {
      throw mismatch(expected: "a string or a number")
    }
    let start = json.index
    // The usual id, a whole number of up to 15 digits without a leading zero: its digits as
    // they stand (what the general path below gives for it), no number parsed.
    if let base = json.bytes.baseAddress, c != UInt8(ascii: "-") {
      let end = json.bytes.count
      var i = start
      while i < end && base[i] &- UInt8(ascii: "0") < 10 { i += 1 }
      let n = i - start
      let next = i < end ? base[i] : 0
      if n <= 15, n == 1 || c != UInt8(ascii: "0"), next != UInt8(ascii: "."), next != UInt8(ascii: "e"),
        next != UInt8(ascii: "E")
      {
        json.index = i
        return String(decoding: UnsafeBufferPointer(start: base + start, count: n), as: UTF8.self)
      }
    }
    // Any other number (negative, fractional, with an exponent, longer): as the writer
    // writes the number it reads.
    let n: Double
    do throws(JSONSyntaxError) { n = try json.parseNumber() } catch { throw syntaxError(error) }
    var w = JSONWriter()
    w.double(n)
    return w.text
  }
}
