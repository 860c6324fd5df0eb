import Foundation
import FoundationXML
import Testing
import VisaRules

/// The policy report (`visa compare --report`), parsed as an analyst's browser would show it:
/// every figure on it checked against figures computed here, independently, by evaluating each
/// application under both rule books. (`Scripts/render-report.sh` renders it in Chromium.)
struct PolicyReportTests {
  static let period = Period(from: LocalDate(iso: "2027-01-01")!, until: LocalDate(iso: "2027-12-31")!)
  static let date = LocalDate(iso: "2026-11-30")!

  /// A report over a small generated population and a few travellers, its page parsed as XML.
  struct Built {
    var base: RuleBook
    var reform: RuleBook
    var folder: URL
    var population: Population
    var applications: [Application]
    var comparison: PolicyComparison
    var cascades: CascadeComparison
    var report: PolicyReport
    var page: XMLDocument
  }

  /// Each report is built once and read by every test.
  nonisolated(unsafe) static let built: [String: Result<Built, any Error>] = Dictionary(
    uniqueKeysWithValues: ["fee-100-eur", "russia-mev-after-two-visas"].map { name in (name, Result { try make(name) }) })

  static func build(_ reformName: String) throws -> Built { try built[reformName]!.get() }

  static func make(_ reformName: String, n: Int = 600, seed: UInt64 = 7) throws -> Built {
    let base = try RuleBook.builtIn()
    let folder = Package.examples.appendingPathComponent("reforms").appendingPathComponent(reformName)
    let reform = try base.adding(rulesAt: folder.path)
    let population = Population(count: n, seed: seed, period: period)
    let applications = try (0..<n).map { try Application(json: population.line($0)) }
    let comparison = try base.compare(with: reform, population: population)
    let cascades = base.compareCascades(
      with: reform, travellers: 50, years: 4, seed: seed, start: LocalDate(iso: "2026-01-01")!, threads: 2)
    var report = PolicyReport(
      base: base, reform: reform, folder: folder.path, date: date, applications: comparison, cascades: cascades)
    report.population = population.summary
    report.seed = seed
    let html = report.html
    let page = try XMLDocument(xmlString: String(html.drop { $0 != "\n" }))
    return Built(
      base: base, reform: reform, folder: folder, population: population, applications: applications, comparison: comparison,
      cascades: cascades, report: report, page: page)
  }

  // MARK: - Reading the page

  static func nodes(_ page: XMLDocument, _ xpath: String) throws -> [XMLElement] {
    try page.nodes(forXPath: xpath).compactMap { $0 as? XMLElement }
  }

  /// An attribute's value (read from the attribute list: on the SVG elements, in their
  /// namespace, `attribute(forName:)` finds nothing on Linux).
  static func attribute(_ element: XMLElement?, _ name: String) -> String? {
    element?.attributes?.first { ($0.localName ?? $0.name) == name || $0.name == name }?.stringValue
  }

  static func text(_ node: XMLNode?) -> String {
    (node?.stringValue ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
  }

  /// A number as the report writes it (`1,234`, `−8`, `+3,317`, `67.50`), in hundredths when
  /// `cents`.
  static func number(_ s: String, cents: Bool = false) -> Int? {
    var t = s.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "−", with: "-")
    if t.hasPrefix("+") { t.removeFirst() }
    if cents {
      let parts = t.split(separator: ".")
      guard let whole = Int(parts[0]) else { return nil }
      let rest = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
      return whole * 100 + (t.hasPrefix("-") ? -rest : rest)
    }
    return Int(t)
  }

  /// The bars of the chart with this title: (group, series) → the value label's text.
  static func bars(_ page: XMLDocument, chart title: String) throws -> [String: String] {
    let svgs = try nodes(page, "//*[local-name()='svg'][@aria-label=\"\(title)\"]")
    #expect(svgs.count == 1, "one chart titled \(title)")
    var out: [String: String] = [:]
    for bar in try svgs.first.map({ try $0.nodes(forXPath: ".//*[local-name()='g'][@class='bar' or @class='segment']") }) ?? [] {
      guard let g = bar as? XMLElement else { continue }
      let key = "\(Self.attribute(g, "data-group") ?? "?")|\(Self.attribute(g, "data-series") ?? "?")"
      out[key] = text(try g.nodes(forXPath: ".//*[local-name()='text'][@class='value']").first)
    }
    return out
  }

