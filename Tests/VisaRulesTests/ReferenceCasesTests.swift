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

/// The benchmark's independent reference over generated applications: 10,000 lines of
/// `gen_profiles.py` (its boundary days, ages and look-back edges) decided by the reference
/// (`peers/python-handwritten/driver.py`) and by `visa evaluate --jsonl` with the two readings the
/// bench command passes (`Scripts/bench.sh`), compared as `check.py` compares them.
struct BenchReferenceAgreementTests {
  static let bench = Package.shared.appendingPathComponent("bench")
  static let python = URL(fileURLWithPath: "/usr/bin/python3")
  static var available: Bool {
    FileManager.default.fileExists(atPath: bench.appendingPathComponent("gen_profiles.py").path)
      && FileManager.default.fileExists(atPath: python.path)
  }

  @Test(.enabled(if: available))
  func generatedApplicationsAgreeWithTheReference() throws {
    let generated = try run(
      Self.python, [Self.bench.appendingPathComponent("gen_profiles.py").path, "10000", "--seed", "11"])
    try #require(generated.code == 0, "gen_profiles.py: \(generated.err)")
    let reference = try run(
      Self.python, [Self.bench.appendingPathComponent("peers/python-handwritten/driver.py").path],
      stdin: generated.out)
    try #require(reference.code == 0, "reference driver: \(reference.err)")
    let project = try runVisa(
      [
        "evaluate", "--jsonl", "--fields", "fee.amount,validity.entries,validity.maxMonths,validity.until",
        "--option", "ru-mev-2025.familyScope=closeRelativesOnly",
        "--option", "vfa.narrowerCategories=listedOnly",
      ], stdin: generated.out)
    try #require(project.code == 0, "visa: \(project.err)")
    let expected = reference.out.split(separator: "\n")
    let got = project.out.split(separator: "\n")
    try #require(expected.count == 10000 && got.count == 10000)
    var mismatches: [String] = []
    for (e, g) in zip(expected, got) {
      let ref = try JSONSerialization.jsonObject(with: Data(e.utf8)) as! [String: Any]
      let out = try JSONSerialization.jsonObject(with: Data(g.utf8)) as! [String: Any]
      var same = (ref["id"] as? Int) == (out["id"] as? Int)
      let refFee = (ref["fee"] as? [String: Any])?["amount"] as? Double
      let outFee = (out["fee"] as? [String: Any])?["amount"] as? Double
      same = same && refFee == outFee
      if ref["outOfSlice"] as? String != "validity" {
        let rv = ref["validity"] as? [String: Any] ?? [:]
        let ov = out["validity"] as? [String: Any] ?? [:]
        same = same && rv["entries"] as? String == ov["entries"] as? String
        same = same && rv["maxMonths"] as? Int == ov["maxMonths"] as? Int
        same = same && rv["until"] as? String == ov["until"] as? String
      }
      if !same { mismatches.append("reference \(e)\n  project \(g)") }
    }
    #expect(mismatches.isEmpty, "\(mismatches.count) of 10000 differ; first:\n\(mismatches.prefix(3).joined(separator: "\n"))")
  }
}
