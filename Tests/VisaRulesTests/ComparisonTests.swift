import Foundation
import FoundationXML
import Testing
import VisaRules

/// Policy what-ifs: the numbers add up.
struct ComparisonTests {
  static let reforms = Package.examples.appendingPathComponent("reforms")

  func population(_ n: Int, seed: UInt64 = 11) throws -> [Application] {
    let p = Population(count: n, seed: seed, period: Period(from: LocalDate(iso: "2027-01-01")!, until: LocalDate(iso: "2027-12-31")!))
    return try (0..<n).map { try Application(json: p.line($0)) }
  }

  func reform(_ name: String) throws -> RuleBook {
    try RuleBook.builtIn().adding(rulesAt: Self.reforms.appendingPathComponent(name).path)
  }

  @Test func aReformIdenticalToTheBaseChangesNothing() throws {
    let identity = try RuleBook.builtIn().adding(
      rulesAt: Package.root.appendingPathComponent("Tests/VisaRulesTests/Fixtures/identity-reform").path)
    let c = try RuleBook.builtIn().compare(with: identity, applications: try population(3000))
    #expect(c.changed == 0)
    #expect(c.changes.isEmpty)
    #expect(c.base == c.reform)
    #expect(c.base.applications == 3000)
  }

  @Test func feesCollectedCountOnlyApplicationsThatCanBeLodged() throws {
    let book = try RuleBook.builtIn()
    let apps = try population(3000)
    let c = try book.compare(with: try reform("fee-100-eur"), applications: apps)
    var cents = 0
    var lodgeable = 0
    for app in apps {
      let d = try book.evaluate(app)
      guard d.eligibility.canLodge else { continue }
      lodgeable += 1
      cents += d.fee?.amount.cents ?? 0
    }
    // The population holds applications that cannot be lodged there and then (a passport too
    // short, lodged too early): they pay nothing and are not in the fee figures.
    #expect(c.base.cannotLodge > 0)
    #expect(c.base.lodgeable == lodgeable)
    #expect(c.base.feeCents == cents)
    #expect(c.base.byFee.values.reduce(0, +) == lodgeable)
    #expect(c.base.averageFee.cents == cents / lodgeable)
    let byNationality = c.byNationality.values.map(\.baseFeeCents).reduce(0, +)
    #expect(byNationality == cents)
  }

  @Test func theFeeReformAddsUp() throws {
    // Applications that can be lodged: the others pay nothing under either rule set, while
    // the changes list names every application whose figures differ.
    let book = try RuleBook.builtIn()
    let apps = try population(3000).filter { try book.evaluate($0).eligibility.canLodge }
    let c = try book.compare(with: try reform("fee-100-eur"), applications: apps)
    let ninety = c.base.byFee[9000] ?? 0
    #expect(ninety > 0)
    #expect(c.reform.byFee[10000] == ninety)
    #expect(c.reform.byFee[9000] == nil)
    // Cabo Verde's agreement fee is 75 % of the Visa Code fee (world.md §3.1): 67.50 → 75 EUR.
    let caboVerde = c.changes.filter { $0.key.hasPrefix("fee 67.50 EUR → 75 EUR (") }.values.reduce(0, +)
    #expect(c.reform.feeCents - c.base.feeCents == 1000 * ninety + 750 * caboVerde)
    #expect(c.changed == ninety + caboVerde)
    // Changes are named by the provisions' citations: the Visa Code's Art. 16(1) as amended
    // by Regulation 2024/1415 under the base rules, as amended by the reform under the reform.
    let reformName = try #require(try reform("fee-100-eur").instrument("reform-fee-100")).shortName
    let key = try #require(c.changes.keys.first { $0.hasPrefix("fee 90 EUR → 100 EUR (") })
    #expect(c.changes[key] == ninety)
    #expect(key.hasSuffix("as amended by \(reformName))"), "\(key)")
    #expect(!key.contains("vc.16.1") && !key.contains("reform-fee-100.1"), "\(key)")
  }

