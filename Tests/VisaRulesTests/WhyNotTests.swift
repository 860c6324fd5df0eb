import Foundation
import Testing
import VisaRules

/// "Why not", with the numbers (issue 13): for a figure that did not go the applicant's way,
/// the nearest provision that would have given more and what was missing, with the facts the
/// engine read; the cascade's [U] readings as options with per-visa reasons. Expected values
/// follow the legal reference (§3.2 fees, §3.5 the cascade, Corrections 11), not the output.
struct WhyNotTests {
  static let book = try! RuleBook.builtIn()

  /// An adult Russian tourist residing and applying in Russia for Germany, lodging 2024-06-01
  /// for 2024-07-01 (after the VFA's suspension, before the November 2025 decision: the Visa
  /// Code's cascade alone), with these previous single-entry visas, lawfully used.
  static func applicant(_ from: [String], lodged: String = "2024-06-01") -> Application {
    var app = tourist(lodged: lodged, start: "2024-07-01")
    app.destination = "DE"
    app.visaHistory = from.map {
      let d = LocalDate(iso: $0)!
      return PreviousVisa(validFrom: d, validUntil: d.adding(days: 19), entries: .single, lawfullyUsed: true)
    }
    return app
  }

  static func traced(_ app: Application, _ options: [String: String] = [:]) throws -> Decision {
    try book.evaluate(app, options: EvaluationOptions(options: options, trace: true))
  }

  @Test func theVisaOutsideTheWindowIsNamedWithTheNumbers() throws {
    // Art. 24(2)(a): three visas in the previous two years (from 2022-06-01); the visa of
    // 2022-01-05 is older, so two count and the visa is single-entry.
    let d = try Self.traced(Self.applicant(["2022-01-05", "2023-03-01", "2024-02-10"]))
    #expect(d.validity?.entries == .single)
    let w = try #require(d.whyNot.first { $0.figure == .validity })
    #expect(w.provision == "vc.24.2.a")
    let history = try #require(w.shortfalls.first { $0.aspect == .visaHistory })
    #expect(history.visas.map(\.counted) == [false, true, true])
    #expect(history.visas[0].reason?.contains("outside the window") == true)
    #expect(w.text.contains("2 counted (2023-03-01, 2024-02-10)"))
    #expect(w.text.contains("the visa of 2022-01-05 (visaHistory[0]) is outside the window"))
    #expect(w.text.contains("2022-06-01"))
    // The trace entry of the provision says the same instead of "condition false".
    let entry = try #require(d.trace.first { $0.provision == "vc.24.2.a" })
    #expect(entry.verdict == .conditionFalse)
    #expect(entry.verdictText.contains("2 counted"))
    #expect(!entry.verdictText.contains("condition false"))
    // In JSON too, under whyNot and in the trace entry.
    let json = try JSONSerialization.jsonObject(with: Data(d.json().utf8)) as! [String: Any]
    let whyNot = try #require(json["whyNot"] as? [[String: Any]])
    let validity = try #require(whyNot.first { $0["figure"] as? String == "validity" })
    #expect(validity["provision"] as? String == "vc.24.2.a")
    let shortfalls = try #require(validity["shortfalls"] as? [[String: Any]])
    let visas = try #require(shortfalls.first?["visas"] as? [[String: Any]])
    #expect(visas.map { $0["counted"] as? Bool } == [false, true, true])
    #expect(visas[0]["validFrom"] as? String == "2022-01-05")
  }

  @Test func theWindowsFirstDayCountsAndTheNextRungIsNamed() throws {
    // The day of the boundary: a visa valid from 2022-06-01 is within the two years: one year
    // (Art. 24(2)(a)); what would give more is Art. 24(2)(b), which needs a one-year
    // multiple-entry visa.
    let d = try Self.traced(Self.applicant(["2022-06-01", "2023-03-01", "2024-02-10"]))
    #expect(d.validity?.entries == .multiple)
    #expect(d.validity?.maxMonths == 12)
    let w = try #require(d.whyNot.first { $0.figure == .validity })
    #expect(w.provision == "vc.24.2.b")
    #expect(w.text.contains("0 counted"))
    #expect(w.text.contains("is single-entry"))
  }

  @Test func aNeverUsedVisaIsNamedAndTheOptionSaysWhatTheOtherReadingGives() throws {
    var app = Self.applicant(["2023-01-10", "2023-09-10", "2024-03-01"])
    app.visaHistory[2].lawfullyUsed = nil
    let d = try Self.traced(app)
    #expect(d.validity?.entries == .single)
    let w = try #require(d.whyNot.first { $0.figure == .validity })
    #expect(w.text.contains("the visa of 2024-03-01 (visaHistory[2]) was never used"))
    #expect(w.text.contains("vc.24.2.unusedVisas = notCounted"))
    let assumption = try #require(d.assumptions.first { $0.option == "vc.24.2.unusedVisas" })
    #expect(assumption.value == "notCounted")
    #expect(assumption.alternatives.contains { $0.value == "counted" && $0.outcome.contains("12 months") })
    // An application without such a visa does not rely on the option.
    let plain = try Self.book.evaluate(Self.applicant(["2023-01-10", "2023-09-10", "2024-03-01"]))
    #expect(!plain.assumptions.contains { $0.option.hasPrefix("vc.24.2.") })
  }

  @Test func anOptionalWaiverSwitchedOffReadsOffNotConditionFalse() throws {
    // Visa Code Art. 16(5)(a) (as amended 2019/1155): Member States may waive the fee for
    // children from 6 to under 18; an option, off by default. A Chinese child of 8 in France.
    var app = tourist(lodged: "2024-06-01", start: "2024-07-01", birth: "2016-01-01")
    app.applicant.nationality = "CN"
    app.applicant.residence = "CN"
    app.lodgedIn = "CN"
    app.destination = "FR"
    let d = try Self.traced(app)
    let entry = try #require(d.trace.first { $0.provision == "vc.16.5.a" && $0.verdict == .conditionFalse })
    #expect(entry.verdictText.contains("off (option vc.16.5.a; see `visa options`)"))
    #expect(entry.shortfalls.map(\.aspect) == [.option])
    // The fee is not free, and the why-not names a provision that would give less.
    let w = try #require(d.whyNot.first { $0.figure == .fee })
    #expect(w.shortfalls.allSatisfy { !$0.isAboutWhoTheApplicantIs })
    // Under 6 the fee is waived (Art. 16(4)(a)): "needs age at most 5; the applicant is 8".
    let under6 = try #require(d.trace.first { $0.provision == "vc.16.4.a" })
    #expect(under6.verdictText.contains("the applicant is 8"))
  }

  @Test func aPlainEvaluationSpendsNothingOnWhyNot() throws {
    let app = Self.applicant(["2022-01-05", "2023-03-01", "2024-02-10"])
    let d = try Self.book.evaluate(app, options: EvaluationOptions(trace: false))
    #expect(d.whyNot.isEmpty)
    #expect(!d.json().contains("whyNot"))
  }
}
