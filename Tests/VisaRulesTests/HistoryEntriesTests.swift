import Testing
import VisaRules

/// Visa-history entries that share their dates: only an identical entry is a repeat (counted
/// once). Two entries that differ — one lawfully used, one not — are two visas: a visa not
/// lawfully used never counts for Art. 24(2) (Visa Code Art. 24(2)(a)–(c) count visas "lawfully
/// used"), so adding one can never take away what the lawfully used visa gives.
struct HistoryEntriesTests {
  static let book = try! RuleBook.builtIn()

  static func application(history: [PreviousVisa]) -> Application {
    Application(
      lodgingDate: LocalDate(iso: "2024-07-15")!, destination: "NL", lodgedIn: "KZ",
      applicant: Applicant(
        nationality: "RU", residence: "KZ", birthDate: LocalDate(iso: "1983-05-25")!,
        travelDocument: TravelDocument(expiry: LocalDate(iso: "2030-09-24")!)),
      trip: Trip(purpose: "business", start: LocalDate(iso: "2024-08-03")!, end: LocalDate(iso: "2024-08-17")!),
      visaHistory: history)
  }

  static func visa(_ from: String, _ until: String, lawfullyUsed: Bool) -> PreviousVisa {
    var v = PreviousVisa(validFrom: LocalDate(iso: from)!, validUntil: LocalDate(iso: until)!, entries: .multiple)
    v.lawfullyUsed = lawfullyUsed
    return v
  }

  @Test func anEntryNotLawfullyUsedDoesNotHideALawfullyUsedOneWithTheSameDates() throws {
    let used = Self.visa("2022-07-15", "2027-07-14", lawfullyUsed: true)
    let unused = Self.visa("2022-07-15", "2027-07-14", lawfullyUsed: false)
    let alone = try Self.book.evaluate(Self.application(history: [used]))
    let both = try Self.book.evaluate(Self.application(history: [unused, used]))
    #expect(alone.validity?.entries == .multiple)
    #expect(both.validity?.entries == alone.validity?.entries)
    #expect(both.validity?.maxMonths == alone.validity?.maxMonths)
    #expect(!both.warnings.contains { $0.contains("repeats") })
  }

  @Test func anIdenticalEntryIsARepeatCountedOnce() throws {
    let used = Self.visa("2022-07-15", "2027-07-14", lawfullyUsed: true)
    let twice = try Self.book.evaluate(Self.application(history: [used, used]))
    #expect(twice.warnings.contains { $0.contains("visaHistory[1] repeats visaHistory[0]") })
  }
}
