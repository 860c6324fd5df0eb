// libFuzzer target: bytes → one rule file laid over the built-in rules.
//
// Each input is one rule file (`fuzz/overlay.json`) added to the built-in rule files. The
// checker (`RuleBook.check`) and the loader (`RuleBook(sources:)`) must agree: the loader
// fails exactly when the checker reports an error. When the book loads, a handful of varied
// applications are evaluated against it (with the trace and the alternatives): whatever a rule
// file says, evaluation may fail with an error but must not crash.
//
// Built for fuzzing by `Scripts/fuzz.sh` (`-sanitize=fuzzer -D FUZZING`): the program hands
// over to libFuzzer's driver, which calls `LLVMFuzzerTestOneInput`. In a normal `swift build`
// (no libFuzzer) it is a plain program that runs the files named on its command line through
// the same code, to replay a crash.
import VisaRules

#if canImport(Glibc)
  import Glibc
#elseif canImport(Musl)
  import Musl
#elseif canImport(Darwin)
  import Darwin
#endif

let builtInSources = RuleBook.builtInSources

func date(_ s: String) -> LocalDate { LocalDate(iso: s)! }

/// Applications that between them reach most conditions of the rule language: nationalities,
/// dates across the rule changes, ages, categories, hosts, documents, histories, extensions.
let sampleApplications: [Application] = [
  Application(
    lodgingDate: date("2021-03-15"), destination: "NL", lodgedIn: "RU",
    applicant: Applicant(
      nationality: "RU", residence: "RU", birthDate: date("1985-06-20"),
      travelDocument: TravelDocument(expiry: date("2029-01-31"))),
    trip: Trip(purpose: "tourism", start: date("2021-04-20"), end: date("2021-04-30")),
    visaHistory: [
      PreviousVisa(validFrom: date("2019-05-01"), validUntil: date("2019-05-20"), entries: .single, lawfullyUsed: true),
      PreviousVisa(validFrom: date("2019-09-01"), validUntil: date("2019-09-25"), entries: .single, lawfullyUsed: true),
      PreviousVisa(validFrom: date("2020-07-01"), validUntil: date("2020-07-30"), entries: .single, lawfullyUsed: true),
    ], id: "1"),
  Application(
    lodgingDate: date("2022-05-02"), destination: "DE", lodgedIn: "RU",
    applicant: Applicant(
      nationality: "RU", residence: "RU", birthDate: date("1960-01-31"),
      categories: [.officialDelegation, .governmentOrCourtMember, .businessPerson],
      travelDocument: TravelDocument(type: .diplomatic, expiry: date("2023-01-01")),
      host: Host(relationship: .spouse, nationality: "RU", residence: "DE", residenceUntil: date("2024-05-01")),
      termOfOfficeUntil: date("2025-12-31")),
    trip: Trip(purpose: "official", start: date("2022-05-04"), end: date("2022-05-10")),
    visaHistory: [
      PreviousVisa(validFrom: date("2021-01-10"), validUntil: date("2022-01-09"), entries: .multiple, lawfullyUsed: true)
    ]),
  Application(
    lodgingDate: date("2024-06-11"), destination: "FR", lodgedIn: "CN",
    applicant: Applicant(
      nationality: "CN", residence: "CN", birthDate: date("2019-02-11"), categories: [.student, .humanitarian],
      travelDocument: TravelDocument(type: .service, expiry: date("2030-06-30"))),
    trip: Trip(purpose: "study", start: date("2024-07-01"), end: date("2024-08-01")),
    visaHistory: [
      PreviousVisa(
        validFrom: date("2022-01-01"), validUntil: date("2023-12-31"), entries: .multiple,
        stays: [Stay(entry: date("2022-02-01"), exit: date("2022-03-01")), Stay(entry: date("2023-01-01"), exit: date("2023-05-01"))])
    ], extensionGround: .forceMajeure),
  Application(
    lodgingDate: date("2025-12-01"), destination: "FI", lodgedIn: "RU",
    applicant: Applicant(
      nationality: "RU", residence: "RU", birthDate: date("2006-03-01"),
      categories: [.driver, .closeRelativeOfResident, .euFreeMovementFamily],
      travelDocument: TravelDocument(expiry: date("2026-03-01")),
      host: Host(relationship: .child, nationality: "FI", dependent: true)),
    trip: Trip(purpose: "family", start: date("2025-12-03"), end: date("2025-12-20")),
    visaHistory: [
      PreviousVisa(validFrom: date("2024-01-01"), validUntil: date("2024-01-30"), entries: .single, kind: .uniform, lawfullyUsed: true),
      PreviousVisa(validFrom: date("2024-06-01"), validUntil: date("2024-06-30"), entries: .single, kind: .ltv, lawfullyUsed: true),
      PreviousVisa(
        validFrom: date("2025-01-01"), validUntil: date("2025-03-30"), entries: .single,
        stays: [Stay(entry: date("2025-01-05"), exit: date("2025-04-02"), exempt: false)]),
    ]),
  Application(
    lodgingDate: date("2010-04-05"), destination: "IT", lodgedIn: "TR",
    applicant: Applicant(
      nationality: "TR", residence: "DE", birthDate: date("2000-04-06"), categories: [.researcher, .nonProfitEventParticipant, .seafarer],
      travelDocument: TravelDocument(expiry: date("2010-06-01"))),
    trip: Trip(purpose: "research", start: date("2010-04-05"), end: date("2010-04-05"))),
  Application(
    lodgingDate: date("2026-12-31"), destination: "ES", lodgedIn: "IN",
    applicant: Applicant(
      nationality: "IN", residence: "IN", birthDate: date("2008-02-29"),
      categories: [Category("nonProfitEventAttendee"), .sportsEvent, .youthSportsEvent, .disabled, .disabledCompanion],
      travelDocument: TravelDocument(expiry: date("2031-12-31"))),
    trip: Trip(purpose: "sport", start: date("2027-07-19"), end: date("2027-08-19")),
    visaHistory: [
      PreviousVisa(validFrom: date("2022-01-01"), validUntil: date("2026-12-31"), entries: .multiple, lawfullyUsed: true)
    ]),
]

