/// Reads rule files (JSON) into ``CompiledRules``, collecting every problem as a diagnostic
/// with its file, line and column, the way a compiler reports errors.
struct RuleLoader {
  var diagnostics: [RuleDiagnostic] = []
  var rules = CompiledRules()
  /// The vocabulary lists as the vocabulary files are read (then shared by `rules`).
  var lists = VocabularyLists()

  struct File {
    var path: String
    var locator: SourceLocator
    var root: JSONValue
    var instrument: Int?
  }

  var files: [File] = []
  /// Raw provision JSON awaiting compilation: (file index, instrument index, JSON).
  var pendingProvisions: [(file: Int, instrument: Int, json: JSONValue)] = []
  /// Amendments whose target is not a provision (a suspension, or nothing), applied once the
  /// suspensions are read.
  var deferredAmendments: [(file: Int, json: JSONValue)] = []

  static let vocabularyKeys = ["$schema", "formatVersion", "vocabulary", "coverage", "note"]
  static let fileKeys = [
    "$schema", "formatVersion", "instrument", "options", "provisions", "amendments", "suspensions", "precedence", "settings", "note",
  ]

  // MARK: - Entry point

  mutating func load(_ sources: [(path: String, text: String)]) {
    for source in sources {
      var text = source.text
      text.withUTF8 { bytes in
        let locator = SourceLocator(bytes)
        do throws(JSONSyntaxError) {
          let root = try JSONParser.parse(bytes)
          files.append(File(path: source.path, locator: locator, root: root))
        } catch {
          let (line, column) = locator.location(of: error.offset)
          diagnostics.append(
            RuleDiagnostic(.error, SourceLocation(file: source.path, line: line, column: column), "malformed JSON: \(error.message)"))
        }
      }
    }
    for i in files.indices { readVocabulary(i) }
    rules.vocabularyLists = SharedVocabularyLists(lists)
    for i in files.indices { readInstrument(i) }
    for i in files.indices { readOptions(i) }
    for i in files.indices { registerProvisions(i) }
    for i in files.indices { compileScope(i) }
    for p in pendingProvisions { compileProvision(p.file, p.instrument, p.json) }
    describeFractions()
    // Amendments apply in date order, whatever the order of the files that hold them.
    var amendments: [(file: Int, json: JSONValue, from: LocalDate)] = []
    for i in files.indices { amendments += collectAmendments(i) }
    for a in amendments.sorted(by: { $0.from < $1.from }) { applyAmendment(a.file, a.json) }
    for i in files.indices { readSuspensions(i) }
    for (f, a) in deferredAmendments { amendSuspension(f, a) }
    for i in files.indices { readPrecedence(i) }
    for i in files.indices { readSettings(i) }
    finish()
    diagnostics += rules.compileRuleBookFigures()
    rules.tables = EngineTables(rules)
  }

  var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

  // MARK: - Diagnostics

  mutating func error(_ file: Int, _ offset: Int, _ message: String) {
    diagnostics.append(RuleDiagnostic(.error, location(file, offset), message))
  }

  mutating func warning(_ file: Int, _ offset: Int, _ message: String) {
    diagnostics.append(RuleDiagnostic(.warning, location(file, offset), message))
  }

  func location(_ file: Int, _ offset: Int) -> SourceLocation {
    let (line, column) = files[file].locator.location(of: offset)
    return SourceLocation(file: files[file].path, line: line, column: column)
  }

  /// Checks that an object has only the allowed keys; reports the others.
  mutating func checkKeys(_ file: Int, _ value: JSONValue, _ allowed: [String], _ what: @autoclosure () -> String) -> Bool {
    guard let members = value.members else {
      error(file, value.offset, "\(what()) must be an object, found \(value.typeName)")
      return false
    }
    for m in members where !allowed.containsKey(m.key) {
      error(file, m.keyOffset, "unknown key \"\(m.key)\" in \(what()) (allowed: \(allowed.joined(separator: ", ")))")
    }
    return true
  }

  mutating func string(_ file: Int, _ object: JSONValue, _ key: String, _ what: @autoclosure () -> String, required: Bool = true) -> String?
  {
    guard let v = object[key], !v.isNull else {
      if required { error(file, object.offset, "\(what()) has no \"\(key)\"") }
      return nil
    }
    guard let s = v.string, !s.isEmpty else {
      error(file, v.offset, "\"\(key)\" of \(what()) must be a non-empty string, found \(v.typeName)")
      return nil
    }
    return s
  }

  mutating func date(_ file: Int, _ object: JSONValue, _ key: String, _ what: @autoclosure () -> String, required: Bool = true)
    -> LocalDate?
  {
    guard let v = object[key], !v.isNull else {
      if required { error(file, object.offset, "\(what()) has no \"\(key)\" date") }
      return nil
    }
    guard let s = v.string, let d = LocalDate(iso: s) else {
      error(file, v.offset, "\"\(key)\" of \(what()) must be a date YYYY-MM-DD (a real calendar day)")
      return nil
    }
    return d
  }

  /// A whole number within `range`, or an error. JSON numbers arrive as `Double`s, which may be
  /// fractional or far beyond what an `Int` holds (`1e300`): converting one unchecked traps.
  mutating func wholeNumber(_ file: Int, _ v: JSONValue, _ what: String, in range: ClosedRange<Int>) -> Int? {
    guard let n = v.number, n == n.rounded(), n >= Double(range.lowerBound), n <= Double(range.upperBound) else {
      error(
        file, v.offset,
        "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound), found \(v.number.map { "\($0)" } ?? v.typeName)")
      return nil
    }
    return Int(n)
  }

  mutating func status(_ file: Int, _ object: JSONValue, _ what: @autoclosure () -> String) -> Status {
    guard let v = object["status"] else {
      error(file, object.offset, "\(what()) has no \"status\" (V, C or U, as tagged in the legal reference)")
      return .unverified
    }
    guard let s = v.string, let st = Status(rawValue: s) else {
      error(file, v.offset, "\"status\" of \(what()) must be \"V\", \"C\" or \"U\"")
      return .unverified
    }
    return st
  }

  mutating func citation(_ file: Int, _ object: JSONValue, instrument: Int, what: @autoclosure () -> String, required: Bool = true)
    -> Citation?
  {
    let inst = rules.instruments[instrument]
    guard let v = object["citation"], !v.isNull else {
      if required { error(file, object.offset, "\(what()) has no citation (article, paragraph, point)") }
      return nil
    }
    guard checkKeys(file, v, ["article", "paragraph", "point", "instrument"], "the citation of \(what())") else { return nil }
    func part(_ key: String) -> String? {
      guard let x = v[key] else { return nil }
      if let s = x.string { return s }
      if let n = x.number, n == n.rounded(), abs(n) < 1e15 { return String(Int(n)) }
      return nil
    }
    guard let article = part("article") else {
      error(file, v.offset, "the citation of \(what()) has no article")
      return nil
    }
    var c = Citation(
      instrument: inst.id, instrumentName: inst.shortName, article: article, paragraph: part("paragraph"), point: part("point"))
    if let other = v["instrument"]?.string {
      if let idx = rules.instrumentIndex[other] {
        c.instrument = other
        c.instrumentName = rules.instruments[idx].shortName
      } else {
        error(file, v.offset, "the citation of \(what()) names unknown instrument \"\(other)\"")
      }
    }
    return c
  }

}
