/// A provenance as its JSON bytes, written once per rule book by the contract's encoder: the
/// batch path copies them into every decision line.
final class ProvenanceFragment: @unchecked Sendable {
  let bytes: UnsafeBufferPointer<UInt8>

  init(_ provenance: Provenance) {
    var w = JSONWriter()
    DecisionEncoder.write(provenance, to: &w)
    let b = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: w.bytes.count)
    _ = b.initialize(from: w.bytes)
    bytes = UnsafeBufferPointer(b)
  }

  deinit { bytes.deallocate() }
}

extension DecisionEncoder {
  /// A decision's `provenance`: `{"libraryVersion", "fingerprint", "rules": [{"name",
  /// "fingerprint", "files"}]}`.
  static func write<S: JSONSink>(_ p: Provenance, to s: inout S) {
    s.beginObject()
    s.key("libraryVersion")
    s.string(p.libraryVersion)
    s.key("fingerprint")
    s.string(p.fingerprint)
    s.key("rules")
    s.beginArray()
    for r in p.rules {
      s.beginObject()
      s.key("name")
      s.string(r.name)
      s.key("fingerprint")
      s.string(r.fingerprint)
      s.key("files")
      s.int(r.files)
      s.endObject()
    }
    s.endArray()
    s.endObject()
  }
}
