import Foundation
import Testing
import VisaRules

/// `visa rules check`: a deliberately broken rules folder yields located, specific diagnostics.
struct RuleCheckTests {
  static let folder = Package.root.appendingPathComponent("Tests/VisaRulesTests/Fixtures/broken-rules")

  func diagnostics() throws -> [RuleDiagnostic] {
    let overlay = try RuleBook.read(directory: Self.folder.path)
    return RuleBook.check(RuleBook.builtInSources + overlay).filter { $0.severity == .error }
  }

  func find(_ file: String, _ text: String) throws -> RuleDiagnostic {
    let d = try diagnostics()
    return try #require(
      d.first { $0.location.file.hasSuffix(file) && $0.message.contains(text) },
      "no diagnostic in \(file) containing \(text): \(d.map(\.description))")
  }

  @Test func missingCitation() throws {
    let d = try find("missing-citation.json", "has no citation")
    #expect(d.location.line == 5)
    #expect(d.description.contains("missing-citation.json:5:5: error: provision broken-a.fee has no citation"))
  }

  @Test func overlappingDates() throws {
    #expect(try find("overlapping-dates.json", "the versions overlap").location.line == 6)
    #expect(try find("overlapping-dates.json", "ends (2026-01-31) before it begins").location.line == 9)
  }

  @Test func unknownCategory() throws {
    let d = try find("unknown-category.json", "unknown category \"astronaut\"")
    #expect(d.location.line == 6)
  }

  @Test func aHistoryReadingMustBeOneOfItsNamesOrAnOptionOfThoseValues() throws {
    // The readings of a `visas` query (Visa Code Art. 24(2), legal reference §3.5): a name, or an
    // option whose every value is one of the reading's names.
    let a = try find("history-readings.json", "\"unused\" of \"visas\" is \"sometimes\"")
    #expect(a.location.line == 7)
    #expect(a.message.contains("notCounted, counted"))
    let b = try find("history-readings.json", "option vc.16.5.a has the value \"off\", which \"lookBackFrom\" cannot read")
    #expect(b.location.line == 10)
  }

  @Test func danglingAmendmentTarget() throws {
    #expect(try find("dangling-amendment.json", "acts on unknown provision or suspension \"vc.16.9\"").location.line == 5)
  }

  @Test func unresolvedConflictWithAWitness() throws {
    let d = try find("unresolved-conflict.json", "unresolved conflict")
    #expect(d.message.contains("'broken-e.students' and 'broken-e.young'"))
    #expect(d.message.contains("categories student; age 17"))
  }

  @Test func exactlyTheseErrors() throws {
    #expect(try diagnostics().count == 8)
  }

  @Test func anExceptionResolvesTheConflict() throws {
    let fixed = RuleBook.RuleSource(
      path: "fixed.json",
      text: Package.text(Self.folder.appendingPathComponent("unresolved-conflict.json"))
        .replacingOccurrences(
          of: "\"when\": {\"age\": {\"below\": 18}},", with: "\"when\": {\"age\": {\"below\": 18}}, \"overrides\": [\"broken-e.students\"],"
        ))
    let d = RuleBook.check(RuleBook.builtInSources + [fixed])
    #expect(d.filter { $0.severity == .error }.isEmpty, "\(d)")
  }

  @Test func builtInRulesHaveNoConflicts() {
    #expect(RuleBook.check(RuleBook.builtInSources).isEmpty)
  }

  @Test func cliPrintsCompilerStyleDiagnosticsAndFails() throws {
    let r = try runVisa(["rules", "check", Self.folder.path])
    #expect(r.code == 1)
    #expect(r.out.contains("missing-citation.json:5:5: error:"))
    #expect(r.out.contains("8 errors"))
  }
}
