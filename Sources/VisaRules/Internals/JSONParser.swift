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

  mutating func parseObject(depth: Int) throws(JSONSyntaxError) -> [JSONMember] {
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

  mutating func parseArray(depth: Int) throws(JSONSyntaxError) -> [JSONValue] {
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

  mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
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
