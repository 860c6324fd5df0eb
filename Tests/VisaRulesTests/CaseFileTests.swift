import Foundation
import Testing
import VisaRules

/// Every case file under Rules/cases runs as tests: one test per case.
struct CaseFileTests {
  struct Case: CustomTestStringConvertible, Sendable {
    var file: String
    var name: String
    var testDescription: String { "\((file as NSString).lastPathComponent): \(name)" }
  }

  static let files: [String] = {
    let dir = Package.rules.appendingPathComponent("cases")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
    return names.filter { $0.hasSuffix(".json") }.sorted().map { dir.appendingPathComponent($0).path }
  }()

  static let results: [String: [CaseResult]] = {
    var out: [String: [CaseResult]] = [:]
    let book = try! RuleBook.builtIn()
    for f in files { out[f] = (try? book.runCases(Package.text(URL(fileURLWithPath: f)), path: f)) ?? [] }
    return out
  }()

  static var allCases: [Case] {
    files.flatMap { f in (results[f] ?? []).map { Case(file: f, name: $0.name) } }
  }

  @Test func caseFilesExistAndParse() throws {
    #expect(!Self.files.isEmpty)
    let book = try RuleBook.builtIn()
    for f in Self.files {
      let results = try book.runCases(Package.text(URL(fileURLWithPath: f)), path: f)
      #expect(!results.isEmpty, "\(f) has no cases")
    }
  }

  @Test(arguments: allCases)
  func workedCase(_ c: Case) throws {
    let result = try #require(Self.results[c.file]?.first { $0.name == c.name })
    #expect(result.failures.isEmpty, "\(result.failures.joined(separator: "; "))")
  }

  @Test func aFailingExpectationIsReported() throws {
    let file = """
      {"cases": [{"name": "wrong on purpose", "application": \(Examples.tourist2021),
        "expect": {"fee.amount": 36}}]}
      """
    let results = try RuleBook.builtIn().runCases(file, path: "inline.json")
    #expect(results.count == 1)
    #expect(results[0].failures == ["fee.amount: expected 36, got 35"])
  }
}

enum Examples {
  static var tourist2021: String { Package.text(Package.examples.appendingPathComponent("applications/tourist-2021.json")) }
}