func fuzzRules(_ bytes: UnsafeBufferPointer<UInt8>) {
  let overlay = RuleBook.RuleSource(path: "fuzz/overlay.json", text: String(decoding: bytes, as: UTF8.self))
  let sources = builtInSources + [overlay]
  let diagnostics = RuleBook.check(sources)
  for d in diagnostics { _ = d.description }
  let hasErrors = diagnostics.contains { $0.severity == .error }
  // Loading costs as much as checking, and most mutated files have errors: confirm that the
  // loader rejects them too for one input in eight (chosen by length, so a run is repeatable).
  if hasErrors && bytes.count % 8 != 0 { return }
  let book: RuleBook
  do throws(VisaRulesError) {
    book = try RuleBook(sources: sources)
  } catch {
    precondition(hasErrors, "RuleBook(sources:) failed where check found no error: \(error)")
    _ = error.description
    return
  }
  precondition(!hasErrors, "RuleBook(sources:) loaded rules that check rejects")
  for p in book.provisions { _ = p.versions.count }
  for application in sampleApplications {
    do throws(VisaRulesError) {
      let decision = try book.evaluate(application, options: EvaluationOptions(trace: true, alternatives: true))
      _ = decision.json(pretty: true)
      _ = decision.text
      for entry in decision.trace { _ = entry.verdictText }
    } catch {
      _ = error.json
    }
  }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
  fuzzRules(UnsafeBufferPointer(start: data, count: size))
  return 0
}

#if FUZZING
  // libFuzzer's own `main` is not linked: SwiftPM makes this file's top-level code the
  // program's `main`, so hand over to libFuzzer's driver from here.
  @_silgen_name("LLVMFuzzerRunDriver")
  func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
  ) -> CInt

  var argc = CommandLine.argc
  var argv = CommandLine.unsafeArgv
  exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzTestOneInput))
#else
  // Without libFuzzer: replay the files named on the command line.
  for path in CommandLine.arguments.dropFirst() {
    guard let file = fopen(path, "rb") else {
      print("cannot read \(path)")
      exit(1)
    }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let n = fread(&buffer, 1, buffer.count, file)
      if n <= 0 { break }
      bytes += buffer[0..<n]
    }
    fclose(file)
    bytes.withUnsafeBufferPointer { fuzzRules($0) }
    print("\(path): ok")
  }
#endif
