extension RuleBook {
  /// The version of the VisaRules library (its public API and JSON contract are described in the
  /// README, "Definition of public API").
  public static let libraryVersion = "0.3.0"

  /// A fingerprint of the rule files the book was built from (the built-in rules and every
  /// overlay laid on them), so an answer can be traced to the data that produced it:
  /// `fnv1a64:` and 16 hexadecimal digits of the 64-bit FNV-1a hash of the files' texts (UTF-8)
  /// in load order, each followed by a zero byte. Paths do not count: the same files give the
  /// same fingerprint wherever they lie. Computed on each call (it reads every file's text).
  public var fingerprint: String { RuleBook.fingerprint(of: sources) }

  /// The fingerprint (see ``fingerprint``) of rule files, such as one overlay folder's
  /// (``read(directory:)``).
  public static func fingerprint(of sources: [RuleSource]) -> String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for source in sources {
      for byte in source.text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01b3
      }
      hash &*= 0x0000_0100_0000_01b3  // the zero byte after each file
    }
    let digits = String(hash, radix: 16)
    return "fnv1a64:" + String(repeating: "0", count: 16 - digits.count) + digits
  }
}
