/// A deterministic generator of plausible synthetic applications, for policy what-ifs when no
/// real data is at hand. The same seed gives the same applications on any machine; the first
/// K of a run of N > K are the run of K.
///
/// The mix (documented so a reader can judge the numbers it produces):
/// - nationality: Russia 30 %, China 10 %, India 10 %, Türkiye 8 %, and 42 % spread evenly over
///   every other nationality of the visa list (the third countries of Annexes I and II of
///   Regulation 2018/1806 and the entities HK, MO, TW, PS, XK; see
///   `Population+Nationalities.swift`); 90 % reside in their country (Russians otherwise in
///   Serbia, Türkiye, Armenia, Kazakhstan, Georgia or the UAE, others in the UAE) and lodge where
///   they reside;
/// - destination: the Netherlands 40 %, Germany, France, Italy, Spain, Finland 12 % each;
/// - age: under 6 5 %, 6–11 7 %, 12–17 6 %, 18–25 12 %, 26–64 60 %, 65–85 10 %;
/// - categories: none 55 %; otherwise one of business (12 %), close relative (6 %), student
///   (6 %), artist or scientist (5 %), driver (3 %), seafarer (2 %), researcher (2 %), non-profit
///   representative (2 %), free-movement family (2 %), journalist, sports, humanitarian,
///   disabled, train crew, official delegation (1 % each);
/// - lodging date uniform in the period; the trip starts 0–3 days later for 10 %, 4–120 days
///   later otherwise, and lasts 3–21 days; the passport expires 6–120 months after lodging;
/// - history: no visa 40 %, one or two single-entry visas 30 %, three or more in two years 15 %,
///   a 1-year multiple-entry visa 8 %, a 2-year one 5 %, a 5-year one 2 %; 95 % lawfully used.
public struct Population: Sendable {
  /// How many applications.
  public var count: Int
  /// The seed.
  public var seed: UInt64
  /// The lodging dates drawn from.
  public var period: Period

  /// Creates a generator.
  public init(count: Int, seed: UInt64, period: Period) {
    self.count = count
    self.seed = seed
    self.period = period
  }

  /// What the population is, in a sentence a report can print: its size, seed, lodging dates
  /// and mix (the generator's, documented above).
  public var summary: String {
    let until = period.until ?? period.from.adding(months: 12)
    return "\(count) synthetic applications (as by visa population --n \(count) --seed \(seed) --from \(period.from) --to \(until)), "
      + "lodged from \(period.from) to \(until): \(Population.mix)"
  }

  /// The generator's mix in a sentence (documented above): nationalities, destinations, where
  /// applicants lodge, categories and visa histories.
  public static let mix =
    "nationalities Russia 30 %, China 10 %, India 10 %, Türkiye 8 % and 42 % spread "
    + "evenly over every other nationality of the visa list; destination the Netherlands 40 %, Germany, France, Italy, Spain "
    + "and Finland 12 % each; 90 % lodge in their own country; 45 % in an applicant category (business, family, study, "
    + "culture, transport, …); visa histories from none (40 %) to a 5-year multiple-entry visa (2 %), 95 % lawfully used."

  /// Writes the applications as JSON Lines (each with an `id`) to a file descriptor, streaming.
  public func write(to fd: Int32) throws(VisaRulesError) {
    var buffer: [UInt8] = []
    buffer.reserveCapacity(1 << 20)
    for i in 0..<count {
      appendLine(i, to: &buffer)
      if buffer.count > (1 << 20) - 2048 {
        try Population.flush(buffer, to: fd)
        buffer.removeAll(keepingCapacity: true)
      }
    }
    try Population.flush(buffer, to: fd)
  }

  private static func flush(_ buffer: [UInt8], to fd: Int32) throws(VisaRulesError) {
    let result: Result<Void, VisaRulesError> = buffer.withUnsafeBytes { bytes in
      do throws(VisaRulesError) {
        try RuleBook.writeAll(bytes, to: fd)
        return .success(())
      } catch {
        return .failure(error)
      }
    }
    try result.get()
  }

  /// Fills a block with the lines from index `first` on, whole lines, until it holds about
  /// `bytes` bytes or the population ends; returns the index of the next line.
  func fill(_ block: LineBlock, from first: Int, bytes: Int) -> Int {
    block.input.removeAll(keepingCapacity: true)
    var i = first
    while i < count && block.input.count < bytes - 2048 {
      appendLine(i, to: &block.input)
      i += 1
    }
    block.count = block.input.count
    block.firstLine = first + 1
    block.lines = i - first
    return i
  }

  /// The application with index `i` (0-based), as one line of JSON.
  public func line(_ i: Int) -> String {
    var b: [UInt8] = []
    appendLine(i, to: &b)
    return String(decoding: b.dropLast(), as: UTF8.self)
  }

  private static let otherResidences = ["RS", "TR", "AM", "KZ", "GE", "AE"]
  private static let destinations: [(String, Int)] = [("NL", 40), ("DE", 12), ("FR", 12), ("IT", 12), ("ES", 12), ("FI", 12)]
  private static let categories: [(String, String, Int)] = [
    ("businessPerson", "business", 12), ("closeRelativeOfResident", "family", 6), ("student", "study", 6),
    ("scienceCulture", "culture", 5), ("driver", "transport", 3), ("seafarer", "transport", 2), ("researcher", "research", 2),
    ("nonProfitEventParticipant", "culture", 2), ("euFreeMovementFamily", "family", 2), ("journalist", "journalism", 1),
    ("sportsEvent", "sport", 1), ("humanitarian", "medical", 1), ("disabled", "medical", 1), ("trainCrew", "transport", 1),
    ("officialDelegation", "official", 1),
  ]

