import Foundation
import Testing
import VisaRules

/// An evaluation without a trace skips the provisions whose condition fails on the applicant's
/// nationality before it reads anything that leaves a mark (the engine's nationality cut of a
/// date segment). What it skips must change nothing: a condition that reads an option before
/// the nationality still lists that option among the decision's assumptions, on every path.
struct NationalityCutTests {
  /// An overlay with two fee waivers for US nationals, one reading an option first, one reading
  /// the nationality first.
  static func overlay() throws -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nationality-cut-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let policy = """
      {
        "formatVersion": 1,
        "instrument": {
          "id": "cut-test", "shortName": "Cut test", "title": "Test overlay", "kind": "policy",
          "officialReference": "none: a test", "inForce": {"from": "2024-01-01"}, "status": "U",
          "lastVerified": "2026-11-30"
        },
        "provisions": [
          {
            "id": "cut-test.option-first", "citation": {"article": "16", "paragraph": "6", "instrument": "vc"},
            "status": "U", "effective": {"from": "2024-01-01"}, "figure": "fee", "kind": "waiver", "value": 0,
            "when": {"all": [{"option": {"vc.16.5.c": "on"}}, {"nationality": ["US"]}]},
            "summary": "Test: reads an option before the nationality."
          },
          {
            "id": "cut-test.nationality-first", "citation": {"article": "16", "paragraph": "6", "instrument": "vc"},
            "status": "U", "effective": {"from": "2024-01-01"}, "figure": "fee", "kind": "waiver", "value": 0,
            "when": {"all": [{"nationality": ["US"]}, {"option": {"vc.16.5.a": "on"}}]},
            "summary": "Test: reads the nationality before an option."
          }
        ]
      }
      """
    try policy.write(to: folder.appendingPathComponent("policy.json"), atomically: true, encoding: .utf8)
    return folder.path
  }

  /// An adult Indian tourist: none of the Visa Code's optional waivers reads its option for
  /// them (each needs a category or an age they lack, tested first).
  static let line = """
    {"lodgingDate": "2024-07-01", "destination": "AT", "lodgedIn": "IN", \
    "applicant": {"nationality": "IN", "residence": "IN", "birthDate": "1980-03-01", \
    "travelDocument": {"type": "ordinary", "expiry": "2032-01-01"}}, \
    "trip": {"purpose": "tourism", "start": "2024-08-10", "end": "2024-08-20"}}
    """

  @Test func anOptionReadBeforeTheNationalityIsStillAnAssumption() throws {
    let base = try RuleBook.builtIn()
    let book = try base.adding(rulesAt: Self.overlay())
    let bytes = Array(Self.line.utf8)
    let app = try bytes.withUnsafeBufferPointer { try Application(jsonBytes: $0) }
    // Without the overlay, no option is relied on.
    #expect(try base.evaluate(app).assumptions.isEmpty)
    let plain = try book.evaluate(app)
    // The first waiver read its option before failing on the nationality; the second failed on
    // the nationality first and read nothing.
    #expect(plain.assumptions.map(\.option) == ["vc.16.5.c"])
    #expect(plain.fee?.amount == Money(euros: 90))
    // The traced evaluation walks every entry: the same decision, trace aside.
    var traced = try book.evaluate(app, options: EvaluationOptions(trace: true, alternatives: false))
    #expect(!traced.trace.isEmpty)
    traced.trace = []
    #expect(traced.json() == plain.json())
    // The batch line: the same decision as the single evaluation.
    let line = bytes.withUnsafeBufferPointer { book.evaluateLine($0, lineNumber: 1) }
    #expect(line.ok)
    #expect(String(decoding: line.output, as: UTF8.self) == plain.json())
  }
}
