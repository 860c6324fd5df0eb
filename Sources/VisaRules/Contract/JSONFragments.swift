/// The JSON of a decision's constant parts, escaped once per rule book: the citation, provision
/// and status of each version, waivers, notices, instrument ids, suspensions and assumptions, so
/// writing a decision is mostly copying. Built the first time a decision is written as JSON
/// (``EngineTables/fragments(_:)``), then shared by every thread.
struct JSONFragments: @unchecked Sendable {
  let bytes: Table<UInt8>
  struct Fragment {
    var start: Int32
    var count: Int32
  }

  /// `"citation text"` per version.
  let citationFragment: Table<Fragment>
  /// `"provision id"` per provision.
  let provisionFragment: Table<Fragment>
  /// `"summary"` per provision (a waiver's reason).
  let summaryFragment: Table<Fragment>
  /// `"summary or notice (citation)"` per version.
  let annotatedFragment: Table<Fragment>
  /// `"id"` per instrument.
  let instrumentFragment: Table<Fragment>
  /// `"citation (id)"` per suspension.
  let suspensionFragment: Table<Fragment>
  /// `"key"` per option.
  let optionFragment: Table<Fragment>
  /// `"value"` per option value (`optionValueBase[o] + v`).
  let optionValueFragment: Table<Fragment>
  let optionValueBase: Table<Int32>
  /// `"policy:id"` per instrument.
  let policyFragment: Table<Fragment>
  /// `"EUR"`: the rule book's currency (`vocabulary.currency`, three capital letters).
  let currency: [UInt8]

  init(_ rules: CompiledRules) {
    var b = FragmentBuilder(rules: rules)
    b.buildFragments()
    bytes = Table(b.bytes)
    citationFragment = Table(b.citationFragment)
    provisionFragment = Table(b.provisionFragment)
    summaryFragment = Table(b.summaryFragment)
    annotatedFragment = Table(b.annotatedFragment)
    instrumentFragment = Table(b.instrumentFragment)
    suspensionFragment = Table(b.suspensionFragment)
    optionFragment = Table(b.optionFragment)
    optionValueFragment = Table(b.optionValueFragment)
    optionValueBase = Table(b.optionValueBase)
    policyFragment = Table(b.policyFragment)
    currency = Array("\"\(rules.currency)\"".utf8)
  }

  func free() {
    bytes.free(); citationFragment.free(); provisionFragment.free(); summaryFragment.free(); annotatedFragment.free()
    instrumentFragment.free(); suspensionFragment.free(); optionFragment.free(); optionValueFragment.free()
    optionValueBase.free(); policyFragment.free()
  }

  /// A fragment's bytes.
  @inline(__always) func pointer(_ f: Fragment) -> UnsafePointer<UInt8> { UnsafePointer(bytes.base + Int(f.start)) }
}

/// Builds the fragments of a ``JSONFragments``.
private struct FragmentBuilder {
  let rules: CompiledRules
  var bytes: [UInt8] = []
  var citationFragment: [JSONFragments.Fragment] = []
  var provisionFragment: [JSONFragments.Fragment] = []
  var summaryFragment: [JSONFragments.Fragment] = []
  var annotatedFragment: [JSONFragments.Fragment] = []
  var instrumentFragment: [JSONFragments.Fragment] = []
  var suspensionFragment: [JSONFragments.Fragment] = []
  var optionFragment: [JSONFragments.Fragment] = []
  var optionValueFragment: [JSONFragments.Fragment] = []
  var optionValueBase: [Int32] = []
  var policyFragment: [JSONFragments.Fragment] = []

  /// Appends `"text"`, escaped as ``JSONWriter`` escapes strings.
  mutating func quoted(_ text: String) {
    bytes.append(UInt8(ascii: "\""))
    var t = text
    t.withUTF8 { u in
      if !u.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }) {
        bytes.append(contentsOf: u)
        return
      }
      for c in u {
        switch c {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
          bytes.append(0x5C)
          bytes.append(c)
        case 0x0A: bytes += [0x5C, UInt8(ascii: "n")]
        case 0x0D: bytes += [0x5C, UInt8(ascii: "r")]
        case 0x09: bytes += [0x5C, UInt8(ascii: "t")]
        case 0..<0x20:
          let hex = Array("0123456789abcdef".utf8)
          bytes += [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(c >> 4)], hex[Int(c & 15)]]
        default: bytes.append(c)
        }
      }
    }
    bytes.append(UInt8(ascii: "\""))
  }

  mutating func literal(_ s: StaticString) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
  }

  /// Records the bytes appended by `write` as one fragment.
  mutating func fragment(_ write: (inout FragmentBuilder) -> Void) -> JSONFragments.Fragment {
    let start = bytes.count
    write(&self)
    return JSONFragments.Fragment(start: Int32(start), count: Int32(bytes.count - start))
  }

  mutating func buildFragments() {
    bytes.reserveCapacity(1 << 17)
    for p in rules.provisions {
      let id = p.id
      let summary = p.summary
      provisionFragment.append(fragment { $0.quoted(id) })
      summaryFragment.append(fragment { $0.quoted(summary) })
      for v in p.versions {
        let citation = v.citationText
        citationFragment.append(fragment { $0.quoted(citation) })
        let annotated = v.annotatedText
        annotatedFragment.append(fragment { $0.quoted(annotated) })
      }
    }
    for inst in rules.instruments {
      let id = inst.id
      instrumentFragment.append(fragment { $0.quoted(id) })
      policyFragment.append(fragment { $0.quoted("policy:" + id) })
    }
    for s in rules.suspensions {
      let text = "\(s.citation) (\(s.id))"
      suspensionFragment.append(fragment { $0.quoted(text) })
    }
    for o in rules.options {
      let key = o.key
      optionFragment.append(fragment { $0.quoted(key) })
      optionValueBase.append(Int32(optionValueFragment.count))
      for value in o.values {
        optionValueFragment.append(fragment { $0.quoted(value) })
      }
    }
  }
}
