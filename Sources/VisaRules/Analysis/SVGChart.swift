/// Minimal SVG charts written by the project (no scripts, nothing fetched): grouped bars,
/// differences from zero, and stacked shares, each bar with its value written on it and the
/// axis ticked at round numbers.
///
/// Every bar is a `<g class="bar">` holding its `rect` and its `<text class="value">`, with
/// `data-group` (the category) and `data-series` (what the colour means), so a reader of the
/// page (or a test) can tell what each bar shows.
enum SVGChart {
  /// A series of bars: its name (what its colour means) and its colour.
  struct Series {
    var name: String
    var color: String
  }

  static let width = 900
  static let left = 80
  static let right = 20
  static let top = 40

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

  /// A round step for an axis that must reach `span` in about `ticks` steps: 1, 2 or 5 times a
  /// power of ten, at least 1.
  static func niceStep(_ span: Int, ticks: Int = 5) -> Int {
    let raw = max(1, (span + ticks - 1) / ticks)
    var power = 1
    while power * 10 <= raw { power *= 10 }
    for m in [1, 2, 5, 10] where m * power >= raw { return m * power }
    return 10 * power
  }

  /// The axis from the lowest to the highest value (zero always included), in `unit`s (100 for
  /// cents shown as whole currency units): its round step and ends, in the values' own scale.
  static func axis(_ values: [Int], unit: Int) -> (low: Int, high: Int, step: Int) {
    let lo = min(0, values.min() ?? 0)
    let hi = max(0, values.max() ?? 0)
    let inUnits = (lo: lo >= 0 ? 0 : -((-lo + unit - 1) / unit), hi: (hi + unit - 1) / unit)
    let step = niceStep(max(1, inUnits.hi - inUnits.lo))
    let low = inUnits.lo >= 0 ? 0 : -((-inUnits.lo + step - 1) / step) * step
    let high = max(step, (inUnits.hi + step - 1) / step * step)
    return (low * unit, high * unit, step * unit)
  }

  static func open(_ title: String, height: Int) -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(escape(title))\">"
      + "<text x=\"\(left)\" y=\"22\" font-size=\"15\" font-weight=\"600\">\(escape(title))</text>"
  }

  static func legend(_ series: [Series], y: Int) -> String {
    var s = "<g class=\"legend\">"
    var x = left
    for item in series {
      s += "<g class=\"key\" data-series=\"\(escape(item.name))\">"
      s += "<rect x=\"\(x)\" y=\"\(y - 10)\" width=\"12\" height=\"12\" fill=\"\(item.color)\"/>"
      s += "<text x=\"\(x + 16)\" y=\"\(y)\" font-size=\"12\">\(escape(item.name))</text></g>"
      x += 30 + 7 * item.name.count
    }
    return s + "</g>"
  }

  /// Grouped vertical bars (one group per label, one bar per series), or, with one series of
  /// signed values, the differences from zero. `format` writes a value (on its bar and on the
  /// axis); `unit` makes the ticks round in a coarser unit (100: whole euros for cents).
  static func bars(
    title: String, groups: [(label: String, values: [Int])], series: [Series], unit: Int = 1,
    format: (Int) -> String = ReportFormat.count
  ) -> String {
    let height = 320
    let bottom = 66
    let plotW = width - left - right
    let plotH = height - top - bottom
    let (low, high, step) = axis(groups.flatMap(\.values), unit: unit)
    let span = max(1, high - low)
    func y(_ v: Int) -> Int { top + plotH - plotH * (v - low) / span }
    let groupW = groups.isEmpty ? plotW : plotW / groups.count
    let barW = max(6, min(70, (groupW - 12) / max(1, series.count)))
    var s = open(title, height: height)
    var tick = low
    while tick <= high {
      s += "<line x1=\"\(left)\" y1=\"\(y(tick))\" x2=\"\(left + plotW)\" y2=\"\(y(tick))\" stroke=\"\(tick == 0 ? "#888" : "#e6e6e6")\"/>"
      s +=
        "<text class=\"tick\" data-value=\"\(tick / unit)\" x=\"\(left - 6)\" y=\"\(y(tick) + 4)\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">\(escape(format(tick)))</text>"
      tick += step
    }
    for (g, group) in groups.enumerated() {
      let x0 = left + g * groupW + (groupW - barW * series.count) / 2
      for (k, v) in group.values.enumerated() {
        let x = x0 + k * barW
        let top = min(y(v), y(0))
        let h = abs(y(v) - y(0))
        let label = format(v)
        let labelY = v < 0 ? y(v) + 13 : y(v) - 4
        s += "<g class=\"bar\" data-group=\"\(escape(group.label))\" data-series=\"\(escape(series[k].name))\">"
        s += "<rect x=\"\(x)\" y=\"\(top)\" width=\"\(barW - 2)\" height=\"\(max(h, v == 0 ? 0 : 1))\" fill=\"\(series[k].color)\">"
        s += "<title>\(escape(series[k].name)), \(escape(group.label)): \(escape(label))</title></rect>"
        s +=
          "<text class=\"value\" x=\"\(x + (barW - 2) / 2)\" y=\"\(labelY)\" font-size=\"\(barW < 40 ? 9 : 11)\" text-anchor=\"middle\" fill=\"#222\">\(escape(label))</text></g>"
      }
      s +=
        "<text class=\"category\" x=\"\(left + g * groupW + groupW / 2)\" y=\"\(top + plotH + (low < 0 ? 30 : 16))\" font-size=\"11\" text-anchor=\"middle\">\(escape(group.label))</text>"
    }
    s += legend(series, y: height - 12)
    return s + "</svg>"
  }

  /// Stacked columns of shares (each column sums to 100 %), each segment labelled with its
  /// share in whole percent when it is tall enough to hold the label.
  static func stacked(title: String, columns: [(label: String, values: [Int])], layers: [Series]) -> String {
    let height = 320
    let bottom = 66
    let plotW = width - left - right
    let plotH = height - top - bottom
    let colW = columns.isEmpty ? plotW : plotW / columns.count
    var s = open(title, height: height)
    for tick in 0...5 {
      let y = top + plotH - plotH * tick / 5
      s += "<line x1=\"\(left)\" y1=\"\(y)\" x2=\"\(left + plotW)\" y2=\"\(y)\" stroke=\"#e6e6e6\"/>"
      s +=
        "<text class=\"tick\" data-value=\"\(20 * tick)\" x=\"\(left - 6)\" y=\"\(y + 4)\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">\(20 * tick) %</text>"
    }
    for (c, column) in columns.enumerated() {
      let total = max(1, column.values.reduce(0, +))
      var below = 0
      for (k, v) in column.values.enumerated() where v > 0 {
        let y0 = top + plotH - plotH * below / total
        below += v
        let y1 = top + plotH - plotH * below / total
        let share = ReportFormat.percent(v, of: total)
        s += "<g class=\"segment\" data-group=\"\(escape(column.label))\" data-series=\"\(escape(layers[k].name))\">"
        s += "<rect x=\"\(left + c * colW + 4)\" y=\"\(y1)\" width=\"\(colW - 8)\" height=\"\(y0 - y1)\" fill=\"\(layers[k].color)\">"
        s += "<title>\(escape(layers[k].name)), \(escape(column.label)): \(ReportFormat.count(v)) (\(share))</title></rect>"
        if y0 - y1 >= 15 {
          s +=
            "<text class=\"value\" data-count=\"\(v)\" x=\"\(left + c * colW + colW / 2)\" y=\"\((y0 + y1) / 2 + 4)\" font-size=\"11\" text-anchor=\"middle\" fill=\"\(k >= 2 ? "#fff" : "#111")\">\(share)</text>"
        }
        s += "</g>"
      }
      s +=
        "<text class=\"category\" x=\"\(left + c * colW + colW / 2)\" y=\"\(top + plotH + 16)\" font-size=\"11\" text-anchor=\"middle\">\(escape(column.label))</text>"
    }
    s += legend(layers, y: height - 12)
    return s + "</svg>"
  }
}

