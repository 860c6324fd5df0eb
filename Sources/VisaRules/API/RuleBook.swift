/// A loaded, checked and compiled set of rules: the law (and any policy or reform laid on top)
/// that applications are evaluated against.
///
/// ```swift
/// let book = try RuleBook.builtIn()
/// let decision = try book.evaluate(application)
/// print(decision.fee.amount, decision.fee.ruling.citation)   // 35 EUR VFA Art. 6(1)
/// ```
///
/// A rule book is immutable and `Sendable`: load it once and evaluate from any thread.
public struct RuleBook: Sendable {
  let compiled: CompiledRules
  let evaluator: Evaluator
  /// The rule files the book was built from (path and text).
  public let sources: [RuleSource]
  /// Warnings found while loading (errors make loading fail).
  public let diagnostics: [RuleDiagnostic]
  /// The library's version and the rule sets the book was built from, with their fingerprints;
  /// every decision carries it (``Decision/provenance``).
  public let provenance: Provenance
  /// ``provenance`` as JSON, written once: decisions copy it.
  let provenanceFragment: ProvenanceFragment
  /// The FNV-1a state after every source (see ``fingerprint``): an overlay continues from it.
  let fingerprintState: UInt64

  /// One rule file: where it came from and its text.
  public struct RuleSource: Hashable, Sendable {
    /// The file's path (for built-in rules, `Rules/…` relative to the package).
    public var path: String
    /// The JSON text.
    public var text: String

    /// Creates a rule source.
    public init(path: String, text: String) {
      self.path = path
      self.text = text
    }
  }

  /// Builds a rule book from rule files. Throws the first error, with its file, line and column;
  /// ``check(_:)`` returns all of them. `name` names them in the book's ``provenance``.
  public init(sources: [RuleSource], name: String = "custom") throws(VisaRulesError) {
    let state = RuleBook.fnv1a(sources, from: RuleBook.fnv1aOffsetBasis)
    try self.init(
      sources: sources, keepParseTrees: false, fingerprintState: state,
      ruleSets: [Provenance.RuleSet(name: name, fingerprint: RuleBook.fingerprintText(state), files: sources.count)])
  }

  /// `keepParseTrees`: keep the rule files' JSON trees for the life of the process instead of
  /// freeing them (for the built-in book, loaded once: freeing them would only delay start-up).
  /// `fingerprintState`: the FNV-1a state after every source; `ruleSets`: the sources' sets.
  init(
    sources: [RuleSource], keepParseTrees: Bool, fingerprintState: UInt64, ruleSets: [Provenance.RuleSet]
  ) throws(VisaRulesError) {
    var loader = RuleLoader()
    loader.load(sources.map { ($0.path, $0.text) })
    defer { if keepParseTrees { RuleBook.keptLoaders.append(loader) } }
    if let first = loader.diagnostics.first(where: { $0.severity == .error }) {
      let count = loader.diagnostics.filter { $0.severity == .error }.count
      throw VisaRulesError(
        .invalidRules,
        message: first.message + (count > 1 ? " (and \(count - 1) more error\(count > 2 ? "s" : ""); run `visa rules check`)" : ""),
        location: first.location)
    }
    self.init(
      compiled: loader.rules, diagnostics: loader.diagnostics, sources: sources, fingerprintState: fingerprintState,
      ruleSets: ruleSets)
  }

  /// A book of rules already compiled (by the loader, or read from a snapshot).
  init(
    compiled: CompiledRules, diagnostics: [RuleDiagnostic], sources: [RuleSource], fingerprintState: UInt64,
    ruleSets: [Provenance.RuleSet]
  ) {
    self.compiled = compiled
    evaluator = Evaluator(rules: compiled)
    self.sources = sources
    self.diagnostics = diagnostics
    self.fingerprintState = fingerprintState
    provenance = Provenance(
      libraryVersion: RuleBook.libraryVersion, fingerprint: RuleBook.fingerprintText(fingerprintState), rules: ruleSets)
    provenanceFragment = ProvenanceFragment(provenance)
  }

  /// Checks rule files without building a book: every error and warning, located, including
  /// unresolved conflicts (two provisions of equal rank that give different answers for one
  /// situation with nothing to order them), each shown with a situation where both apply.
  public static func check(_ sources: [RuleSource]) -> [RuleDiagnostic] {
    var loader = RuleLoader()
    loader.load(sources.map { ($0.path, $0.text) })
    var diagnostics = loader.diagnostics
    do {
      let rules = loader.rules
      for c in ConflictFinder(rules: rules).conflicts() {
        let a = rules.provisions[c.first]
        let b = rules.provisions[c.second]
        let evaluator = Evaluator(rules: rules)
        func value(_ p: CompiledProvision) -> String {
          guard let v = evaluator.versionIndex(p, at: c.day) else { return "?" }
          return p.versions[v].value.describe(p.figure, rules: rules)
        }
        diagnostics.append(
          RuleDiagnostic(
            .error, rules.publicProvisions[c.second].location,
            "unresolved conflict: provisions '\(a.id)' and '\(b.id)' both decide \(a.figure) (\(value(a)) and \(value(b))) on \(LocalDate(dayNumber: c.day)) and neither overrides the other; both apply for example to: \(c.witness). Add \"overrides\" to the exception, or a condition that keeps them apart"
          ))
      }
    }
    return diagnostics
  }

  /// Loaders whose parse trees are kept (see `init(sources:keepParseTrees:)`); written once,
  /// while the built-in book is loaded under `swift_once`.
  nonisolated(unsafe) private static var keptLoaders: [RuleLoader] = []

