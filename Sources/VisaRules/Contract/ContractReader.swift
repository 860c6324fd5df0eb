/// Reads a document of the JSON contract from its bytes in one pass, one value at a time, with
/// no JSON tree: each object is read against its table of fields (``ContractObject``), and each
/// error is worded where it is found — the field's path (`applicant.travelDocument.expiry`),
/// the value found, what is allowed. The first problem in document order is the one reported.
///
/// Syntax errors are `malformedJSON` with the line and column; `null` counts as an absent field
/// where the field is optional, and is an error where it is required.
/// A field's error is made with its path relative to the value being read (`""`: this value)
/// and completed on the way out, key by key, so reading keeps no path.
struct ContractReader {
  /// The tokenizer over the bytes (its string, number and literal scanners).
  var json: JSONParser
  /// How many objects and arrays enclose the value being read.
  private var depth = 0
  /// The field the document is, inside a larger one (nil: the document itself).
  private let field: String?

  /// A reader of `bytes`, whose root value is the field `field` of a larger document (nil: the
  /// document itself), as errors name it.
  /// Strings already made, kept by a batch from line to line (nil: make every string).
  private let strings: UnsafeMutablePointer<StringCache>?

  init(_ bytes: UnsafeBufferPointer<UInt8>, field: String? = nil, strings: UnsafeMutablePointer<StringCache>? = nil) {
    json = JSONParser(bytes: bytes)
    self.field = field
    self.strings = strings
    if field != nil { depth = 1 }
  }

  // MARK: Errors

  /// A `malformedJSON` error at a byte offset of the document.
  func syntaxError(_ offset: Int, _ message: String) -> VisaRulesError {
    let (line, column) = SourceLocator(json.bytes).location(of: offset)
    return VisaRulesError(.malformedJSON, message: "malformed JSON at line \(line), column \(column): \(message)")
  }

  func syntaxError(_ e: JSONSyntaxError) -> VisaRulesError { syntaxError(e.offset, e.message) }

  /// An error for a value of the wrong JSON type at the cursor: a syntax error if the value is
  /// not well-formed JSON, else `invalidValue` ("expected …, found a number").
  mutating func mismatch(expected: String) -> VisaRulesError {
    json.skipWhitespace()
    let start = json.index
    do throws(JSONSyntaxError) {
      _ = try json.parseValue(depth: 1)
    } catch {
      return syntaxError(error)
    }
    let found: String
    switch json.bytes[start] {
    case UInt8(ascii: "{"): found = "an object"
    case UInt8(ascii: "["): found = "an array"
    case UInt8(ascii: "\""): found = "a string"
    case UInt8(ascii: "t"), UInt8(ascii: "f"): found = "a boolean"
    case UInt8(ascii: "n"): found = "null"
    default: found = "a number"
    }
    if depth == 0 {
      return VisaRulesError(.malformedJSON, message: "expected a JSON object (an application), found \(found)")
    }
    return VisaRulesError(.invalidValue, field: "", message: "expected \(expected), found \(found)")
  }

  /// An error about the value just read, naming the field.
  func invalid(
    _ kind: VisaRulesError.Kind, value: String, message: String, allowed: String
  ) -> VisaRulesError {
    VisaRulesError(kind, field: "", value: value, message: message, allowed: allowed)
  }

  // MARK: Tokens

  /// The byte at the cursor, white space included (0 at the end).
  @inline(__always) func byte() -> UInt8 {
    json.index < json.bytes.count ? json.bytes[json.index] : 0
  }

  /// The byte at the cursor after white space (0 at the end).
  @inline(__always) mutating func peek() -> UInt8 {
    json.skipWhitespace()
    return json.index < json.bytes.count ? json.bytes[json.index] : 0
  }

  /// Consumes `byte` after white space, or throws a syntax error naming what was expected.
  @inline(__always) mutating func expect(_ byte: UInt8, _ what: @autoclosure () -> String) throws(VisaRulesError) {
    guard peek() == byte else { throw unexpected(what()) }
    json.index += 1
  }

  func unexpected(_ expected: String) -> VisaRulesError {
    syntaxError(json.index, "unexpected \(json.describe(json.index)), expected \(expected)")
  }

  /// Consumes `null` if it stands at the cursor.
  @inline(__always) mutating func null() throws(VisaRulesError) -> Bool {
    guard peek() == UInt8(ascii: "n") else { return false }
    do throws(JSONSyntaxError) { try json.expectWord("null") } catch { throw syntaxError(error) }
    return true
  }

