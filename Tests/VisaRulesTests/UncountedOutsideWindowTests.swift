import Testing
import VisaRules

/// A visa the cascade leaves out because its validity began before the look-back window is a
/// visa "not counted", and a decision without a trace names it as it names a never-used one
/// (issue 13: "when a visa in the history is not counted, the decision says which one and why";
/// its own example: "the visa of 2022-01-05 is outside the window"). Legal reference §3.5:
/// Art. 24(2)(a) counts three visas lawfully used within the previous two years, (c) a two-year
/// multiple-entry visa within three, counted back from the lodging date (option
/// `vc.24.2.lookBackFrom`, [U]). One day outside is the case that matters most: lodged a day
/// earlier, the applicant would have had the visa.
///
/// The fixtures (application, two used visas, the note's lines) are ``UncountedVisasTests``'s.
/// The expected texts are the trace's own ("Why not more"), which names such a visa too.
struct UncountedOutsideWindowTests {
  typealias Fixtures = UncountedVisasTests

  /// Two visas in the window and a third whose validity began on 2022-05-31, the day before the
  /// two-year window (from 2022-06-01): single entry, and the note names the third visa.
  @Test
  func aVisaOneDayOutsideTheWindowIsNamed() throws {
    let app = try Application(
      json: Fixtures.application(
        #"{"validFrom": "2022-05-31", "validUntil": "2022-06-20", "entries": "single", "lawfullyUsed": true}, "#
          + Fixtures.twoUsed))
    let plain = try Fixtures.book.evaluate(app)
    #expect(plain.validity?.entries == .single)
    let notes = Fixtures.uncounted(plain)
    #expect(notes.count == 1)
    #expect(notes.first?.contains("Visa Code Art. 24(2)(a)") == true)
    #expect(notes.first?.contains("(validity from 2022-06-01, counted back from the lodging date") == true)
    #expect(notes.first?.contains("2 counted (2023-01-10, 2023-09-10)") == true)
    #expect(notes.first?.contains("the visa of 2022-05-31 (visaHistory[0]) is outside the window") == true)
    // The traced decision says the same.
    let traced = try Fixtures.book.evaluate(app, options: EvaluationOptions(trace: true))
    #expect(traced.warnings == plain.warnings)
  }

  /// A two-year multiple-entry visa valid from 2021-05-31, the day before the three-year window
  /// of Art. 24(2)(c) (from 2021-06-01), and nothing else: single entry, and the note names it.
  @Test
  func aTwoYearVisaOneDayOutsideTheThreeYearWindowIsNamed() throws {
    let app = try Application(
      json: Fixtures.application(
        #"{"validFrom": "2021-05-31", "validUntil": "2023-05-30", "entries": "multiple", "lawfullyUsed": true}"#))
    let plain = try Fixtures.book.evaluate(app)
    #expect(plain.validity?.entries == .single)
    let notes = Fixtures.uncounted(plain)
    #expect(notes.count == 1)
    #expect(notes.first?.contains("the visa of 2021-05-31 (visaHistory[0]) is outside the window") == true)
  }

  /// The window's first day counts: three visas, Art. 24(2)(a), one year; nothing is left out,
  /// so no note (this one holds today and must keep holding once the note is wired).
  @Test func aVisaOnTheWindowsFirstDayCountsAndNothingIsSaid() throws {
    let app = try Application(
      json: Fixtures.application(
        #"{"validFrom": "2022-06-01", "validUntil": "2022-06-20", "entries": "single", "lawfullyUsed": true}, "#
          + Fixtures.twoUsed))
    let d = try Fixtures.book.evaluate(app)
    #expect(d.validity?.maxMonths == 12)
    #expect(Fixtures.uncounted(d).isEmpty)
  }
}
