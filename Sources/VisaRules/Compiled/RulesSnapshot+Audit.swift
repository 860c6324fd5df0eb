internal import SnapshotFormat

/// What the tests use to prove a snapshot complete (`package`: for this package's tests only):
/// a dump of every stored field of a book's compiled rules, and the stored fields of the
/// compiled types that the snapshot does not know (a field added to a compiled type must be
/// written and read by the snapshot, with ``RulesSnapshot/formatVersion`` bumped).
extension RuleBook {
  /// Every stored field of the compiled rules, recursively, as text: dictionaries and sets
  /// sorted, the evaluator's flat tables (rebuilt from the rest) left out.
  package func compiledDump() -> String {
    var out = ""
    RulesSnapshot.dump(compiled, into: &out, indent: "")
    return out
  }

  /// Whether ``builtIn()`` read the built-in book from the snapshot compiled into the library.
  package static var builtInLoadedFromSnapshot: Bool { builtInLoad.fromSnapshot }

  /// The built-in book as ``builtIn()`` would load it were `snapshot` the one compiled into the
  /// library, and whether it was read from it (else compiled from the JSON).
  package static func loadBuiltIn(snapshot: [UInt8]) -> (book: Result<RuleBook, VisaRulesError>, fromSnapshot: Bool) {
    let load = snapshot.withUnsafeBufferPointer { loadBuiltIn(snapshot: $0) }
    return (load.result, load.fromSnapshot)
  }

  /// The stored fields of the compiled types that the snapshot format does not list, as
  /// `Type.field` (empty when the snapshot covers them all).
  package static func unsnapshottedFields() -> [String] {
    let provision = CompiledProvision(
      id: "", regime: 0, definedBy: 0, figure: .fee, kind: "", versions: [], beats: [], suspendedBy: [],
      citation: Citation(instrument: "", instrumentName: ""), summary: "", status: .verified)
    let version = ProvisionVersion(
      from: 0, until: 0, value: .repealed, condition: .always, conditionText: "", amendment: nil, amendmentID: nil,
      citation: Citation(instrument: "", instrumentName: ""), status: .verified)
    let samples: [(String, Any)] = [
      ("CompiledRules", CompiledRules()),
      (
        "CompiledInstrument",
        CompiledInstrument(id: "", shortName: "", from: 0, until: 0, scope: .always, regime: 0, settings: [], suspendedBy: [])
      ),
      ("CompiledProvision", provision),
      ("ProvisionVersion", version),
      (
        "CompiledSuspension",
        CompiledSuspension(
          id: "", from: 0, until: 0, appliesTo: .always, appliesToText: "", citation: version.citation, status: .verified, note: "")
      ),
      (
        "CompiledPrecedence",
        CompiledPrecedence(
          id: "", winner: 0, loser: 0, figures: [], kinds: [], unless: nil, citation: version.citation, status: .verified, note: "")
      ),
      ("CompiledOption", CompiledOption(key: "", values: [], defaultValue: 0)),
      ("CountryEntry", CountryEntry(code: "", name: "", territoryOf: nil, isNationality: true, note: "")),
      ("DatedDestination", DatedDestination(from: LocalDate(dayNumber: 0), citation: "", status: .verified, note: "")),
      ("RuleBookSegment", RuleBookSegment(from: 0, until: 0, value: 0, provision: 0, version: 0)),
      (
        "HistoryQuery",
        HistoryQuery(atLeast: 0, withinMonths: 0, kinds: 0, multipleEntryOnly: false, minValidityMonths: 0, lawfullyUsedOnly: false)
      ),
      ("VocabularyList", VocabularyList()),
      ("VocabularyLists", VocabularyLists()),
      ("RuleDescriptions.Parts", RuleDescriptions.Parts()),
      ("EngineTables", EngineTables(CompiledRules())),
      ("EngineTables.Node", EngineTables.Node(op: .always, a: 0, b: 0)),
      (
        "EngineTables.ProvisionInfo",
        EngineTables.ProvisionInfo(
          pvBase: 0, versionCount: 0, regime: 0, kind: 0, flags: 0, beatsStart: 0, beatsCount: 0, suspendedStart: 0,
          suspendedCount: 0)
      ),
      (
        "EngineTables.VersionInfo",
        EngineTables.VersionInfo(provision: 0, version: 0, condition: 0, status: .verified, multiple: false, cap: 0)
      ),
      ("EngineTables.SuspensionInfo", EngineTables.SuspensionInfo(from: 0, until: 0, condition: 0, unverified: false)),
      (
        "EngineTables.InstrumentInfo",
        EngineTables.InstrumentInfo(
          from: 0, until: 0, scope: 0, regime: 0, settingsStart: 0, settingsCount: 0, suspendedStart: 0, suspendedCount: 0)
      ),
      (
        "EngineTables.PrecedenceInfo",
        EngineTables.PrecedenceInfo(
          winner: 0, loser: 0, figures: 0, kindsStart: 0, kindsCount: 0, anyKind: false, unless: 0)
      ),
    ]
    var missing: [String] = []
    for (type, sample) in samples {
      let known = RulesSnapshot.fields[type] ?? []
      for child in Mirror(reflecting: sample).children {
        guard let label = child.label, !known.contains(label) else { continue }
        missing.append("\(type).\(label)")
      }
    }
    return missing
  }