  @Test func reinstatingTheVFAReproducesThe2021FeesForTheSameProfiles() throws {
    let book = try reform("reinstate-vfa-2027")
    let base = try RuleBook.builtIn()
    var compared = 0
    for app in try population(4000) where app.applicant.nationality == "RU" {
      let in2027 = try book.evaluate(app, options: .batch)
      let in2021 = try base.evaluate(Self.shifted(app, months: -72), options: .batch)
      #expect(
        in2027.fee?.amount == in2021.fee?.amount,
        "\(app.id ?? "?"): 2027 \(in2027.fee?.amount) (\(in2027.fee?.ruling.citation)) vs 2021 \(in2021.fee?.amount) (\(in2021.fee?.ruling.citation))"
      )
      #expect(in2027.processing?.standardDays?.value == in2021.processing?.standardDays?.value)
      compared += 1
    }
    #expect(compared > 1000)
  }

  @Test func theOtherExampleReformsDoWhatTheySay() throws {
    let apps = try population(4000)
    let artists = try RuleBook.builtIn().compare(with: try reform("waive-fee-for-artists"), applications: apps)
    #expect(artists.changed > 0)
    let waiver = try #require(try reform("waive-fee-for-artists").provision("reform-artists.16.4.e")).citation.description
    #expect(artists.changes.keys.allSatisfy { $0.contains("→ 0 EUR") && $0.contains(waiver) })
    let mev = try RuleBook.builtIn().compare(with: try reform("russia-mev-after-two-visas"), applications: apps)
    #expect(mev.changed > 0)
    #expect((mev.reform.byValidity[0] ?? 0) < (mev.base.byValidity[0] ?? 0))
  }

  @Test func thePopulationIsDeterministicAndPrefixStable() {
    let period = Period(from: LocalDate(iso: "2027-01-01")!, until: LocalDate(iso: "2027-12-31")!)
    let a = Population(count: 50, seed: 3, period: period)
    let b = Population(count: 500, seed: 3, period: period)
    #expect((0..<50).map { a.line($0) } == (0..<50).map { b.line($0) })
    #expect(Population(count: 5, seed: 4, period: period).line(0) != a.line(0))
  }

  @Test func frequentTravellersOverTheYears() throws {
    let base = try RuleBook.builtIn()
    let c = base.compareCascades(
      with: try reform("russia-mev-after-two-visas"), travellers: 200, years: 4, seed: 5, start: LocalDate(iso: "2026-01-01")!)
    #expect(c.failures == 0, "\(c.firstFailure ?? "")")
    #expect(c.base.count == 4)
    #expect(c.base.last!.travellers == 200)
    let same = base.compareCascades(with: base, travellers: 50, years: 3, seed: 5, start: LocalDate(iso: "2026-01-01")!)
    #expect(same.base == same.reform)
  }

  @Test func theHTMLReportIsSelfContainedAndItsChartsAreWellFormed() throws {
    let apps = try population(1500)
    let c = try RuleBook.builtIn().compare(with: try reform("fee-100-eur"), applications: apps)
    let years = try RuleBook.builtIn().compareCascades(
      with: try reform("fee-100-eur"), travellers: 40, years: 3, seed: 2, start: LocalDate(iso: "2026-01-01")!)
    let html = PolicyReport(reformName: "fee-100-eur", applications: c, cascades: years).html
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(!html.contains("<script"))
    #expect(!html.contains("http://") || html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
    #expect(!html.contains("https://"))
    // Each SVG parses as XML, with bars and labels.
    var svgs: [String] = []
    var rest = Substring(html)
    while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
      svgs.append(String(rest[start.lowerBound..<end.upperBound]))
      rest = rest[end.upperBound...]
    }
    #expect(svgs.count >= 6)
    for svg in svgs {
      let doc = try XMLDocument(xmlString: svg)
      #expect(doc.rootElement()?.name == "svg")
      #expect(try doc.nodes(forXPath: "//*[local-name()='rect']").count >= 3)
      #expect(try doc.nodes(forXPath: "//*[local-name()='text']").count >= 3)
    }
    // The whole page is well-formed as XHTML once the doctype is dropped.
    _ = try XMLDocument(xmlString: String(html.drop { $0 != "\n" }))
    #expect(html.contains("fee 90 EUR → 100 EUR"))
  }

  @Test func compareCommandWritesAReport() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cmp-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let pop = try runVisa(["population", "--n", "300", "--seed", "9"])
    #expect(pop.code == 0)
    #expect(pop.out.split(separator: "\n").count == 300)
    let report = dir.appendingPathComponent("r.html").path
    let r = try runVisa(["compare", "--reform", "Examples/reforms/fee-100-eur", "-", "--report", report], stdin: pop.out)
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out.contains("fees collected"))
    #expect(FileManager.default.fileExists(atPath: report))
  }

  /// `compare --population N` draws the lodging dates `visa population` documents: by default
  /// 2027, or `--from`/`--to` as there; the same applications as that command's.
  @Test func comparePopulationTakesThePopulationsDates() throws {
    func applications(_ out: String) throws -> NSDictionary {
      let o = try #require(try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any])
      return try #require(o["applications"] as? NSDictionary)
    }
    let reform = ["compare", "--reform", "Examples/reforms/fee-100-eur", "--json"]
    for dates in [[], ["--from", "2021-01-01", "--to", "2021-12-31"]] {
      let inProcess = try runVisa(reform + ["--population", "200", "--seed", "3"] + dates)
      #expect(inProcess.code == 0, "\(inProcess.err)")
      let pop = try runVisa(["population", "--n", "200", "--seed", "3"] + dates)
      let piped = try runVisa(reform + ["-"], stdin: pop.out)
      #expect(try applications(inProcess.out) == applications(piped.out))
      let years = dates.isEmpty ? "2027" : "2021"
      #expect(inProcess.out.contains("lodged from \(years)-01-01 to \(years)-12-31"), "\(inProcess.out.prefix(600))")
    }
    #expect(try runVisa(reform + ["--from", "2021-01-01"], stdin: "").code == 64)
    #expect(try runVisa(reform + ["--population", "5", "--from", "2021-13-01"]).code == 64)
  }

  /// The same profile `months` earlier: every date moved, so ages and gaps are the same.
  static func shifted(_ app: Application, months: Int) -> Application {
    var a = app
    a.lodgingDate = app.lodgingDate.adding(months: months)
    a.applicant.birthDate = app.applicant.birthDate.adding(months: months)
    a.applicant.travelDocument.expiry = app.applicant.travelDocument.expiry.adding(months: months)
    a.trip.start = app.trip.start.adding(months: months)
    a.trip.end = app.trip.end.adding(months: months)
    a.visaHistory = app.visaHistory.map { v in
      var v = v
      v.validFrom = v.validFrom.adding(months: months)
      v.validUntil = v.validUntil.adding(months: months)
      return v
    }
    return a
  }
}
