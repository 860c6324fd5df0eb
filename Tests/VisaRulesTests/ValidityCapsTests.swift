import Testing
import VisaRules

/// Competing validities are compared once capped (issue 13), and the trace says why the loser
/// lost: the spouse of a Russian resident of the Netherlands whose permit ends 2022-10-19 (18
/// months after the trip's start) has a 1-year multiple-entry visa behind her. VFA Art. 5(1)(b)
/// gives up to 60 months limited to the permit; Visa Code Art. 24(2)(b) gives 24 months, to
/// 2023-04-19 (legal reference §2 Art. 5, implementation; §3.5).
struct ValidityCapsTests {
  static let json = """
    {"lodgingDate": "2021-03-15", "destination": "NL", "lodgedIn": "RU",
     "applicant": {"nationality": "RU", "residence": "RU", "birthDate": "1980-05-05", "categories": ["closeRelativeOfResident"],
                   "travelDocument": {"type": "ordinary", "expiry": "2031-01-01"},
                   "host": {"relationship": "spouse", "nationality": "RU", "residence": "NL", "residenceUntil": "2022-10-19"}},
     "trip": {"purpose": "family", "start": "2021-04-20", "end": "2021-04-30"},
     "visaHistory": [{"validFrom": "2020-01-10", "validUntil": "2021-01-09", "entries": "multiple", "lawfullyUsed": true}]}
    """

  @Test func theLongerActualValidityWinsAndTheTraceSaysWhatCappedTheOther() throws {
    let decision = try RuleBook.builtIn().evaluate(Application(json: Self.json), options: EvaluationOptions(trace: true))
    #expect(decision.validity?.until == LocalDate(iso: "2023-04-19"))
    #expect(decision.validity?.ruling?.provision == "vc.24.2.b")
    let loser = try #require(decision.trace.first { $0.provision == "vfa.5.1.b" })
    guard case .lessFavourable(let than) = loser.verdict else {
      Issue.record("vfa.5.1.b: \(loser.verdict)")
      return
    }
    #expect(than.contains("until 2023-04-19"))
    #expect(than.contains("ends 2022-10-19, by the host's residence permit"))
  }
}
