/// What applicants of one nationality can fall under: the instruments whose scope can hold for
/// them, and the days on which anything their visa requirement reads changes. Built from the
/// rules alone, per nationality, the first time a run meets it (``Evaluator/Run``), so an
/// evaluation tests only the instruments that can apply and skips the entry-day pass of the
/// visa requirement when nothing it reads changes between the lodging day and the day of entry.
final class NationalityScope: @unchecked Sendable {
  /// The instruments whose scope can hold for the nationality, in rule-book order
  /// (``Condition/canHold(nationality:)``).
  let instruments: Table<Int32>
  /// Whether each instrument (by index) can apply to the nationality.
  let canApply: Table<Bool>
  /// First day of each stretch on which the visa requirement reads the same rules for this
  /// nationality (the first is `Int.min`): the versions of the `visaRequired` provisions that can
  /// hold for it, the suspensions targeting them, the dates and suspensions of the instruments
  /// in its scope that hold such provisions or set options, and the ends of issue-date ranges
  /// (an unknown issue date counts as the day).
  let requirementStarts: Table<Int>

  /// Whether a condition the visa requirement reads for this nationality tests a fact that
  /// differs between the lodging day and the day of entry (age, days before the trip, the visa
  /// history, a fast track's seniority).
  let requirementReadsDayFacts: Bool

  /// The nationality's code (nil: the slot of any other code, which filters nothing).
  let code: UInt16?
  /// The date segments without the entries this nationality can never fall under, by segment
  /// index, built on first use (``segment(_:_:_:)``).
  private var segments: [DateSegments.Segment?] = []
  /// Whether each version row's condition fails unmarked for this nationality (computed with
  /// the first segment).
  private var failsUnmarked: [Bool] = []

  /// Slots of two capital letters; one more slot, for any other code, holds every instrument.
  static let slots = 26 * 26 + 1

  @inline(__always) static func slot(_ code: UInt16) -> Int {
    let i = countryLetterIndex(code)
    return i >= 0 ? i : slots - 1
  }

  /// The scope of the nationality in `slot` (the last slot: no nationality filter).
  init(slot: Int, _ rules: CompiledRules) {
    let code: UInt16? = slot < Self.slots - 1 ? UInt16(65 + slot / 26) << 8 | UInt16(65 + slot % 26) : nil
    self.code = code
    func canHold(_ c: Condition) -> Bool { code.map { c.canHold(nationality: $0) } ?? true }
    var days = Set<Int>()
    func add(_ from: Int, _ until: Int) {
      days.insert(from)
      if until < Int.max { days.insert(until + 1) }
    }
    // Facts that change with the day itself: an unknown issue date counts as the day (its
    // ranges' ends cut the stretches); age, days before the trip, the visa history's look-back
    // and a fast track's seniority make the entry-day pass run every time.
    var readsDayFacts = false
    func readDayFacts(_ c: Condition) {
      c.forEachLeaf { leaf in
        switch leaf {
        case .documentIssued(let low, let high): add(low, high)
        case .age, .daysBeforeTrip, .visas: readsDayFacts = true
        case .fastTrack(_, let months) where months > 0: readsDayFacts = true
        default: break
        }
      }
    }
    var list: [Int32] = []
    var inScope = Array(repeating: false, count: rules.instruments.count)
    // An instrument bears on the requirement through its own provisions on it, or its
    // policies' settings (options the conditions read); an amendment's provisions belong to
    // the instrument they amend.
    var bears = Array(repeating: false, count: rules.instruments.count)
    for group in rules.byFigure[Figure.visaRequired.index] { bears[group.regime] = true }
    for (i, inst) in rules.instruments.enumerated() where canHold(inst.scope) {
      list.append(Int32(i))
      inScope[i] = true
      guard bears[i] || !inst.settings.isEmpty else { continue }
      add(inst.from, inst.until)
      readDayFacts(inst.scope)
      for s in inst.suspendedBy {
        add(rules.suspensions[s].from, rules.suspensions[s].until)
        readDayFacts(rules.suspensions[s].appliesTo)
      }
    }
    for group in rules.byFigure[Figure.visaRequired.index] where inScope[group.regime] {
      for p in group.provisions {
        let provision = rules.provisions[p]
        for v in provision.versions where canHold(v.condition) {
          add(v.from, v.until)
          readDayFacts(v.condition)
        }
        for s in provision.suspendedBy {
          add(rules.suspensions[s].from, rules.suspensions[s].until)
          readDayFacts(rules.suspensions[s].appliesTo)
        }
      }
    }
    days.remove(Int.min)
    requirementReadsDayFacts = readsDayFacts
    instruments = Table(list)
    canApply = Table(inScope)
    requirementStarts = Table([Int.min] + days.sorted())
  }

  deinit {
    for s in segments { s?.freeFiltered() }
    instruments.free()
    canApply.free()
    requirementStarts.free()
  }

  /// Segment `index` (`base`) without the entries whose condition is false for this nationality
  /// before it reads anything that leaves a mark (``ConditionTables/failsUnmarked(_:nationality:)``)
  /// and that no suspension covers: an evaluation without a trace skips them unread (about two
  /// entries in five for a bench line). A trace keeps `base`, which it walks in full.
  func segment(_ index: Int, _ base: DateSegments.Segment, _ tables: EngineTables) -> DateSegments.Segment {
    guard let code else { return base }
    if segments.isEmpty { segments = Array(repeating: nil, count: tables.segments.starts.count) }
    if let built = segments[index] { return built }
    if failsUnmarked.isEmpty {
      let conditions = tables.conditions
      failsUnmarked = (0..<tables.versionInfo.count).map {
        conditions.failsUnmarked(tables.versionInfo[$0].condition, nationality: code)
      }
    }
    var groupEntries: [(Int32, Int32)] = []
    var entries: [DateSegments.Entry] = []
    groupEntries.reserveCapacity(base.groupEntries.count)
    entries.reserveCapacity(base.entries.count)
    for g in 0..<base.groupEntries.count {
      let (start, count) = base.groupEntries[g]
      let first = entries.count
      for k in Int(start)..<Int(start + count) {
        let e = base.entries[k]
        if e.suspendedCount == 0 && failsUnmarked[Int(e.pv)] { continue }
        entries.append(e)
      }
      groupEntries.append((Int32(first), Int32(entries.count - first)))
    }
    let built = DateSegments.Segment(
      groupEntries: Table(groupEntries), entries: Table(entries), entrySuspensions: base.entrySuspensions)
    segments[index] = built
    return built
  }

  /// Whether the visa requirement reads the same rules and the same facts on both days.
  @inline(__always) func sameRequirementRules(_ a: Int, _ b: Int) -> Bool {
    !requirementReadsDayFacts
      && DateSegments.index(of: a, in: requirementStarts) == DateSegments.index(of: b, in: requirementStarts)
  }
}
