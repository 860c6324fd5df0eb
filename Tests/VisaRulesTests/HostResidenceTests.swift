import Testing
import VisaRules

/// The host of VFA Art. 5(1)(b) and 6(3)(a) is a Russian citizen "legally residing in the
/// territory of the Member States" (legal reference §2, Corrections point 9), and the November
/// 2025 family exception covers close family of "Russian nationals legally residing in the EU"
/// (§4.4). A host who is a Russian citizen living in Russia is neither: the applicant pays the
/// VFA's 35 EUR and has no Art. 5(1)(b) visa. Today the rules cannot read
/// `applicant.host.residence` (the condition language has `hostNationality`, no host residence),
/// so such a host passes as one residing in a Member State.
///
/// The rules read it through the condition `hostResidence` (`["@eu"]` beside each
/// `hostNationality` of `vfa.5.1.b`, `vfa.6.3.a` and `ru-mev-2025.family`). The host's residence
/// left out keeps the earlier answers (the category says the host lives in the EU): the third
/// test pins that.
struct HostResidenceTests {
  static let book = try! RuleBook.builtIn()

  static func spouse(lodging: String, start: String, host: String, history: String = "") -> String {
    """
    {"lodgingDate": "\(lodging)", "destination": "DE", "lodgedIn": "RU",
     "applicant": {"nationality": "RU", "residence": "RU", "birthDate": "1980-05-05",
                   "categories": ["closeRelativeOfResident"],
                   "travelDocument": {"type": "ordinary", "expiry": "2034-01-01"},
                   "host": {"relationship": "spouse", "nationality": "RU", \(host)}},
     "trip": {"purpose": "family", "start": "\(start)", "end": "\(start.prefix(8))20"}, "visaHistory": [\(history)]}
    """
  }

  static let threeVisas = """
    {"validFrom": "2024-01-10", "validUntil": "2024-01-30", "entries": "single", "lawfullyUsed": true},
    {"validFrom": "2024-06-10", "validUntil": "2024-06-30", "entries": "single", "lawfullyUsed": true},
    {"validFrom": "2025-03-10", "validUntil": "2025-03-30", "entries": "single", "lawfullyUsed": true}
    """

  @Test
  func aRussianHostLivingInRussiaGivesNoVfaFamilyRights() throws {
    let d = try Self.book.evaluate(
      Application(
        json: Self.spouse(
          lodging: "2021-03-15", start: "2021-04-10", host: #""residence": "RU", "residenceUntil": "2030-01-01""#)))
    #expect(d.fee?.amount.cents == 3500)
    #expect(d.fee?.ruling.citation.description == "VFA Art. 6(1)")
    #expect(d.validity?.entries == .single)
  }

  @Test
  func aRussianHostLivingInRussiaIsOutsideTheNovember2025FamilyException() throws {
    let d = try Self.book.evaluate(
      Application(
        json: Self.spouse(
          lodging: "2025-12-01", start: "2026-01-10", host: #""residence": "RU""#, history: Self.threeVisas)))
    #expect(d.validity?.entries == .single)
  }

  /// A Russian host residing in Germany: VFA 6(3)(a) waives the fee and 5(1)(b) gives a
  /// multiple-entry visa limited to the host's permit.
  @Test func aRussianHostLivingInAMemberStateKeepsThem() throws {
    let d = try Self.book.evaluate(
      Application(
        json: Self.spouse(
          lodging: "2021-03-15", start: "2021-04-10", host: #""residence": "DE", "residenceUntil": "2023-06-30""#)))
    #expect(d.fee?.amount.cents == 0)
    #expect(d.validity?.entries == .multiple)
    #expect(d.validity?.until?.description == "2023-06-30")
  }
}
