import Foundation
import Testing

/// The layout shows the architecture only while files stay small, one concept each: a file of
/// `Sources/` over the limit is two concepts waiting to be split (issue "One engine": no file
/// over about 400 lines).
@Suite struct LayoutTests {
  /// The most lines a source file may have: "about 400", with room for a concept's last
  /// function rather than a split in the middle of one.
  static let maximumLines = 420

  @Test func sourceFilesStaySmall() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let sources = root.appendingPathComponent("Sources")
    let walker = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
    let files = (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
    #expect(files.count > 100, "found \(files.count) Swift files under \(sources.path)")
    var tooLong: [String] = []
    for url in files.sorted(by: { $0.path < $1.path }) {
      let text = try String(contentsOf: url, encoding: .utf8)
      // The generated sources (the embedded rules) are data, not code a person reads.
      if url.path.contains("/Generated/") { continue }
      let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count - 1
      if lines > Self.maximumLines {
        tooLong.append("\(url.path.dropFirst(root.path.count + 1)): \(lines) lines")
      }
    }
    #expect(
      tooLong.isEmpty,
      """
      Source files over \(Self.maximumLines) lines; split each along its concepts (one concept per \
      file, an extension in `Type+Concept.swift`):
      \(tooLong.joined(separator: "\n"))
      """)
  }
}