  /// `snapshot` with the length and checksum of its header recomputed (nil: no header to
  /// read): for tests that change a snapshot's body and expect the reader's own checks, not the
  /// checksum, to refuse it.
  package static func resealed(snapshot: [UInt8]) -> [UInt8]? {
    snapshot.withUnsafeBufferPointer { bytes -> [UInt8]? in
      guard let old = try? SnapshotHeader(reading: bytes, version: nil, checkingBody: false) else { return nil }
      let body = UnsafeBufferPointer(rebasing: bytes[old.bodyStart...])
      let header = SnapshotHeader(formatVersion: old.formatVersion, fingerprintState: old.fingerprintState, body: body)
      return header.bytes + Array(body)
    }
  }
}

extension RulesSnapshot {
  /// The stored fields of each compiled type that the snapshot writes and reads (or, for
  /// `lengths`, derives; for the engine tables, see their entry).
  static let fields: [String: [String]] = [
    "CompiledRules": [
      "instruments", "provisions", "suspensions", "precedence", "options", "optionIndex", "categories", "categoryIndex",
      "vocabularyLists", "countryGroups", "destinations", "datedDestinations", "countries", "knownCountries",
      "documentCategories", "documentCategoryIndex", "documentCategoryDescriptions", "coverage", "coverageNote", "currency",
      "byFigure", "instrumentIndex", "provisionIndex", "descriptions", "ruleBookSegments", "tables",
    ],
    "RuleDescriptions.Parts": ["instruments", "provisions", "options", "categories"],
    "CompiledInstrument": ["id", "shortName", "from", "until", "scope", "regime", "settings", "suspendedBy"],
    "CompiledProvision": [
      "id", "regime", "definedBy", "figure", "kind", "versions", "beats", "suspendedBy", "citation", "citationText", "summary",
      "status",
    ],
    "ProvisionVersion": [
      "from", "until", "value", "condition", "conditionText", "amendment", "amendmentID", "amendmentLocation", "citation",
      "status", "citationText", "annotatedText",
    ],
    "CompiledSuspension": ["id", "from", "until", "appliesTo", "appliesToText", "citation", "status", "note"],
    "CompiledPrecedence": ["id", "winner", "loser", "figures", "kinds", "unless", "citation", "status", "note"],
    "CompiledOption": ["key", "values", "defaultValue"],
    "CountryEntry": ["code", "name", "territoryOf", "isNationality", "note"],
    "DatedDestination": ["from", "citation", "status", "note"],
    "RuleBookSegment": ["from", "until", "value", "provision", "version"],
    "HistoryQuery": [
      "atLeast", "withinMonths", "kinds", "multipleEntryOnly", "minValidityMonths", "lawfullyUsedOnly", "unused", "validFor",
      "lookBackFrom",
    ],
    "VocabularyList": ["ids", "descriptions", "articles", "lengths"],
    // The evaluator's tables (EngineTables+Snapshot.swift): written, or derived from the rules
    // read before them (`conditions` from the condition tables, the group layout, the
    // vocabularies, the regime count), or built on first use (the segments' candidates, the
    // JSON fragments).
    "EngineTables": [
      "nodes", "children", "codes", "ints", "queries", "countrySets", "conditions", "provisionInfo", "versionInfo", "beats",
      "suspendedBy", "suspensionInfo", "instrumentInfo", "settings", "instrumentSuspensions", "precedenceInfo",
      "precedenceKinds", "precedenceByFigure", "precedenceStart", "prevails", "regimeCount", "figureGroupOffset",
      "groupsPerSegment", "groupRegime", "groupCount", "versionRequires", "segments", "fragmentsLock", "builtFragments",
      "builtTraceFragments", "categoryNames", "purposeNames", "fastTrackSchemes",
    ],
    "EngineTables.Node": ["op", "a", "b", "c"],
    "EngineTables.ProvisionInfo": [
      "pvBase", "versionCount", "regime", "kind", "flags", "beatsStart", "beatsCount", "suspendedStart", "suspendedCount",
    ],
    "EngineTables.VersionInfo": ["provision", "version", "condition", "status", "multiple", "cap"],
    "EngineTables.SuspensionInfo": ["from", "until", "condition", "unverified"],
    "EngineTables.InstrumentInfo": [
      "from", "until", "scope", "regime", "settingsStart", "settingsCount", "suspendedStart", "suspendedCount",
    ],
    "EngineTables.PrecedenceInfo": ["winner", "loser", "figures", "kindsStart", "kindsCount", "anyKind", "unless"],
    "VocabularyLists": [
      "categories", "purposes", "documentTypes", "hostRelationships", "extensionGrounds", "fastTrackSchemes",
    ],
  ]

  /// Writes `value` field by field (see ``RuleBook/compiledDump()``).
  static func dump(_ value: Any, into out: inout String, indent: String) {
    if let s = value as? String {
      out += "\"\(s)\"\n"
      return
    }
    if let d = value as? RuleDescriptions {
      dump(d.parts, into: &out, indent: indent)
      return
    }
    let mirror = Mirror(reflecting: value)
    if mirror.children.isEmpty {
      out += "\(value)\n"
      return
    }
    switch mirror.displayStyle {
    case .dictionary, .set:
      var entries: [String] = []
      for child in mirror.children {
        var entry = ""
        dump(child.value, into: &entry, indent: indent + "  ")
        entries.append(entry)
      }
      out += "{\n"
      for e in entries.sorted() { out += indent + "  " + e }
      out += indent + "}\n"
    default:
      out += "\(mirror.displayStyle.map { "\($0)" } ?? "value") \(type(of: value)) (\n"
      for child in mirror.children where child.label != "tables" {
        out += indent + "  " + (child.label ?? "-") + ": "
        dump(child.value, into: &out, indent: indent + "  ")
      }
      out += indent + ")\n"
    }
  }
}
