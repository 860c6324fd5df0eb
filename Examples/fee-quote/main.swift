// fee-quote: what one applicant pays, and why.
//
//   swift run fee-quote                 # a Russian student applying in Moscow on 2021-09-01
//   swift run fee-quote 2023-09-01      # the same student after the VFA's suspension (2022)
//
// Builds an `Application` in Swift (no JSON), evaluates it against the built-in rules and prints
// the fee with the provision that set it, the waiver if there is one, and the decision deadlines.
import Foundation  // for exit() and standard error
import VisaRules

let lodging =
  CommandLine.arguments.dropFirst().first.flatMap(LocalDate.init(iso:))
  ?? LocalDate(year: 2021, month: 9, day: 1)!
let tripStart = lodging.adding(days: 30)

let application = Application(
  lodgingDate: lodging,
  destination: "DE",  // the Member State of the main destination
  lodgedIn: "RU",  // where the application is lodged
  applicant: Applicant(
    nationality: "RU", residence: "RU",
    birthDate: LocalDate(iso: "2002-04-17")!,
    categories: [.student],  // ids of Rules/vocabulary.json
    travelDocument: TravelDocument(type: .ordinary, expiry: LocalDate(iso: "2031-04-16")!)),
  trip: Trip(purpose: "study", start: tripStart, end: tripStart.adding(days: 20)))

do {
  let book = try RuleBook.builtIn()
  let decision = try book.evaluate(application)

  print("Fee quote for an application lodged \(decision.lodgingDate)")
  // No fee when no visa is required: the decision says so, with the provision.
  guard let fee = decision.fee, let p = decision.processing else {
    print("  no visa required (\(decision.eligibility.visaRequired?.citation.description ?? "visa list"))")
    exit(0)
  }
  print("  fee       \(fee.amount)   \(fee.ruling.citation) \(fee.ruling.status)")
  if let waiver = fee.waiver {
    print("  waiver    \(waiver.citation): \(waiver.reason)")
  } else {
    print("  waiver    none")
  }
  if let cap = decision.serviceFeeCap {
    print("  service   at most \(cap.value) to an external provider (\(cap.citation))")
  }
  if let days = p.standardDays, let deadline = p.deadline {
    print("  decision  by \(deadline) (\(days.value) calendar days, \(days.citation))")
  }
  if let days = p.extendedDays, let deadline = p.extendedDeadline {
    print("  extended  by \(deadline) at the latest (\(days.value) days, \(days.citation))")
  }
  if let days = p.exceptionalDays, let deadline = p.exceptionalDeadline {
    print("  exceptional by \(deadline) (\(days.value) days, \(days.citation))")
  }
  print("  instruments applied: \(decision.instruments.joined(separator: ", "))")
  for warning in decision.warnings { print("  warning: \(warning)") }
} catch {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(1)
}
