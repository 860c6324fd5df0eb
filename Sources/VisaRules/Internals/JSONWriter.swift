/// Writes compact or indented JSON into a byte buffer, with no intermediate objects.
struct JSONWriter {
  var bytes: [UInt8] = []
  private var indent: Int?
  private var level = 0
  private var needsComma = false

  /// A writer for compact JSON (`indent == nil`) or JSON indented by `indent` spaces.
  init(indent: Int? = nil, capacity: Int = 512) {
    self.indent = indent
    bytes.reserveCapacity(capacity)
  }

  var text: String { String(decoding: bytes, as: UTF8.self) }

  /// Forgets the nesting state (not the bytes), so a new top-level value can follow.
  mutating func resetState() {
    level = 0
    needsComma = false
    pendingValue = false
  }

  private mutating func newline() {
    guard let indent else { return }
    bytes.append(0x0A)
    for _ in 0..<(level * indent) { bytes.append(0x20) }
  }

  private mutating func separate() {
    if needsComma { bytes.append(UInt8(ascii: ",")) }
    if level > 0 { newline() }
    needsComma = true
  }

  mutating func beginObject() {
    beforeScalar()
    bytes.append(UInt8(ascii: "{"))
    level += 1
    needsComma = false
  }

  mutating func endObject() {
    level -= 1
    if needsComma { newline() }
    bytes.append(UInt8(ascii: "}"))
    needsComma = true
  }

  mutating func beginArray() {
    beforeScalar()
    bytes.append(UInt8(ascii: "["))
    level += 1
    needsComma = false
  }

  mutating func endArray() {
    level -= 1
    if needsComma { newline() }
    bytes.append(UInt8(ascii: "]"))
    needsComma = true
  }

  /// Writes `"key":` for a literal key (no escaping needed) and leaves the writer ready.
  mutating func key(_ key: StaticString) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    bytes.append(contentsOf: UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
    bytes.append(UInt8(ascii: "\""))
    bytes.append(UInt8(ascii: ":"))
    if indent != nil { bytes.append(0x20) }
    pendingValue = true
  }

  /// Writes `"key":` and leaves the writer ready for the value.
  mutating func key(_ key: String) {
    separate()
    appendEscaped(key)
    bytes.append(UInt8(ascii: ":"))
    if indent != nil { bytes.append(0x20) }
    pendingValue = true
  }

  private var pendingValue = false

  private mutating func beforeScalar() {
    if pendingValue {
      pendingValue = false
    } else {
      separate()
    }
    needsComma = true
  }

  mutating func string(_ s: String) {
    beforeScalar()
    appendEscaped(s)
  }

  /// Opens a string value (its content follows; ``JSONSink/endString()`` closes it).
  mutating func openString() {
    beforeScalar()
    bytes.append(UInt8(ascii: "\""))
  }

  mutating func string(_ s: String?) {
    if let s { string(s) } else { null() }
  }

  mutating func date(_ d: LocalDate?) {
    guard let d else { return null() }
    beforeScalar()
    bytes.append(UInt8(ascii: "\""))
    d.appendISO(to: &bytes)
    bytes.append(UInt8(ascii: "\""))
  }

  mutating func int(_ v: Int?) {
    guard let v else { return null() }
    beforeScalar()
    appendInt(v)
  }

  /// Writes an amount held in cents as a JSON number (`35`, `35.5`, `35.25`).
  mutating func cents(_ v: Int?) {
    guard let v else { return null() }
    beforeScalar()
    var value = v
    if value < 0 {
      bytes.append(UInt8(ascii: "-"))
      value = -value
    }
    appendInt(value / 100)
    let fraction = value % 100
    if fraction != 0 {
      bytes.append(UInt8(ascii: "."))
      bytes.append(UInt8(48 + fraction / 10))
      if fraction % 10 != 0 { bytes.append(UInt8(48 + fraction % 10)) }
    }
  }

  mutating func double(_ v: Double) {
    beforeScalar()
    if v == v.rounded(), abs(v) < 1e15 {
      appendInt(Int(v))
    } else {
      bytes.append(contentsOf: Array(String(v).utf8))
    }
  }

  mutating func bool(_ v: Bool) {
    beforeScalar()
    bytes.append(contentsOf: v ? Array("true".utf8) : Array("false".utf8))
  }

  mutating func null() {
    beforeScalar()
    bytes.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
  }

  /// Writes already-encoded JSON bytes as one value.
  mutating func raw(_ json: [UInt8]) {
    beforeScalar()
    bytes.append(contentsOf: json)
  }

  private mutating func appendInt(_ v: Int) {
    if v < 0 {
      bytes.append(UInt8(ascii: "-"))
      appendInt(-v)
      return
    }
    if v < 10 {
      bytes.append(UInt8(48 + v))
      return
    }
    var digits:
      (
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
        UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8
      ) =
        (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var n = v
    var count = 0
    withUnsafeMutableBytes(of: &digits) { buffer in
      while n > 0 {
        buffer[count] = UInt8(48 + n % 10)
        n /= 10
        count += 1
      }
      for i in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[i]) }
    }
  }

  private mutating func appendEscaped(_ s: String) {
    bytes.append(UInt8(ascii: "\""))
    var s = s
    let clean = s.withUTF8 { utf8 -> Bool in
      for c in utf8 where c < 0x20 || c == 0x22 || c == 0x5C { return false }
      bytes.append(contentsOf: utf8)
      return true
    }
    if clean {
      bytes.append(UInt8(ascii: "\""))
      return
    }
    for c in s.utf8 {
      switch c {
      case UInt8(ascii: "\""): bytes.append(0x5C); bytes.append(c)
      case UInt8(ascii: "\\"): bytes.append(0x5C); bytes.append(c)
      case 0x0A: bytes.append(0x5C); bytes.append(UInt8(ascii: "n"))
      case 0x0D: bytes.append(0x5C); bytes.append(UInt8(ascii: "r"))
      case 0x09: bytes.append(0x5C); bytes.append(UInt8(ascii: "t"))
      case 0..<0x20:
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        bytes.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]])
      default: bytes.append(c)
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }
}
