/// A growable byte buffer with unchecked appends, for output written many small pieces at a
/// time. A plain struct over manually managed memory: its owner calls ``free()``.
struct ByteBuffer {
  private(set) var base: UnsafeMutablePointer<UInt8>
  private(set) var count = 0
  private(set) var capacity: Int

  init(capacity: Int = 1 << 16) {
    self.capacity = max(64, capacity)
    base = .allocate(capacity: self.capacity)
  }

  func free() { base.deallocate() }

  mutating func removeAll() { count = 0 }

  var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

  @inline(never) mutating func grow(_ needed: Int) {
    var c = capacity * 2
    while c < needed { c *= 2 }
    let b = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
    b.initialize(from: base, count: count)
    base.deallocate()
    base = b
    capacity = c
  }

  @inline(__always) mutating func reserve(_ n: Int) {
    if count + n > capacity { grow(count + n) }
  }

  @inline(__always) mutating func append(_ b: UInt8) {
    if count == capacity { grow(count + 1) }
    base[count] = b
    count += 1
  }

  @inline(__always) mutating func append(_ p: UnsafePointer<UInt8>, _ n: Int) {
    reserve(n)
    appendUnchecked(p, n)
  }

  /// Bytes `start..<end` of this buffer, appended again.
  @inline(__always) mutating func appendOwn(_ start: Int, _ end: Int) {
    reserve(end - start)
    appendUnchecked(base + start, end - start)
  }

  /// A byte, room for it reserved before.
  @inline(__always) mutating func appendUnchecked(_ b: UInt8) {
    base[count] = b
    count += 1
  }

  /// `n` bytes, room for them reserved before: up to 16 copied inline (the usual key or short
  /// value), more with `memcpy`.
  @inline(__always) mutating func appendUnchecked(_ p: UnsafePointer<UInt8>, _ n: Int) {
    let d = UnsafeMutableRawPointer(base + count)
    let s = UnsafeRawPointer(p)
    if n >= 8 && n <= 16 {
      // Two eight-byte words, overlapping when n < 16.
      let a = s.loadUnaligned(as: UInt64.self)
      let b = s.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
      d.storeBytes(of: a, as: UInt64.self)
      d.storeBytes(of: b, toByteOffset: n - 8, as: UInt64.self)
    } else if n >= 4 && n < 8 {
      let a = s.loadUnaligned(as: UInt32.self)
      let b = s.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
      d.storeBytes(of: a, as: UInt32.self)
      d.storeBytes(of: b, toByteOffset: n - 4, as: UInt32.self)
    } else if n < 4 {
      for i in 0..<n { base[count + i] = p[i] }
    } else {
      Platform.copy(d, s, count: n)
    }
    count += n
  }

  /// The low `count` bytes (at most 8) of `word`, least significant first: a literal such as
  /// `null` in one store.
  @inline(__always) mutating func append(word: UInt64, count n: Int) {
    reserve(8)
    UnsafeMutableRawPointer(base + count).storeBytes(of: word, as: UInt64.self)
    count += n
  }

  @inline(__always) mutating func append(_ s: StaticString) {
    append(s.utf8Start, s.utf8CodeUnitCount)
  }

  /// A string's UTF-8 bytes, as they stand (not escaped).
  mutating func append(_ s: String) {
    let done: Void? = s.utf8.withContiguousStorageIfAvailable { b in
      if let p = b.baseAddress { append(p, b.count) }
    }
    if done != nil { return }
    var s = s
    s.withUTF8 { b in
      if let p = b.baseAddress { append(p, b.count) }
    }
  }

  mutating func append(_ bytes: [UInt8]) {
    bytes.withUnsafeBufferPointer { b in
      if let p = b.baseAddress { append(p, b.count) }
    }
  }

  /// A decimal integer.
  @inline(__always) mutating func int(_ v: Int) {
    reserve(21)
    var n = v
    if n < 0 {
      base[count] = UInt8(ascii: "-")
      count += 1
      if n == Int.min {
        append("9223372036854775808" as StaticString)
        return
      }
      n = -n
    }
    if n < 10 {
      base[count] = UInt8(48 + n)
      count += 1
      return
    }
    var digits = 0
    var m = n
    while m > 0 {
      digits += 1
      m /= 10
    }
    var i = count + digits - 1
    while n > 0 {
      base[i] = UInt8(48 + n % 10)
      n /= 10
      i -= 1
    }
    count += digits
  }

  /// An amount held in cents as a JSON number (`35`, `35.5`, `35.25`), as ``JSONWriter/cents(_:)``.
  @inline(__always) mutating func cents(_ v: Int) {
    var value = v
    if value < 0 {
      append(UInt8(ascii: "-"))
      value = -value
    }
    int(value / 100)
    let fraction = value % 100
    if fraction != 0 {
      append(UInt8(ascii: "."))
      append(UInt8(48 + fraction / 10))
      if fraction % 10 != 0 { append(UInt8(48 + fraction % 10)) }
    }
  }