  /// Checks a chart's bars: every expected bar is there, labelled with its value.
  static func expectBars(
    _ page: XMLDocument, chart: String, _ expected: [String: Int], cents: Bool = false,
    sourceLocation: Testing.SourceLocation = #_sourceLocation
  ) throws {
    let found = try bars(page, chart: chart)
    #expect(Set(found.keys) == Set(expected.keys), "bars of \(chart)", sourceLocation: sourceLocation)
    for (key, value) in expected {
      #expect(
        number(found[key] ?? "", cents: cents) == value, "\(chart): \(key) shows \(found[key] ?? "nothing")", sourceLocation: sourceLocation
      )
    }
  }

  // MARK: - Independent figures

  static func validityLabel(_ d: Decision) -> String {
    if d.eligibility.visaRequired?.value == false { return "no visa required" }
    guard let v = d.validity, v.entries == .multiple, let m = v.maxMonths else { return "single entry" }
    return "\(m) months"
  }

  /// (base, reform) decisions of every application, evaluated one by one.
  static func decisions(_ b: Built) throws -> [(Decision, Decision)] {
    try b.applications.map { (try b.base.evaluate($0, options: .batch), try b.reform.evaluate($0, options: .batch)) }
  }

  // MARK: - Tests

  @Test func theHeadNamesTheReformTheDateTheRulesAndThePopulation() throws {
    let b = try Self.build("fee-100-eur")
    // The reform's name as its rule file gives it, read here with JSONSerialization.
    let file = try JSONSerialization.jsonObject(with: Data(contentsOf: b.folder.appendingPathComponent("reform.json"))) as! [String: Any]
    let name = (file["instrument"] as! [String: Any])["shortName"] as! String
    let h1 = Self.text(try Self.nodes(b.page, "//h1").first)
    #expect(h1 == name)
    #expect(Self.text(try Self.nodes(b.page, "//title").first).hasPrefix(name))
    let title = Self.text(try Self.nodes(b.page, "//title").first)
    #expect(!h1.contains("/") && !title.contains("/"))
    func meta(_ key: String) throws -> String { Self.text(try Self.nodes(b.page, "//tr[@data-key='\(key)']/td[2]").first) }
    #expect(try meta("date") == "2026-11-30")
    #expect(try meta("base-fingerprint").contains(b.base.fingerprint))
    #expect(try meta("reform-fingerprint").contains(b.reform.fingerprint))
    #expect(b.base.fingerprint != b.reform.fingerprint)
    #expect(try meta("seed") == "7")
    #expect(try meta("population").contains("--n 600 --seed 7"))
    #expect(try meta("traveller-seed") == "7")
    #expect(try meta("travellers").hasPrefix("50 frequent travellers (seed 7)"))
    #expect(try meta("reform-folder") == "fee-100-eur")
  }

  @Test func everyBarShowsTheFigureComputedIndependently() throws {
    let b = try Self.build("fee-100-eur")
    let pairs = try Self.decisions(b)
    var byFee: [String: Int] = [:]
    var feeDiff: [String: Int] = [:]
    var byValidity: [String: Int] = [:]
    // The distributions are of the applications that can be lodged (the others pay nothing and
    // get no visa).
    for (a, r) in pairs {
      let fa = Money(cents: a.fee?.amount.cents ?? 0).description
      let fr = Money(cents: r.fee?.amount.cents ?? 0).description
      if a.eligibility.canLodge {
        byFee["\(fa)|base rules", default: 0] += 1
        feeDiff["\(fa)|reform − base", default: 0] -= 1
        byValidity["\(Self.validityLabel(a))|base rules", default: 0] += 1
      }
      if r.eligibility.canLodge {
        byFee["\(fr)|reform", default: 0] += 1
        feeDiff["\(fr)|reform − base", default: 0] += 1
        byValidity["\(Self.validityLabel(r))|reform", default: 0] += 1
      }
    }
    // A group present in one series has a bar (of 0) in the other.
    for key in byFee.keys {
      let group = key.split(separator: "|")[0]
      for s in ["base rules", "reform"] { byFee["\(group)|\(s)", default: 0] += 0 }
    }
    for key in byValidity.keys {
      let group = key.split(separator: "|")[0]
      for s in ["base rules", "reform"] { byValidity["\(group)|\(s)", default: 0] += 0 }
    }
    #expect(feeDiff.values.contains { $0 != 0 })
    try Self.expectBars(b.page, chart: "Applications by fee", byFee)
    try Self.expectBars(b.page, chart: "Applications by fee: reform − base", feeDiff)
    try Self.expectBars(b.page, chart: "Applications by visa validity", byValidity)
    // Travellers: fees per year and the shares of the ladder, from the comparison's numbers.
    var fees: [String: Int] = [:]
    for (a, r) in zip(b.cascades.base, b.cascades.reform) {
      fees["\(a.year)|base rules"] = a.feeCents
      fees["\(r.year)|reform"] = r.feeCents
    }
    try Self.expectBars(b.page, chart: "Fees paid per year (\(b.reform.currency))", fees, cents: true)
    let rungs = ["single entry", "≤ 12 months", "≤ 24 months", "longer"]
    for (title, years) in [
      ("Base rules: latest visa at year end", b.cascades.base), ("Reform: latest visa at year end", b.cascades.reform),
    ] {
      let found = try Self.bars(b.page, chart: title)
      #expect(!found.isEmpty)
      for y in years {
        let counts = [y.single, y.upTo12, y.upTo24, y.longer]
        let total = counts.reduce(0, +)
        for (rung, count) in zip(rungs, counts) {
          guard let label = found["\(y.year)|\(rung)"], !label.isEmpty else { continue }
          // The share in whole percent, rounded half up.
          let expected = Int((Double(count) * 100 / Double(total)).rounded(.toNearestOrAwayFromZero))
          #expect(label == "\(expected) %", "\(title) \(y.year) \(rung): \(label), expected \(expected) % of \(count)/\(total)")
        }
      }
    }
    // Every bar of a bar chart carries its value.
    for bar in try Self.nodes(b.page, "//*[local-name()='g'][@class='bar']") {
      #expect(!Self.text(try bar.nodes(forXPath: ".//*[local-name()='text'][@class='value']").first).isEmpty)
    }
  }

  @Test func aDistributionDominatedByOneBarGetsADifferenceChartAndNoTotalIsAChart() throws {
    let b = try Self.build("russia-mev-after-two-visas")
    let pairs = try Self.decisions(b)
    var diff: [String: Int] = [:]
    for (a, r) in pairs {
      if a.eligibility.canLodge { diff["\(Self.validityLabel(a))|reform − base", default: 0] -= 1 }
      if r.eligibility.canLodge { diff["\(Self.validityLabel(r))|reform − base", default: 0] += 1 }
    }
    // Single-entry visas dominate; the change to 12-month visas shows in the difference chart.
    let single = pairs.filter { Self.validityLabel($0.0) == "single entry" }.count
    #expect(2 * single > pairs.count)
    #expect((diff["12 months|reform − base"] ?? 0) > 0)
    try Self.expectBars(b.page, chart: "Applications by visa validity: reform − base", diff)
    // The ladder's difference chart: reform − base per rung and year.
    var moved: [String: Int] = [:]
    for (a, r) in zip(b.cascades.base, b.cascades.reform) {
      for (rung, (x, y)) in zip(
        ["single entry", "≤ 12 months", "≤ 24 months", "longer"],
        zip([a.single, a.upTo12, a.upTo24, a.longer], [r.single, r.upTo12, r.upTo24, r.longer]))
      {
        moved["\(a.year)|\(rung)"] = y - x
      }
    }
    try Self.expectBars(b.page, chart: "Travellers per rung: reform − base", moved)
    // No chart has a single group (two bars for one total).
    for svg in try Self.nodes(b.page, "//*[local-name()='svg']") {
      let groups = Set(
        try svg.nodes(forXPath: ".//*[local-name()='g'][@class='bar' or @class='segment']").compactMap {
          Self.attribute($0 as? XMLElement, "data-group")
        })
      #expect(groups.count > 1, "\(Self.attribute(svg, "aria-label") ?? "?") has \(groups.count) group")
    }
  }

  @Test func axisTicksAreRoundNumbers() throws {
    let b = try Self.build("russia-mev-after-two-visas")
    let svgs = try Self.nodes(b.page, "//*[local-name()='svg']")
    #expect(svgs.count >= 6)
    for svg in svgs {
      let name = Self.attribute(svg, "aria-label") ?? "?"
      let ticks = try svg.nodes(forXPath: ".//*[local-name()='text'][@class='tick']").compactMap { $0 as? XMLElement }
      let values = ticks.compactMap { Int(Self.attribute($0, "data-value") ?? "") }
      #expect(values.count == ticks.count && values.count >= 2, "\(name)")
      // Evenly spaced by 1, 2 or 5 times a power of ten, every tick a multiple of the step, 0 among them.
      let step = values[1] - values[0]
      var power = 1
      while power * 10 <= step { power *= 10 }
      #expect([1, 2, 5].contains(step / power) && step % power == 0, "\(name): step \(step)")
      #expect(zip(values, values.dropFirst()).allSatisfy { $1 - $0 == step }, "\(name): \(values)")
      #expect(values.allSatisfy { $0 % step == 0 } && values.contains(0), "\(name): \(values)")
      // The label says the tick's value.
      for (tick, v) in zip(ticks, values) {
        let label = Self.text(tick).replacingOccurrences(of: " %", with: "")
        #expect(Self.number(label) == v, "\(name): tick \(label) for \(v)")
      }
    }
  }

  @Test func changesAreNamedByCitationNotByIds() throws {
    for name in ["russia-mev-after-two-visas", "fee-100-eur"] {
      let b = try Self.build(name)
      let ids = Set(b.reform.provisions.map(\.id)).union(b.reform.instruments.map { $0.id + "." })
      let rows = try Self.nodes(b.page, "//table[@class='changes' or @class='traveller-changes']//tr/td[3]").map { Self.text($0) }
      #expect(rows.count >= 2)
      for row in rows {
        for id in ids where id.contains(".") {
          #expect(!row.contains(id), "change '\(row)' names the id \(id)")
        }
        // Every side of a change cites something (no blank "—").
        #expect(!row.contains("—"), "change '\(row)' has a side without a citation")
      }
    }
    let b = try Self.build("fee-100-eur")
    let rows = try Self.nodes(b.page, "//table[@class='changes' or @class='traveller-changes']//tr/td[3]").map { Self.text($0) }
    // Each application's change names the citations of the provisions that set its fees.
    let changes = try Self.nodes(b.page, "//table[@class='changes']//tr/td[3]").map { Self.text($0) }
    for (a, r) in try Self.decisions(b) where a.fee?.amount != r.fee?.amount {
      let (x, y) = (a.fee!, r.fee!)
      let line = changes.first { $0.hasPrefix("fee \(x.amount) → \(y.amount) (") }
      #expect(line != nil, "no change listed for fee \(x.amount) → \(y.amount)")
      #expect(
        line?.contains(x.ruling.citation.description) == true && line?.contains(y.ruling.citation.description) == true, "\(line ?? "")")
    }
    // Traveller mode has its table of changes, with citations.
    let travellerRows = try Self.nodes(b.page, "//table[@class='traveller-changes']//tr[td]")
    #expect(!travellerRows.isEmpty)
    let counted = travellerRows.compactMap { Self.number(Self.text($0.elements(forName: "td").first)) }.reduce(0, +)
    #expect(counted >= b.cascades.changed && b.cascades.changed > 0)
    #expect(rows.contains { $0.hasPrefix("first fee that differs") && $0.contains("Visa Code Art. 16(1)") })
  }

  @Test func cannotBeLodgedIsExplainedAndAddsUp() throws {
    let b = try Self.build("fee-100-eur")
    let explain = Self.text(try Self.nodes(b.page, "//*[@id='cannot-lodge']/following-sibling::p[@class='explain']").first)
    #expect(explain.contains("cannot be lodged"))
    let rows = try Self.nodes(b.page, "//table[@class='cannot-lodge']//tr[td]")
    let base = rows.compactMap { Self.number(Self.text($0.elements(forName: "td")[2])) }.reduce(0, +)
    let independent = try Self.decisions(b).filter { !$0.0.eligibility.canLodge }
    #expect(base == independent.count && base > 0)
    for row in rows { #expect(!Self.text(row.elements(forName: "td")[1]).isEmpty, "\(Self.text(row))") }
    for (a, _) in independent {
      let citation = a.eligibility.lodgingAvailable!.citation.description
      #expect(rows.contains { Self.text($0.elements(forName: "td")[0]).hasPrefix(citation) }, "\(citation)")
    }
  }

  @Test func nationalityAndDestinationBreakdownsSumToThePopulation() throws {
    let b = try Self.build("fee-100-eur")
    let pairs = try Self.decisions(b)
    for (kind, key) in [
      ("nationality", { (a: Application) in a.applicant.nationality.rawValue }), ("destination", { $0.destination.rawValue }),
    ] {
      let table = try Self.nodes(b.page, "//table[@data-breakdown='\(kind)']")
      #expect(table.count == 1)
      let groups = try Self.nodes(b.page, "//table[@data-breakdown='\(kind)']//tr[contains(@class,'group')]")
      let total = try Self.nodes(b.page, "//table[@data-breakdown='\(kind)']//tr[@class='total']").first
      func cell(_ row: XMLElement?, _ i: Int) -> String { Self.text(row?.elements(forName: "td")[i]) }
      let sum = groups.compactMap { Self.number(cell($0, 1)) }.reduce(0, +)
      #expect(sum == b.population.count, "\(kind): rows sum to \(sum)")
      #expect(Self.number(cell(total, 1)) == b.population.count)
      #expect(groups.compactMap { Self.number(cell($0, 2)) }.reduce(0, +) == pairs.filter { $0.0.fee?.amount != $0.1.fee?.amount }.count)
      #expect(
        groups.compactMap { Self.number(cell($0, 3), cents: true) }.reduce(0, +)
          == pairs.reduce(0) { $0 + ($1.0.eligibility.canLodge ? $1.0.fee?.amount.cents ?? 0 : 0) })
      // A named group's count is that of the applications with that key.
      let names = Dictionary(uniqueKeysWithValues: b.reform.vocabulary.countries.map { ($0.code, $0.name) })
      for row in groups where !(Self.attribute(row, "class") ?? "").contains("other") {
        let code = try #require(Self.attribute(row, "data-key"))
        #expect(Self.number(cell(row, 1)) == b.applications.filter { key($0) == code }.count, "\(kind) \(code)")
        // Named as the country vocabulary names it, with its code.
        #expect(cell(row, 0) == "\(try #require(names[CountryCode(code)])) (\(code))")
      }
    }
  }

  @Test func noColourMeansTwoThingsAndNothingIsFetched() throws {
    let b = try Self.build("russia-mev-after-two-visas")
    var meaning: [String: Set<String>] = [:]
    var colour: [String: Set<String>] = [:]
    for g in try Self.nodes(b.page, "//*[local-name()='g'][@class='bar' or @class='segment' or @class='key']") {
      let series = Self.attribute(g, "data-series") ?? "?"
      for rect in try g.nodes(forXPath: ".//*[local-name()='rect']").compactMap({ $0 as? XMLElement }) {
        let fill = Self.attribute(rect, "fill") ?? "?"
        meaning[fill, default: []].insert(series)
        colour[series, default: []].insert(fill)
      }
    }
    #expect(meaning.count >= 7)
    for (fill, names) in meaning { #expect(names.count == 1, "\(fill) means \(names.sorted())") }
    for (name, fills) in colour { #expect(fills.count == 1, "\(name) is drawn in \(fills.sorted())") }
    let html = b.report.html
    #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src=") && !html.contains("@import"))
    #expect(!html.contains("https://"))
    #expect(html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "").contains("http://") == false)
  }

  @Test func theCommandWritesTheReportWithThePopulationAndItsSeed() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("r.html").path
    let reform = Package.examples.appendingPathComponent("reforms/fee-100-eur").path
    let r = try runVisa(["compare", "--reform", reform, "--population", "300", "--seed", "9", "--report", path])
    #expect(r.code == 0, "\(r.err)")
    let html = try String(contentsOfFile: path, encoding: .utf8)
    let page = try XMLDocument(xmlString: String(html.drop { $0 != "\n" }))
    #expect(Self.text(try Self.nodes(page, "//h1").first) == "Reform: 100 EUR fee")
    #expect(Self.text(try Self.nodes(page, "//tr[@data-key='seed']/td[2]").first) == "9")
    // The same population read from a file gives the same figures, and says it came from a file.
    let pop = try runVisa(["population", "--n", "300", "--seed", "9"])
    let fromFile = dir.appendingPathComponent("f.html").path
    let f = try runVisa(["compare", "--reform", reform, "-", "--report", fromFile], stdin: pop.out)
    #expect(f.code == 0, "\(f.err)")
    func figures(_ text: String) -> [Substring] { text.split(separator: "\n").filter { !$0.hasPrefix("Population:") } }
    #expect(figures(f.out) == figures(r.out))
    let other = try String(contentsOfFile: fromFile, encoding: .utf8)
    #expect(other.contains("300 applications read from standard input"))
    let both = try runVisa(["compare", "--reform", reform, "-", "--population", "5"], stdin: "")
    #expect(both.code == 64)
  }
}
