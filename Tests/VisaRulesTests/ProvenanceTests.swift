import Foundation
import Testing
import VisaRules

/// `visa --version` and the rules' fingerprint: the library's version and a hash that changes
/// with any byte of the rules and with nothing else.
struct ProvenanceTests {
  /// FNV-1a, 64 bits, written out here from its definition (offset basis, prime).
  static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 14_695_981_039_346_656_037
    for b in bytes {
      h ^= UInt64(b)
      h = h &* 1_099_511_628_211
    }
    return h
  }

  @Test func theFingerprintIsFNV1aOfTheTextsEachEndedByAZeroByte() {
    // The published test vector: FNV-1a-64("a") = af63dc4c8601ec8c.
    #expect(Self.fnv1a(Array("a".utf8)) == 0xaf63_dc4c_8601_ec8c)
    let sources = [RuleBook.RuleSource(path: "x/one.json", text: "a"), RuleBook.RuleSource(path: "two.json", text: "{}")]
    let expected = Self.fnv1a(Array("a".utf8) + [0] + Array("{}".utf8) + [0])
    #expect(RuleBook.fingerprint(of: sources) == "fnv1a64:" + String(format: "%016llx", expected))
    // Paths do not count; one byte of text does, and so does the order.
    let moved = sources.map { RuleBook.RuleSource(path: "elsewhere/" + $0.path, text: $0.text) }
    #expect(RuleBook.fingerprint(of: moved) == RuleBook.fingerprint(of: sources))
    let edited = [sources[0], RuleBook.RuleSource(path: "two.json", text: "{ }")]
    #expect(RuleBook.fingerprint(of: edited) != RuleBook.fingerprint(of: sources))
    #expect(RuleBook.fingerprint(of: sources.reversed()) != RuleBook.fingerprint(of: sources))
  }

  @Test func versionPrintsTheLibraryVersionAndTheFingerprints() throws {
    let book = try RuleBook.builtIn()
    let plain = try runVisa(["--version"])
    #expect(plain.code == 0)
    #expect(plain.out.hasPrefix("visa \(RuleBook.libraryVersion) "))
    #expect(plain.out.contains("rules \(book.fingerprint)"))
    let reform = "Examples/reforms/fee-100-eur"
    let overlaid = try runVisa(["--version", "--rules", reform])
    let withReform = try book.adding(rulesAt: Package.root.path + "/" + reform)
    #expect(withReform.fingerprint != book.fingerprint)
    #expect(overlaid.out.contains("rules \(withReform.fingerprint)"), "\(overlaid.out)")
    #expect(overlaid.out.contains("built-in  \(book.fingerprint)"))
    #expect(overlaid.out.contains("\(reform)  \(RuleBook.fingerprint(of: try RuleBook.read(directory: Package.root.path + "/" + reform)))"))
    #expect(try runVisa(["--version", "--rules", "No/Such/Folder"]).code == 64)
  }

  static let application = """
    {"lodgingDate": "2021-03-15", "destination": "NL", "lodgedIn": "RU",
     "applicant": {"nationality": "RU", "residence": "RU", "birthDate": "1985-06-01",
                   "travelDocument": {"type": "ordinary", "expiry": "2030-01-01"}},
     "trip": {"purpose": "tourism", "start": "2021-04-20", "end": "2021-04-30"}}
    """

  /// The `provenance` object of a decision's JSON.
  static func provenanceJSON(_ json: String) throws -> [String: Any] {
    let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    return try #require(object["provenance"] as? [String: Any])
  }

  @Test func everyDecisionCarriesTheBuiltInRulesProvenance() throws {
    let book = try RuleBook.builtIn()
    // The built-in fingerprint (computed when the package was built) is the hash of the texts.
    let builtIn = RuleBook.fingerprint(of: RuleBook.builtInSources)
    #expect(book.fingerprint == builtIn)
    let decision = try book.evaluate(try Application(json: Self.application))
    #expect(decision.provenance.libraryVersion == RuleBook.libraryVersion)
    #expect(decision.provenance.fingerprint == builtIn)
    #expect(
      decision.provenance.rules == [
        Provenance.RuleSet(name: "built-in", fingerprint: builtIn, files: RuleBook.builtInSources.count)
      ])
    #expect(decision.provenance == book.provenance)
    // In JSON, the last key, the same on every path: a single decision, JSONEncoder, a plain
    // and a traced JSON Lines line.
    let single = decision.json()
    #expect(
      single.hasSuffix(
        ",\"provenance\":{\"libraryVersion\":\"\(RuleBook.libraryVersion)\",\"fingerprint\":\"\(builtIn)\",\"rules\":[{\"name\":\"built-in\",\"fingerprint\":\"\(builtIn)\",\"files\":\(RuleBook.builtInSources.count)}]}}"
      ))
    let encoded = String(decoding: try JSONEncoder().encode(decision), as: UTF8.self)
    for json in [encoded]
      + [EvaluationOptions.batch, EvaluationOptions(trace: true, alternatives: false)].map({ options in
        String(
          decoding: Array(Self.application.utf8).withUnsafeBufferPointer { book.evaluateLine($0, lineNumber: 1, options: options).output },
          as: UTF8.self)
      })
    {
      let p = try Self.provenanceJSON(json)
      #expect(p["fingerprint"] as? String == builtIn, "\(json.suffix(300))")
      #expect(p["libraryVersion"] as? String == RuleBook.libraryVersion)
      #expect((p["rules"] as? [[String: Any]])?.map { $0["name"] as? String } == ["built-in"])
    }
  }

  @Test func aDecisionMadeWithAnOverlayNamesItAndHasItsOwnFingerprint() throws {
    let book = try RuleBook.builtIn()
    let reform = "Examples/reforms/fee-100-eur"
    let folder = Package.root.path + "/" + reform
    let overlaid = try book.adding(rulesAt: folder)
    let decision = try overlaid.evaluate(try Application(json: Self.application))
    let own = RuleBook.fingerprint(of: try RuleBook.read(directory: folder))
    let files = try RuleBook.read(directory: folder)
    #expect(decision.provenance.fingerprint == RuleBook.fingerprint(of: RuleBook.builtInSources + files))
    #expect(decision.provenance.fingerprint != book.fingerprint)
    #expect(decision.provenance.rules.map(\.name) == ["built-in", folder])
    #expect(decision.provenance.rules.map(\.fingerprint) == [book.fingerprint, own])
    #expect(decision.provenance.rules[1].files == 1)
    // Named as given on the command line, in every decision line.
    let out = try runVisa(
      ["evaluate", "--jsonl", "--rules", reform, "-"], stdin: Self.application.replacingOccurrences(of: "\n", with: " ") + "\n")
    #expect(out.code == 0, "\(out.err)")
    let p = try Self.provenanceJSON(out.out)
    #expect(p["fingerprint"] as? String == decision.provenance.fingerprint)
    let sets = try #require(p["rules"] as? [[String: Any]])
    #expect(sets.map { $0["name"] as? String } == ["built-in", reform])
    #expect(sets.map { $0["fingerprint"] as? String } == [book.fingerprint, own])
    // A rule set built from sources of one's own takes the name given (or "custom", "overlay").
    let named = try book.adding(try RuleBook.read(directory: folder), name: "my reform")
    #expect(named.provenance.rules.map(\.name) == ["built-in", "my reform"])
    #expect(named.fingerprint == overlaid.fingerprint)
    #expect(try RuleBook(sources: RuleBook.builtInSources).provenance.rules.map(\.name) == ["custom"])
    #expect(try RuleBook(sources: RuleBook.builtInSources).fingerprint == book.fingerprint)
  }

  @Test func oneByteOfOneRuleFileChangesTheFingerprint() throws {
    let book = try RuleBook.builtIn()
    let folder = Package.root.path + "/Examples/reforms/fee-100-eur"
    let files = try RuleBook.read(directory: folder)
    // The same overlay with one byte more (a space before the final brace): same rules, other data.
    var changed = files
    let text = changed[0].text
    let brace = try #require(text.lastIndex(of: "}"))
    changed[0].text = String(text[..<brace]) + " " + String(text[brace...])
    let a = try book.adding(files)
    let b = try book.adding(changed)
    let application = try Application(json: Self.application)
    let da = try a.evaluate(application)
    let db = try b.evaluate(application)
    #expect(da.fee == db.fee)
    #expect(da.provenance.fingerprint != db.provenance.fingerprint)
    #expect(da.provenance.rules[0] == db.provenance.rules[0])
    #expect(da.provenance.rules[1].fingerprint != db.provenance.rules[1].fingerprint)
    // A byte of a built-in file, in a rule book of one's own.
    var sources = RuleBook.builtInSources
    let i = try #require(sources.firstIndex { $0.path.hasSuffix("vocabulary.json") })
    sources[i].text += "\n"
    let custom = try RuleBook(sources: sources)
    #expect(custom.fingerprint != book.fingerprint)
    #expect(try custom.evaluate(application).provenance.fingerprint == custom.fingerprint)
  }
}