  /// `"YYYY-MM-DD"`, as ``JSONWriter/date(_:)``.
  @inline(__always) mutating func quotedDate(_ d: LocalDate) {
    reserve(12)
    let (y, m, day) = d.components
    let p = base + count
    p[0] = UInt8(ascii: "\"")
    LocalDate.writeISO(year: y, month: m, day: day, to: p + 1)
    p[11] = UInt8(ascii: "\"")
    count += 12
  }

  /// `YYYY-MM-DD` as `LocalDate.description` writes it (unquoted).
  @inline(__always) mutating func dateText(_ d: LocalDate) {
    let (y, m, day) = d.components
    guard y >= 0 && y <= 9999 else {
      append(Array(d.description.utf8))
      return
    }
    reserve(10)
    LocalDate.writeISO(year: y, month: m, day: day, to: base + count)
    count += 10
  }

  /// The bytes of a JSON string's content, escaped as ``JSONWriter`` escapes them.
  mutating func escaped(_ p: UnsafePointer<UInt8>, _ n: Int) {
    // One pass for the usual clean text: sixteen bytes checked for a quote, a backslash or a
    // control character, and copied, at a time; the last few bytes as the eight that end the
    // text (overlapping bytes already copied), not one by one.
    reserve(n)
    var i = 0
    let out = UnsafeMutableRawPointer(base + count)
    let text = UnsafeRawPointer(p)
    while n - i >= 16 {
      let x = text.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      let y = text.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
      if ByteBuffer.escapeBits(x) | ByteBuffer.escapeBits(y) != 0 { break }
      out.storeBytes(of: x, toByteOffset: i, as: UInt64.self)
      out.storeBytes(of: y, toByteOffset: i + 8, as: UInt64.self)
      i += 16
    }
    if n - i >= 8 {
      let x = text.loadUnaligned(fromByteOffset: i, as: UInt64.self)
      if ByteBuffer.escapeBits(x) == 0 {
        out.storeBytes(of: x, toByteOffset: i, as: UInt64.self)
        i += 8
      }
    }
    if n - i < 8 {
      if n >= 8 {
        // The last eight bytes: those before `i` are clean already.
        let x = text.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
        if ByteBuffer.escapeBits(x) == 0 {
          out.storeBytes(of: x, toByteOffset: n - 8, as: UInt64.self)
          count += n
          return
        }
      } else {
        while i < n {
          let c = p[i]
          if c < 0x20 || c == 0x22 || c == 0x5C { break }
          out.storeBytes(of: c, toByteOffset: i, as: UInt8.self)
          i += 1
        }
        if i == n {
          count += n
          return
        }
      }
    }
    count += i
    escapedSlowly(p + i, n - i)
  }

  /// Non-zero when any of the eight bytes of `x` is a quote, a backslash or a control
  /// character (the high bit of each such byte set; bytes after the first such one may be
  /// flagged too).
  @inline(__always) static func escapeBits(_ x: UInt64) -> UInt64 {
    let q = x ^ 0x2222_2222_2222_2222
    let b = x ^ 0x5C5C_5C5C_5C5C_5C5C
    let ones: UInt64 = 0x0101_0101_0101_0101
    return ((q &- ones) & ~q | (b &- ones) & ~b | (x &- 0x2020_2020_2020_2020) & ~x) & 0x8080_8080_8080_8080
  }

  /// Text with something to escape, byte by byte.
  private mutating func escapedSlowly(_ p: UnsafePointer<UInt8>, _ n: Int) {
    let hex: StaticString = "0123456789abcdef"
    for i in 0..<n {
      let c = p[i]
      switch c {
      case UInt8(ascii: "\""), UInt8(ascii: "\\"):
        append(0x5C)
        append(c)
      case 0x0A:
        append(0x5C)
        append(UInt8(ascii: "n"))
      case 0x0D:
        append(0x5C)
        append(UInt8(ascii: "r"))
      case 0x09:
        append(0x5C)
        append(UInt8(ascii: "t"))
      case 0..<0x20:
        append("\\u00" as StaticString)
        append(hex.utf8Start[Int(c >> 4)])
        append(hex.utf8Start[Int(c & 15)])
      default: append(c)
      }
    }
  }

  mutating func escaped(_ s: String) {
    // Read in place (a native string's bytes are contiguous; `withUTF8` would copy the string).
    let done: Void? = s.utf8.withContiguousStorageIfAvailable { u in
      if let p = u.baseAddress { escaped(p, u.count) }
    }
    if done != nil { return }
    var s = s
    s.withUTF8 { u in
      if let p = u.baseAddress { escaped(p, u.count) }
    }
  }
}
