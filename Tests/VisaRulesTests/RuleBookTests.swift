import Foundation
import Testing
import VisaRules

/// The built-in rule book: it loads clean, it is exactly `Rules/`, and every provision is cited
/// and dated.
struct RuleBookTests {
  @Test func builtInRulesLoadWithoutErrorsOrWarnings() throws {
    let diagnostics = RuleBook.check(RuleBook.builtInSources)
    #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description).joined(separator: "\n"))")
    let book = try RuleBook.builtIn()
    #expect(book.instruments.count >= 8)
    #expect(book.provisions.count >= 40)
  }

  @Test func embeddedRulesAreExactlyTheRulesFolder() throws {
    let onDisk = try RuleBook.read(directory: Package.rules.path)
    let embedded = RuleBook.builtInSources
    let diskByName = Dictionary(uniqueKeysWithValues: onDisk.map { (String($0.path.dropFirst(Package.root.path.count + 1)), $0.text) })
    #expect(Set(diskByName.keys) == Set(embedded.map(\.path)))
    for source in embedded {
      #expect(
        diskByName[source.path]?.trimmingCharacters(in: .whitespacesAndNewlines)
          == source.text.trimmingCharacters(in: .whitespacesAndNewlines), "\(source.path) differs from its embedded copy")
    }
  }

  @Test func everyProvisionIsCitedDatedAndSummarised() throws {
    for p in try RuleBook.builtIn().provisions {
      #expect(p.citation.article != nil, "\(p.id) has no article")
      #expect(!p.versions.isEmpty, "\(p.id) has no dated version")
      #expect(!p.summary.isEmpty, "\(p.id) has no summary")
      #expect(p.location.file.hasPrefix("Rules/"))
    }
  }

  @Test func catalogueIsInStepWithTheRules() throws {
    let file = Package.root.appendingPathComponent("Documentation/Rules.md")
    let generated = try RuleBook.builtIn().catalogue
    #expect(
      Package.text(file).trimmingCharacters(in: .whitespacesAndNewlines) == generated.trimmingCharacters(in: .whitespacesAndNewlines),
      "Documentation/Rules.md is stale: run `swift run visa rules catalogue > Documentation/Rules.md`")
  }

  @Test func amendmentsMakeVersions() throws {
    let standard = try #require(try RuleBook.builtIn().provision("vc.16.1"))
    #expect(standard.versions.map(\.value) == ["60 EUR", "80 EUR", "90 EUR"])
    #expect(standard.versions.map(\.period.from.description) == ["2010-04-05", "2020-02-02", "2024-06-11"])
    #expect(standard.versions[1].period.until?.description == "2024-06-10")
    #expect(standard.versions[2].amendment == "reg-2024-1415.vc-16-1")
  }

  @Test func aFractionNamesItsTargetEvenFromAFileThatSortsFirst() throws {
    // `eu-cv/…` loads before `eu/…`: the text of Cabo Verde's fee must still name Visa Code Art. 16(1).
    let fee = try #require(try RuleBook.builtIn().provision("vfa-cv.6.1"))
    #expect(fee.versions.map(\.value) == ["3/4 of Visa Code Art. 16(1)"])
  }

  @Test func libraryUsageInAFewLines() throws {
    let book = try RuleBook.builtIn()
    let decision = try book.evaluate(tourist(lodged: "2021-03-15"), options: EvaluationOptions(trace: true))
    #expect(decision.fee?.amount == Money(euros: 35))
    #expect(decision.fee?.ruling.citation.description == "VFA Art. 6(1)")
    #expect(decision.processing?.deadline?.description == "2021-03-25")
    // The trace says which provisions lost, and why.
    let vc = try #require(decision.trace.first { $0.provision == "vc.16.1" })
    guard case .displaced = vc.verdict else {
      Issue.record("vc.16.1 should be displaced by the VFA, got \(vc.verdictText)")
      return
    }
  }

  @Test func aUserOverlayLoadsOnTop() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("overlay-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let reform = """
      {"instrument": {"id": "reform-fee-100", "shortName": "Reform", "title": "Raise the fee", "kind": "reform",
        "officialReference": "none", "inForce": {"from": "2027-01-01"}, "amends": "vc", "status": "U", "lastVerified": "2026-11-22"},
       "amendments": [{"id": "reform-fee-100.1", "target": "vc.16.1", "from": "2027-01-01", "value": 100,
        "citation": {"article": "1"}, "status": "U"}]}
      """
    try reform.write(to: dir.appendingPathComponent("reform.json"), atomically: true, encoding: .utf8)
    let book = try RuleBook.builtIn().adding(rulesAt: dir.path)
    var app = tourist(lodged: "2027-01-01")
    app.applicant.nationality = "CN"
    #expect(try book.evaluate(app).fee?.amount == Money(euros: 100))
    app.lodgingDate = LocalDate(iso: "2026-12-31")!
    #expect(try book.evaluate(app).fee?.amount == Money(euros: 90))
  }
}
