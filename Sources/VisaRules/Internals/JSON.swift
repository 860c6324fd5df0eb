/// A parsed JSON value that remembers where it stood in its source (a byte offset), so that
/// errors in an application or a rule file can name the line and column.
struct JSONValue: Sendable {
  enum Kind: Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])
  }

  var kind: Kind
  /// Byte offset of the value's first character in the source.
  var offset: Int

  subscript(key: String) -> JSONValue? {
    guard case .object(let members) = kind else { return nil }
    let count = key.utf8.count
    for member in members where member.key.utf8.count == count && member.key == key { return member.value }
    return nil
  }

  var members: [JSONMember]? {
    if case .object(let m) = kind { return m }
    return nil
  }

  var elements: [JSONValue]? {
    if case .array(let a) = kind { return a }
    return nil
  }

  var string: String? {
    if case .string(let s) = kind { return s }
    return nil
  }

  var number: Double? {
    if case .number(let n) = kind { return n }
    return nil
  }

  var bool: Bool? {
    if case .bool(let b) = kind { return b }
    return nil
  }

  var isNull: Bool {
    if case .null = kind { return true }
    return false
  }

  /// A short name of the value's JSON type, for error messages.
  var typeName: String {
    switch kind {
    case .null: return "null"
    case .bool: return "a boolean"
    case .number: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

extension Array where Element == String {
  /// Whether the list holds `key` (lengths compared first: most keys differ in length).
  func containsKey(_ key: String) -> Bool {
    let count = key.utf8.count
    for k in self where k.utf8.count == count && k == key { return true }
    return false
  }
}

/// One `"key": value` pair of a JSON object, in source order.
struct JSONMember: Sendable {
  var key: String
  var keyOffset: Int
  var value: JSONValue
}

/// A JSON syntax error at a byte offset of the source.
struct JSONSyntaxError: Error, Sendable {
  var offset: Int
  var message: String
}

/// A strict RFC 8259 JSON parser over UTF-8 bytes (no trailing commas, no comments, no NaN).
struct JSONParser {
  static let maximumDepth = 200

  /// Parses one JSON value that must fill `bytes` (white space around it allowed).
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONSyntaxError) -> JSONValue {
    var parser = JSONParser(bytes: bytes)
    parser.skipWhitespace()
    let value = try parser.parseValue(depth: 0)
    parser.skipWhitespace()
    if parser.index < bytes.count {
      throw JSONSyntaxError(
        offset: parser.index, message: "unexpected \(parser.describe(parser.index)) after the JSON value")
    }
    return value
  }

  static func parse(_ text: String) throws(JSONSyntaxError) -> JSONValue {
    var copy = text
    let result: Result<JSONValue, JSONSyntaxError> = copy.withUTF8 { buffer in
      do throws(JSONSyntaxError) { return .success(try parse(buffer)) } catch { return .failure(error) }
    }
    return try result.get()
  }

  let bytes: UnsafeBufferPointer<UInt8>
  var index = 0

  init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  func describe(_ i: Int) -> String {
    guard i < bytes.count else { return "end of input" }
    let c = bytes[i]
    if c >= 0x20 && c < 0x7F { return "character '\(Character(Unicode.Scalar(c)))'" }
    return "byte 0x" + String(c, radix: 16)
  }

  mutating func skipWhitespace() {
    while index < bytes.count {
      switch bytes[index] {
      case 0x20, 0x0A, 0x0D, 0x09: index += 1
      default: return
      }
    }
  }

  mutating func parseValue(depth: Int) throws(JSONSyntaxError) -> JSONValue {
    guard index < bytes.count else {
      throw JSONSyntaxError(offset: index, message: "unexpected end of input, expected a value")
    }
    let start = index
    switch bytes[index] {
    case UInt8(ascii: "{"):
      guard depth < JSONParser.maximumDepth else {
        throw JSONSyntaxError(offset: index, message: "nesting deeper than \(JSONParser.maximumDepth) levels")
      }
      return JSONValue(kind: .object(try parseObject(depth: depth + 1)), offset: start)
    case UInt8(ascii: "["):
      guard depth < JSONParser.maximumDepth else {
        throw JSONSyntaxError(offset: index, message: "nesting deeper than \(JSONParser.maximumDepth) levels")
      }
      return JSONValue(kind: .array(try parseArray(depth: depth + 1)), offset: start)
    case UInt8(ascii: "\""):
      return JSONValue(kind: .string(try parseString()), offset: start)
    case UInt8(ascii: "t"):
      try expectWord("true")
      return JSONValue(kind: .bool(true), offset: start)
    case UInt8(ascii: "f"):
      try expectWord("false")
      return JSONValue(kind: .bool(false), offset: start)
    case UInt8(ascii: "n"):
      try expectWord("null")
      return JSONValue(kind: .null, offset: start)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
      return JSONValue(kind: .number(try parseNumber()), offset: start)
    default:
      throw JSONSyntaxError(offset: index, message: "unexpected \(describe(index)), expected a value")
    }
  }

  mutating func expectWord(_ word: StaticString) throws(JSONSyntaxError) {
    let count = word.utf8CodeUnitCount
    let start = word.utf8Start
    guard index + count <= bytes.count else {
      throw JSONSyntaxError(offset: index, message: "unexpected end of input, expected '\(word)'")
    }
    for i in 0..<count where bytes[index + i] != start[i] {
      throw JSONSyntaxError(offset: index, message: "invalid literal, expected '\(word)'")
    }
    index += count
  }

  private mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> [JSONMember] {
    index += 1
    var members: [JSONMember] = []
    // Keys seen so far, once an object has more than a few: comparing each new key with every
    // earlier one made a line of 50,000 keys take minutes.
    var keys: Set<String>?
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
      index += 1
      return members
    }
    while true {
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
        throw JSONSyntaxError(offset: index, message: "unexpected \(describe(index)), expected a key in double quotes")
      }
      let keyOffset = index
      let key = try parseString()
      let keyBytes = key.utf8.count
      skipWhitespace()
      guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
        throw JSONSyntaxError(offset: index, message: "unexpected \(describe(index)), expected ':' after key \"\(key)\"")
      }
      index += 1
      skipWhitespace()
      let value = try parseValue(depth: depth)
      if keys == nil && members.count >= 16 { keys = Set(members.map(\.key)) }
      if keys != nil {
        if !keys!.insert(key).inserted { throw JSONSyntaxError(offset: keyOffset, message: "duplicate key \"\(key)\"") }
      } else {
        for m in members where m.key.utf8.count == keyBytes && m.key == key {
          throw JSONSyntaxError(offset: keyOffset, message: "duplicate key \"\(key)\"")
        }
      }
      members.append(JSONMember(key: key, keyOffset: keyOffset, value: value))
      skipWhitespace()
      guard index < bytes.count else {
        throw JSONSyntaxError(offset: index, message: "unexpected end of input, expected ',' or '}'")
      }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "}") {
        index += 1
        return members
      }
      throw JSONSyntaxError(offset: index, message: "unexpected \(describe(index)), expected ',' or '}'")
    }
  }

  private mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> [JSONValue] {
    index += 1
    var elements: [JSONValue] = []
    skipWhitespace()
    if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
      index += 1
      return elements
    }
    while true {
      skipWhitespace()
      elements.append(try parseValue(depth: depth))
      skipWhitespace()
      guard index < bytes.count else {
        throw JSONSyntaxError(offset: index, message: "unexpected end of input, expected ',' or ']'")
      }
      if bytes[index] == UInt8(ascii: ",") {
        index += 1
        continue
      }
      if bytes[index] == UInt8(ascii: "]") {
        index += 1
        return elements
      }
      throw JSONSyntaxError(offset: index, message: "unexpected \(describe(index)), expected ',' or ']'")
    }
  }

  mutating func parseString() throws(JSONSyntaxError) -> String {
    let open = index
    index += 1
    let start = index
    // Fast path: no escapes. Eight bytes at a time to the first quote, backslash or control
    // character.
    if let base = bytes.baseAddress {
      while bytes.count - index >= 8 {
        let x = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
        let q = x ^ 0x2222_2222_2222_2222
        let b = x ^ 0x5C5C_5C5C_5C5C_5C5C
        let ones: UInt64 = 0x0101_0101_0101_0101
        let found = ((q &- ones) & ~q | (b &- ones) & ~b | (x &- 0x2020_2020_2020_2020) & ~x) & 0x8080_8080_8080_8080
        if found != 0 {
          index += found.trailingZeroBitCount >> 3
          break
        }
        index += 8
      }
    }
    while index < bytes.count {
      let c = bytes[index]
      if c == UInt8(ascii: "\"") {
        let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        index += 1
        return s
      }
      if c == UInt8(ascii: "\\") { break }
      if c < 0x20 {
        throw JSONSyntaxError(offset: index, message: "control character in a string (escape it)")
      }
      index += 1
    }
    var scalars: [UInt8] = Array(UnsafeBufferPointer(rebasing: bytes[start..<index]))
    while index < bytes.count {
      let c = bytes[index]
      if c == UInt8(ascii: "\"") {
        index += 1
        return String(decoding: scalars, as: UTF8.self)
      }
      if c < 0x20 {
        throw JSONSyntaxError(offset: index, message: "control character in a string (escape it)")
      }
      if c != UInt8(ascii: "\\") {
        scalars.append(c)
        index += 1
        continue
      }
      index += 1
      guard index < bytes.count else { break }
      let e = bytes[index]
      index += 1
      switch e {
      case UInt8(ascii: "\""): scalars.append(0x22)
      case UInt8(ascii: "\\"): scalars.append(0x5C)
      case UInt8(ascii: "/"): scalars.append(0x2F)
      case UInt8(ascii: "b"): scalars.append(0x08)
      case UInt8(ascii: "f"): scalars.append(0x0C)
      case UInt8(ascii: "n"): scalars.append(0x0A)
      case UInt8(ascii: "r"): scalars.append(0x0D)
      case UInt8(ascii: "t"): scalars.append(0x09)
      case UInt8(ascii: "u"):
        var code = try hex4()
        if (0xD800..<0xDC00).contains(code) {
          guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u")
          else { throw JSONSyntaxError(offset: index, message: "unpaired UTF-16 surrogate in \\u escape") }
          index += 2
          let low = try hex4()
          guard (0xDC00..<0xE000).contains(low) else {
            throw JSONSyntaxError(offset: index, message: "unpaired UTF-16 surrogate in \\u escape")
          }
          code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
        } else if (0xDC00..<0xE000).contains(code) {
          throw JSONSyntaxError(offset: index, message: "unpaired UTF-16 surrogate in \\u escape")
        }
        guard let scalar = Unicode.Scalar(code) else {
          throw JSONSyntaxError(offset: index, message: "invalid \\u escape")
        }
        scalars.append(contentsOf: Array(String(Character(scalar)).utf8))
      default:
        throw JSONSyntaxError(offset: index - 1, message: "invalid escape '\\\(Character(Unicode.Scalar(e)))' in a string")
      }
    }
    throw JSONSyntaxError(offset: open, message: "unterminated string")
  }

  private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
    guard index + 4 <= bytes.count else {
      throw JSONSyntaxError(offset: index, message: "incomplete \\u escape")
    }
    var v: UInt32 = 0
    for _ in 0..<4 {
      let c = bytes[index]
      let d: UInt32
      switch c {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c) - 48
      case UInt8(ascii: "a")...UInt8(ascii: "f"): d = UInt32(c) - 87
      case UInt8(ascii: "A")...UInt8(ascii: "F"): d = UInt32(c) - 55
      default: throw JSONSyntaxError(offset: index, message: "invalid hex digit in \\u escape")
      }
      v = v << 4 | d
      index += 1
    }
    return v
  }

  mutating func parseNumber() throws(JSONSyntaxError) -> Double {
    let start = index
    var isInteger = true
    if bytes[index] == UInt8(ascii: "-") { index += 1 }
    guard index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) else {
      throw JSONSyntaxError(offset: index, message: "invalid number")
    }
    if bytes[index] == UInt8(ascii: "0") {
      index += 1
    } else {
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      isInteger = false
      index += 1
      let digits = index
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
      guard index > digits else { throw JSONSyntaxError(offset: index, message: "invalid number: digits expected after '.'") }
    }
    if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
      isInteger = false
      index += 1
      if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
      let digits = index
      while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
      guard index > digits else { throw JSONSyntaxError(offset: index, message: "invalid number: digits expected in exponent") }
    }
    if isInteger, index - start <= 15 {
      var v = 0
      var i = start
      let negative = bytes[i] == UInt8(ascii: "-")
      if negative { i += 1 }
      while i < index {
        v = v * 10 + Int(bytes[i] - 48)
        i += 1
      }
      return Double(negative ? -v : v)
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    guard let value = Double(text), value.isFinite else {
      throw JSONSyntaxError(offset: start, message: "number out of range")
    }
    return value
  }
}

