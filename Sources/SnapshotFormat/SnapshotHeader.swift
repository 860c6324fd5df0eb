/// A snapshot's first two lines: the magic line, then (in ``SnapshotNumber`` digits) the format
/// version, the FNV-1a state of the rule texts it was compiled from, the length and the checksum
/// of the body (everything after the header), and a line break.
package struct SnapshotHeader: Sendable {
  /// The line every snapshot begins with.
  package static let magic: StaticString = "VisaRules rule-book snapshot\n"

  package var formatVersion: UInt64
  /// The FNV-1a state after the rule texts the snapshot was compiled from.
  package var fingerprintState: UInt64
  package var bodyLength: UInt64
  package var checksum: UInt64
  /// Where the body (string table, rules, diagnostics) starts.
  package var bodyStart: Int

  /// The header of `body`.
  package init(formatVersion: UInt64, fingerprintState: UInt64, body: UnsafeBufferPointer<UInt8>) {
    self.formatVersion = formatVersion
    self.fingerprintState = fingerprintState
    bodyLength = UInt64(body.count)
    checksum = Self.checksum(body)
    bodyStart = 0
    bodyStart = bytes.count
  }

  /// The header as written.
  package var bytes: [UInt8] {
    var out = Self.magic.withUTF8Buffer { Array($0) }
    for n in [formatVersion, fingerprintState, bodyLength, checksum] { SnapshotNumber.append(n, to: &out) }
    out.append(UInt8(ascii: "\n"))
    return out
  }

  /// The header `bytes` begin with. Throws when they do not begin with the magic line, when the
  /// format version is not `version` (nil: any version is read), and, when `checkingBody`, when
  /// the body's length or checksum is not the header's.
  package init(reading bytes: UnsafeBufferPointer<UInt8>, version: UInt64?, checkingBody: Bool = true)
    throws(SnapshotError)
  {
    var r = SnapshotCursor(bytes)
    guard r.skip(Self.magic) else {
      throw r.failure("not a rule-book snapshot (it does not begin with \"VisaRules rule-book snapshot\")")
    }
    formatVersion = try r.number()
    if let version, formatVersion != version {
      throw r.failure("format version \(formatVersion), this library reads version \(version): regenerate it")
    }
    fingerprintState = try r.number()
    bodyLength = try r.number()
    checksum = try r.number()
    try r.newline()
    bodyStart = r.position
    guard checkingBody else { return }
    guard bodyLength == UInt64(bytes.count - r.position) else {
      throw r.failure(
        "the body has \(bytes.count - r.position) bytes, the header says \(bodyLength) (truncated or edited)")
    }
    let body = UnsafeBufferPointer(rebasing: bytes[r.position...])
    guard Self.checksum(body) == checksum else {
      throw r.failure("checksum mismatch: the snapshot was edited or damaged")
    }
  }

  /// FNV-1a over 8-byte words (then the last bytes one by one): a check against damage, not
  /// against tampering.
  package static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
    var h: UInt64 = 0xcbf2_9ce4_8422_2325
    guard let base = bytes.baseAddress else { return h }
    let raw = UnsafeRawPointer(base)
    let words = bytes.count / 8
    for i in 0..<words {
      h = (h ^ UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))) &* 0x0000_0100_0000_01b3
    }
    for i in (words * 8)..<bytes.count { h = (h ^ UInt64(bytes[i])) &* 0x0000_0100_0000_01b3 }
    return h
  }
}
