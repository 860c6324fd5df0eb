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
