/// Strings made from a batch's bytes, kept from line to line by one line evaluator: the values
/// of the open vocabularies (a purpose, a document type, a category) repeat, and finding a
/// `String` made before costs less than making it again. Bounded: once full, strings are made
/// as they come. Not shared between threads.
struct StringCache {
  private struct Slot {
    var hash: UInt64 = 0
    var start: Int32 = 0
    var count: Int32 = -1
    var value: String = ""
  }

  /// Open addressing, a power of two, at most half full.
  private var slots: [Slot]
  /// The keys' bytes, one after the other.
  private var pool: [UInt8] = []
  private var used = 0

  /// The longest string kept, and how many are kept at most.
  static let longest = 64
  static let capacity = 1024

  init() {
    slots = Array(repeating: Slot(), count: 2 * StringCache.capacity)
  }

  /// The string of the `count` UTF-8 bytes at `p` (invalid UTF-8 repaired as `String(decoding:)`
  /// repairs it).
  mutating func string(_ p: UnsafePointer<UInt8>, count: Int) -> String {
    guard count <= StringCache.longest else { return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self) }
    let h = StringCache.hash(p, count)
    let mask = slots.count - 1
    var i = Int(truncatingIfNeeded: h) & mask
    while true {
      let n = Int(slots[i].count)
      if n < 0 { break }
      if slots[i].hash == h && n == count {
        let found = pool.withUnsafeBufferPointer { ContractNames.same($0.baseAddress! + Int(slots[i].start), p, count) }
        if found { return slots[i].value }
      }
      i = (i + 1) & mask
    }
    let s = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    if used < StringCache.capacity {
      slots[i] = Slot(hash: h, start: Int32(pool.count), count: Int32(count), value: s)
      pool.append(contentsOf: UnsafeBufferPointer(start: p, count: count))
      used += 1
    }
    return s
  }

  /// A hash of `count` bytes, eight at a time.
  @inline(__always) private static func hash(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 &+ UInt64(count)
    var i = 0
    while count - i >= 8 {
      h = (h ^ UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)) &* 0x100_0000_01B3
      h ^= h >> 29
      i += 8
    }
    while i < count {
      h = (h ^ UInt64(p[i])) &* 0x100_0000_01B3
      i += 1
    }
    return h ^ (h >> 32)
  }
}

extension CountryCode {
  /// Every code of two capital letters, `AA` to `ZZ` (26 × 26), made once: the contract reader
  /// hands them out instead of making a string per field (any of them, known or not: the rule
  /// book checks the code when it evaluates).
  static let twoLetterCodes: [CountryCode] = (0..<676).map { i in
    CountryCode(rawValue: String(decoding: [UInt8(65 + i / 26), UInt8(65 + i % 26)], as: UTF8.self))
  }
}
