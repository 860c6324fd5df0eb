extension PolicyReport {
  /// What each colour of the report means; no colour means two things.
  enum Palette {
    static let base = SVGChart.Series(name: "base rules", color: "#9e9e9e")
    static let reform = SVGChart.Series(name: "reform", color: "#1f5f99")
    static let difference = SVGChart.Series(name: "reform − base", color: "#d9822b")
    /// The rungs of the multiple-entry ladder, light to dark.
    static let ladder = [
      SVGChart.Series(name: "single entry", color: "#c7e9c0"), SVGChart.Series(name: "≤ 12 months", color: "#74c476"),
      SVGChart.Series(name: "≤ 24 months", color: "#31a354"), SVGChart.Series(name: "longer", color: "#006d2c"),
    ]
  }

  /// Rows of a breakdown table beyond which the smaller groups are summed in one row.
  static let breakdownRows = 20

  /// One self-contained HTML page: inline CSS and SVG charts, no scripts, nothing fetched.
  public var html: String {
    var body: [String] = []
    body.append("<h1>\(esc(reformName))</h1>")
    if let reformTitle { body.append("<p class=\"subtitle\">\(esc(reformTitle))</p>") }
    body.append(provenanceTable())
    if let c = applications { body += applicationSections(c) }
    if let c = cascades { body += travellerSections(c) }
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"/><title>\(esc(reformName)): what the reform changes</title>
      <style>
      body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:980px;color:#1d1d1f;padding:0 1em}
      h1{font-size:1.7em;margin-bottom:.2em}.subtitle{font-size:1.1em;color:#333;margin-top:0}
      h2{margin-top:1.8em;border-bottom:1px solid #ddd}h3{margin-top:1.4em}
      table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;font-size:.92em;vertical-align:top}
      th{background:#f4f4f6}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}tr.total td{font-weight:600;background:#fafafa}
      table.meta td:first-child{color:#555;white-space:nowrap}code{font-size:.9em}
      .note{color:#555}svg{display:block;margin:.6em 0}svg text{font-family:inherit}
      </style></head><body>
      \(body.joined(separator: "\n"))
      </body></html>

      """
  }

  func esc(_ s: String) -> String { SVGChart.escape(s) }

  func money(_ cents: Int) -> String { "\(ReportFormat.money(cents)) \(currency)" }

  private func provenanceTable() -> String {
    var rows: [(key: String, label: String, value: String)] = []
    if let reformFolder { rows.append(("reform-folder", "Reform folder", "<code>\(esc(reformFolder))</code>")) }
    if let date { rows.append(("date", "Date of the report", "\(date)")) }
    if let baseFingerprint { rows.append(("base-fingerprint", "Base rules", "<code>\(esc(baseFingerprint))</code> (built-in rules)")) }
    if let reformFingerprint {
      rows.append(("reform-fingerprint", "Rules with the reform", "<code>\(esc(reformFingerprint))</code>"))
    }
    if applications != nil {
      rows.append(("population", "Applications", esc(population ?? "not described")))
      rows.append(("seed", "Seed", seed.map { "\($0)" } ?? "not known (the applications were read from a file)"))
    }
    if let c = cascades {
      rows.append(("travellers", "Frequent travellers", esc(c.summary)))
      rows.append(("traveller-seed", "Travellers' seed", "\(c.seed)"))
    }
    rows.append(("library", "VisaRules", RuleBook.libraryVersion))
    return "<table class=\"meta\">"
      + rows.map { "<tr data-key=\"\($0.key)\"><td>\($0.label)</td><td>\($0.value)</td></tr>" }.joined() + "</table>"
  }

  private func applicationSections(_ c: PolicyComparison) -> [String] {
    var body: [String] = []
    let n = c.base.applications
    body.append("<h2>Applications</h2>")
    body.append(
      "<p>\(ReportFormat.count(n)) applications evaluated under both rule sets\(c.base.errors > 0 ? ", \(ReportFormat.count(c.base.errors)) not evaluable (bad input)" : ""); <strong>\(ReportFormat.count(c.changed))</strong> (\(ReportFormat.share(c.changed, of: n))) with a changed outcome.</p>"
    )
    body.append(
      "<table class=\"headline\"><tr><th></th><th class=\"n\">base rules</th><th class=\"n\">reform</th><th class=\"n\">difference</th><th class=\"n\">change</th></tr>"
    )
    func row(_ label: String, _ a: Int, _ b: Int, _ f: (Int) -> String, _ signed: (Int) -> String) -> String {
      "<tr><td>\(label)</td><td class=\"n\">\(f(a))</td><td class=\"n\">\(f(b))</td><td class=\"n\">\(signed(b - a))</td><td class=\"n\">\(ReportFormat.change(a, b))</td></tr>"
    }
    body.append(row("fees collected (\(currency))", c.base.feeCents, c.reform.feeCents, ReportFormat.money, ReportFormat.signedMoney))
    body.append(
      row(
        "average fee (\(currency))", c.base.averageFee.cents, c.reform.averageFee.cents, ReportFormat.money, ReportFormat.signedMoney))
    body.append(row("fee-free applications", c.base.byFee[0] ?? 0, c.reform.byFee[0] ?? 0, ReportFormat.count, ReportFormat.signed))
    body.append(
      row(
        "multiple-entry visas", c.base.byValidity.filter { $0.key > 0 }.values.reduce(0, +),
        c.reform.byValidity.filter { $0.key > 0 }.values.reduce(0, +),
        ReportFormat.count, ReportFormat.signed))
    body.append(
      row(
        "cannot be lodged (<a href=\"#cannot-lodge\">why</a>)", c.base.cannotLodge, c.reform.cannotLodge, ReportFormat.count,
        ReportFormat.signed))
    body.append("</table>")

    body.append("<h3>Changes, with the provisions that made the difference</h3>")
    body.append(
      "<p class=\"note\">Each kind of change names the provisions that decided the figure under the base rules and under the reform, by citation.</p>"
    )
    body.append("<table class=\"changes\"><tr><th class=\"n\">applicants</th><th class=\"n\">share</th><th>change</th></tr>")
    if c.changes.isEmpty { body.append("<tr><td class=\"n\">0</td><td class=\"n\">0 %</td><td>no change</td></tr>") }
    for (change, k) in c.topChanges.prefix(25) {
      body.append(
        "<tr><td class=\"n\">\(ReportFormat.count(k))</td><td class=\"n\">\(ReportFormat.share(k, of: n))</td><td>\(esc(change))</td></tr>"
      )
    }
    if c.changes.count > 25 {
      let rest = c.topChanges.dropFirst(25)
      body.append(
        "<tr><td class=\"n\">\(ReportFormat.count(rest.reduce(0) { $0 + $1.count }))</td><td></td><td>\(rest.count) other kinds of change</td></tr>"
      )
    }
    body.append("</table>")

    let fees = Set(c.base.byFee.keys).union(c.reform.byFee.keys).sorted()
    body += distribution(
      id: "fee", title: "Applications by fee", what: "fee", keys: fees.map { (money($0), $0) }, c.base.byFee, c.reform.byFee,
      total: n)
    let validities = Set(c.base.byValidity.keys).union(c.reform.byValidity.keys).sorted()
    body += distribution(
      id: "validity", title: "Applications by visa validity", what: "validity",
      keys: validities.map { (PolicyReport.validityLabel($0), $0) }, c.base.byValidity, c.reform.byValidity, total: n)
    let days = Set(c.base.byDecisionDays.keys).union(c.reform.byDecisionDays.keys).sorted()
    body += distribution(
      id: "decision", title: "Applications by decision period", what: "decision period",
      keys: days.map { (PolicyReport.decisionLabel($0), $0) },
      c.base.byDecisionDays, c.reform.byDecisionDays, total: n)

    body.append("<h3>Fee-free applications by waiver</h3>")
    body.append(
      "<table class=\"waivers\"><tr><th>waiver</th><th class=\"n\">base rules</th><th class=\"n\">reform</th><th class=\"n\">difference</th></tr>"
    )
    let waivers = Set(c.base.byWaiver.keys).union(c.reform.byWaiver.keys).sorted()
    if waivers.isEmpty { body.append("<tr><td>none</td><td class=\"n\">0</td><td class=\"n\">0</td><td class=\"n\">0</td></tr>") }
    for w in waivers {
      let a = c.base.byWaiver[w] ?? 0
      let b = c.reform.byWaiver[w] ?? 0
      body.append(
        "<tr><td>\(esc(w))</td><td class=\"n\">\(ReportFormat.count(a))</td><td class=\"n\">\(ReportFormat.count(b))</td><td class=\"n\">\(ReportFormat.signed(b - a))</td></tr>"
      )
    }
    body.append("</table>")

    body += cannotLodgeSection(c)
    body += breakdown(
      id: "nationality", title: "By nationality", what: "nationality", c.byNationality, errors: c.base.errors,
      note: "The \(PolicyReport.breakdownRows) nationalities with the most applications, the others summed in one row.")
    body += breakdown(id: "destination", title: "By destination", what: "destination", c.byDestination, errors: c.base.errors, note: nil)
    return body
  }

  /// A distribution under both rule sets (grouped bars), and, when anything moved, the
  /// difference per bar: a distribution dominated by one bar hides the change in the others.
  private func distribution(
    id: String, title: String, what: String, keys: [(label: String, key: Int)], _ a: [Int: Int], _ b: [Int: Int], total: Int
  ) -> [String] {
    var out = ["<h3 id=\"\(id)\">\(esc(title))</h3>"]
    out.append(
      SVGChart.bars(
        title: title, groups: keys.map { ($0.label, [a[$0.key] ?? 0, b[$0.key] ?? 0]) }, series: [Palette.base, Palette.reform]))
    let diffs = keys.map { ($0.label, [(b[$0.key] ?? 0) - (a[$0.key] ?? 0)]) }
    if diffs.allSatisfy({ $0.1[0] == 0 }) {
      out.append("<p class=\"note\">The reform changes no application's \(what).</p>")
      return out
    }
    let largest = keys.map { max(a[$0.key] ?? 0, b[$0.key] ?? 0) }.max() ?? 0
    if 2 * largest > total {
      out.append(
        "<p class=\"note\">One bar holds \(ReportFormat.percent(largest, of: total)) of the applications; the differences below show what moved between the others.</p>"
      )
    }
    out.append(SVGChart.bars(title: "\(title): reform − base", groups: diffs, series: [Palette.difference], format: ReportFormat.signed))
    return out
  }

  private func cannotLodgeSection(_ c: PolicyComparison) -> [String] {
    var out = ["<h3 id=\"cannot-lodge\">Applications that cannot be lodged</h3>"]
    out.append(
      "<p class=\"explain\">An application <em>cannot be lodged</em> when a provision of the rules says the consulate does not accept it at that place on that date (the decision's <code>eligibility.lodgingAvailable</code> is false). Such applications are still evaluated, and their fees count in the totals above as if they were lodged. The provisions that stop them, with what they say:</p>"
    )
    out.append(
      "<table class=\"cannot-lodge\"><tr><th>provision</th><th>what it says</th><th class=\"n\">base rules</th><th class=\"n\">reform</th></tr>"
    )
    let citations = Set(c.base.cannotLodgeBy.keys).union(c.reform.cannotLodgeBy.keys).sorted()
    if citations.isEmpty { out.append("<tr><td>none</td><td></td><td class=\"n\">0</td><td class=\"n\">0</td></tr>") }
    for k in citations {
      out.append(
        "<tr><td>\(esc(k))</td><td>\(esc(lodgingSummary(k) ?? ""))</td><td class=\"n\">\(ReportFormat.count(c.base.cannotLodgeBy[k] ?? 0))</td><td class=\"n\">\(ReportFormat.count(c.reform.cannotLodgeBy[k] ?? 0))</td></tr>"
      )
    }
    out.append("</table>")
    return out
  }

  /// A table of groups (nationalities, destinations), largest first, the smallest summed in one
  /// row, with a total row: its applications sum to the population.
  private func breakdown(
    id: String, title: String, what: String, _ groups: [CountryCode: GroupComparison], errors: Int, note: String?
  ) -> [String] {
    var out = ["<h3 id=\"\(id)\">\(esc(title))</h3>"]
    if let note { out.append("<p class=\"note\">\(esc(note))</p>") }
    out.append(
      "<table class=\"breakdown\" data-breakdown=\"\(id)\"><tr><th>\(esc(what))</th><th class=\"n\">applications</th><th class=\"n\">changed</th><th class=\"n\">fees, base (\(currency))</th><th class=\"n\">fees, reform (\(currency))</th><th class=\"n\">difference</th><th class=\"n\">change</th></tr>"
    )
    func row(_ cls: String, _ label: String, _ g: GroupComparison, key: String? = nil) -> String {
      "<tr class=\"\(cls)\"\(key.map { " data-key=\"\(esc($0))\"" } ?? "")><td>\(esc(label))</td><td class=\"n\">\(ReportFormat.count(g.applications))</td><td class=\"n\">\(ReportFormat.count(g.changed))</td><td class=\"n\">\(ReportFormat.money(g.baseFeeCents))</td><td class=\"n\">\(ReportFormat.money(g.reformFeeCents))</td><td class=\"n\">\(ReportFormat.signedMoney(g.reformFeeCents - g.baseFeeCents))</td><td class=\"n\">\(ReportFormat.change(g.baseFeeCents, g.reformFeeCents))</td></tr>"
    }
    let sorted = groups.sorted {
      $0.value.applications != $1.value.applications ? $0.value.applications > $1.value.applications : $0.key < $1.key
    }
    for (k, g) in sorted.prefix(PolicyReport.breakdownRows) {
      out.append(row("group", countryNames[k].map { "\($0) (\(k))" } ?? k.rawValue, g, key: k.rawValue))
    }
    if sorted.count > PolicyReport.breakdownRows {
      let rest = sorted.dropFirst(PolicyReport.breakdownRows)
      out.append(row("group other", "\(rest.count) others", rest.reduce(GroupComparison()) { $0 + $1.value }))
    }
    if errors > 0 {
      var bad = GroupComparison()
      bad.applications = errors
      out.append(row("group errors", "not evaluable", bad))
    }
    var total = groups.values.reduce(GroupComparison(), +)
    total.applications += errors
    out.append(row("total", "total", total))
    out.append("</table>")
    return out
  }

  private func travellerSections(_ c: CascadeComparison) -> [String] {
    var body: [String] = []
    body.append("<h2 id=\"travellers\">Frequent travellers over the years</h2>")
    body.append(
      "<p>\(ReportFormat.count(c.travellers)) travellers simulated application after application under both rule sets; <strong>\(ReportFormat.count(c.changed))</strong> (\(ReportFormat.share(c.changed, of: c.travellers))) see a change. The rung of the multiple-entry ladder counted for a year is that of a traveller's latest visa at the end of the year.</p>"
    )
    if c.failures > 0 {
      body.append("<p class=\"note\">\(c.failures) travellers could not be simulated: \(esc(c.firstFailure ?? ""))</p>")
    }
    body.append("<h3>Changes for travellers</h3>")
    body.append(
      "<table class=\"traveller-changes\"><tr><th class=\"n\">travellers</th><th class=\"n\">share</th><th>change (the first visa or fee that differs)</th></tr>"
    )
    if c.changes.isEmpty { body.append("<tr><td class=\"n\">0</td><td class=\"n\">0 %</td><td>no change</td></tr>") }
    for (change, k) in c.topChanges.prefix(25) {
      body.append(
        "<tr><td class=\"n\">\(ReportFormat.count(k))</td><td class=\"n\">\(ReportFormat.share(k, of: c.travellers))</td><td>\(esc(change))</td></tr>"
      )
    }
    body.append("</table>")
    body.append("<h3>Year by year</h3>")
    var head = "<tr><th>year</th>"
    for rung in Palette.ladder { head += "<th class=\"n\">\(esc(rung.name))<br/>base → reform</th>" }
    head +=
      "<th class=\"n\">applications<br/>base → reform</th><th class=\"n\">fees (\(currency))<br/>base → reform</th><th class=\"n\">fees<br/>difference</th></tr>"
    body.append("<table class=\"years\">" + head)
    func rungs(_ y: LadderYear) -> [Int] { [y.single, y.upTo12, y.upTo24, y.longer] }
    for (a, b) in zip(c.base, c.reform) {
      var r = "<tr data-year=\"\(a.year)\"><td>\(a.year)</td>"
      for (x, y) in zip(rungs(a), rungs(b)) { r += "<td class=\"n\">\(ReportFormat.count(x)) → \(ReportFormat.count(y))</td>" }
      r += "<td class=\"n\">\(ReportFormat.count(a.applications)) → \(ReportFormat.count(b.applications))</td>"
      r += "<td class=\"n\">\(ReportFormat.money(a.feeCents)) → \(ReportFormat.money(b.feeCents))</td>"
      r += "<td class=\"n\">\(ReportFormat.signedMoney(b.feeCents - a.feeCents))</td></tr>"
      body.append(r)
    }
    body.append("</table>")
    body.append(
      SVGChart.stacked(
        title: "Base rules: latest visa at year end", columns: c.base.map { (String($0.year), rungs($0)) }, layers: Palette.ladder))
    body.append(
      SVGChart.stacked(
        title: "Reform: latest visa at year end", columns: c.reform.map { (String($0.year), rungs($0)) }, layers: Palette.ladder))
    let moved = zip(c.base, c.reform).map { (a, b) in (String(a.year), zip(rungs(a), rungs(b)).map { $1 - $0 }) }
    if moved.allSatisfy({ $0.1.allSatisfy { $0 == 0 } }) {
      body.append("<p class=\"note\">The reform moves no traveller to another rung of the ladder.</p>")
    } else {
      body.append(
        SVGChart.bars(title: "Travellers per rung: reform − base", groups: moved, series: Palette.ladder, format: ReportFormat.signed))
    }
    body.append(
      SVGChart.bars(
        title: "Fees paid per year (\(currency))", groups: zip(c.base, c.reform).map { (String($0.year), [$0.feeCents, $1.feeCents]) },
        series: [Palette.base, Palette.reform], unit: 100, format: ReportFormat.money))
    return body
  }
}
