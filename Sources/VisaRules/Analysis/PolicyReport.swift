/// What `visa compare` reports: the comparison over applications, the comparison over years of
/// frequent travellers, or both, as text, JSON or one self-contained HTML page.
public struct PolicyReport: Sendable {
  /// The reform's name (its folder).
  public var reformName: String
  /// The comparison over a population of applications, if one was run.
  public var applications: PolicyComparison?
  /// The comparison over years of frequent travellers, if one was run.
  public var cascades: CascadeComparison?

  /// Creates a report.
  public init(reformName: String, applications: PolicyComparison? = nil, cascades: CascadeComparison? = nil) {
    self.reformName = reformName
    self.applications = applications
    self.cascades = cascades
  }

  static func validityLabel(_ m: Int) -> String { m == 0 ? "single entry" : "\(m) months" }

  // MARK: - Text

  /// Text tables.
  public var text: String {
    var l: [String] = ["Reform: \(reformName)", ""]
    if let c = applications {
      l.append("Applications: \(c.base.applications) evaluated, \(c.base.errors) not evaluable, \(c.changed) with a changed outcome")
      l.append("")
      l.append("                        base           reform         difference")
      l.append(
        "  fees collected        \(c.base.fees.description.rightPad(14)) \(c.reform.fees.description.rightPad(14)) \(Money(cents: c.reform.feeCents - c.base.feeCents))"
      )
      l.append("  average fee           \(c.base.averageFee.description.rightPad(14)) \(c.reform.averageFee.description.rightPad(14))")
      l.append("  cannot be lodged      \(String(c.base.cannotLodge).rightPad(14)) \(String(c.reform.cannotLodge).rightPad(14))")
      l.append("")
      l.append("  Fees (applications)")
      for fee in Set(c.base.byFee.keys).union(c.reform.byFee.keys).sorted() {
        l.append(
          "    \(Money(cents: fee).description.rightPad(20)) \(String(c.base.byFee[fee] ?? 0).rightPad(14)) \(c.reform.byFee[fee] ?? 0)")
      }
      l.append("  Validity (applications)")
      for m in Set(c.base.byValidity.keys).union(c.reform.byValidity.keys).sorted() {
        l.append(
          "    \(PolicyReport.validityLabel(m).rightPad(20)) \(String(c.base.byValidity[m] ?? 0).rightPad(14)) \(c.reform.byValidity[m] ?? 0)"
        )
      }
      l.append("  Decision period (applications)")
      for d in Set(c.base.byDecisionDays.keys).union(c.reform.byDecisionDays.keys).sorted() {
        l.append("    \("\(d) days".rightPad(20)) \(String(c.base.byDecisionDays[d] ?? 0).rightPad(14)) \(c.reform.byDecisionDays[d] ?? 0)")
      }
      l.append("  Fee-free by waiver")
      for w in Set(c.base.byWaiver.keys).union(c.reform.byWaiver.keys).sorted() {
        l.append("    \(w.rightPad(60)) \(String(c.base.byWaiver[w] ?? 0).rightPad(10)) \(c.reform.byWaiver[w] ?? 0)")
      }
      l.append("")
      l.append("  Changes (applicants), with the provisions that made the difference")
      if c.changes.isEmpty { l.append("    none") }
      for (change, n) in c.topChanges.prefix(25) { l.append("    \(String(n).leftPad(8))  \(change)") }
      if !c.examples.isEmpty {
        l.append("  First changed applicants")
        for e in c.examples.prefix(10) {
          l.append("    line \(e.line)\(e.id.map { " (id \($0))" } ?? ""): \(e.changes.joined(separator: "; "))")
        }
      }
      l.append("")
    }
    if let c = cascades {
      l.append("Frequent travellers: \(c.travellers), year by year (latest visa at the end of the year; fees paid in the year)")
      l.append("  year   rules    single   ≤12 m   ≤24 m   longer   applications   fees")
      for (b, r) in zip(c.base, c.reform) {
        for (name, y) in [("base", b), ("reform", r)] {
          l.append(
            "  \(y.year)   \(name.rightPad(7)) \(String(y.single).leftPad(6)) \(String(y.upTo12).leftPad(7)) \(String(y.upTo24).leftPad(7)) \(String(y.longer).leftPad(8)) \(String(y.applications).leftPad(14))   \(y.fees)"
          )
        }
      }
      if c.failures > 0 { l.append("  \(c.failures) travellers could not be simulated: \(c.firstFailure ?? "")") }
    }
    return l.joined(separator: "\n")
  }