  /// The bytes of a string at the cursor (its content, escapes decoded), handed to `body`.
  @inline(__always) mutating func stringBytes<R>(
    expected: String = "a string", _ body: (UnsafeBufferPointer<UInt8>) throws(VisaRulesError) -> R
  ) throws(VisaRulesError) -> R {
    guard peek() == UInt8(ascii: "\"") else { throw mismatch(expected: expected) }
    let open = json.index
    let bytes = json.bytes
    var i = open + 1
    while i < bytes.count {
      let c = bytes[i]
      if c == UInt8(ascii: "\"") {
        json.index = i + 1
        return try body(UnsafeBufferPointer(rebasing: bytes[(open + 1)..<i]))
      }
      if c == UInt8(ascii: "\\") || c < 0x20 { break }
      i += 1
    }
    // Escapes, a control character or no closing quote: the tokenizer's full string reader.
    let text: String
    do throws(JSONSyntaxError) { text = try json.parseString() } catch { throw syntaxError(error) }
    var copy = text
    let result: Result<R, VisaRulesError> = copy.withUTF8 { b in
      do throws(VisaRulesError) { return .success(try body(b)) } catch { return .failure(error) }
    }
    return try result.get()
  }

  // MARK: Values

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

  // MARK: Structure

  /// Reads an object against its table of fields into `target`: unknown and duplicate keys
  /// and missing required fields are errors; `null` is an absent optional field (an error for a
  /// required one).
  mutating func object<T>(_ table: ContractObject<T>, into target: inout T) throws(VisaRulesError) {
    guard peek() == UInt8(ascii: "{") else { throw mismatch(expected: "an object") }
    json.index &+= 1
    var seen: UInt64 = 0
    // The field expected next: keys mostly come in the contract's order.
    var next = 0
    if peek() == UInt8(ascii: "}") {
      json.index &+= 1
    } else {
      while true {
        // The usual key: the one expected, not seen yet, `"name":` with no white space, matched
        // with its colon. Any other (``otherKey(_:hint:seen:)``) is read out of line.
        // The one after it is tried too (an optional field left out, two keys swapped).
        let at = json.index
        let index: Int
        if at < json.bytes.count, let base = json.bytes.baseAddress, base[at] == UInt8(ascii: "\""),
          let n = table.keys.expectedKey(next, at: base + (at &+ 1), available: json.bytes.count &- at &- 1),
          seen & (1 &<< UInt64(truncatingIfNeeded: next)) == 0
        {
          index = next
          json.index = at &+ n &+ 1
        } else if at < json.bytes.count, let base = json.bytes.baseAddress, base[at] == UInt8(ascii: "\""),
          let n = table.keys.expectedKey(next &+ 1, at: base + (at &+ 1), available: json.bytes.count &- at &- 1),
          seen & (1 &<< UInt64(truncatingIfNeeded: next &+ 1)) == 0
        {
          index = next &+ 1
          json.index = at &+ n &+ 1
        } else {
          index = try otherKey(table, hint: next, seen: seen)
        }
        let bit: UInt64 = 1 &<< UInt64(truncatingIfNeeded: index)
        seen |= bit
        next = index &+ 1
        // `null` (or white space before the value, where `null()` looks further).
        let first = byte()
        if first == UInt8(ascii: "n") || first <= 0x20, try null() {
          try absent(table, index)
          seen &= ~bit  // null: absent, as if not given
        } else {
          depth &+= 1
          do throws(VisaRulesError) {
            try table.fields[index].read(&self, &target)
          } catch {
            throw error.under(key: table.names[index])
          }
          depth &-= 1
        }
        let c = byte()
        json.index &+= 1
        if c == UInt8(ascii: ",") { continue }
        if c == UInt8(ascii: "}") { break }
        json.index &-= 1
        if try !memberEnd() { break }
      }
    }
    if seen & table.requiredMask != table.requiredMask {
      for i in 0..<table.fields.count where table.fields[i].required && seen & (1 << UInt64(i)) == 0 {
        throw VisaRulesError(.missingField, field: table.names[i], message: "required field is missing")
      }
    }
  }

