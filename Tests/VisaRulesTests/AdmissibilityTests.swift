import Testing
import VisaRules

/// Applications that cannot succeed say so (issue 13): a stay longer than the short-stay maximum
/// and a trip that starts before the lodging date are errors naming the field, the value and
/// what is allowed, the same on the single and the JSON Lines paths; a travel document that
/// fails Visa Code Art. 12 makes the application inadmissible. The numbers come from the law
/// reference (§5.4: 90 days, entry and exit days counted; §3.7: 3 months, 10 years).
struct AdmissibilityTests {
  static let book = try! RuleBook.builtIn()

  /// The tourist of 2021 (lodged 2021-03-15) with another trip and travel document.
  static func application(start: String, end: String, expiry: String = "2031-01-01", extra: String = "") -> String {
    """
    {"lodgingDate": "2021-03-15", "destination": "NL", "lodgedIn": "RU",
     "applicant": {"nationality": "RU", "residence": "RU", "birthDate": "1985-06-20", "categories": [],
                   "travelDocument": {"type": "ordinary", "expiry": "\(expiry)"}},
     "trip": {"purpose": "tourism", "start": "\(start)", "end": "\(end)"}, "visaHistory": []\(extra)}
    """
  }

  /// The error of the single path and the error object of the JSON Lines path.
  static func errors(_ json: String) -> (single: VisaRulesError?, line: String) {
    var single: VisaRulesError?
    do throws(VisaRulesError) {
      _ = try book.evaluate(Application(json: json))
    } catch {
      single = error
    }
    let compact = json.split(separator: "\n").joined(separator: " ")
    let output = Array(compact.utf8).withUnsafeBufferPointer { book.evaluateLine($0, lineNumber: 1) }
    return (single, String(decoding: output.output, as: UTF8.self))
  }

  @Test func ninetyDaysIsAShortStayAndNinetyOneIsNot() throws {
    // 2021-04-20 to 2021-07-18: 11 + 31 + 30 + 18 = 90 days, both ends counted.
    let ok = try Self.book.evaluate(Application(json: Self.application(start: "2021-04-20", end: "2021-07-18")))
    #expect(ok.fee != nil)
    let (e, line) = Self.errors(Self.application(start: "2021-04-20", end: "2021-07-19"))
    let error = try #require(e)
    #expect(error.kind == .invalidValue)
    #expect(error.field == "trip.end")
    #expect(error.value == "2021-07-19")
    #expect(error.message.contains("91 days"))
    #expect(error.allowed?.contains("2021-07-18") == true)
    #expect(line.contains(error.json))
    // The scope of short-stay visas is the Visa Code's own (Art. 1(1), issue 13); the days are
    // counted as the 90/180-day rule counts them (Schengen Borders Code Art. 6(1), §5.4).
    #expect(error.message.hasSuffix("is not a short stay: at most 90 days in any 180-day period (Visa Code Art. 1(1))"))
    #expect(error.message.contains("entry and exit days counted, as in Schengen Borders Code Art. 6(1)"))
  }

  /// The short-stay maximum is rule data (`shortStay.maximumDays` of `vc.1.1`): an overlay that
  /// amends it moves the boundary, and the error cites the amended provision.
  @Test func anOverlayChangingTheShortStayMaximumMovesTheBoundary() throws {
    let reform = LawDataTests.overlay(
      "reform-scope", from: "2021-01-01",
      amendments: LawDataTests.amendment("reform-scope.days", "vc.1.1", from: "2021-01-01", value: 60))
    let book = try RuleBook.builtIn().adding([reform])
    // 2021-04-20 to 2021-06-18: 11 + 31 + 18 = 60 days; to 2021-06-19: 61 days.
    let sixty = try book.evaluate(Application(json: Self.application(start: "2021-04-20", end: "2021-06-18")))
    #expect(sixty.fee != nil)
    var caught: VisaRulesError?
    do throws(VisaRulesError) {
      _ = try book.evaluate(Application(json: Self.application(start: "2021-04-20", end: "2021-06-19")))
    } catch {
      caught = error
    }
    let error = try #require(caught)
    #expect(error.field == "trip.end")
    #expect(error.message.contains("61 days"))
    #expect(error.message.contains("at most 60 days in any 180-day period (Visa Code Art. 1(1) as amended by Reform reform-scope)"))
    // The built-in rules still take the 61-day trip.
    #expect(try Self.book.evaluate(Application(json: Self.application(start: "2021-04-20", end: "2021-06-19"))).fee != nil)
  }