  /// The built-in book, loaded once (``loadBuiltIn(snapshot:)``), and whether it was read from
  /// the snapshot compiled into the library.
  static let builtInLoad: (result: Result<RuleBook, VisaRulesError>, fromSnapshot: Bool) =
    embeddedRulesSnapshot.withUTF8Buffer { loadBuiltIn(snapshot: $0, keepParseTrees: true, embedded: true) }

  /// The rule files compiled into the library from the package's `Rules/` folder.
  public static var builtInSources: [RuleSource] {
    embeddedRuleFiles.map { RuleSource(path: $0.path, text: $0.text) }
  }

  /// The built-in rule book (the law as encoded in `Rules/`), loaded once and shared.
  public static func builtIn() throws(VisaRulesError) -> RuleBook {
    try builtInLoad.result.get()
  }

  /// This book with more rule files laid on top (a member-state policy, a reform, a correction).
  /// Ids must not clash with the book's own. `name` names them in the book's ``provenance``.
  public func adding(_ more: [RuleSource], name: String = "overlay") throws(VisaRulesError) -> RuleBook {
    let own = RuleBook.fingerprintText(RuleBook.fnv1a(more, from: RuleBook.fnv1aOffsetBasis))
    return try RuleBook(
      sources: sources + more, keepParseTrees: false, fingerprintState: RuleBook.fnv1a(more, from: fingerprintState),
      ruleSets: provenance.rules + [Provenance.RuleSet(name: name, fingerprint: own, files: more.count)])
  }

  /// This book with every `.json` rule file below `directory` laid on top, named `directory`
  /// (as given) in the book's ``provenance``.
  public func adding(rulesAt directory: String) throws(VisaRulesError) -> RuleBook {
    try adding(try RuleFiles.read(directory: directory), name: directory)
  }

  /// Whether rule files make a complete rule book (one of them declares the `coverage`, as
  /// `Rules/vocabulary.json` does) rather than an overlay to lay on the built-in rules.
  public static func isComplete(_ sources: [RuleSource]) -> Bool {
    sources.contains { source in (try? JSONParser.parse(source.text))?["coverage"] != nil }
  }

  /// Reads every rule file (`*.json`, except `schema/` and `cases/`) below a folder.
  public static func read(directory: String) throws(VisaRulesError) -> [RuleSource] {
    try RuleFiles.read(directory: directory)
  }

  // MARK: - What the book holds

  /// The instruments and policies, in rule-book order.
  public var instruments: [Instrument] { compiled.publicInstruments }
  /// Every provision, in rule-book order.
  public var provisions: [Provision] { compiled.publicProvisions }
  /// The interpretation options and policy switches.
  public var options: [InterpretationOption] { compiled.publicOptions }
  /// The ids of the interpretation options, in the order of ``options``: what checking an
  /// option needs, without reading the options' descriptions (which a book read from the
  /// built-in snapshot reads on first use).
  public var optionIDs: [String] { compiled.options.map(\.key) }
  /// The value names of the interpretation option `id`, in the order of its ``InterpretationOption/values``
  /// (nil: no such option), without reading the options' descriptions.
  public func optionValues(_ id: String) -> [String]? {
    compiled.optionIndex[id].map { compiled.options[$0].values }
  }
  /// The applicant categories of the vocabulary, with their descriptions.
  public var categories: [(category: Category, description: String)] { compiled.categoryDescriptions }
  /// The lodging dates the rules cover.
  public var coverage: Period { compiled.coverage }

  /// The provision with this id, if any.
  public func provision(_ id: String) -> Provision? {
    compiled.provisionIndex[id].map { compiled.publicProvisions[$0] }
  }

  /// The instrument with this id, if any.
  public func instrument(_ id: String) -> Instrument? {
    compiled.instrumentIndex[id].map { compiled.publicInstruments[$0] }
  }
}

/// How to evaluate: the interpretation options chosen, and how much to explain.
public struct EvaluationOptions: Hashable, Sendable {
  /// Values for interpretation options, by key (`["fee.vfaVersusVisaCode": "lowestAmount"]`).
  /// Unset options take their default, or the value a member-state policy sets.
  public var options: [String: String]
  /// Record every provision consulted and what became of it (``Decision/trace``).
  public var trace: Bool
  /// For each option relied on, evaluate again with its other values and report what they
  /// would have given (``Assumption/alternatives``). Costs one more evaluation per value.
  public var alternatives: Bool
  /// The blocks each line of a JSON Lines evaluation writes (``RuleBook/evaluateJSONLines(input:output:options:threads:)``,
  /// ``RuleBook/evaluateLine(_:lineNumber:options:)``); the evaluation decides only what they
  /// need. A ``Decision`` from ``RuleBook/evaluate(_:options:)`` always holds every block
  /// (``Decision/json(pretty:fields:members:)`` selects when writing).
  public var fields: DecisionFields
  /// The members of those blocks each line writes (``DecisionMembers``; every member by
  /// default). What is decided does not change, only what is written.
  public var members: DecisionMembers

  /// Creates evaluation options.
  public init(
    options: [String: String] = [:], trace: Bool = false, alternatives: Bool = true, fields: DecisionFields = .all,
    members: DecisionMembers = .all
  ) {
    self.options = options
    self.trace = trace
    self.alternatives = alternatives
    self.fields = fields
    self.members = members
  }

  /// No trace and no alternatives: the fastest path, for batch work.
  public static let batch = EvaluationOptions(trace: false, alternatives: false)
}
