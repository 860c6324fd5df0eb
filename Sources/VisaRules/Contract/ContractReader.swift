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
  var depth = 0
  /// The field the document is, inside a larger one (nil: the document itself).
  let field: String?
  /// Strings already made, kept by a batch from line to line (nil: make every string).
  let strings: UnsafeMutablePointer<StringCache>?

  /// A reader of `bytes`, whose root value is the field `field` of a larger document (nil: the
  /// document itself), as errors name it.
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
}
