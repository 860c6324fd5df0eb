import Foundation
import Testing
import VisaRules

/// The benchmark's independent reference cases (../shared/bench/reference_cases.jsonl): the §8
/// worked cases inside its slice and boundary extras, run through the batch path.
struct ReferenceCasesTests {
  static let file = Package.shared.appendingPathComponent("bench/reference_cases.jsonl")

  @Test(.enabled(if: FileManager.default.fileExists(atPath: file.path)))
  func everyReferenceCaseAgrees() throws {
    let book = try RuleBook.builtIn()
    let lines = Package.text(Self.file).split(separator: "\n")
    #expect(lines.count >= 48)
    for line in lines {
      let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
      let name = record["case"] as! String
      let appData = try JSONSerialization.data(withJSONObject: record["application"]!)
      let app = try Application(json: String(decoding: appData, as: UTF8.self))
      let d = try book.evaluate(app, options: .batch)
      let expected = record["expected"] as! [String: Any]
      let fee = (expected["fee"] as! [String: Any])["amount"] as! Double
      #expect(d.fee?.amount.euros == fee, "\(name): fee")
      if let v = expected["validity"] as? [String: Any] {
        #expect(d.validity?.entries.rawValue == v["entries"] as? String, "\(name): entries")
        #expect(d.validity?.maxMonths == v["maxMonths"] as? Int, "\(name): maxMonths")
        #expect(d.validity?.until?.description == v["until"] as? String, "\(name): until")
      }
    }
  }
}
