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

  /// The same for the notices of the day of entry (`eligibility.entryNotice`), whose age stays
  /// the lodging date's: the entry-day pass runs only when they may read other rules or facts.
  let entryNoticeStarts: Table<Int>
  let entryNoticesReadDayFacts: Bool

  /// The nationality's code (nil: the slot of any other code, which filters nothing).
  let code: UInt16?
  /// The date segments without the entries this nationality can never fall under, shared with
  /// the nationalities that drop the same version rows (``segment(_:_:_:sharing:)``).
  private let cut: SegmentCut?
  /// How the instruments in scope are tested (``instrumentsInForce(_:_:)``).
  let tests: ScopeTests

  /// Slots of two capital letters; one more slot, for any other code, holds every instrument.
  static let slots = 26 * 26 + 1

  @inline(__always) static func slot(_ code: UInt16) -> Int {
    let i = countryLetterIndex(code)
    return i >= 0 ? i : slots - 1
  }

  /// The scope of the nationality in `slot` (the last slot: no nationality filter); its cut
  /// date segments are shared with any scope in `others` that drops the same version rows.
  init(slot: Int, _ rules: CompiledRules, _ tables: EngineTables, sharing others: [NationalityScope?]) {
    let code: UInt16? = slot < Self.slots - 1 ? UInt16(65 + slot / 26) << 8 | UInt16(65 + slot % 26) : nil
    self.code = code
    func canHold(_ c: Condition) -> Bool { code.map { c.canHold(nationality: $0) } ?? true }
    var list: [Int32] = []
    var inScope = Array(repeating: false, count: rules.instruments.count)
    for (i, inst) in rules.instruments.enumerated() where canHold(inst.scope) {
      list.append(Int32(i))
      inScope[i] = true
    }
    let requirement = Self.stretches(of: .visaRequired, ageChanges: true, rules, inScope: inScope, canHold)
    let entry = Self.stretches(of: .entryNotice, ageChanges: false, rules, inScope: inScope, canHold)
    requirementReadsDayFacts = requirement.readsDayFacts
    entryNoticesReadDayFacts = entry.readsDayFacts
    instruments = Table(list)
    canApply = Table(inScope)
    requirementStarts = Table(requirement.starts)
    entryNoticeStarts = Table(entry.starts)
    tests = ScopeTests(instruments, nationality: code, tables)
    cut = code.map { Self.cut(for: $0, tables, sharing: others) }
  }

  /// The first days of the stretches on which `figure` reads the same rules (see
  /// ``requirementStarts``), and whether a condition it reads tests a fact that differs between
  /// the lodging day and the day of entry (`ageChanges`: whether the age is one of them).
  private static func stretches(
    of figure: Figure, ageChanges: Bool, _ rules: CompiledRules, inScope: [Bool], _ canHold: (Condition) -> Bool
  ) -> (starts: [Int], readsDayFacts: Bool) {
    // Cut days, sorted and made unique at the end (a list: no set type to instantiate at start-up).
    var days: [Int] = []
    func add(_ from: Int, _ until: Int) {
      if from > Int.min { days.append(from) }
      if until < Int.max { days.append(until + 1) }
    }
    // Facts that change with the day itself: an unknown issue date counts as the day (its
    // ranges' ends cut the stretches); age, days before the trip, the visa history's look-back
    // and a fast track's seniority make the entry-day pass run every time.
    var readsDayFacts = false
    func readDayFacts(_ c: Condition) {
      c.forEachLeaf { leaf in
        switch leaf {
        case .documentIssued(let low, let high): add(low, high)
        case .age: if ageChanges { readsDayFacts = true }
        case .daysBeforeTrip, .visas: readsDayFacts = true
        case .fastTrack(_, let months) where months > 0: readsDayFacts = true
        default: break
        }
      }
    }
    // An instrument bears on the figure through its own provisions on it, or its policies'
    // settings (options the conditions read); an amendment's provisions belong to the
    // instrument they amend.
    var bears = Array(repeating: false, count: rules.instruments.count)
    for group in rules.byFigure[figure.index] { bears[group.regime] = true }
    for (i, inst) in rules.instruments.enumerated() where inScope[i] {
      guard bears[i] || !inst.settings.isEmpty else { continue }
      add(inst.from, inst.until)
      readDayFacts(inst.scope)
      for s in inst.suspendedBy {
        add(rules.suspensions[s].from, rules.suspensions[s].until)
        readDayFacts(rules.suspensions[s].appliesTo)
      }
    }
    for group in rules.byFigure[figure.index] where inScope[group.regime] {
      for p in group.provisions {
        let versions = rules.provisions[p].versions
        for v in versions.indices where canHold(versions[v].condition) {
          add(versions[v].from, versions[v].until)
          readDayFacts(versions[v].condition)
        }
        for s in rules.provisions[p].suspendedBy {
          add(rules.suspensions[s].from, rules.suspensions[s].until)
          readDayFacts(rules.suspensions[s].appliesTo)
        }
      }
    }
    days.sort()
    var starts = [Int.min]
    starts.reserveCapacity(days.count + 1)
    for day in days where day != starts[starts.count - 1] { starts.append(day) }
    return (starts, readsDayFacts)
  }

  /// The cut of the date segments for nationality `code`: that of a scope in `others` dropping
  /// the same version rows, or a new one.
  private static func cut(for code: UInt16, _ tables: EngineTables, sharing others: [NationalityScope?]) -> SegmentCut {
    let conditions = tables.conditions
    let dropped = (0..<tables.versionInfo.count).map {
      conditions.failsUnmarked(tables.versionInfo[$0].condition, nationality: code)
    }
    for other in others {
      if let c = other?.cut, c.dropped == dropped { return c }
    }
    return SegmentCut(dropped: dropped, segments: tables.segments.starts.count)
  }

  deinit {
    instruments.free()
    canApply.free()
    requirementStarts.free()
    entryNoticeStarts.free()
  }

  /// Segment `index` (`base`) without the entries whose condition is false for this nationality
  /// before it reads anything that leaves a mark (``ConditionTables/failsUnmarked(_:nationality:)``)
  /// and that no suspension covers: an evaluation without a trace skips them unread (about two
  /// entries in five for a bench line). A trace keeps `base`, which it walks in full. The cut
  /// segments are shared by the scopes that drop the same version rows (most nationalities fall
  /// under the same few lists), so each is built once per such set.
  @inline(__always) func segment(_ index: Int, _ base: DateSegments.Segment) -> DateSegments.Segment {
    guard let cut else { return base }
    return cut.segment(index, base)
  }

  /// The instruments in scope and in force on date segment `index` whose scope can hold, with
  /// how each is tested (``ScopeTests``).
  @inline(__always) func instrumentsInForce(_ index: Int, _ tables: EngineTables) -> Table<(Int32, Int32)> {
    tests.inForce(index, instruments, tables)
  }

  /// Whether the visa requirement reads the same rules and the same facts on both days.
  @inline(__always) func sameRequirementRules(_ a: Int, _ b: Int) -> Bool {
    !requirementReadsDayFacts
      && DateSegments.index(of: a, in: requirementStarts) == DateSegments.index(of: b, in: requirementStarts)
  }

  /// Whether the notices of the day of entry read the same rules and facts on both days.
  @inline(__always) func sameEntryNoticeRules(_ a: Int, _ b: Int) -> Bool {
    !entryNoticesReadDayFacts
      && DateSegments.index(of: a, in: entryNoticeStarts) == DateSegments.index(of: b, in: entryNoticeStarts)
  }
}

