extension RuleBook {
  /// The version of the VisaRules library (its public API and JSON contract are described in the
  /// README, "Definition of public API").
  public static let libraryVersion = "0.3.0"

  /// A fingerprint of the rule files the book was built from (the built-in rules and every
  /// overlay laid on them), so an answer can be traced to the data that produced it:
  /// `fnv1a64:` and 16 hexadecimal digits of the 64-bit FNV-1a hash of the files' texts (UTF-8)
  /// in load order, each followed by a zero byte. Paths do not count: the same files give the
  /// same fingerprint wherever they lie. Computed once, when the book is built (the built-in
  /// rules' at build time); ``provenance`` has it with each rule set's own.
  public var fingerprint: String { provenance.fingerprint }

  /// The fingerprint (see ``fingerprint``) of rule files, such as one overlay folder's
  /// (``read(directory:)``).
  public static func fingerprint(of sources: [RuleSource]) -> String {
    fingerprintText(fnv1a(sources, from: fnv1aOffsetBasis))
  }

  static let fnv1aOffsetBasis: UInt64 = 0xcbf2_9ce4_8422_2325

  /// The FNV-1a state after `sources`, continuing from `state`.
  static func fnv1a(_ sources: [RuleSource], from state: UInt64) -> UInt64 {
    var hash = state
    for source in sources {
      for byte in source.text.utf8 {
        hash ^= UInt64(byte)
        hash &*= 0x0000_0100_0000_01b3
      }
      hash &*= 0x0000_0100_0000_01b3  // the zero byte after each file
    }
    return hash
  }

  static func fingerprintText(_ hash: UInt64) -> String {
    let digits = String(hash, radix: 16)
    return "fnv1a64:" + String(repeating: "0", count: 16 - digits.count) + digits
  }
}