  /// Reads a key other than the usual one (another key, white space, escapes, a duplicate, a key
  /// the contract does not define) with its colon: the field's index, or the error.
  @inline(never)
  mutating func otherKey<T>(_ table: ContractObject<T>, hint next: Int, seen: UInt64) throws(VisaRulesError) -> Int {
    // The usual layout (no white space) is read byte by byte; `peek()` skips white space.
    guard byte() == UInt8(ascii: "\"") || peek() == UInt8(ascii: "\"") else {
      throw unexpected("a key in double quotes")
    }
    let keyOffset = json.index
    let index: Int
    // A key with its colon; otherwise the colon is read after the duplicate check.
    var colonRead = false
    if let base = json.bytes.baseAddress,
      let (k, n) = table.keys.key(at: base + (keyOffset &+ 1), available: json.bytes.count &- keyOffset &- 1)
    {
      index = k
      json.index = keyOffset &+ n &+ 1
      colonRead = true
    } else if let base = json.bytes.baseAddress,
      let (k, n) = table.keys.quoted(at: base + (keyOffset &+ 1), available: json.bytes.count &- keyOffset &- 1, hint: next)
    {
      index = k
      json.index = keyOffset &+ n &+ 2
    } else {
      // Escapes in the key, or a key the contract does not define.
      guard let k = try stringBytes({ b in b.baseAddress.flatMap { table.keys.index(of: $0, count: b.count) } }) else {
        json.index = keyOffset
        throw VisaRulesError(
          .unknownField, field: try string(), message: "field not defined by the contract",
          allowed: table.names.joined(separator: ", "))
      }
      index = k
    }
    if seen & (1 &<< UInt64(truncatingIfNeeded: index)) != 0 {
      throw syntaxError(keyOffset, "duplicate key \"\(table.names[index])\"")
    }
    if colonRead {
    } else if byte() == UInt8(ascii: ":") {
      json.index &+= 1
    } else {
      try expect(UInt8(ascii: ":"), "':' after key \"\(table.names[index])\"")
    }
    return index
  }

  /// A `null` read for field `index`: an error if the field is required (an absent optional
  /// field otherwise).
  @inline(never)
  func absent<T>(_ table: ContractObject<T>, _ index: Int) throws(VisaRulesError) {
    if table.fields[index].required {
      throw VisaRulesError(
        .invalidValue, field: table.names[index], value: "null",
        message: "null is not allowed: the field is required", allowed: "a value (see the contract)")
    }
  }

  /// After a member's value, where neither `,` nor `}` follows at once: white space, then `,`
  /// (true) or `}` (false), or the error.
  @inline(never)
  mutating func memberEnd() throws(VisaRulesError) -> Bool {
    let c = peek()
    json.index &+= 1
    if c == UInt8(ascii: ",") { return true }
    if c == UInt8(ascii: "}") { return false }
    json.index &-= 1
    throw unexpected("',' or '}'")
  }

  /// Reads an array, calling `element` for each element with the reader at it.
  mutating func array(
    expected: String = "an array", _ element: (inout ContractReader, Int) throws(VisaRulesError) -> Void
  ) throws(VisaRulesError) {
    guard peek() == UInt8(ascii: "[") else { throw mismatch(expected: expected) }
    json.index += 1
    if peek() == UInt8(ascii: "]") {
      json.index += 1
      return
    }
    var i = 0
    while true {
      depth += 1
      do throws(VisaRulesError) {
        try element(&self, i)
      } catch {
        throw error.under(index: i)
      }
      depth -= 1
      i += 1
      let c = peek()
      json.index += 1
      if c == UInt8(ascii: ",") { continue }
      if c == UInt8(ascii: "]") { return }
      json.index -= 1
      throw unexpected("',' or ']'")
    }
  }

  /// Reads a whole document: one value read by `body`, then only white space.
  mutating func document(_ body: (inout ContractReader) throws(VisaRulesError) -> Void) throws(VisaRulesError) {
    if peek() == 0 && json.index >= json.bytes.count {
      throw syntaxError(json.index, "unexpected end of input, expected a value")
    }
    do throws(VisaRulesError) {
      try body(&self)
    } catch {
      throw field.map { error.under(key: $0) } ?? error
    }
    json.skipWhitespace()
    if json.index < json.bytes.count {
      throw syntaxError(json.index, "unexpected \(json.describe(json.index)) after the JSON value")
    }
  }
}

extension VisaRulesError {
  /// The error of a field read inside `key`: its path gets `key` in front.
  func under(key: String) -> VisaRulesError {
    guard let f = field else { return self }
    var e = self
    e.field = f.isEmpty ? key : f.hasPrefix("[") ? key + f : key + "." + f
    return e
  }

  /// The error of a value read inside element `index` of an array.
  func under(index: Int) -> VisaRulesError {
    guard let f = field else { return self }
    var e = self
    e.field = f.isEmpty ? "[\(index)]" : f.hasPrefix("[") ? "[\(index)]" + f : "[\(index)]." + f
    return e
  }
}
