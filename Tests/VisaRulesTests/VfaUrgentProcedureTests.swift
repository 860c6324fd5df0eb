import Testing
import VisaRules

/// While the VFA applied, its Art. 7 replaced Visa Code Art. 23 as the more specific and more
/// favourable rule, the urgent procedure included: Art. 7(3), "reduced to 3 working days or
/// less" (legal reference §3.4; §7: "vfa -> lodging+10, extended lodging+30, urgent <= 3 working
/// days; else -> ... VC2020+: urgent 'immediately'"). A Russian applicant of 2021 is told both:
/// `decision.urgentWorkingDays` 3 (VFA Art. 7(3)) and the Visa Code's Art. 23(2a) notice "decides
/// on the application immediately". The precedence rule `vfa.prevails.decision` displaces the
/// Visa Code's periods but cannot reach a notice: precedence does not act on list figures, so a
/// rule `vfa.prevails.urgent` over `vc` for `notice` (kind `procedure`) changes nothing today.
///
/// Disabled until the lead lets precedence displace the losing instrument's list outcomes (or
/// gives the notice another way to yield); the data then needs that precedence rule in
/// `Rules/eu-ru/vfa-2007.json`.
struct VfaUrgentProcedureTests {
  static let book = try! RuleBook.builtIn()

  static func application(lodging: String, start: String) -> String {
    """
    {"lodgingDate": "\(lodging)", "destination": "DE", "lodgedIn": "RU",
     "applicant": {"nationality": "RU", "residence": "RU", "birthDate": "1980-05-05", "categories": [],
                   "travelDocument": {"type": "ordinary", "expiry": "2034-01-01"}},
     "trip": {"purpose": "tourism", "start": "\(start)", "end": "\(start.prefix(8))28"}}
    """
  }

  static func immediately(_ d: Decision) -> Bool { d.warnings.contains { $0.contains("Art. 23(2a)") } }

  @Test(.disabled("awaiting lead: precedence does not displace a losing instrument's notices"))
  func aVfaApplicantIsToldTheVfaUrgentProcedureOnly() throws {
    let d = try Self.book.evaluate(Application(json: Self.application(lodging: "2021-03-15", start: "2021-03-25")))
    #expect(d.processing?.urgentWorkingDays?.value == 3)
    #expect(!Self.immediately(d))
  }

  /// From 2022-09-12 the Visa Code alone applies: no VFA urgent procedure, and the Art. 23(2a)
  /// notice stands (this one holds today and must keep holding).
  @Test func aVisaCodeApplicantIsToldTheImmediateDecision() throws {
    let d = try Self.book.evaluate(Application(json: Self.application(lodging: "2022-09-12", start: "2022-09-22")))
    #expect(d.processing?.urgentWorkingDays == nil)
    #expect(Self.immediately(d))
  }
}
