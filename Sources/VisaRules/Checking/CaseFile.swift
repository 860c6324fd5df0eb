/// Test cases as data: a JSON file of applications with the values their decisions must show,
/// so a policy analyst can add a case without touching Swift.
///
/// ```json
/// {
///   "defaults": {"application": {"lodgingDate": "2021-03-15", "destination": "NL", …}},
///   "cases": [
///     {"name": "§8 #7 child aged 8, 2021",
///      "application": {"applicant": {"birthDate": "2012-06-01"}},
///      "options": {"fee.vfaVersusVisaCode": "lowestAmount"},
///      "expect": {"fee.amount": 35, "fee.citation": "VFA Art. 6(1)", "decision.deadline": "2021-03-25"}}
///   ]
/// }
/// ```
///
/// A case's `application` is merged into `defaults.application` (objects key by key, anything
/// else replaced). `expect` maps paths in the decision JSON (`fee.waiver.citation`,
/// `warnings[0]`) to a value, or to `{"contains": "text"}` and/or `{"excludes": "text"}` (no
/// string containing the text). A case may instead expect an error:
/// `"expectError": {"kind": "unknownValue", "field": "applicant.categories[0]"}`.
public struct CaseResult: Hashable, Sendable {
  /// The file the case comes from.
  public var file: String
  /// The case's name.
  public var name: String
  /// The mismatches, empty when the case passed.
  public var failures: [String]
  /// Whether the case passed.
  public var passed: Bool { failures.isEmpty }
}

extension RuleBook {
  /// Runs every case of a case file (its text), returning one result per case. `options` apply
  /// to every case (a case's own `options` win). A file that is not a valid case file throws,
  /// naming the line and column.
  public func runCases(_ text: String, path: String, options global: [String: String] = [:]) throws(VisaRulesError) -> [CaseResult] {
    let root: JSONValue
    let locator = SourceLocator(text)
    do throws(JSONSyntaxError) {
      root = try JSONParser.parse(text)
    } catch {
      let (l, c) = locator.location(of: error.offset)
      throw VisaRulesError(
        .malformedJSON, message: "malformed JSON: \(error.message)", location: SourceLocation(file: path, line: l, column: c))
    }
    func fileError(_ v: JSONValue, _ message: String) -> VisaRulesError {
      let (l, c) = locator.location(of: v.offset)
      return VisaRulesError(.invalidValue, message: message, location: SourceLocation(file: path, line: l, column: c))
    }
    guard let cases = root["cases"]?.elements else { throw fileError(root, "a case file needs \"cases\": [ … ]") }
    let defaults = root["defaults"]?["application"]
    var results: [CaseResult] = []
    for c in cases {
      guard let name = c["name"]?.string else { throw fileError(c, "a case needs a \"name\"") }
      var failures: [String] = []
      var application = c["application"] ?? JSONValue(kind: .object([]), offset: c.offset)
      if let defaults { application = RuleBook.merge(defaults, application) }
      var options = global
      for m in c["options"]?.members ?? [] { options[m.key] = m.value.string ?? "" }
      do throws(VisaRulesError) {
        var text = JSONWriter()
        application.write(to: &text)
        let app = try text.bytes.withUnsafeBufferPointer { (b) throws(VisaRulesError) in try Application(jsonBytes: b) }
        let decision = try evaluate(app, options: EvaluationOptions(options: options, trace: false, alternatives: false))
        if let e = c["expectError"] {
          failures.append(
            "expected an error (\(e["kind"]?.string ?? "any")), got a decision with fee \(decision.fee.map { "\($0.amount)" } ?? "none (no visa required)")"
          )
        }
        var w = JSONWriter()
        decision.write(to: &w)
        let output = try RuleBook.parseOwn(w.text)
        for m in c["expect"]?.members ?? [] {
          let got = RuleBook.lookup(output, path: m.key)
          if let problem = RuleBook.mismatch(expected: m.value, got: got) {
            failures.append("\(m.key): \(problem)")
          }
        }
        if c["expect"] == nil && c["expectError"] == nil { failures.append("the case expects nothing") }
      } catch {
        if let e = c["expectError"] {
          if let kind = e["kind"]?.string, kind != error.kind.rawValue {
            failures.append("expected error kind \(kind), got \(error.kind.rawValue): \(error)")
          }
          if let field = e["field"]?.string, field != (error.field ?? "") {
            failures.append("expected the error on field \(field), got \(error.field ?? "none"): \(error)")
          }
        } else {
          failures.append("unexpected error: \(error)")
        }
      }
      results.append(CaseResult(file: path, name: name, failures: failures))
    }
    return results
  }

