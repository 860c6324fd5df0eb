/// A sink that passes a decision on to another, leaving out the members of blocks that a
/// ``DecisionMembers`` selection does not keep: the encoder writes every member, and a member
/// left out, its key and its whole value, never reaches the output. Nothing is written and then
/// taken back, so any sink (compact or indented) can be projected.
struct ProjectingSink<Base: JSONSink>: JSONSink {
  var base: Base
  /// The blocks with a selection, and the members each keeps.
  private let blocks: [(block: KeyWord, members: [KeyWord])]
  /// Objects and arrays open in what was passed on.
  private var depth = 0
  /// The selection of the block whose object is open (at depth 2), if it has one.
  private var block = -1
  /// Inside a member left out: objects, arrays and strings opened within its value.
  private var skipping = false
  private var nesting = 0

  init(_ base: Base, _ members: DecisionMembers) {
    self.base = base
    blocks = members.projection
  }

  var traceFragments: TraceFragments? { base.traceFragments }

  /// A whole value was left out (a scalar, or the close of what the member opened).
  @inline(__always) private mutating func skipped(closing: Bool = false) {
    if closing { nesting -= 1 }
    if nesting == 0 { skipping = false }
  }

  mutating func key(_ key: StaticString) {
    if skipping { return }
    if depth == 1 {
      let k = KeyWord(key)
      block = -1
      for i in blocks.indices where blocks[i].block == k {
        block = i
        break
      }
    } else if depth == 2, block >= 0, !blocks[block].members.contains(KeyWord(key)) {
      skipping = true
      nesting = 0
      return
    }
    base.key(key)
  }

  /// An object or array opens: passed on (true), or counted inside a member left out.
  @inline(__always) private mutating func opens() -> Bool {
    if skipping {
      nesting += 1
      return false
    }
    depth += 1
    return true
  }

  /// An object or array closes: passed on (true), or the end of (something in) a member left out.
  @inline(__always) private mutating func closes() -> Bool {
    if skipping {
      skipped(closing: true)
      return false
    }
    depth -= 1
    if depth == 1 { block = -1 }
    return true
  }

  mutating func beginObject() { if opens() { base.beginObject() } }
  mutating func endObject() { if closes() { base.endObject() } }
  mutating func beginArray() { if opens() { base.beginArray() } }
  mutating func endArray() { if closes() { base.endArray() } }

  mutating func null() { if skipping { skipped() } else { base.null() } }
  mutating func bool(_ v: Bool) { if skipping { skipped() } else { base.bool(v) } }
  mutating func int(_ v: Int) { if skipping { skipped() } else { base.int(v) } }
  mutating func cents(_ v: Int) { if skipping { skipped() } else { base.cents(v) } }
  mutating func date(_ d: LocalDate) { if skipping { skipped() } else { base.date(d) } }
  mutating func string(_ s: String) { if skipping { skipped() } else { base.string(s) } }
  mutating func literal(_ s: StaticString) { if skipping { skipped() } else { base.literal(s) } }
  /// A fragment: one whole value inside a block (citations, notices, the currency).
  mutating func raw(_ p: UnsafePointer<UInt8>, _ n: Int) { if skipping { skipped() } else { base.raw(p, n) } }

  mutating func beginString() {
    if skipping {
      nesting += 1
      return
    }
    base.beginString()
  }
  mutating func stringContent(_ s: String) { if !skipping { base.stringContent(s) } }
  mutating func stringContent(_ p: UnsafePointer<UInt8>, _ n: Int) { if !skipping { base.stringContent(p, n) } }
  mutating func escapedContent(_ p: UnsafePointer<UInt8>, _ n: Int) { if !skipping { base.escapedContent(p, n) } }
  mutating func dateContent(_ d: LocalDate) { if !skipping { base.dateContent(d) } }
  mutating func intContent(_ n: Int) { if !skipping { base.intContent(n) } }
  mutating func endString() { if skipping { skipped(closing: true) } else { base.endString() } }
}