  @Test func aTripCannotStartBeforeTheLodgingDate() throws {
    let (e, line) = Self.errors(Self.application(start: "2021-03-14", end: "2021-03-20"))
    let error = try #require(e)
    #expect(error.kind == .invalidValue)
    #expect(error.field == "trip.start")
    #expect(error.value == "2021-03-14")
    #expect(error.allowed?.contains("extensionGround") == true)
    #expect(line.contains(error.json))
    // The lodging day itself is fine, and so is an extension of a stay that has begun.
    #expect(Self.errors(Self.application(start: "2021-03-15", end: "2021-03-20")).single == nil)
    let extensionJSON = Self.application(start: "2021-03-01", end: "2021-03-20", extra: ", \"extensionGround\": \"forceMajeure\"")
    #expect(Self.errors(extensionJSON).single == nil)
  }

  @Test func aTravelDocumentThatFailsArticle12MakesTheApplicationInadmissible() throws {
    // Departure 2021-04-30: the document must be valid until at least 2021-07-30.
    let short = try Self.book.evaluate(Application(json: Self.application(start: "2021-04-20", end: "2021-04-30", expiry: "2021-07-29")))
    #expect(short.eligibility.lodgingAvailable?.value == false)
    #expect(short.warnings.contains { $0.contains("2021-07-30") && $0.contains("inadmissible") })
    let enough = try Self.book.evaluate(Application(json: Self.application(start: "2021-04-20", end: "2021-04-30", expiry: "2021-07-30")))
    #expect(enough.eligibility.lodgingAvailable?.value != false)
  }

  /// The new errors and warnings are the same bytes on every path: single, traced, one line, and
  /// a batch on one and on three threads (``PathAgreementTests``'s paths).
  @Test func everyPathGivesTheSameAnswer() throws {
    let history =
      #", "visaHistory": [{"validFrom": "2020-07-01", "validUntil": "2020-07-30", "entries": "single"}, "#
      + #"{"validFrom": "2020-07-01", "validUntil": "2020-07-30", "entries": "single"}, "#
      + #"{"validFrom": "2020-07-20", "validUntil": "2020-08-10", "entries": "single", "lawfullyUsed": true}]"#
    let texts = [
      Self.application(start: "2021-04-20", end: "2021-07-19"),  // 91 days: error on trip.end
      Self.application(start: "2021-03-14", end: "2021-03-20"),  // before lodging: error on trip.start
      Self.application(start: "2021-04-20", end: "2021-04-30", expiry: "2021-07-29"),  // Art. 12(a): cannot lodge
      Self.application(start: "2021-03-24", end: "2021-03-30"),  // decision after departure
      Self.application(start: "2021-04-20", end: "2021-04-30").replacingOccurrences(of: #", "visaHistory": []"#, with: history),
    ].map { $0.split(separator: "\n").joined(separator: " ") }
    var expected: [String] = []
    for (i, text) in texts.enumerated() {
      let line = PathAgreementTests.line(text, number: i + 1, options: [:])
      #expect(PathAgreementTests.single(text, number: i + 1, options: [:]) == line)
      #expect(PathAgreementTests.traced(text, number: i + 1, options: [:]) == line)
      expected.append(line)
    }
    #expect(expected[0].contains("\"field\":\"trip.end\""))
    #expect(expected[1].contains("\"field\":\"trip.start\""))
    #expect(expected[2].contains("\"canLodge\":false"))
    #expect(expected[3].contains("lodge by 2021-03-14"))
    #expect(expected[4].contains("visaHistory[1] repeats visaHistory[0]"))
    #expect(expected[4].contains("visaHistory[2] (2020-07-20 to 2020-08-10) overlaps visaHistory[0]"))
    let numbered = texts.enumerated().map { (number: $0.offset + 1, text: $0.element) }
    for threads in [1, 3] {
      #expect(try PathAgreementTests.batch(numbered, options: [:], threads: threads) == expected)
    }
  }

  @Test func theNewOptionsAreListedWithDefaultAlternativeAndReason() throws {
    let expected = [
      "dec-2022-333.reach": "fallBackToCascade", "vfa.host": "russianCitizen", "vfa.5.previousVisas": "uniformAndLtv",
    ]
    for (key, defaultValue) in expected {
      let option = try #require(Self.book.options.first { $0.id == key }, "option \(key)")
      #expect(option.defaultValue == defaultValue)
      #expect(option.values.count >= 2)
      #expect(option.values.contains { $0.name != defaultValue })
      #expect(!option.reason.isEmpty)
    }
  }
}
