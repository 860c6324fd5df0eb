import Foundation
import Testing

/// The example programs of `Examples/` (README, "Examples"), run as a user runs them: from the
/// package root, with no arguments unless said. Each test checks the lines that carry the law,
/// not just the exit code.
struct ExamplesTests {
  private func runExample(_ name: String, _ arguments: [String] = []) throws -> (code: Int32, out: String, err: String) {
    try run(Package.binary(name), arguments)
  }

  private func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

  @Test func feeQuoteShowsTheFeeItsCitationTheWaiverAndTheDeadlines() throws {
    let r = try runExample("fee-quote")
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out.contains("Fee quote for an application lodged 2021-09-01"))
    #expect(r.out.contains("fee       0 EUR   VFA Art. 6(3)(d) [V]"))
    #expect(r.out.contains("waiver    VFA Art. 6(3)(d): Pupils, students"))
    #expect(r.out.contains("decision  by 2021-09-11 (10 calendar days, VFA Art. 7(1))"))
    #expect(r.out.contains("extended  by 2021-10-01 at the latest (30 days, VFA Art. 7(2))"))

    // After the VFA's suspension for Russians the Visa Code decides, with its own waiver.
    let later = try runExample("fee-quote", ["2023-09-01"])
    #expect(later.code == 0, "\(later.err)")
    #expect(later.out.contains("fee       0 EUR   Visa Code Art. 16(4)(b) as amended by Regulation (EU) 2019/1155 [V]"))
    #expect(later.out.contains("decision  by 2023-09-16 (15 calendar days, Visa Code Art. 23(1))"))
    #expect(later.out.contains("instruments applied: guidelines-2022, dec-2022-1500, dir-2004-38, sbc, vc"))
  }

  @Test func cascadeTimelineClimbsTheLadderAndStopsAtTheNovember2025Decision() throws {
    let r = try runExample("cascade-timeline")
    #expect(r.code == 0, "\(r.err)")
    let out = lines(r.out)
    let split = try #require(out.firstIndex { $0.hasPrefix("A Russian tourist in Russia") })
    let chinese = out[..<split]
    let ladder = chinese.filter { $0.contains("lodged ") }
    #expect(ladder.count == 6)
    #expect(ladder.prefix(3).allSatisfy { $0.contains("single entry") })
    #expect(
      ladder[3].hasSuffix(
        "lodged 2020-12-02 for 2021-01-01: multiple entry, 12 months, until 2021-12-31  Visa Code Art. 24(2)(a) as amended by Regulation (EU) 2019/1155 [V]"
      ))
    #expect(
      ladder[4].hasSuffix(
        "lodged 2021-12-02 for 2022-01-01: multiple entry, 24 months, until 2023-12-31  Visa Code Art. 24(2)(b) as amended by Regulation (EU) 2019/1155 [V]"
      ))
    #expect(
      ladder[5].hasSuffix(
        "lodged 2023-12-02 for 2024-01-01: multiple entry, 60 months, until 2028-12-31  Visa Code Art. 24(2)(c) as amended by Regulation (EU) 2019/1155 [V]"
      ))

    let russian = out[split...]
    #expect(
      russian.contains(
        "  lodged 2024-12-02 for 2025-01-01: multiple entry, 12 months, until 2025-12-31  Visa Code Art. 24(2)(a) as amended by Regulation (EU) 2019/1155 [V]"
      ))
    #expect(russian.contains("  lodged 2025-12-02 for 2026-01-01: single entry"))
    #expect(russian.contains { $0.contains("is suspended by Implementing Decision of 6.11.2025") && $0.contains("Art. 24(2)(b)") })
    #expect(russian.contains("    lodged on 2025-11-06 instead, it would have given 24 months"))
    #expect(!russian.contains { $0.contains("24 months, until") })
  }

  @Test func consulateBatchTotalsAndReportsBadRowsWithoutStopping() throws {
    let r = try runExample("consulate-batch")
    #expect(r.code == 0, "\(r.err)")
    let out = lines(r.out)
    #expect(out.first == "18 applications evaluated, 4 rows rejected")
    #expect(out.contains("    5 × 90 EUR"))
    #expect(out.contains("    1 × 35 EUR"))
    #expect(out.contains("    6 × 0 EUR"))
    #expect(out.contains("  total 850 EUR"))
    #expect(out.contains("   12 × no waiver"))
    #expect(
      out.contains("    2 × Visa Code Art. 16(4)(a) as amended by Regulation (EU) 2019/1155: Children under six years pay no visa fee."))
    #expect(out.contains { $0.hasPrefix("    1 × VFA Art. 6(3)(d): ") })
    // Every bad row is named by file and line; the rows after it were still evaluated.
    let csv = "Examples/consulate-batch/applications.csv"
    let errors = lines(r.err)
    #expect(errors.count == 4)
    #expect(errors.contains { $0.hasPrefix("\(csv):20: lodgingDate: \"2023-02-30\"") })
    #expect(errors.contains { $0.hasPrefix("\(csv):21: applicant.categories[0]: unknown category \"astronaut\"") })
    #expect(errors.contains { $0.hasPrefix("\(csv):22: expected 8 fields") })
    #expect(errors.contains { $0.hasPrefix("\(csv):23: trip.end: \"2024-04-01\": the trip ends before it starts (2024-04-10)") })
  }

  @Test func overlayAtRuntimeSwitchesTheChildWaiverOnForItsStateOnly() throws {
    let r = try runExample("overlay-at-runtime")
    #expect(r.code == 0, "\(r.err)")
    #expect(r.out.contains("Overlay Examples/overlays/pt-child-waiver: example-pt-child-waiver"))
    #expect(
      r.out.contains(
        "to PT, built-in rules 90 EUR  Visa Code Art. 16(1) as amended by Delegated Regulation (EU) 2024/1415  [vc.16.5.a = off, the default]"
      ))
    #expect(
      r.out.contains(
        "to PT, with overlay   0 EUR  Visa Code Art. 16(5)(a) as amended by Regulation (EU) 2019/1155  [vc.16.5.a = on, set by example-pt-child-waiver]"
      ))
    #expect(
      r.out.contains(
        "to ES, with overlay   90 EUR  Visa Code Art. 16(1) as amended by Delegated Regulation (EU) 2024/1415  [vc.16.5.a = off, the default]"
      ))
  }

  @Test func theBundledOverlayPassesTheRuleChecker() throws {
    let r = try runVisa(["rules", "check", "Examples/overlays/pt-child-waiver"])
    #expect(r.code == 0, "\(r.out)")
    #expect(r.out.contains("0 errors, 0 warnings"))
  }
}
