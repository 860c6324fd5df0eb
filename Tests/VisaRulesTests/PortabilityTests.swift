import Foundation
import Testing

/// The library builds on every platform Swift runs on only if no file but one per target names
/// a platform module: the library's `Internals/Platform.swift` holds every C call it makes.
@Suite struct PortabilityTests {
  /// Platform modules: the C library of each operating system Swift supports.
  static let modules: Set<String> = ["Glibc", "Darwin", "Musl", "ucrt", "WinSDK", "Android", "Bionic"]

  /// The only file of a target that may name a platform module: the library's is fixed; any
  /// other target may have one file of its choice.
  static let libraryPlatformFile = "Sources/VisaRules/Internals/Platform.swift"

  /// Every place (`path:line: word`) where a Swift file of a target names a platform module.
  static func mentions(inTarget directory: URL, root: URL) -> [(file: String, line: Int, word: String)] {
    var found: [(file: String, line: Int, word: String)] = []
    let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil)
    let files = (walker?.allObjects as? [URL] ?? []).filter { $0.pathExtension == "swift" }
    for url in files.sorted(by: { $0.path < $1.path }) {
      guard let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
      let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
      for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let words = line.split { !($0.isLetter || $0.isNumber || $0 == "_") }
        for word in words where modules.contains(String(word)) {
          found.append((relative, index + 1, String(word)))
        }
      }
    }
    return found
  }

  /// Each target's folder: every folder of `Sources/` and `Examples/`.
  static func targets(root: URL) -> [URL] {
    var out: [URL] = []
    for parent in ["Sources", "Examples"] {
      let dir = root.appendingPathComponent(parent)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
      for name in names.sorted() {
        var isDirectory: ObjCBool = false
        let url = dir.appendingPathComponent(name)
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
          out.append(url)
        }
      }
    }
    return out
  }

  @Test func platformModulesAreNamedInOneFilePerTarget() {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let targets = Self.targets(root: root)
    #expect(targets.contains { $0.lastPathComponent == "VisaRules" }, "Sources/VisaRules not found from \(root.path)")
    var problems: [String] = []
    for target in targets {
      let found = Self.mentions(inTarget: target, root: root)
      let files = Set(found.map(\.file))
      let allowed: String?
      if target.lastPathComponent == "VisaRules" && target.deletingLastPathComponent().lastPathComponent == "Sources" {
        allowed = Self.libraryPlatformFile
      } else {
        allowed = files.count == 1 ? files.first : nil
      }
      for m in found where m.file != allowed {
        problems.append("\(m.file):\(m.line): names the platform module \(m.word)")
      }
    }
    #expect(
      problems.isEmpty,
      """
      Platform modules named outside the target's one platform file (the library's is \
      \(Self.libraryPlatformFile)); move the call behind a function there:
      \(problems.joined(separator: "\n"))
      """)
    // The library's platform file exists and names every platform it supports.
    let platform = (try? String(contentsOf: root.appendingPathComponent(Self.libraryPlatformFile), encoding: .utf8)) ?? ""
    for module in ["Darwin", "Glibc", "Musl"] {
      #expect(platform.contains("canImport(\(module))"), "\(Self.libraryPlatformFile) has no branch for \(module)")
    }
  }
}