/// The date segments without the version rows that fail unmarked for a set of nationalities
/// (``NationalityScope/segment(_:_:_:sharing:)``), built on first use.
final class SegmentCut {
  /// Whether each version row is dropped.
  let dropped: [Bool]
  private let built: SegmentSlots<DateSegments.Segment>

  init(dropped: [Bool], segments: Int) {
    self.dropped = dropped
    built = SegmentSlots(count: segments)
  }

  deinit {
    built.free { $0.freeFiltered() }
  }

  /// Segment `index` (`base`) without the dropped entries no suspension covers.
  func segment(_ index: Int, _ base: DateSegments.Segment) -> DateSegments.Segment {
    if let s = built(index) { return s }
    let groupCount = base.groupEntries.count
    let groups = UnsafeMutablePointer<(Int32, Int32)>.allocate(capacity: max(1, groupCount))
    let entries = UnsafeMutablePointer<DateSegments.Entry>.allocate(capacity: max(1, base.entries.count))
    var kept = 0
    dropped.withUnsafeBufferPointer { dropped in
      for g in 0..<groupCount {
        let (start, count) = base.groupEntries[g]
        let first = kept
        for k in Int(start)..<Int(start + count) {
          let e = base.entries.base + k
          if e.pointee.suspendedCount == 0 && dropped[Int(e.pointee.pv)] { continue }
          (entries + kept).initialize(to: e.pointee)
          kept += 1
        }
        (groups + g).initialize(to: (Int32(first), Int32(kept - first)))
      }
    }
    let s = DateSegments.Segment(
      groupEntries: Table(adopting: groups, count: groupCount), entries: Table(adopting: entries, count: kept),
      entrySuspensions: base.entrySuspensions)
    built.set(index, s)
    return s
  }
}