  // MARK: - JSON

  /// JSON.
  public var json: String {
    var w = JSONWriter(indent: 2)
    func totals(_ t: PolicyTotals) {
      w.beginObject()
      w.key("applications"); w.int(t.applications)
      w.key("errors"); w.int(t.errors)
      w.key("fees"); w.cents(t.feeCents)
      w.key("averageFee"); w.cents(t.averageFee.cents)
      w.key("cannotLodge"); w.int(t.cannotLodge)
      w.key("byFee")
      w.beginObject()
      for (k, v) in t.byFee.sorted(by: { $0.key < $1.key }) { w.key(Money(cents: k).description); w.int(v) }
      w.endObject()
      w.key("byWaiver")
      w.beginObject()
      for (k, v) in t.byWaiver.sorted(by: { $0.key < $1.key }) { w.key(k); w.int(v) }
      w.endObject()
      w.key("byValidity")
      w.beginObject()
      for (k, v) in t.byValidity.sorted(by: { $0.key < $1.key }) { w.key(PolicyReport.validityLabel(k)); w.int(v) }
      w.endObject()
      w.key("byDecisionDays")
      w.beginObject()
      for (k, v) in t.byDecisionDays.sorted(by: { $0.key < $1.key }) { w.key(String(k)); w.int(v) }
      w.endObject()
      w.endObject()
    }
    w.beginObject()
    w.key("reform"); w.string(reformName)
    if let c = applications {
      w.key("applications")
      w.beginObject()
      w.key("base"); totals(c.base)
      w.key("reform"); totals(c.reform)
      w.key("changed"); w.int(c.changed)
      w.key("changes")
      w.beginArray()
      for (change, n) in c.topChanges {
        w.beginObject(); w.key("change"); w.string(change); w.key("count"); w.int(n); w.endObject()
      }
      w.endArray()
      w.key("examples")
      w.beginArray()
      for e in c.examples {
        w.beginObject()
        w.key("line"); w.int(e.line)
        w.key("id"); if let id = e.id { w.raw(Array(id.utf8)) } else { w.null() }
        w.key("changes"); w.beginArray(); for x in e.changes { w.string(x) }; w.endArray()
        w.endObject()
      }
      w.endArray()
      w.endObject()
    }
    if let c = cascades {
      w.key("travellers")
      w.beginObject()
      w.key("count"); w.int(c.travellers)
      w.key("failures"); w.int(c.failures)
      for (name, years) in [("base", c.base), ("reform", c.reform)] {
        w.key(name)
        w.beginArray()
        for y in years {
          w.beginObject()
          w.key("year"); w.int(y.year)
          w.key("single"); w.int(y.single)
          w.key("upTo12Months"); w.int(y.upTo12)
          w.key("upTo24Months"); w.int(y.upTo24)
          w.key("longer"); w.int(y.longer)
          w.key("applications"); w.int(y.applications)
          w.key("fees"); w.cents(y.feeCents)
          w.endObject()
        }
        w.endArray()
      }
      w.endObject()
    }
    w.endObject()
    return w.text
  }

  // MARK: - HTML

