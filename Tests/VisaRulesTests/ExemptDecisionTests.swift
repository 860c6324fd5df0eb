import Foundation
import Testing
import VisaRules

/// Contract version 2: a traveller who needs no visa is told so first, and no visa figure is
/// presented as if one were due (world.md §7; Regulation (EU) 2018/1806 Art. 4(1)).
struct ExemptDecisionTests {
  static func application(_ nationality: CountryCode, lodged: String, entry: String, biometric: Bool? = nil) -> Application {
    Application(
      lodgingDate: LocalDate(iso: lodged)!, destination: "NL", lodgedIn: nationality,
      applicant: Applicant(
        nationality: nationality, residence: nationality, birthDate: LocalDate(iso: "1986-01-01")!,
        travelDocument: TravelDocument(expiry: LocalDate(iso: "2035-01-01")!, biometric: biometric)),
      trip: Trip(purpose: "tourism", start: LocalDate(iso: entry)!, end: LocalDate(iso: entry)!.adding(days: 9)))
  }

  /// The same application as a JSON line of the contract.
  static func line(_ app: Application) -> String {
    let document = app.applicant.travelDocument
    let biometric = document.biometric.map { ",\"biometric\":\($0)" } ?? ""
    return """
      {"lodgingDate":"\(app.lodgingDate)","destination":"\(app.destination)","lodgedIn":"\(app.lodgedIn)",\
      "applicant":{"nationality":"\(app.applicant.nationality)","residence":"\(app.applicant.residence)",\
      "birthDate":"\(app.applicant.birthDate)","categories":[],\
      "travelDocument":{"type":"ordinary","expiry":"\(document.expiry)"\(biometric)}},\
      "trip":{"purpose":"\(app.trip.purpose)","start":"\(app.trip.start)","end":"\(app.trip.end)"}}
      """
  }

  @Test func aUSCitizenNeedsNoVisaAndIsQuotedNoFee() throws {
    let d = try RuleBook.builtIn().evaluate(Self.application("US", lodged: "2026-11-20", entry: "2026-12-01"))
    #expect(d.eligibility.visaRequired?.value == false)
    #expect(d.eligibility.visaRequired?.citation.description == "Regulation (EU) 2018/1806 Annex II")
    #expect(d.fee == nil && d.processing == nil && d.lodging == nil && d.validity == nil && d.serviceFeeCap == nil)
    // The 90/180-day rule is said, with its citation.
    #expect(d.warnings.contains { $0.contains("90 days in any 180-day period") && $0.contains("2018/1806 Art. 4(1)") })
    // No notice meant for visa applicants.
    #expect(!d.warnings.contains { $0.contains("Art. 23(2a)") })
    let lines = d.text.split(separator: "\n")
    #expect(lines[0].hasPrefix("Visa required: no"))
    #expect(!d.text.contains("EUR"))
    let json = try JSONSerialization.jsonObject(with: Data(d.json().utf8)) as! [String: Any]
    #expect(json["schemaVersion"] as? Int == 2)
    for key in ["fee", "serviceFeeCap", "decision", "lodging", "validity"] { #expect(json[key] is NSNull, "\(key)") }
  }

  @Test func theBatchLineIsTheSingleDecisionByteForByte() throws {
    let book = try RuleBook.builtIn()
    for app in [
      Self.application("US", lodged: "2026-11-20", entry: "2026-12-01"),
      Self.application("UA", lodged: "2017-06-01", entry: "2017-06-20"),
      Self.application("IN", lodged: "2024-07-01", entry: "2024-08-01"),
    ] {
      let single = try book.evaluate(app, options: .batch).json()
      let line = Array(single.utf8)
      #expect(try Application(json: Self.line(app)) == app)
      let request = Array(Self.line(app).utf8)
      let batch = request.withUnsafeBufferPointer { book.evaluateLine($0, lineNumber: 1).output }
      #expect(String(decoding: batch, as: UTF8.self) == String(decoding: line, as: UTF8.self))
    }
  }

  /// Ukraine moved to Annex II from 2017-06-11 (Regulation (EU) 2017/850, world.md §2.4): the
  /// requirement is read on the day of entry (option `visaRequirement.date`, default `entry`).
  @Test func theRequirementIsReadOnTheDayOfEntry() throws {
    let book = try RuleBook.builtIn()
    let straddling = Self.application("UA", lodged: "2017-06-01", entry: "2017-06-20")
    let d = try book.evaluate(straddling)
    #expect(d.eligibility.visaRequired?.value == false)
    #expect(d.fee == nil)
    #expect(d.warnings.contains { $0.contains("changes between the lodging date and the day of entry (2017-06-20)") })
    #expect(d.warnings.contains { $0.contains("taken as biometric") })
    #expect(d.assumptions.contains { $0.option == "visaRequirement.date" && $0.value == "entry" })
    // The day before the transfer, a visa is needed; the fee is the agreement's 35 EUR (world.md §8 #5).
    let before = try book.evaluate(Self.application("UA", lodged: "2017-06-01", entry: "2017-06-10"))
    #expect(before.eligibility.visaRequired?.value == true)
    #expect(before.fee?.amount == Money(euros: 35))
    // On the lodging date's reading, the straddling application needs a visa.
    let lodging = try book.evaluate(straddling, options: EvaluationOptions(options: ["visaRequirement.date": "lodging"]))
    #expect(lodging.eligibility.visaRequired?.value == true)
    #expect(lodging.fee?.amount == Money(euros: 35))
    // A non-biometric passport keeps the requirement (world.md §2.3 footnote): no warning of a change.
    let nonBiometric = try book.evaluate(Self.application("UA", lodged: "2017-06-01", entry: "2017-06-20", biometric: false))
    #expect(nonBiometric.eligibility.visaRequired?.value == true)
    #expect(!nonBiometric.warnings.contains { $0.contains("changes between") })
  }
}