  private func appendLine(_ i: Int, to out: inout [UInt8]) {
    // An independent stream per application: SplitMix64 seeded by (seed, index).
    var rng = SplitMix64(seed: seed &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
    let nationality = Population.nationality(&rng)
    var residence = nationality
    if rng.below(10) == 0 { residence = nationality == "RU" ? Population.otherResidences[rng.below(6)] : "AE" }
    let destination = rng.weighted(Population.destinations.map { ($0.0, $0.1) })
    let first = period.from.dayNumber
    let last = (period.until ?? period.from.adding(months: 12)).dayNumber
    let lodging = LocalDate(dayNumber: first + rng.below(max(1, last - first + 1)))
    let ageBand = rng.below(100)
    let age: Int
    switch ageBand {
    case 0..<5: age = rng.below(6)
    case 5..<12: age = 6 + rng.below(6)
    case 12..<18: age = 12 + rng.below(6)
    case 18..<30: age = 18 + rng.below(8)
    case 30..<90: age = 26 + rng.below(39)
    default: age = 65 + rng.below(21)
    }
    let birth = lodging.adding(months: -12 * age - rng.below(12)).adding(days: -rng.below(28))
    var categories: [String] = []
    var purpose = "tourism"
    if rng.below(100) >= 55 {
      let c = rng.weighted(Population.categories.map { ($0, $0.2) })
      categories = [c.0]
      purpose = c.1
    }
    let lead = rng.below(10) == 0 ? rng.below(4) : 4 + rng.below(117)
    let start = lodging.adding(days: lead)
    let end = start.adding(days: 2 + rng.below(19))
    let expiry = lodging.adding(months: 6 + rng.below(115))
    var w = JSONWriter(capacity: 600)
    w.beginObject()
    w.key("id"); w.int(i + 1)
    w.key("lodgingDate"); w.date(lodging)
    w.key("destination"); w.string(destination)
    w.key("lodgedIn"); w.string(residence)
    w.key("applicant")
    w.beginObject()
    w.key("nationality"); w.string(nationality)
    w.key("residence"); w.string(residence)
    w.key("birthDate"); w.date(birth)
    w.key("categories")
    w.beginArray()
    for c in categories { w.string(c) }
    w.endArray()
    w.key("travelDocument")
    w.beginObject()
    w.key("type"); w.string("ordinary")
    w.key("expiry"); w.date(expiry)
    w.endObject()
    w.endObject()
    w.key("trip")
    w.beginObject()
    w.key("purpose"); w.string(purpose)
    w.key("start"); w.date(start)
    w.key("end"); w.date(end)
    w.endObject()
    w.key("visaHistory")
    w.beginArray()
    let lawful = { (r: inout SplitMix64) in r.below(100) < 95 }
    func visa(_ r: inout SplitMix64, monthsAgo: Int, months: Int?, days: Int) {
      let from = lodging.adding(months: -monthsAgo).adding(days: -r.below(20))
      let until = months.map { from.adding(months: $0).adding(days: -1) } ?? from.adding(days: days)
      w.beginObject()
      w.key("validFrom"); w.date(from)
      w.key("validUntil"); w.date(until)
      w.key("entries"); w.string(months == nil ? "single" : "multiple")
      w.key("kind"); w.string("uniform")
      w.key("lawfullyUsed"); w.bool(lawful(&r))
      w.endObject()
    }
    switch rng.below(100) {
    case 0..<40: break
    case 40..<70:
      for _ in 0..<(1 + rng.below(2)) { visa(&rng, monthsAgo: 3 + rng.below(30), months: nil, days: 10 + rng.below(20)) }
    case 70..<85:
      for k in 0..<(3 + rng.below(2)) { visa(&rng, monthsAgo: 2 + 5 * k, months: nil, days: 10 + rng.below(20)) }
    case 85..<93: visa(&rng, monthsAgo: 2 + rng.below(20), months: 12, days: 0)
    case 93..<98: visa(&rng, monthsAgo: 4 + rng.below(30), months: 24, days: 0)
    default: visa(&rng, monthsAgo: 10 + rng.below(40), months: 60, days: 0)
    }
    w.endArray()
    w.endObject()
    out.append(contentsOf: w.bytes)
    out.append(0x0A)
  }
}

/// SplitMix64: a small, fast, well-distributed generator (Steele, Lea and Flood 2014), so the
/// population is the same on every platform and Swift version.
struct SplitMix64 {
  var state: UInt64

  init(seed: UInt64) { state = seed }

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in 0..<n.
  mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }

  /// A nationality of the travellers of `visa compare --travellers`: Russia 55 %, China, India,
  /// Türkiye 15 % each (``Population`` draws from the whole world instead).
  mutating func nationality() -> String {
    switch below(100) {
    case 0..<55: return "RU"
    case 55..<70: return "CN"
    case 70..<85: return "IN"
    default: return "TR"
    }
  }

  /// An element chosen with the given integer weights.
  mutating func weighted<T>(_ items: [(T, Int)]) -> T {
    let total = items.reduce(0) { $0 + $1.1 }
    var r = below(total)
    for (item, weight) in items {
      if r < weight { return item }
      r -= weight
    }
    return items[items.count - 1].0
  }
}
