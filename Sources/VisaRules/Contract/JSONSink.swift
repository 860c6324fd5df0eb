/// Where the contract's encoders write JSON: the indented or compact ``JSONWriter`` (a decision
/// for a caller, a file) or ``CompactJSON`` over a ``ByteBuffer`` (the batch path). The encoders
/// (``DecisionEncoder``) decide keys, order and values; a sink only knows how to spell them.
protocol JSONSink {
  /// The fixed parts of trace entries, written once per rule book; `nil`: write every field.
  var traceFragments: TraceFragments? { get }
  mutating func beginObject()
  mutating func endObject()
  mutating func beginArray()
  mutating func endArray()
  /// `"key":` for a literal key, leaving the sink ready for the value.
  mutating func key(_ key: StaticString)
  mutating func null()
  mutating func bool(_ v: Bool)
  mutating func int(_ v: Int)
  /// An amount in cents as a JSON number (`35`, `67.5`).
  mutating func cents(_ v: Int)
  /// A date as a JSON string (`"2024-06-11"`).
  mutating func date(_ d: LocalDate)
  mutating func string(_ s: String)
  /// A string value known at compile time, with nothing to escape.
  mutating func literal(_ s: StaticString)
  /// A value already encoded as JSON (an escaped fragment, an application's id).
  mutating func raw(_ p: UnsafePointer<UInt8>, _ n: Int)
  /// How many bytes the sink has written to its one buffer, to write some again with
  /// ``rewrite(from:to:)``; `nil`: the sink does not keep them there (a projection).
  var written: Int? { get }
  /// Writes again, as the next value, the bytes it wrote from `start` to `end` (``written``
  /// before and after a value and what follows it in its object).
  mutating func rewrite(from start: Int, to end: Int)
  /// A string value written in pieces: ``beginString()``, then ``stringContent(_:)``,
  /// ``escapedContent(_:_:)``, ``dateContent(_:)``, then ``endString()``.
  mutating func beginString()
  /// Text to escape into the open string.
  mutating func stringContent(_ s: String)
  /// UTF-8 bytes to escape into the open string.
  mutating func stringContent(_ p: UnsafePointer<UInt8>, _ n: Int)
  /// Text already escaped for a JSON string, without quotes.
  mutating func escapedContent(_ p: UnsafePointer<UInt8>, _ n: Int)
  mutating func dateContent(_ d: LocalDate)
  mutating func intContent(_ n: Int)
  mutating func endString()
}

extension JSONSink {
  var traceFragments: TraceFragments? { nil }
  var written: Int? { nil }
  mutating func rewrite(from start: Int, to end: Int) { preconditionFailure("rewrite without written bytes") }

  @inline(__always) mutating func string(_ s: String?) {
    if let s { string(s) } else { null() }
  }

  @inline(__always) mutating func int(_ v: Int?) {
    if let v { int(v) } else { null() }
  }

  @inline(__always) mutating func date(_ d: LocalDate?) {
    if let d { date(d) } else { null() }
  }
}

extension JSONWriter: JSONSink {
  mutating func int(_ v: Int) { int(Optional(v)) }
  mutating func cents(_ v: Int) { cents(Optional(v)) }
  mutating func date(_ d: LocalDate) { date(Optional(d)) }

  mutating func literal(_ s: StaticString) {
    beginString()
    bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    endString()
  }

  mutating func raw(_ p: UnsafePointer<UInt8>, _ n: Int) {
    raw(Array(UnsafeBufferPointer(start: p, count: n)))
  }

  mutating func beginString() {
    openString()
  }

  mutating func stringContent(_ s: String) {
    var buffer = ByteBuffer(capacity: 64)
    buffer.escaped(s)
    bytes.append(contentsOf: UnsafeBufferPointer(start: buffer.base, count: buffer.count))
    buffer.free()
  }

