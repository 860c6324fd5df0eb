import Testing
import VisaRules

/// The status tags follow the legal reference's Corrections (law/README.md, 2026-11-30): raised
/// where the law is certain, lowered where the sources conflict or are single.
struct StatusTagTests {
  @Test(
    arguments: [
      // Point 1: Russia's listing in Annex I has been certain since Regulation 539/2001.
      ("reg-539-2001.annex-1", Status.verified),
      ("reg-2018-1806.annex-1", Status.verified),
      // Point 3: the original Visa Code Art. 16(5)(a)-(c).
      ("vc.16.5.a", Status.corroborated),
      ("vc.16.5.b", Status.corroborated),
      ("vc.16.5.c", Status.corroborated),
      // Point 4: Visa Code Art. 24(2c).
      ("vc.24.2c", Status.corroborated),
      // Point 5: Directive 2004/38 Art. 5(2).
      ("dir-2004-38.5.2.fee", Status.verified),
      ("dir-2004-38.5.2.procedure", Status.verified),
      // Point 8: the November 2025 family exception's condition and the transport workers'
      // length rest on single or conflicting sources.
      ("ru-mev-2025.family", Status.unverified),
      ("ru-mev-2025.transport.9", Status.unverified),
    ])
  func statusFollowsTheCorrections(id: String, status: Status) throws {
    let provision = try #require(try RuleBook.builtIn().provisions.first { $0.id == id }, "no provision \(id)")
    #expect(provision.status == status, "\(id) is \(provision.status), the reference says \(status)")
  }
}
