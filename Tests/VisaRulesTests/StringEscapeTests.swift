import Foundation
import Testing
import VisaRules

/// The one encoder escapes a string's content a word at a time and its last bytes as the word
/// that ends it: a character to escape at any position of a string of any length must come out
/// escaped, and the string must read back unchanged, on the batch line and in `Decision.json()`.
@Suite struct StringEscapeTests {
  static let book = try! RuleBook.builtIn()

  /// Characters that JSON escapes (or, for the last two, must not), each in a JSON string literal
  /// as the contract reads it.
  static let specials: [(text: String, json: String)] = [
    ("\"", "\\\""), ("\\", "\\\\"), ("\n", "\\n"), ("\t", "\\t"), ("\u{01}", "\\u0001"), ("\u{1F}", "\\u001f"),
    ("é", "é"), ("~", "~"),
  ]

  @Test func everyPositionOfEveryLengthRoundTrips() throws {
    let text = try String(contentsOfFile: Package.root.path + "/Examples/applications/tourist-2021.json", encoding: .utf8)
    let base = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    var failures: [String] = []
    for length in [1, 2, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 32, 33, 40] {
      for special in Self.specials {
        for position in 0..<length {
          let id = String(repeating: "a", count: position) + special.text + String(repeating: "b", count: length - position - 1)
          var object = base
          object["id"] = id
          let line = try JSONSerialization.data(withJSONObject: object)
          let output = Array(line).withUnsafeBufferPointer {
            Self.book.evaluateLine($0, lineNumber: 1, options: EvaluationOptions(alternatives: false))
          }
          let decision = try JSONSerialization.jsonObject(with: Data(output.output)) as? [String: Any]
          if decision?["id"] as? String != id { failures.append("batch: \(length)/\(position) \(special.json)") }
          // The escaped form is the contract's (the shortest: two-character escapes where JSON has
          // them, \u00XX for other control characters).
          let written = String(decoding: output.output, as: UTF8.self)
          let expected =
            "\"id\":\"" + String(repeating: "a", count: position) + special.json
            + String(repeating: "b", count: length - position - 1) + "\""
          if !written.contains(expected) { failures.append("spelling: \(length)/\(position) \(special.json)") }
          let single = try Self.book.evaluate(try Application(json: String(decoding: line, as: UTF8.self)))
          let reread = try JSONSerialization.jsonObject(with: Data(single.json().utf8)) as? [String: Any]
          if reread?["id"] as? String != id { failures.append("single: \(length)/\(position) \(special.json)") }
        }
      }
    }
    #expect(failures.isEmpty, "\(failures.prefix(10))")
  }
}