extension JSONParser {
  /// Parses a whole input document, reporting a syntax error as a ``VisaRulesError`` with its
  /// line and column.
  static func document(_ bytes: UnsafeBufferPointer<UInt8>) throws(VisaRulesError) -> JSONValue {
    do throws(JSONSyntaxError) {
      return try parse(bytes)
    } catch {
      let (line, column) = SourceLocator(bytes).location(of: error.offset)
      throw VisaRulesError(.malformedJSON, message: "malformed JSON at line \(line), column \(column): \(error.message)")
    }
  }
}

/// Converts byte offsets of a source text into 1-based line and column numbers.
struct SourceLocator: Sendable {
  private let lineStarts: [Int]

  init(_ bytes: UnsafeBufferPointer<UInt8>) {
    var starts = [0]
    if let base = bytes.baseAddress {
      var offset = 0
      while offset < bytes.count, let nl = Platform.find(0x0A, in: base + offset, count: bytes.count - offset) {
        offset = nl - UnsafeRawPointer(base) + 1
        starts.append(offset)
      }
    }
    lineStarts = starts
  }

  init(_ text: String) {
    var copy = text
    self = copy.withUTF8 { SourceLocator($0) }
  }

  /// The 1-based line and column (in bytes) of a byte offset.
  func location(of offset: Int) -> (line: Int, column: Int) {
    var lo = 0
    var hi = lineStarts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
    }
    return (lo + 1, offset - lineStarts[lo] + 1)
  }
}

extension JSONValue {
  /// The value as compact JSON text (members in source order), for handing a part of a tree
  /// to a reader of bytes.
  func write(to w: inout JSONWriter) {
    switch kind {
    case .null: w.null()
    case .bool(let b): w.bool(b)
    case .number(let n): w.double(n)
    case .string(let s): w.string(s)
    case .array(let elements):
      w.beginArray()
      for e in elements { e.write(to: &w) }
      w.endArray()
    case .object(let members):
      w.beginObject()
      for m in members {
        w.key(m.key)
        m.value.write(to: &w)
      }
      w.endObject()
    }
  }
}
