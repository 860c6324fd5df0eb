import Foundation
import Testing
import VisaRules

/// The published JSON Schemas (`Rules/schema/decision.schema.json`, `error.schema.json`) and the
/// one encoder cannot drift apart: every key the encoder writes, at every depth, is a property
/// the schema declares there, and every property the schema declares is written by some
/// decision or error object of the generated inputs. (`Scripts/validate-schemas.py` validates
/// the same outputs, and more, against the schemas in full.)
struct ContractSchemaTests {
  static let book = PathAgreementTests.book

  /// A schema file of `Rules/schema/`, as JSON objects.
  static func schema(_ name: String) throws -> [String: Any] {
    let url = Package.rules.appendingPathComponent("schema/\(name).schema.json")
    return try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
  }

  /// Walks a document beside its schema, recording the key paths it has (`fee.waiver.reason`,
  /// `trace[].shortfalls[].visas[].index`) and every key the schema does not declare there.
  struct KeyWalk {
    let root: [String: Any]
    var seen: Set<String> = []
    var undeclared: [String] = []

    init(_ root: [String: Any]) { self.root = root }

    /// The schema at a `#/$defs/…` reference.
    func resolve(_ node: [String: Any]) -> [String: Any] {
      guard let ref = node["$ref"] as? String, ref.hasPrefix("#/$defs/"),
        let defs = root["$defs"] as? [String: Any], let target = defs[String(ref.dropFirst(8))] as? [String: Any]
      else { return node }
      var merged = resolve(target)
      for (k, v) in node where k != "$ref" { merged[k] = v }
      return merged
    }

    /// The schema's branches (`anyOf`/`oneOf` alternatives, resolved), or the node itself.
    func branches(_ node: [String: Any]) -> [[String: Any]] {
      let node = resolve(node)
      let alternatives = (node["anyOf"] as? [[String: Any]] ?? []) + (node["oneOf"] as? [[String: Any]] ?? [])
      return alternatives.isEmpty ? [node] : alternatives.flatMap(branches)
    }

    mutating func walk(_ value: Any, _ node: [String: Any], path: String) {
      let nodes = branches(node)
      if let object = value as? [String: Any] {
        var properties: [String: [String: Any]] = [:]
        for n in nodes {
          for (k, v) in n["properties"] as? [String: Any] ?? [:] { properties[k] = v as? [String: Any] ?? [:] }
        }
        for (key, member) in object {
          let p = path.isEmpty ? key : path + "." + key
          seen.insert(p)
          guard let schema = properties[key] else {
            undeclared.append(p)
            continue
          }
          walk(member, schema, path: p)
        }
      } else if let array = value as? [Any] {
        for element in array {
          for n in nodes { if let items = n["items"] as? [String: Any] { walk(element, items, path: path + "[]") } }
        }
      }
    }

    /// Every key path the schema declares (through references and alternatives).
    func declared(_ node: [String: Any], path: String = "", depth: Int = 0) -> Set<String> {
      guard depth < 12 else { return [] }
      var out: Set<String> = []
      for n in branches(node) {
        for (k, v) in n["properties"] as? [String: Any] ?? [:] {
          let p = path.isEmpty ? k : path + "." + k
          out.insert(p)
          out.formUnion(declared(v as? [String: Any] ?? [:], path: p, depth: depth + 1))
        }
        if let items = n["items"] as? [String: Any] { out.formUnion(declared(items, path: path + "[]", depth: depth + 1)) }
      }
      return out
    }
  }