  /// One self-contained HTML page: inline CSS and SVG charts, no scripts, nothing fetched.
  public var html: String {
    var body: [String] = []
    body.append("<h1>What the reform changes: \(esc(reformName))</h1>")
    body.append(
      "<p class=\"note\">Generated by VisaRules (<code>visa compare</code>). Figures are totals over the population given; every change names the provisions that made the difference.</p>"
    )
    if let c = applications {
      body.append("<h2>Applications</h2>")
      body.append(
        "<p>\(c.base.applications) applications evaluated under both rule sets, \(c.base.errors) not evaluable; <strong>\(c.changed)</strong> with a changed outcome.</p>"
      )
      body.append("<table><tr><th></th><th>base</th><th>reform</th><th>difference</th></tr>")
      body.append(
        "<tr><td>fees collected</td><td>\(c.base.fees)</td><td>\(c.reform.fees)</td><td>\(Money(cents: c.reform.feeCents - c.base.feeCents))</td></tr>"
      )
      body.append("<tr><td>average fee</td><td>\(c.base.averageFee)</td><td>\(c.reform.averageFee)</td><td></td></tr>")
      body.append("<tr><td>cannot be lodged</td><td>\(c.base.cannotLodge)</td><td>\(c.reform.cannotLodge)</td><td></td></tr></table>")
      body.append("<h3>Fees collected</h3>")
      body.append(
        SVGChart.bars(
          title: "Fees collected (\(Money(cents: 0).currency))", groups: [("total", [c.base.feeCents / 100, c.reform.feeCents / 100])],
          series: ["base", "reform"]))
      let fees = Set(c.base.byFee.keys).union(c.reform.byFee.keys).sorted()
      body.append("<h3>Applications by fee</h3>")
      body.append(
        SVGChart.bars(
          title: "Applications by fee",
          groups: fees.map { (Money(cents: $0).description, [c.base.byFee[$0] ?? 0, c.reform.byFee[$0] ?? 0]) }, series: ["base", "reform"])
      )
      let validities = Set(c.base.byValidity.keys).union(c.reform.byValidity.keys).sorted()
      body.append("<h3>Visa validity</h3>")
      body.append(
        SVGChart.bars(
          title: "Applications by validity",
          groups: validities.map { (PolicyReport.validityLabel($0), [c.base.byValidity[$0] ?? 0, c.reform.byValidity[$0] ?? 0]) },
          series: ["base", "reform"]))
      body.append("<h3>Fee-free applications by waiver</h3><table><tr><th>waiver</th><th>base</th><th>reform</th></tr>")
      for w in Set(c.base.byWaiver.keys).union(c.reform.byWaiver.keys).sorted() {
        body.append("<tr><td>\(esc(w))</td><td>\(c.base.byWaiver[w] ?? 0)</td><td>\(c.reform.byWaiver[w] ?? 0)</td></tr>")
      }
      body.append("</table>")
      body.append("<h3>Top changes, with the provisions that made the difference</h3><table><tr><th>applicants</th><th>change</th></tr>")
      if c.changes.isEmpty { body.append("<tr><td>0</td><td>no change</td></tr>") }
      for (change, n) in c.topChanges.prefix(20) { body.append("<tr><td>\(n)</td><td>\(esc(change))</td></tr>") }
      body.append("</table>")
    }
    if let c = cascades {
      body.append("<h2>Frequent travellers over the years</h2>")
      body.append(
        "<p>\(c.travellers) travellers simulated application after application; the share of each rung of the multiple-entry ladder is that of their latest visa at the end of each year.</p>"
      )
      func shares(_ y: LadderYear) -> [Int] { [y.single, y.upTo12, y.upTo24, y.longer] }
      body.append(
        SVGChart.stacked(
          title: "Base rules: latest visa at year end", columns: c.base.map { (String($0.year), shares($0)) },
          layers: ["single", "≤ 12 months", "≤ 24 months", "longer"]))
      body.append(
        SVGChart.stacked(
          title: "Reform: latest visa at year end", columns: c.reform.map { (String($0.year), shares($0)) },
          layers: ["single", "≤ 12 months", "≤ 24 months", "longer"]))
      body.append(
        SVGChart.bars(
          title: "Fees paid per year (\(Money(cents: 0).currency))",
          groups: zip(c.base, c.reform).map { (String($0.year), [$0.feeCents / 100, $1.feeCents / 100]) }, series: ["base", "reform"]))
    }
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>VisaRules: \(esc(reformName))</title>
      <style>
      body{font-family:system-ui,-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:2em auto;max-width:980px;color:#1d1d1f;padding:0 1em}
      h1{font-size:1.6em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}table{border-collapse:collapse;margin:.6em 0}
      td,th{border:1px solid #ddd;padding:4px 8px;text-align:left;font-size:.92em}th{background:#f4f4f6}
      .note{color:#555}svg{display:block;margin:.6em 0}svg text{font-family:inherit}
      </style></head><body>
      \(body.joined(separator: "\n"))
      </body></html>

      """
  }

  private func esc(_ s: String) -> String { SVGChart.escape(s) }
}

/// Minimal SVG charts written by the project: grouped bars and stacked percentage columns.
enum SVGChart {
  static let colors = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#e15759", "#76b7b2"]

  static func escape(_ s: String) -> String {
    var out = ""
    for c in s {
      switch c {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      default: out.append(c)
      }
    }
    return out
  }

  /// Grouped vertical bars: one group per label, one bar per series.
  static func bars(title: String, groups: [(String, [Int])], series: [String]) -> String {
    let width = 900
    let height = 300
    let left = 70
    let bottom = 60
    let top = 40
    let maxValue = max(1, groups.flatMap { $0.1 }.max() ?? 1)
    let plotW = width - left - 20
    let plotH = height - top - bottom
    let groupW = groups.isEmpty ? plotW : plotW / groups.count
    let barW = max(4, min(60, (groupW - 10) / max(1, series.count)))
    var s =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(title))\">"
    s += "<text x=\"\(left)\" y=\"22\" font-size=\"15\" font-weight=\"600\">\(escape(title))</text>"
    s += "<line x1=\"\(left)\" y1=\"\(top + plotH)\" x2=\"\(left + plotW)\" y2=\"\(top + plotH)\" stroke=\"#999\"/>"
    for tick in 0...4 {
      let v = maxValue * tick / 4
      let y = top + plotH - plotH * tick / 4
      s += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">\(v)</text>"
      s += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(left + plotW)\" y2=\"\(y)\" stroke=\"#eee\"/>"
    }
    for (g, group) in groups.enumerated() {
      let x0 = left + g * groupW + (groupW - barW * series.count) / 2
      for (k, v) in group.1.enumerated() {
        let h = plotH * v / maxValue
        s +=
          "<rect x=\"\(x0 + k * barW)\" y=\"\(top + plotH - h)\" width=\"\(barW - 2)\" height=\"\(h)\" fill=\"\(colors[k % colors.count])\"><title>\(escape(series[k])): \(v)</title></rect>"
      }
      s +=
        "<text x=\"\(left + g * groupW + groupW / 2)\" y=\"\(top + plotH + 16)\" font-size=\"11\" text-anchor=\"middle\">\(escape(group.0))</text>"
    }
    for (k, name) in series.enumerated() {
      s += "<rect x=\"\(left + k * 110)\" y=\"\(height - 22)\" width=\"12\" height=\"12\" fill=\"\(colors[k % colors.count])\"/>"
      s += "<text x=\"\(left + k * 110 + 16)\" y=\"\(height - 12)\" font-size=\"12\">\(escape(name))</text>"
    }
    return s + "</svg>"
  }

  /// Stacked columns of shares (each column sums to 100 %).
  static func stacked(title: String, columns: [(String, [Int])], layers: [String]) -> String {
    let width = 900
    let height = 300
    let left = 70
    let top = 40
    let bottom = 60
    let plotW = width - left - 20
    let plotH = height - top - bottom
    let colW = columns.isEmpty ? plotW : plotW / columns.count
    var s =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(title))\">"
    s += "<text x=\"\(left)\" y=\"22\" font-size=\"15\" font-weight=\"600\">\(escape(title))</text>"
    for tick in 0...4 {
      let y = top + plotH - plotH * tick / 4
      s += "<text x=\"\(left - 6)\" y=\"\(y + 4)\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">\(25 * tick)%</text>"
    }
    for (c, column) in columns.enumerated() {
      let total = max(1, column.1.reduce(0, +))
      var y = top + plotH
      for (k, v) in column.1.enumerated() {
        let h = plotH * v / total
        y -= h
        s +=
          "<rect x=\"\(left + c * colW + 4)\" y=\"\(y)\" width=\"\(colW - 8)\" height=\"\(h)\" fill=\"\(colors[k % colors.count])\"><title>\(escape(layers[k])): \(v)</title></rect>"
      }
      s +=
        "<text x=\"\(left + c * colW + colW / 2)\" y=\"\(top + plotH + 16)\" font-size=\"11\" text-anchor=\"middle\">\(escape(column.0))</text>"
    }
    for (k, name) in layers.enumerated() {
      s += "<rect x=\"\(left + k * 130)\" y=\"\(height - 22)\" width=\"12\" height=\"12\" fill=\"\(colors[k % colors.count])\"/>"
      s += "<text x=\"\(left + k * 130 + 16)\" y=\"\(height - 12)\" font-size=\"12\">\(escape(name))</text>"
    }
    return s + "</svg>"
  }
}
