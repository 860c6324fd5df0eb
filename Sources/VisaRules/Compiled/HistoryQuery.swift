/// "At least N previous visas of these kinds, lawfully used, whose validity began within the
/// last M months before lodging (and, optionally, multiple-entry visas valid for K months)".
///
/// Three readings of such a count are open in law (Visa Code Art. 24(2), legal reference §3.5)
/// and follow a fixed choice or an interpretation option (``Reading``): whether a visa never
/// used counts, whether "valid for K months" means at least K, and from which date the window
/// runs back.
struct HistoryQuery: Hashable, Sendable {
  var atLeast: Int
  var withinMonths: Int
  var kinds: UInt8
  var multipleEntryOnly: Bool
  var minValidityMonths: Int
  var lawfullyUsedOnly: Bool
  /// 1: a visa never used (neither `lawfullyUsed` nor stays given) counts as lawfully used.
  var unused = Reading()
  /// 1: "valid K months" means at least K and less than K + 1 months (else: at least K).
  var validFor = Reading()
  /// 1: the window runs back from `trip.start` (else: from the lodging date).
  var lookBackFrom = Reading()

  /// A two-way reading: fixed, or chosen by an option (bit v of `modes`: value v reads 1).
  struct Reading: Hashable, Sendable {
    var option = -1
    var fixed: UInt8 = 0
    var modes: UInt64 = 0

    @inline(__always) func mode(_ f: UnsafePointer<Facts>) -> UInt8 {
      option < 0 ? fixed : UInt8(truncatingIfNeeded: modes >> UInt64(f.pointee.options[option]) & 1)
    }
    /// Whether the reading can be 1 (so its alternative must be computed).
    var open: Bool { option >= 0 || fixed == 1 }
  }

  /// What the query finds about one previous visa.
  struct Look {
    var kindOK: Bool
    var multipleOK: Bool
    var lawful: Bool
    var unused: Bool
    /// In the window as it runs back from the lodging date / from trip.start.
    var inWindowLodging: Bool
    var inWindowTrip: Bool
    /// Valid at least K months / and less than K + 1 months.
    var validAtLeast: Bool
    var validExactly: Bool
  }

  /// The first day of the window, as it runs back from the lodging date and from trip.start.
  @inline(__always) func windowStarts(_ f: UnsafePointer<Facts>) -> (lodging: Int, trip: Int) {
    let lodging = LocalDate(dayNumber: f.pointee.lodging).adding(months: -withinMonths).dayNumber
    guard lookBackFrom.open else { return (lodging, lodging) }
    let trip = LocalDate(dayNumber: f.pointee.lodging &+ f.pointee.daysBeforeTrip).adding(months: -withinMonths).dayNumber
    return (lodging, trip)
  }

  @inline(__always) func look(_ v: Facts.HistoryVisa, _ windows: (lodging: Int, trip: Int)) -> Look {
    var validAtLeast = true
    var validExactly = true
    if minValidityMonths > 0 {
      // Valid for K months: the day after the last day of validity is at least K months on.
      let start = LocalDate(dayNumber: v.validFrom)
      validAtLeast = v.validUntil &+ 1 >= start.adding(months: minValidityMonths).dayNumber
      validExactly = validAtLeast && (!validFor.open || v.validUntil &+ 1 < start.adding(months: minValidityMonths + 1).dayNumber)
    }
    return Look(
      kindOK: (1 << v.kind) & kinds != 0, multipleOK: !multipleEntryOnly || v.multiple, lawful: !lawfullyUsedOnly || v.lawfullyUsed,
      unused: v.unused, inWindowLodging: v.validFrom >= windows.lodging, inWindowTrip: v.validFrom >= windows.trip,
      validAtLeast: validAtLeast, validExactly: validExactly)
  }

  /// How many visas of the history the query counts. `consulted` gets the options whose
  /// reading decided whether some visa counts.
  func count(in facts: UnsafePointer<Facts>, _ consulted: inout UInt64) -> Int {
    let history = facts.pointee.history
    if history.isEmpty { return 0 }
    let countUnused = unused.mode(facts) == 1
    let exactly = validFor.mode(facts) == 1
    let fromTrip = lookBackFrom.mode(facts) == 1
    let windows = windowStarts(facts)
    let plain = !unused.open && !validFor.open && !lookBackFrom.open
    var n = 0
    for v in history {
      if v.duplicate || (1 << v.kind) & kinds == 0 { continue }
      if multipleEntryOnly && !v.multiple { continue }
      if plain {
        // The common case: every reading fixed at its first value.
        if lawfullyUsedOnly && !v.lawfullyUsed { continue }
        if v.validFrom < windows.lodging { continue }
        if minValidityMonths > 0
          && v.validUntil &+ 1 < LocalDate(dayNumber: v.validFrom).adding(months: minValidityMonths).dayNumber
        {
          continue
        }
        n += 1
        continue
      }
      let l = look(v, windows)
      let lawfulOK = l.lawful || (l.unused && countUnused)
      let windowOK = fromTrip ? l.inWindowTrip : l.inWindowLodging
      let validOK = exactly ? l.validExactly : l.validAtLeast
      // An option is relied on when its other value would change whether this visa counts.
      if unused.option >= 0 && !l.lawful && l.unused && windowOK && validOK { consulted |= 1 << UInt64(unused.option) }
      if validFor.option >= 0 && l.validAtLeast != l.validExactly && lawfulOK && windowOK {
        consulted |= 1 << UInt64(validFor.option)
      }
      if lookBackFrom.option >= 0 && l.inWindowLodging != l.inWindowTrip && lawfulOK && validOK {
        consulted |= 1 << UInt64(lookBackFrom.option)
      }
      if lawfulOK && windowOK && validOK { n += 1 }
    }
    return n
  }
}
