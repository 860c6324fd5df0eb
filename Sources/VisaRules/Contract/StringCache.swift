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

  /// Strings of up to 15 bytes by their bytes as two words (the second with the length in its
  /// top byte), one per slot: the last one seen in its slot.
  private var shortSlots = Array(repeating: (first: UInt64(0), second: UInt64(0), value: ""), count: 256)

  /// The string of the `count` (at most 15) UTF-8 bytes at `p`, sixteen bytes being readable
  /// there (invalid UTF-8 repaired as `String(decoding:)` repairs it).
  @inline(__always) mutating func short(_ p: UnsafePointer<UInt8>, count: Int) -> String {
    let raw = UnsafeRawPointer(p)
    let a = raw.loadUnaligned(as: UInt64.self)
    let b = raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
    let n = UInt64(truncatingIfNeeded: count)
    let first = n >= 8 ? a : a & ((1 &<< (n &* 8)) &- 1)
    let second = (n <= 8 ? 0 : b & ((1 &<< ((n &- 8) &* 8)) &- 1)) | n &<< 56
    let slot = Int(truncatingIfNeeded: ((first ^ second &* 0x9E37_79B9_7F4A_7C15) &* 0x9E37_79B9_7F4A_7C15) >> 56)
    if shortSlots[slot].first == first && shortSlots[slot].second == second { return shortSlots[slot].value }
    let s = String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
    shortSlots[slot] = (first, second, s)
    return s
  }

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