/// How the report writes numbers: thousands grouped with a comma, signs on differences.
enum ReportFormat {
  /// `12,345`.
  static func count(_ n: Int) -> String {
    let digits = String(abs(n))
    var out = ""
    for (i, c) in digits.enumerated() {
      if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
      out.append(c)
    }
    return (n < 0 ? "−" : "") + out
  }

  /// `+12,345`, `−12,345`, `0`.
  static func signed(_ n: Int) -> String { n > 0 ? "+" + count(n) : count(n) }

  /// An amount in cents in whole units and cents: `12,345`, `12,345.50`.
  static func money(_ cents: Int) -> String {
    let rest = abs(cents) % 100
    let whole = count(cents / 100)
    let sign = cents < 0 && cents / 100 == 0 ? "−" : ""
    return sign + whole + (rest == 0 ? "" : "." + (rest < 10 ? "0" : "") + String(rest))
  }

  /// A signed amount in cents: `+12,345`, `−67.50`.
  static func signedMoney(_ cents: Int) -> String { cents > 0 ? "+" + money(cents) : money(cents) }

  /// A share in whole percent (rounded half up): `83 %`.
  static func percent(_ part: Int, of total: Int) -> String {
    "\(total == 0 ? 0 : (200 * part + total) / (2 * total)) %"
  }

  /// A share in percent with one decimal (rounded half up): `3.3 %`, `0.1 %`.
  static func share(_ part: Int, of total: Int) -> String {
    let tenths = total == 0 ? 0 : (2000 * part + total) / (2 * total)
    return "\(tenths / 10).\(tenths % 10) %"
  }

  /// A signed change in percent with one decimal: `+10.7 %`.
  static func change(_ from: Int, _ to: Int) -> String {
    guard from != 0 else { return to == 0 ? "0 %" : "new" }
    let num = 1000 * (to - from)
    if num == 0 { return "0 %" }
    let tenths = (2 * abs(num) + abs(from)) / (2 * abs(from))
    let sign = num > 0 ? "+" : num < 0 ? "−" : ""
    return "\(sign)\(tenths / 10).\(tenths % 10) %"
  }
}
