internal import SnapshotFormat

/// A rule book compiled ahead of time: ``CompiledRules`` and the loader's warnings, written as
/// text-safe bytes (``SnapshotWriter``) so the library can carry the built-in rules already
/// compiled and read them at start-up instead of parsing and compiling the JSON of `Rules/`.
///
/// `Rules/` stays the only source of the law: the snapshot records the FNV-1a state of the rule
/// texts it was compiled from, and ``RuleBook/builtIn()`` reads it only when that state and the
/// format version match the library's; otherwise it compiles the JSON, as for any other rules.
///
/// Layout: the header (``SnapshotHeader``: the magic line, then the format version, the rules'
/// FNV-1a state, the length and checksum of the rest, and a line break); then the string table,
/// the citation table, the compiled rules, the diagnostics, the evaluator's tables (``EngineTables``, so that reading
/// a book does not rebuild them) and the public descriptions (last, so that they can be read on
/// first use). The same rules give the same bytes.
enum RulesSnapshot {
  /// Bump when the layout or any serialized type changes.
  static let formatVersion: UInt64 = 6

  /// A compiled rule book as read from a snapshot.
  struct Contents {
    var header: SnapshotHeader
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
    let header = body.withUnsafeBufferPointer {
      SnapshotHeader(formatVersion: formatVersion, fingerprintState: fingerprintState, body: $0)
    }
    return header.bytes + body
  }

  /// The header, after checking the magic line, the format version, the length and the checksum
  /// of the body.
  static func header(_ bytes: UnsafeBufferPointer<UInt8>) throws(SnapshotError) -> SnapshotHeader {
    try SnapshotHeader(reading: bytes, version: formatVersion)
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
}