  mutating func stringContent(_ p: UnsafePointer<UInt8>, _ n: Int) {
    stringContent(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
  }

  mutating func escapedContent(_ p: UnsafePointer<UInt8>, _ n: Int) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: p, count: n))
  }

  mutating func dateContent(_ d: LocalDate) { d.appendISO(to: &bytes) }

  mutating func intContent(_ n: Int) { bytes.append(contentsOf: Array(String(n).utf8)) }

  mutating func endString() { bytes.append(UInt8(ascii: "\"")) }
}

/// Compact JSON over a ``ByteBuffer``, with no checks beyond commas: the batch path's sink.
struct CompactJSON: JSONSink {
  var out: ByteBuffer
  /// Set by the traced batch path (its entries come straight from the engine).
  var traceFragments: TraceFragments?
  private var needsComma = false
  private var pendingValue = false

  init(_ out: ByteBuffer) { self.out = out }

  @inline(__always) private mutating func beforeValue() {
    if pendingValue {
      pendingValue = false
    } else if needsComma {
      out.append(UInt8(ascii: ","))
    }
    needsComma = true
  }

  @inline(__always) mutating func beginObject() {
    beforeValue()
    out.append(UInt8(ascii: "{"))
    needsComma = false
  }

  @inline(__always) mutating func endObject() {
    out.append(UInt8(ascii: "}"))
    needsComma = true
  }

  @inline(__always) mutating func beginArray() {
    beforeValue()
    out.append(UInt8(ascii: "["))
    needsComma = false
  }

  @inline(__always) mutating func endArray() {
    out.append(UInt8(ascii: "]"))
    needsComma = true
  }

  /// `,"key":` (the comma where one is due), in one reservation.
  @inline(__always) mutating func key(_ key: StaticString) {
    let n = key.utf8CodeUnitCount
    out.reserve(n + 4)
    if needsComma { out.appendUnchecked(UInt8(ascii: ",")) }
    out.appendUnchecked(UInt8(ascii: "\""))
    out.appendUnchecked(key.utf8Start, n)
    out.appendUnchecked(UInt8(ascii: "\""))
    out.appendUnchecked(UInt8(ascii: ":"))
    needsComma = true
    pendingValue = true
  }

  @inline(__always) mutating func null() {
    beforeValue()
    out.append(word: 0x6C6C_756E, count: 4)  // null
  }

  @inline(__always) mutating func bool(_ v: Bool) {
    beforeValue()
    if v {
      out.append(word: 0x6575_7274, count: 4)  // true
    } else {
      out.append(word: 0x65_736C_6166, count: 5)  // false
    }
  }

  @inline(__always) mutating func int(_ v: Int) {
    beforeValue()
    out.int(v)
  }

  @inline(__always) mutating func cents(_ v: Int) {
    beforeValue()
    out.cents(v)
  }

  @inline(__always) mutating func date(_ d: LocalDate) {
    beforeValue()
    out.quotedDate(d)
  }

  mutating func string(_ s: String) {
    beforeValue()
    out.append(UInt8(ascii: "\""))
    out.escaped(s)
    out.append(UInt8(ascii: "\""))
  }

  @inline(__always) mutating func literal(_ s: StaticString) {
    beforeValue()
    out.append(UInt8(ascii: "\""))
    out.append(s)
    out.append(UInt8(ascii: "\""))
  }

  @inline(__always) mutating func raw(_ p: UnsafePointer<UInt8>, _ n: Int) {
    beforeValue()
    out.append(p, n)
  }

  var written: Int? { out.count }

  mutating func rewrite(from start: Int, to end: Int) {
    beforeValue()
    out.appendOwn(start, end)
  }

  @inline(__always) mutating func beginString() {
    beforeValue()
    out.append(UInt8(ascii: "\""))
  }

  mutating func stringContent(_ s: String) { out.escaped(s) }
  mutating func stringContent(_ p: UnsafePointer<UInt8>, _ n: Int) { out.escaped(p, n) }
  @inline(__always) mutating func escapedContent(_ p: UnsafePointer<UInt8>, _ n: Int) { out.append(p, n) }
  mutating func dateContent(_ d: LocalDate) { out.dateText(d) }
  mutating func intContent(_ n: Int) { out.int(n) }
  @inline(__always) mutating func endString() { out.append(UInt8(ascii: "\"")) }
}
