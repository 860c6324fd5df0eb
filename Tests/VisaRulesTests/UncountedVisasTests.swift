import Testing
import VisaRules

/// A decision without a trace names the visas the cascade did not count and why (issue 13),
/// the same as the traced decision. Legal reference §3.5: Art. 24(2)(a) gives one year after
/// three visas lawfully used in the previous two years; a never-used visa does not count by
/// default (option `vc.24.2.unusedVisas`, [U]).
struct UncountedVisasTests {
  static let book = try! RuleBook.builtIn()

  static func application(_ history: String) -> String {
    """
    {"lodgingDate": "2024-06-01", "destination": "DE", "lodgedIn": "RU",
     "applicant": {"nationality": "RU", "residence": "RU", "birthDate": "1980-05-05", "categories": [],
                   "travelDocument": {"type": "ordinary", "expiry": "2034-01-01"}},
     "trip": {"purpose": "tourism", "start": "2024-07-01", "end": "2024-07-10"}, "visaHistory": [\(history)]}
    """
  }

  static let twoUsed = """
    {"validFrom": "2023-01-10", "validUntil": "2023-01-30", "entries": "single", "lawfullyUsed": true},
    {"validFrom": "2023-09-10", "validUntil": "2023-09-30", "entries": "single", "lawfullyUsed": true}
    """

  static func uncounted(_ d: Decision) -> [String] { d.warnings.filter { $0.hasPrefix("visas not counted: ") } }

  @Test func aNeverUsedVisaIsNamedWithoutATrace() throws {
    let app = try Application(
      json: Self.application(Self.twoUsed + #", {"validFrom": "2024-03-01", "validUntil": "2024-03-20", "entries": "single"}"#))
    let plain = try Self.book.evaluate(app)
    #expect(plain.validity?.entries == .single)
    let notes = Self.uncounted(plain)
    #expect(notes.count == 1)
    #expect(notes.first?.contains("Visa Code Art. 24(2)(a)") == true)
    #expect(notes.first?.contains("2 counted (2023-01-10, 2023-09-10)") == true)
    #expect(notes.first?.contains("the visa of 2024-03-01 (visaHistory[2]) was never used") == true)
    // The traced decision says the same.
    let traced = try Self.book.evaluate(app, options: EvaluationOptions(trace: true))
    #expect(traced.warnings == plain.warnings)
  }

  @Test func aVisaNotLawfullyUsedIsNamed() throws {
    let app = try Application(
      json: Self.application(
        Self.twoUsed + #", {"validFrom": "2024-03-01", "validUntil": "2024-03-20", "entries": "single", "lawfullyUsed": false}"#))
    let notes = Self.uncounted(try Self.book.evaluate(app))
    #expect(notes.first?.contains("the visa of 2024-03-01 (visaHistory[2]) was not lawfully used") == true)
  }

  /// Three visas lawfully used: Art. 24(2)(a) gives one year and no visa was dropped: no note.
  @Test func nothingIsSaidWhenEveryVisaCounts() throws {
    let app = try Application(
      json: Self.application(
        Self.twoUsed + #", {"validFrom": "2024-03-01", "validUntil": "2024-03-20", "entries": "single", "lawfullyUsed": true}"#))
    let d = try Self.book.evaluate(app)
    #expect(d.validity?.maxMonths == 12)
    #expect(Self.uncounted(d).isEmpty)
  }
}
