// overlay-at-runtime: lay a member-state policy over the built-in rules, without a rebuild.
//
//   swift run overlay-at-runtime                                   # the bundled overlay
//   swift run overlay-at-runtime path/to/overlay-folder
//
// The bundled overlay, Examples/overlays/pt-child-waiver/, is a FICTITIOUS Portuguese policy: an
// instrument file whose "settings" switch on the optional fee waiver for children of Visa Code
// Art. 16(5)(a) (the interpretation option `vc.16.5.a`) for applications to Portugal. The program
// quotes the fee for a 15-year-old with the built-in rules, then with the overlay, and shows that
// an application to Spain is untouched (the policy's scope is Portugal).
import Foundation  // for exit() and standard error
import VisaRules

let overlay = CommandLine.arguments.dropFirst().first ?? "Examples/overlays/pt-child-waiver"

/// A 15-year-old Chinese national applying in China for a two-week trip.
func teenager(to destination: CountryCode) -> Application {
  Application(
    lodgingDate: LocalDate(iso: "2025-06-02")!, destination: destination, lodgedIn: "CN",
    applicant: Applicant(
      nationality: "CN", residence: "CN", birthDate: LocalDate(iso: "2010-01-20")!,
      travelDocument: TravelDocument(expiry: LocalDate(iso: "2030-01-19")!)),
    trip: Trip(purpose: "tourism", start: LocalDate(iso: "2025-07-01")!, end: LocalDate(iso: "2025-07-14")!))
}

/// One line: the fee, the provision that set it, and where the option `vc.16.5.a` came from.
func quote(_ label: String, _ decision: Decision) -> String {
  var line =
    "  \(label.padding(toLength: 22, withPad: " ", startingAt: 0))\(decision.fee.map { "\($0.amount)  \($0.ruling.citation)" } ?? "no visa required")"
  if let option = decision.assumptions.first(where: { $0.option == "vc.16.5.a" }) {
    switch option.source {
    case .default: line += "  [vc.16.5.a = \(option.value), the default]"
    case .policy(let instrument): line += "  [vc.16.5.a = \(option.value), set by \(instrument)]"
    case .user: line += "  [vc.16.5.a = \(option.value), set by the caller]"
    }
  }
  return line
}

do {
  let builtIn = try RuleBook.builtIn()
  // Every *.json below the folder is read and laid over the built-in rules; an error in the
  // overlay throws, naming the file, line and column (`visa rules check DIR` lists them all).
  let withPolicy = try builtIn.adding(rulesAt: overlay)
  let added = withPolicy.instruments.filter { instrument in !builtIn.instruments.contains { $0.id == instrument.id } }
  for instrument in added {
    print("Overlay \(overlay): \(instrument.id), \(instrument.title) [\(instrument.status.rawValue)]")
  }
  for diagnostic in withPolicy.diagnostics { print("  \(diagnostic)") }

  print("A 15-year-old applying on 2025-06-02, fee:")
  print(quote("to PT, built-in rules", try builtIn.evaluate(teenager(to: "PT"))))
  let after = try withPolicy.evaluate(teenager(to: "PT"))
  print(quote("to PT, with overlay", after))
  if let waiver = after.fee?.waiver { print("    waiver: \(waiver.reason)") }
  print(quote("to ES, with overlay", try withPolicy.evaluate(teenager(to: "ES"))))
} catch {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(1)
}
