import Foundation
import Testing

/// No law in Swift: figures, dates and citations live in `Rules/`. A string literal of the
/// library or the tool that names an article, an instrument or its number, or the currency,
/// is law creeping back; the few files allowed one say why. Comments, `///` documentation and
/// multi-line literals (the tool's help text) are not read.
struct NoLawInSwiftTests {
  /// What law looks like in a literal: an article, an instrument named or numbered
  /// (`810/2009`, `2018/1806`), the currency.
  static let lawLikePattern =
    #"Art\.\s*\d|Regulation \(|Directive \d|\bEUR\b|\b\d{2,4}/(19|20)\d{2}\b|\b(19|20)\d{2}/\d{2,4}\b|Borders Code|Visa Code"#

  /// Files allowed a law-like literal, with the literal's text and why.
  static let allowed: [(file: String, literal: String, reason: String)] = [
    ("Sources/VisaRules/Loading/RuleLoader+Currency.swift", "(\\\"EUR\\\")", "an example of the format in an error message"),
    ("Sources/VisaRules/Loading/RuleLoader+Finish.swift", "\\\"EUR\\\"", "an example of the format in an error message"),
  ]

  /// The law-like string literals of one Swift file: (line number, literal).
  static func lawLikeLiterals(in text: String) -> [(line: Int, literal: String)] {
    let lawLike = try! Regex(lawLikePattern)
    var out: [(Int, String)] = []
    var inMultiline = false
    for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      let fences = trimmed.components(separatedBy: "\"\"\"").count - 1
      if fences > 0 {
        if fences % 2 == 1 { inMultiline.toggle() }
        continue
      }
      if inMultiline || trimmed.hasPrefix("//") { continue }
      for literal in literals(String(line)) where literal.contains(lawLike) { out.append((n + 1, literal)) }
    }
    return out
  }

  /// The `"…"` literals of a line (escapes kept), up to a `//` comment outside them.
  static func literals(_ line: String) -> [String] {
    var out: [String] = []
    var current: String?
    var escaped = false
    var previous: Character = " "
    for c in line {
      if var s = current {
        s.append(c)
        current = s
        if escaped {
          escaped = false
        } else if c == "\\" {
          escaped = true
        } else if c == "\"" {
          out.append(s)
          current = nil
        }
      } else if c == "\"" {
        current = "\""
      } else if c == "/" && previous == "/" {
        break
      }
      previous = c
    }
    return out
  }

  @Test func theScannerFindsLawInLiteralsAndNotInComments() {
    let source = #"""
      /// Visa Code Art. 24(1): documentation is not read.
      // Regulation (EU) 2018/1806, a comment.
      let usage = """
        visa cascade … (Visa Code Art. 24(2)), help text
        """
      let fee = 60 // EUR, a trailing comment
      let citation = "Visa Code Art. 24(1)"
      let list = "the list of 2018/1806"
      let quoted = "say \"EUR\" here"
      let plain = "no law here: 90 days, 2024-01-01"
      """#
    let found = Self.lawLikeLiterals(in: source).map(\.line)
    #expect(found == [7, 8, 9])
  }

  @Test func noLawLikeLiteralInTheSources() throws {
    let root = Package.root.appendingPathComponent("Sources")
    let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }
      .filter { $0.pathExtension == "swift" }
    #expect(files.count > 50)
    var problems: [String] = []
    var used = Set<String>()
    for url in files {
      let path = "Sources" + url.path.dropFirst(root.path.count)
      for (line, literal) in Self.lawLikeLiterals(in: Package.text(url)) {
        if let entry = Self.allowed.first(where: { $0.file == path && literal.contains($0.literal) }) {
          used.insert(entry.file)
          continue
        }
        problems.append("\(path):\(line): \(literal) (law belongs in Rules/: a provision, a figure of the rule book, a setting)")
      }
    }
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    // An allowance whose file still exists but no longer needs it must go.
    for entry in Self.allowed where !used.contains(entry.file) {
      let exists = FileManager.default.fileExists(atPath: Package.root.appendingPathComponent(entry.file).path)
      #expect(!exists, "\(entry.file) no longer holds \(entry.literal): remove it from the allow-list")
    }
  }
}
