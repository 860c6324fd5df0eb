/// The candidates of each figure, cut by date: the days on which any version, instrument or
/// suspension begins or ends cut time into segments in which the set of versions in force is
/// constant. For each segment and figure, the candidate (provision, version) pairs are listed
/// group by group (instrument order), with the number each gives and the suspensions whose
/// dates cover the segment, so an evaluation finds its segment by binary search and never looks
/// at a version out of force.
///
/// This is the one compiled form every evaluation reads, with or without a trace. The segment
/// boundaries are computed when the rules load; each segment's table is built the first time an
/// application falls in it (so a single evaluation builds one segment, not all of them), then
/// kept, immutable, and shared by every thread. What a segment holds never depends on which
/// evaluation built it.
final class DateSegments: @unchecked Sendable {
  /// One candidate: a provision's version in force on the segment, not repealed.
  struct Entry {
    var pv: Int32
    var provision: Int32
    var version: Int32
    var condition: Int32
    var suspendedStart: Int32
    var suspendedCount: Int32
    var number: Int
    /// ``EngineTables/versionRequires`` of the version.
    var requires: UInt64
  }

  /// The candidates of one segment.
  struct Segment {
    /// `(start, count)` into `entries`, per group (``EngineTables/figureGroupOffset`` + group).
    let groupEntries: Table<(Int32, Int32)>
    let entries: Table<Entry>
    /// Suspensions in force by date on the segment, per entry.
    let entrySuspensions: Table<Int32>

    func free() {
      freeFiltered()
      entrySuspensions.free()
    }

    /// Frees a segment filtered from another (``NationalityScope/segment(_:_:_:)``), which
    /// shares the other's `entrySuspensions`.
    func freeFiltered() {
      groupEntries.free()
      entries.free()
    }
  }

  /// First day of each segment (the first is `Int.min`).
  let starts: Table<Int>
  private let built: UnsafeMutablePointer<Segment?>
  private let lock = Mutex()
  private unowned(unsafe) let core: EngineTables

  /// Segments beginning on `starts` (``EngineTablesBuilder/buildSegmentStarts()``).
  init(starts list: [Int], _ core: EngineTables) {
    self.core = core
    starts = Table(list)
    built = .allocate(capacity: list.count)
    built.initialize(repeating: nil, count: list.count)
  }

  deinit {
    for i in 0..<starts.count { built[i]?.free() }
    built.deinitialize(count: starts.count)
    built.deallocate()
    starts.free()
  }

  /// The index of the segment holding `day`.
  @inline(__always) func index(of day: Int) -> Int { Self.index(of: day, in: starts) }

  @inline(__always) static func index(of day: Int, in starts: Table<Int>) -> Int {
    var lo = 0
    var hi = starts.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) >> 1
      if starts[mid] <= day { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// The table of segment `i`, built on first use.
  func segment(_ i: Int, _ rules: CompiledRules) -> Segment {
    lock.lock()
    defer { lock.unlock() }
    if let s = built[i] { return s }
    let s = Self.build(day: starts[i], rules, core)
    built[i] = s
    return s
  }

  /// The candidates on `day` (any day of the segment: they are the same on all).
  private static func build(day: Int, _ rules: CompiledRules, _ core: EngineTables) -> Segment {
    var groupEntries: [(Int32, Int32)] = []
    var entries: [Entry] = []
    var entrySuspensions: [Int32] = []
    groupEntries.reserveCapacity(core.groupsPerSegment)
    for f in 0..<Figure.allCases.count {
      for group in rules.byFigure[f] {
        let start = entries.count
        for p in group.provisions {
          // Read in place: a version is large, and copying one retains all of its texts.
          guard let vi = EngineTables.versionIndex(rules.provisions[p], at: day) else { continue }
          let value = rules.provisions[p].versions[vi].value
          if case .repealed = value { continue }
          let sStart = entrySuspensions.count
          for s in rules.provisions[p].suspendedBy {
            let sus = rules.suspensions[s]
            if sus.from <= day && day <= sus.until { entrySuspensions.append(Int32(s)) }
          }
          let pv = core.provisionInfo[p].pvBase + Int32(vi)
          entries.append(
            Entry(
              pv: pv, provision: Int32(p), version: Int32(vi), condition: core.versionInfo[Int(pv)].condition,
              suspendedStart: Int32(sStart), suspendedCount: Int32(entrySuspensions.count - sStart),
              number: EngineTables.number(rules, value, at: day), requires: core.versionRequires[Int(pv)]))
        }
        groupEntries.append((Int32(start), Int32(entries.count - start)))
      }
    }
    return Segment(groupEntries: Table(groupEntries), entries: Table(entries), entrySuspensions: Table(entrySuspensions))
  }
}
