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
    Platform.copy(base + count, p, count: n)
    count += n
  }

  @inline(__always) mutating func append(_ s: StaticString) {
    append(s.utf8Start, s.utf8CodeUnitCount)
  }

  /// A string's UTF-8 bytes, as they stand (not escaped).
  mutating func append(_ s: String) {
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
        append("9223372036854775808")
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
    var clean = true
    var i = 0
    // Eight bytes at a time: any quote, backslash or control character.
    while n - i >= 8 {
      let x = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
      let q = x ^ 0x2222_2222_2222_2222
      let b = x ^ 0x5C5C_5C5C_5C5C_5C5C
      let ones: UInt64 = 0x0101_0101_0101_0101
      if ((q &- ones) & ~q | (b &- ones) & ~b | (x &- 0x2020_2020_2020_2020) & ~x) & 0x8080_8080_8080_8080 != 0 {
        clean = false
        break
      }
      i += 8
    }
    while clean && i < n {
      let c = p[i]
      if c < 0x20 || c == 0x22 || c == 0x5C { clean = false }
      i += 1
    }
    if clean {
      append(p, n)
      return
    }
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
        append("\\u00")
        append(hex.utf8Start[Int(c >> 4)])
        append(hex.utf8Start[Int(c & 15)])
      default: append(c)
      }
    }
  }

  mutating func escaped(_ s: String) {
    var s = s
    s.withUTF8 { u in
      if let p = u.baseAddress { escaped(p, u.count) }
    }
  }
}
