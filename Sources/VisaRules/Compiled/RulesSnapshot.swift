/// A rule book compiled ahead of time: ``CompiledRules`` and the loader's warnings, written as
/// text-safe bytes (``SnapshotWriter``) so the library can carry the built-in rules already
/// compiled and read them at start-up instead of parsing and compiling the JSON of `Rules/`.
///
/// `Rules/` stays the only source of the law: the snapshot records the FNV-1a state of the rule
/// texts it was compiled from, and ``RuleBook/builtIn()`` reads it only when that state and the
/// format version match the library's; otherwise it compiles the JSON, as for any other rules.
///
/// Layout: the magic line, then (in ``SnapshotWriter`` numbers) the format version, the rules'
/// FNV-1a state, the length and checksum of the rest, and a line break; then the string table,
/// the citation table, the compiled rules, the diagnostics, the evaluator's tables (``EngineTables``, so that reading
/// a book does not rebuild them) and the public descriptions (last, so that they can be read on
/// first use). The same rules give the same bytes.
enum RulesSnapshot {
  /// Bump when the layout or any serialized type changes.
  static let formatVersion: UInt64 = 6
  static let magic: StaticString = "VisaRules rule-book snapshot\n"

  /// What a snapshot's first line says about it.
  struct Header {
    var formatVersion: UInt64
    /// The FNV-1a state after the rule texts the snapshot was compiled from.
    var fingerprintState: UInt64
    /// Where the body (string table, rules, diagnostics) starts.
    var bodyStart: Int
  }

  /// A compiled rule book as read from a snapshot.
  struct Contents {
    var header: Header
    var rules: CompiledRules
    var diagnostics: [RuleDiagnostic]
  }

  /// The snapshot of rules compiled from texts whose FNV-1a state is `fingerprintState`.
  static func write(_ rules: CompiledRules, diagnostics: [RuleDiagnostic], fingerprintState: UInt64) -> [UInt8] {
    var w = SnapshotWriter()
    w.write(rules)
    w.write(diagnostics)
    w.write(rules.tables ?? EngineTables(rules))
    w.writePublic(rules)
    let body = w.stringTable() + w.citationTable() + w.body
    var out = magic.withUTF8Buffer { Array($0) }
    SnapshotWriter.appendNumber(formatVersion, to: &out)
    SnapshotWriter.appendNumber(fingerprintState, to: &out)
    SnapshotWriter.appendNumber(UInt64(body.count), to: &out)
    SnapshotWriter.appendNumber(body.withUnsafeBufferPointer { checksum($0) }, to: &out)
    out.append(UInt8(ascii: "\n"))
    return out + body
  }

  /// The header, after checking the magic line, the length and the checksum of the body.
  static func header(_ bytes: UnsafeBufferPointer<UInt8>) throws(SnapshotError) -> Header {
    var r = SnapshotReader(bytes)
    guard r.skip(magic) else {
      throw r.failure("not a rule-book snapshot (it does not begin with \"VisaRules rule-book snapshot\")")
    }
    let version = try r.uint()
    guard version == formatVersion else {
      throw r.failure("format version \(version), this library reads version \(formatVersion): regenerate it")
    }
    let state = try r.uint()
    let length = try r.uint()
    let sum = try r.uint()
    try r.newline()
    guard length == UInt64(bytes.count - r.position) else {
      throw r.failure("the body has \(bytes.count - r.position) bytes, the header says \(length) (truncated or edited)")
    }
    let body = UnsafeBufferPointer(rebasing: bytes[r.position...])
    guard checksum(body) == sum else { throw r.failure("checksum mismatch: the snapshot was edited or damaged") }
    return Header(formatVersion: version, fingerprintState: state, bodyStart: r.position)
  }

  /// Reads a whole snapshot, its engine tables too. Throws on any damage; never traps.
  ///
  /// `lazyDescriptions`: for bytes that live as long as the process (the snapshot compiled into
  /// the library), read the public descriptions on first use; should that ever fail (it cannot
  /// once the checksum holds, unless this library's writer and reader disagree, which the tests
  /// rule out), they come from `fallback`. `premade`: the string table's strings, made already
  /// (``SnapshotReader/readStringTable(premade:)``).
  static func read(
    _ bytes: UnsafeBufferPointer<UInt8>, lazyDescriptions fallback: (@Sendable () -> RuleDescriptions.Parts)? = nil,
    strings premade: [String] = []
  ) throws(SnapshotError) -> Contents {
    let header = try header(bytes)
    var r = SnapshotReader(bytes, from: header.bodyStart)
    try r.readStringTable(premade: premade)
    try r.readCitationTable()
    let read = try r.readRules()
    var rules = read.0
    let names = read.1
    let diagnostics = try r.readDiagnostics()
    rules.tables = try r.readEngineTables(rules, names)
    if let fallback {
      let descriptions = r
      rules.descriptions = RuleDescriptions(lazy: {
        var reader = descriptions
        do throws(SnapshotError) {
          return try reader.readPublic(names)
        } catch {
          return fallback()
        }
      })
    } else {
      rules.descriptions = RuleDescriptions(try r.readPublic(names))
      guard r.position == bytes.count else { throw r.failure("\(bytes.count - r.position) bytes left after the descriptions") }
    }
    return Contents(header: header, rules: rules, diagnostics: diagnostics)
  }

  /// FNV-1a over 8-byte words (then the last bytes one by one): a check against damage, not
  /// against tampering.
  static func checksum(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
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
