internal import SnapshotFormat

/// Snapshots: a rule book compiled ahead of time, so that loading it needs no JSON.
///
/// The library carries a snapshot of the built-in rules (`Sources/VisaRules/Generated/
/// BuiltInRules.snapshot`, written by `Scripts/update-snapshot.sh`) and ``builtIn()`` reads it
/// when it was made from the very rule texts of `Rules/`; otherwise it compiles their JSON, as
/// for any other rules. `Rules/` stays the only source of the law.
extension RuleBook {
  /// Where the built-in rules' snapshot is kept in the package, and the script that writes it.
  static let builtInSnapshotPath = "Sources/VisaRules/Generated/BuiltInRules.snapshot"
  static let snapshotScript = "Scripts/update-snapshot.sh"

  /// This book, compiled, as a snapshot: text-safe bytes (printable ASCII, line breaks and the
  /// rules' own UTF-8 text) that ``init(snapshot:sources:name:)`` reads back into the same book
  /// without parsing or compiling any JSON. The same rules give the same bytes.
  public func snapshot() -> [UInt8] {
    RulesSnapshot.write(compiled, diagnostics: diagnostics, fingerprintState: fingerprintState)
  }

  /// Reads a book from a snapshot (``snapshot()``) of a book built from `sources`. Throws
  /// (`invalidRules`) when the snapshot is damaged, of another format version, or was made
  /// from other rule texts than `sources`. `name` names the sources in the book's
  /// ``provenance``.
  public init(snapshot: [UInt8], sources: [RuleSource], name: String = "custom") throws(VisaRulesError) {
    let state = RuleBook.fnv1a(sources, from: RuleBook.fnv1aOffsetBasis)
    let ruleSets = [Provenance.RuleSet(name: name, fingerprint: RuleBook.fingerprintText(state), files: sources.count)]
    let result = snapshot.withUnsafeBufferPointer { RuleBook.read(snapshot: $0, state: state) }
    let contents = try result.get()
    self.init(
      compiled: contents.rules, diagnostics: contents.diagnostics, sources: sources, fingerprintState: state,
      ruleSets: ruleSets)
  }

  /// The snapshot compiled into the library (empty when there is none).
  public static var builtInSnapshot: [UInt8] {
    embeddedRulesSnapshot.withUTF8Buffer { Array($0) }
  }

  /// The strings of the built-in snapshot's string table as the build made them into literals
  /// (empty when there is no snapshot): for this package's tests, which check them against the
  /// table.
  package static var builtInSnapshotStrings: [String] { embeddedSnapshotStrings }

  /// Whether the built-in snapshot is exactly what this library compiles from the built-in rule
  /// texts: `nil` when it is, else what is wrong and what to run. When it is not, the built-in
  /// book is still correct (``builtIn()`` compiles the JSON) but slow to load. Compiles the
  /// built-in rules to compare.
  public static func builtInSnapshotProblem() -> String? {
    let fix = "run \(snapshotScript) and commit \(builtInSnapshotPath)"
    let embedded = builtInSnapshot
    if embedded.isEmpty { return "the library holds no snapshot of the built-in rules: \(fix)" }
    let header = embedded.withUnsafeBufferPointer { bytes in Result { () throws(SnapshotError) in try RulesSnapshot.header(bytes) } }
    switch header {
    case .failure(let error): return "the built-in rules' snapshot cannot be read (\(error)): \(fix)"
    case .success(let h) where h.fingerprintState != embeddedRulesFNV1a:
      return
        "the built-in rules' snapshot is stale: it was compiled from other rule texts (\(fingerprintText(h.fingerprintState))) than those of Rules/ (\(fingerprintText(embeddedRulesFNV1a))), so the built-in book is compiled from JSON at every start: \(fix)"
    case .success: break
    }
    let fresh: RuleBook
    do throws(VisaRulesError) {
      fresh = try RuleBook(
        sources: builtInSources, keepParseTrees: false, fingerprintState: embeddedRulesFNV1a,
        ruleSets: [Provenance.RuleSet(name: "built-in", fingerprint: fingerprintText(embeddedRulesFNV1a), files: 0)])
    } catch {
      return "the built-in rules do not compile (\(error)), so no snapshot can be made of them"
    }
    if fresh.snapshot() != embedded {
      return
        "the built-in rules' snapshot differs from what this library compiles from the same rule texts (the loader or the snapshot format changed since it was written): \(fix)"
    }
    return nil
  }