  /// Decisions and error objects of the generated inputs: each line plain and traced (the batch
  /// path, the traced path), some evaluated singly with alternatives and through `JSONEncoder`,
  /// and a rules error with its location.
  static func outputs() throws -> (decisions: [[String: Any]], errors: [[String: Any]]) {
    var decisions: [[String: Any]] = []
    var errors: [[String: Any]] = []
    func add(_ text: String) throws {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "\(text)")
      if object["error"] != nil { errors.append(object) } else { decisions.append(object) }
    }
    let traced = EvaluationOptions(trace: true, alternatives: false)
    for (i, line) in PathAgreementTests.lines.enumerated() {
      let bytes = Array(line.utf8)
      try add(String(decoding: bytes.withUnsafeBufferPointer { book.evaluateLine($0, lineNumber: i + 1).output }, as: UTF8.self))
      if i % 5 == 0 {
        try add(
          String(
            decoding: bytes.withUnsafeBufferPointer { book.evaluateLine($0, lineNumber: i + 1, options: traced).output }, as: UTF8.self))
      }
      if i % 7 == 0, let application = try? Application(json: line), let decision = try? book.evaluate(application) {
        try add(decision.json())
        try add(String(decoding: try JSONEncoder().encode(decision), as: UTF8.self))
      }
    }
    let broken = Result { () throws(VisaRulesError) in
      try book.adding(rulesAt: Package.root.path + "/Tests/VisaRulesTests/Fixtures/broken-rules")
    }
    guard case .failure(let rulesError) = broken else {
      Issue.record("the broken rules loaded")
      return (decisions, errors)
    }
    try add("{\"error\":\(rulesError.json)}")
    return (decisions, errors)
  }

  @Test func everyKeyTheEncoderWritesIsDeclaredAndEveryDeclaredKeyIsWritten() throws {
    let (decisions, errors) = try Self.outputs()
    #expect(decisions.count > 1000)
    #expect(errors.count > 300)
    for (name, documents) in [("decision", decisions), ("error", errors)] {
      let schema = try Self.schema(name)
      var walk = KeyWalk(schema)
      for d in documents { walk.walk(d, schema, path: "") }
      let undeclared = Set(walk.undeclared).sorted()
      #expect(undeclared.isEmpty, "\(name) keys written but not declared in Rules/schema/\(name).schema.json: \(undeclared)")
      let unwritten = walk.declared(schema).subtracting(walk.seen).sorted()
      #expect(unwritten.isEmpty, "\(name) keys declared in Rules/schema/\(name).schema.json but never written: \(unwritten)")
      #expect(walk.seen.count > (name == "decision" ? 60 : 5))
    }
  }

  @Test func theWalkFindsAnUndeclaredKey() throws {
    // The check itself can fail: a key the schema does not declare, at the top and nested.
    let schema = try Self.schema("decision")
    var walk = KeyWalk(schema)
    let decision = try #require(
      try JSONSerialization.jsonObject(with: Data(Self.book.evaluate(try Application(json: tourist2021)).json().utf8))
        as? [String: Any])
    var changed = decision
    changed["colour"] = "blue"
    var fee = try #require(decision["fee"] as? [String: Any])
    fee["discount"] = 5
    changed["fee"] = fee
    walk.walk(decision, schema, path: "")
    #expect(walk.undeclared.isEmpty)
    walk.walk(changed, schema, path: "")
    #expect(Set(walk.undeclared) == ["colour", "fee.discount"])
  }

  /// A case's application merged into its file's defaults, as `visa test` merges them.
  static func merge(_ base: Any?, _ patch: Any) -> Any {
    guard var out = base as? [String: Any], let patch = patch as? [String: Any] else { return patch }
    for (k, v) in patch { out[k] = merge(out[k], v) }
    return out
  }

  /// The applications of every case file (merged) and of the examples.
  static func fileApplications() throws -> [String] {
    var out: [String] = []
    let cases = Package.rules.appendingPathComponent("cases")
    for name in try FileManager.default.contentsOfDirectory(atPath: cases.path).sorted() where name.hasSuffix(".json") {
      let file = try #require(
        try JSONSerialization.jsonObject(with: Data(contentsOf: cases.appendingPathComponent(name))) as? [String: Any])
      let defaults = (file["defaults"] as? [String: Any])?["application"]
      for c in file["cases"] as? [[String: Any]] ?? [] {
        let application = merge(defaults, c["application"] ?? [String: Any]())
        out.append(String(decoding: try JSONSerialization.data(withJSONObject: application), as: UTF8.self))
      }
    }
    let examples = Package.examples.appendingPathComponent("applications")
    for name in try FileManager.default.contentsOfDirectory(atPath: examples.path) where name.hasSuffix(".json") {
      out.append(try String(contentsOf: examples.appendingPathComponent(name), encoding: .utf8))
    }
    return out
  }

  /// Every application the contract's reader accepts (generated ones, the case files', the
  /// examples) uses only the keys the application schema declares, and every declared key is
  /// used by one of them.
  @Test func applicationKeysMatchTheApplicationSchema() throws {
    let schema = try Self.schema("application")
    var walk = KeyWalk(schema)
    var accepted = 0
    for line in PathAgreementTests.lines + (try Self.fileApplications()) where (try? Application(json: line)) != nil {
      let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
      walk.walk(object, schema, path: "")
      accepted += 1
    }
    #expect(accepted > 800)
    #expect(walk.undeclared.isEmpty, "\(Set(walk.undeclared).sorted())")
    #expect(walk.declared(schema).subtracting(walk.seen).sorted() == [], "declared, never in a generated application")
  }

  let tourist2021 = """
    {"lodgingDate": "2021-03-15", "destination": "NL", "lodgedIn": "RU",
     "applicant": {"nationality": "RU", "residence": "RU", "birthDate": "1985-06-01",
                   "travelDocument": {"type": "ordinary", "expiry": "2030-01-01"}},
     "trip": {"purpose": "tourism", "start": "2021-04-20", "end": "2021-04-30"}}
    """
}
