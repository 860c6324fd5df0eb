/// What `visa compare` reports: the comparison over applications, the comparison over years of
/// frequent travellers, or both, as text, JSON or one self-contained HTML page, with where the
/// figures come from (the reform, the rules' fingerprints, the population and its seed, the date).
public struct PolicyReport: Sendable {
  /// The reform's name (its instrument's short name, such as `Reform: 100 EUR fee`).
  public var reformName: String
  /// The reform's full title, if known.
  public var reformTitle: String?
  /// The folder the reform was read from (its last path component), if known.
  public var reformFolder: String?
  /// The day the report was made.
  public var date: LocalDate?
  /// The fingerprint of the base rules (``RuleBook/fingerprint``).
  public var baseFingerprint: String?
  /// The fingerprint of the reformed rules (the base rules and the reform).
  public var reformFingerprint: String?
  /// What the population of applications is (``Population/summary``, or the file it was read from).
  public var population: String?
  /// The seed of the population of applications, when it was generated.
  public var seed: UInt64?
  /// What the provisions that decide whether an application can be lodged say, by citation
  /// (their summaries from the rules), to explain "cannot be lodged".
  public var lodgingProvisions: [String: String] = [:]
  /// Country names by code (ISO 3166-1 alpha-2), for the breakdowns by nationality and destination.
  public var countryNames: [CountryCode: String] = [:]
  /// The currency of every amount.
  public var currency = Money(cents: 0).currency
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

  /// Creates a report for a reform laid over a base rule book: its name and title come from the
  /// instruments the reform adds (else from the folder's name), the fingerprints from both books,
  /// the explanations of "cannot be lodged" from the reformed book's provisions.
  public init(
    base: RuleBook, reform: RuleBook, folder: String, date: LocalDate?, applications: PolicyComparison? = nil,
    cascades: CascadeComparison? = nil
  ) {
    let folderName = String(folder.split(separator: "/").last ?? Substring(folder))
    let known = Set(base.instruments.map(\.id))
    let added = reform.instruments.filter { !known.contains($0.id) }
    self.init(
      reformName: added.isEmpty ? folderName : added.map(\.shortName).joined(separator: " + "), applications: applications,
      cascades: cascades)
    reformTitle = added.isEmpty ? nil : added.map(\.title).joined(separator: "; ")
    reformFolder = folderName
    self.date = date
    baseFingerprint = base.fingerprint
    reformFingerprint = reform.fingerprint
    currency = reform.currency
    for country in reform.vocabulary.countries { countryNames[country.code] = country.name }
    // Any provision may say an application cannot be lodged (a travel-document rule, a
    // suspension of issuance): its summary, by citation. Where several share a citation, the
    // restriction itself (of the figure, not an exception to it) says why.
    var rank: [String: Int] = [:]
    for p in reform.provisions {
      let r = p.figure == .lodgingAvailable ? (p.kind == "exception" ? 1 : 2) : 0
      if r >= rank[p.citation.description] ?? -1 {
        rank[p.citation.description] = r
        lodgingProvisions[p.citation.description] = p.summary
      }
    }
  }

  /// What a provision that decides whether an application can be lodged says, found by its
  /// citation as a comparison recorded it (which may add "as amended by …").
  func lodgingSummary(_ citation: String) -> String? {
    if let s = lodgingProvisions[citation] { return s }
    return lodgingProvisions.filter { citation.hasPrefix($0.key) }.max { $0.key.count < $1.key.count }?.value
  }

  static func validityLabel(_ m: Int) -> String { m < 0 ? "no visa required" : m == 0 ? "single entry" : "\(m) months" }
  static func decisionLabel(_ d: Int) -> String { d < 0 ? "no visa required" : "\(d) days" }

  // MARK: - Text

  /// Text tables.
  public var text: String {
    // A reform's short name may already say so ("Reform: 100 EUR fee"): not twice.
    let heading = reformName.hasPrefix("Reform") ? reformName : "Reform: \(reformName)"
    var l: [String] = [heading + (reformFolder.map { " (\($0))" } ?? "")]
    if let date { l.append("Date: \(date)") }
    if let baseFingerprint, let reformFingerprint { l.append("Rules: base \(baseFingerprint), reform \(reformFingerprint)") }
    if let population { l.append("Population: \(population)") }
    l.append("")
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
        l.append(
          "    \(PolicyReport.decisionLabel(d).rightPad(20)) \(String(c.base.byDecisionDays[d] ?? 0).rightPad(14)) \(c.reform.byDecisionDays[d] ?? 0)"
        )
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
      l.append("  Changes (travellers): \(c.changed) of \(c.travellers)")
      for (change, n) in c.topChanges.prefix(25) { l.append("    \(String(n).leftPad(8))  \(change)") }
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
      w.key("cannotLodgeBy")
      w.beginObject()
      for (k, v) in t.cannotLodgeBy.sorted(by: { $0.key < $1.key }) { w.key(k); w.int(v) }
      w.endObject()
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
      for (k, v) in t.byDecisionDays.sorted(by: { $0.key < $1.key }) { w.key(k < 0 ? "none" : String(k)); w.int(v) }
      w.endObject()
      w.endObject()
    }
    w.beginObject()
    w.key("reform"); w.string(reformName)
    if let reformFolder { w.key("reformFolder"); w.string(reformFolder) }
    if let date { w.key("date"); w.date(date) }
    if let baseFingerprint { w.key("baseFingerprint"); w.string(baseFingerprint) }
    if let reformFingerprint { w.key("reformFingerprint"); w.string(reformFingerprint) }
    if let population { w.key("population"); w.string(population) }
    if let seed { w.key("seed"); w.int(Int(truncatingIfNeeded: seed)) }
    if let c = applications {
      w.key("applications")
      w.beginObject()
      w.key("base"); totals(c.base)
      w.key("reform"); totals(c.reform)
      w.key("changed"); w.int(c.changed)
      for (name, groups) in [("byNationality", c.byNationality), ("byDestination", c.byDestination)] {
        w.key(name)
        w.beginObject()
        for (k, g) in groups.sorted(by: { $0.key < $1.key }) {
          w.key(k.rawValue)
          w.beginObject()
          w.key("applications"); w.int(g.applications)
          w.key("changed"); w.int(g.changed)
          w.key("baseFees"); w.cents(g.baseFeeCents)
          w.key("reformFees"); w.cents(g.reformFeeCents)
          w.endObject()
        }
        w.endObject()
      }
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
      w.key("seed"); w.int(Int(truncatingIfNeeded: c.seed))
      w.key("failures"); w.int(c.failures)
      w.key("changed"); w.int(c.changed)
      w.key("changes")
      w.beginArray()
      for (change, n) in c.topChanges {
        w.beginObject(); w.key("change"); w.string(change); w.key("count"); w.int(n); w.endObject()
      }
      w.endArray()
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
}
