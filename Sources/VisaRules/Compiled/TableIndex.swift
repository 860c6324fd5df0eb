/// A position in one of the compiled rules' tables, typed by what it points at: a provision's
/// index cannot be passed where a suspension's or a version's is expected, and a signature says
/// which table it reads (`record(_ p: ProvisionIndex, _ v: VersionIndex?, …)`).
///
/// The tables stay plain arrays (``CompiledRules``, ``EngineTables``); these types only name
/// their positions, at no cost (four bytes: the tables stay far below 2³¹ rows, and a decision's
/// outcomes, which hold several indices each, are copied with it).
struct TableIndex<Tag>: Hashable, Comparable, Sendable {
  private let raw: Int32

  /// The position.
  @inline(__always) var value: Int { Int(raw) }

  @inline(__always) init(_ value: Int) { raw = Int32(truncatingIfNeeded: value) }
  @inline(__always) init(_ value: Int32) { raw = value }

  @inline(__always) static func < (a: Self, b: Self) -> Bool { a.raw < b.raw }
}

/// What a ``TableIndex`` points at (tags only).
enum IndexTag {
  /// ``CompiledRules/provisions``.
  enum Provision {}
  /// ``CompiledProvision/versions``: a version within its provision.
  enum Version {}
  /// A version across all provisions (``EngineTables/versionInfo``: `pvBase` of its provision +
  /// its version index).
  enum ProvisionVersion {}
  /// ``CompiledRules/suspensions``.
  enum Suspension {}
  /// ``CompiledRules/instruments`` (a regime).
  enum Instrument {}
  /// ``CompiledRules/precedence``.
  enum Precedence {}
  /// A group of one figure's provisions (``CompiledRules/byFigure``): one instrument's.
  enum Group {}
}

/// A provision of the compiled rules.
typealias ProvisionIndex = TableIndex<IndexTag.Provision>
/// A version within its provision.
typealias VersionIndex = TableIndex<IndexTag.Version>
/// A version across all provisions (a row of ``EngineTables/versionInfo``).
typealias VersionRow = TableIndex<IndexTag.ProvisionVersion>
/// A suspension of the compiled rules.
typealias SuspensionIndex = TableIndex<IndexTag.Suspension>
/// An instrument of the compiled rules (the regime of its provisions).
typealias InstrumentIndex = TableIndex<IndexTag.Instrument>
/// A group of a figure's provisions.
typealias GroupIndex = TableIndex<IndexTag.Group>

extension Array {
  @inline(__always) subscript<Tag>(_ i: TableIndex<Tag>) -> Element {
    get { self[i.value] }
    set { self[i.value] = newValue }
  }
}

extension EngineTables {
  /// The row of provision `p`'s version `v`.
  @inline(__always) func row(_ p: ProvisionIndex, _ v: VersionIndex) -> VersionRow {
    VersionRow(Int(provisionInfo[p].pvBase) + v.value)
  }

  /// Whether provision `p` overrides provision `other` (an exception beats its rule).
  @inline(__always) func beats(_ p: ProvisionIndex, _ other: ProvisionIndex) -> Bool { beats(p.value, other.value) }
}

extension UnsafeMutablePointer {
  @inline(__always) subscript<Tag>(_ i: TableIndex<Tag>) -> Pointee {
    get { self[i.value] }
    nonmutating set { self[i.value] = newValue }
  }
}

extension Table {
  @inline(__always) subscript<Tag>(_ i: TableIndex<Tag>) -> T { base[i.value] }
}