  /// Compiles the built-in rules from their JSON (never from the snapshot) and writes their
  /// snapshot to `path` (what `visa rules snapshot` and `Scripts/update-snapshot.sh` do).
  public static func writeBuiltInSnapshot(to path: String) throws(VisaRulesError) {
    let book = try RuleBook(
      sources: builtInSources, keepParseTrees: false, fingerprintState: embeddedRulesFNV1a,
      ruleSets: [Provenance.RuleSet(name: "built-in", fingerprint: fingerprintText(embeddedRulesFNV1a), files: 0)])
    try FileSystem.write(book.snapshot(), to: path)
  }

  /// The built-in book: read from `snapshot` when it was made from the very rule texts of the
  /// built-in rules by this format version (``builtInSnapshotProblem()``), else compiled from
  /// their JSON (correct, only slower to load); and which of the two happened. `keepParseTrees`:
  /// only for the shared built-in book, loaded once (see `init(sources:keepParseTrees:…)`).
  /// `embedded`: the bytes are the snapshot compiled into the library, which lives as long as
  /// the process, so the book's public descriptions are read from it on first use, and whose
  /// strings the build made into literals (`embeddedSnapshotStrings`), taken instead of made.
  static func loadBuiltIn(snapshot: UnsafeBufferPointer<UInt8>, keepParseTrees: Bool = false, embedded: Bool = false) -> (
    result: Result<RuleBook, VisaRulesError>, fromSnapshot: Bool
  ) {
    let sources = builtInSources
    let ruleSets = [
      Provenance.RuleSet(name: "built-in", fingerprint: fingerprintText(embeddedRulesFNV1a), files: sources.count)
    ]
    if case .success(let contents) = read(snapshot: snapshot, state: embeddedRulesFNV1a, embedded: embedded) {
      let book = RuleBook(
        compiled: contents.rules, diagnostics: contents.diagnostics, sources: sources, fingerprintState: embeddedRulesFNV1a,
        ruleSets: ruleSets)
      return (.success(book), true)
    }
    do throws(VisaRulesError) {
      return (
        .success(
          try RuleBook(
            sources: sources, keepParseTrees: keepParseTrees, fingerprintState: embeddedRulesFNV1a, ruleSets: ruleSets)),
        false
      )
    } catch {
      return (.failure(error), false)
    }
  }

  /// Reads a snapshot made from rule texts whose FNV-1a state is `state`.
  private static func read(snapshot bytes: UnsafeBufferPointer<UInt8>, state: UInt64, embedded: Bool = false)
    -> Result<RulesSnapshot.Contents, VisaRulesError>
  {
    do throws(SnapshotError) {
      // Should reading the descriptions later ever fail, compile them from the JSON.
      let fallback: @Sendable () -> RuleDescriptions.Parts = {
        (try? RuleBook(sources: RuleBook.builtInSources, name: "built-in"))?.compiled.descriptions.parts ?? RuleDescriptions.Parts()
      }
      let contents = try RulesSnapshot.read(
        bytes, lazyDescriptions: embedded ? fallback : nil, strings: embedded ? embeddedSnapshotStrings : [])
      guard contents.header.fingerprintState == state else {
        return .failure(
          VisaRulesError(
            .invalidRules, value: fingerprintText(contents.header.fingerprintState),
            message: "the snapshot was made from other rule texts than the sources given",
            allowed: fingerprintText(state)))
      }
      return .success(contents)
    } catch {
      return .failure(VisaRulesError(.invalidRules, message: error.description))
    }
  }
}
