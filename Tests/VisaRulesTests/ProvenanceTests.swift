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
}