  /// The case files at a path: the file itself, or every `.json` file below a folder.
  public static func caseFiles(at path: String) throws(VisaRulesError) -> [String] {
    if FileSystem.isDirectory(path) { return try FileSystem.files(under: path, suffix: ".json") }
    guard FileSystem.exists(path) else { throw VisaRulesError(.io, value: path, message: "no such file or folder: \(path)") }
    return [path]
  }

  static func parseOwn(_ text: String) throws(VisaRulesError) -> JSONValue {
    do throws(JSONSyntaxError) { return try JSONParser.parse(text) } catch {
      throw VisaRulesError(.malformedJSON, message: "internal: decision JSON did not parse: \(error.message)")
    }
  }

  /// Deep merge: objects key by key; anything else replaced by `patch`.
  static func merge(_ base: JSONValue, _ patch: JSONValue) -> JSONValue {
    guard let b = base.members, let p = patch.members else { return patch }
    var out = b
    for m in p {
      if let i = out.firstIndex(where: { $0.key == m.key }) {
        out[i].value = merge(out[i].value, m.value)
      } else {
        out.append(m)
      }
    }
    return JSONValue(kind: .object(out), offset: patch.offset)
  }

  /// The value at a path like `fee.waiver.citation` or `warnings[1]`, or nil when absent.
  static func lookup(_ root: JSONValue, path: String) -> JSONValue? {
    var current: JSONValue? = root
    for part in path.split(separator: ".") {
      var name = Substring(part)
      var indices: [Int] = []
      while let open = name.lastIndex(of: "["), name.hasSuffix("]") {
        guard let i = Int(name[name.index(after: open)..<name.index(before: name.endIndex)]) else { return nil }
        indices.insert(i, at: 0)
        name = name[..<open]
      }
      if !name.isEmpty { current = current?[String(name)] }
      for i in indices {
        guard let list = current?.elements, i >= 0, i < list.count else { return nil }
        current = list[i]
      }
    }
    return current
  }

  static func render(_ v: JSONValue?) -> String {
    guard let v else { return "(absent)" }
    switch v.kind {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .number(let n):
      var w = JSONWriter()
      w.double(n)
      return w.text
    case .string(let s): return "\"\(s)\""
    case .array(let a): return "[" + a.map { render($0) }.joined(separator: ", ") + "]"
    case .object(let m): return "{" + m.map { "\($0.key): \(render($0.value))" }.joined(separator: ", ") + "}"
    }
  }

  /// Nil when `got` matches `expected`, else what differs.
  static func mismatch(expected: JSONValue, got: JSONValue?) -> String? {
    if let members = expected.members, !members.isEmpty,
      members.allSatisfy({ ($0.key == "contains" || $0.key == "excludes") && $0.value.string != nil })
    {
      let strings = got?.elements.map { $0.compactMap(\.string) } ?? got?.string.map { [$0] } ?? []
      for m in members {
        let needle = m.value.string!
        let found = strings.contains { $0.contains(needle) }
        if m.key == "contains" && !found { return "expected something containing \"\(needle)\", got \(render(got))" }
        if m.key == "excludes" && found { return "expected nothing containing \"\(needle)\", got \(render(got))" }
      }
      return nil
    }
    let gotValue = got ?? JSONValue(kind: .null, offset: 0)
    if equal(expected, gotValue) { return nil }
    return "expected \(render(expected)), got \(render(got))"
  }

  static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a.kind, b.kind) {
    case (.null, .null): return true
    case (.bool(let x), .bool(let y)): return x == y
    case (.number(let x), .number(let y)): return x == y
    case (.string(let x), .string(let y)): return x == y
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
    case (.object(let x), .object(let y)):
      return x.count == y.count && x.allSatisfy { m in y.contains { $0.key == m.key && equal($0.value, m.value) } }
    default: return false
    }
  }
}
