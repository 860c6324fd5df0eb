import Foundation
import Testing

/// The engine's signatures say which table an index points into: a provision, a version, a
/// version row, a suspension or an instrument is passed as its own type (`ProvisionIndex`,
/// `VersionIndex`, `VersionRow`, `SuspensionIndex`, `InstrumentIndex`), never as a bare integer
/// that another table's index could be mistaken for.
@Suite struct TypedIndexTests {
  /// The folders whose code reads the compiled tables by index to decide and explain.
  static let folders = ["Evaluation", "Checking", "JSONLines"]

  /// Parameter names that denote such an index.
  static let indexNames: Set<String> = [
    "p", "v", "pv", "s", "provision", "version", "suspension", "regime", "instrument", "group", "fi",
  ]

  /// Every parameter (`path:line: name: Type`) named for an index and typed as a bare integer.
  static func untyped() -> [String] {
    var found: [String] = []
    let root = Package.root.appendingPathComponent("Sources/VisaRules")
    for folder in folders {
      let dir = root.appendingPathComponent(folder)
      let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasSuffix(".swift") }
      for file in files.sorted() {
        guard let text = try? String(contentsOf: dir.appendingPathComponent(file), encoding: .utf8) else { continue }
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
          guard line.contains("func ") || line.contains("case ") else { continue }
          // `label name: Int` or `_ name: Int` (optional, Int32 and tuples of such too).
          let pattern = #"(?:\b\w+\s+|\(|,\s*)(\w+):\s*(?:Int|Int32)\??[,)\s]"#
          let regex = try! NSRegularExpression(pattern: pattern)
          let s = String(line)
          for m in regex.matches(in: s, range: NSRange(s.startIndex..., in: s)) {
            let name = String(s[Range(m.range(at: 1), in: s)!])
            if indexNames.contains(name) { found.append("\(folder)/\(file):\(n + 1): \(name)") }
          }
        }
      }
    }
    return found
  }

  @Test func noIndexIsABareInteger() {
    let found = Self.untyped()
    #expect(found.isEmpty, "untyped indices: \(found.joined(separator: "; "))")
  }

  @Test func theScanFindsWhatItLooksFor() throws {
    // The scan itself must see a bare index where there is one, or it proves nothing.
    let sample = "  func record(_ p: Int, _ v: Int?, _ run: inout Run) {"
    let regex = try NSRegularExpression(pattern: #"(?:\b\w+\s+|\(|,\s*)(\w+):\s*(?:Int|Int32)\??[,)\s]"#)
    let names = regex.matches(in: sample, range: NSRange(sample.startIndex..., in: sample)).map {
      String(sample[Range($0.range(at: 1), in: sample)!])
    }
    #expect(names == ["p", "v"])
  }
}
