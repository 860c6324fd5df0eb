// cascade-timeline: the multiple-entry "cascade" of Visa Code Art. 24(2), year after year.
//
//   swift run cascade-timeline
//
// A frequent traveller makes a ten-day trip every three months. Before each trip that no visa
// held covers, they apply (30 days ahead); the visa they obtain, as the decision gives it, is
// appended to `visaHistory` as lawfully used, and counts for the next application. The program
// prints each application's outcome: the ladder single → 12 → 24 → 60 months, each rung with the
// provision that gave it.
//
// The first traveller is a Chinese tourist from 2020, who climbs the whole ladder. The second is
// a Russian tourist residing and applying in Russia, whose next rung falls after the Commission's
// Implementing Decision of 6 November 2025: single-entry visas as the rule.
import Foundation  // for exit()
import VisaRules

struct Traveller {
  var name: String
  var nationality: CountryCode
  var lodgedIn: CountryCode
  var destination: CountryCode
  var birthDate: LocalDate
  var passportExpiry: LocalDate
}

/// Trips every three months from `firstTrip` until `until`; prints one line per application.
func climb(_ traveller: Traveller, firstTrip: LocalDate, until: LocalDate, book: RuleBook) throws {
  print("\(traveller.name): a ten-day trip to \(traveller.destination) every three months from \(firstTrip)")
  var history: [PreviousVisa] = []
  var tripStart = firstTrip
  var trips = 0
  while tripStart <= until {
    let tripEnd = tripStart.adding(days: 9)
    trips += 1
    defer { tripStart = tripStart.adding(months: 3) }
    // A multiple-entry visa still valid for the whole trip: no application needed.
    if history.contains(where: { $0.entries == .multiple && $0.validFrom <= tripStart && tripEnd <= $0.validUntil }) {
      continue
    }
    let application = Application(
      lodgingDate: tripStart.adding(days: -30), destination: traveller.destination, lodgedIn: traveller.lodgedIn,
      applicant: Applicant(
        nationality: traveller.nationality, residence: traveller.nationality, birthDate: traveller.birthDate,
        travelDocument: TravelDocument(type: .ordinary, expiry: traveller.passportExpiry)),
      trip: Trip(purpose: "tourism", start: tripStart, end: tripEnd),
      visaHistory: history)
    let decision = try book.evaluate(application, options: EvaluationOptions(trace: true))
    guard let validity = decision.validity else {
      print("  lodged \(application.lodgingDate) for \(tripStart): no visa required")
      continue
    }
    let lodged = "  lodged \(application.lodgingDate) for \(tripStart):"
    if validity.entries == .multiple, let months = validity.maxMonths, let validUntil = validity.until, let ruling = validity.ruling {
      print("\(lodged) multiple entry, \(months) months, until \(validUntil)  \(ruling.citation) \(ruling.status)")
      history.append(PreviousVisa(validFrom: tripStart, validUntil: validUntil, entries: .multiple, lawfullyUsed: true))
    } else if let suspension = cascadeSuspension(decision) {
      print("\(lodged) single entry")
      print("    the cascade (\(suspension.provisions)) is suspended by \(suspension.by)")
      // The same application lodged the day before the decision took effect (while the visa
      // history allows it: a history cannot lie after the lodging date).
      var earlier = application
      earlier.lodgingDate = LocalDate(iso: "2025-11-06")!
      if history.allSatisfy({ $0.validFrom <= earlier.lodgingDate }), let months = try book.evaluate(earlier).validity?.maxMonths {
        print("    lodged on \(earlier.lodgingDate) instead, it would have given \(months) months")
      }
      history.append(PreviousVisa(validFrom: tripStart, validUntil: tripEnd, entries: .single, lawfullyUsed: true))
    } else {
      let since = application.lodgingDate.adding(months: -24)
      let used = history.filter { $0.kind == .uniform && $0.lawfullyUsed == true && $0.validFrom >= since }.count
      print("\(lodged) single entry  (\(used) visa\(used == 1 ? "" : "s") lawfully used in the last 2 years; the first rung needs 3)")
      history.append(PreviousVisa(validFrom: tripStart, validUntil: tripEnd, entries: .single, lawfullyUsed: true))
    }
  }
  print("  \(trips) trips, \(history.count) applications")
}

/// The cascade provisions a suspension switched off for this decision, and the suspension (read
/// from the trace), if any.
func cascadeSuspension(_ decision: Decision) -> (provisions: String, by: String)? {
  var provisions: [String] = []
  var by = ""
  for entry in decision.trace where entry.figure == .validity {
    if case .suspended(let suspension) = entry.verdict {
      provisions.append(entry.citation.place)
      by = suspension
    }
  }
  return provisions.isEmpty ? nil : ("Visa Code " + provisions.joined(separator: ", "), by)
}

do {
  let book = try RuleBook.builtIn()
  try climb(
    Traveller(
      name: "A Chinese tourist", nationality: "CN", lodgedIn: "CN", destination: "FR",
      birthDate: LocalDate(iso: "1979-08-08")!, passportExpiry: LocalDate(iso: "2033-06-30")!),
    firstTrip: LocalDate(iso: "2020-04-01")!, until: LocalDate(iso: "2026-12-31")!, book: book)
  print()
  try climb(
    Traveller(
      name: "A Russian tourist in Russia", nationality: "RU", lodgedIn: "RU", destination: "IT",
      birthDate: LocalDate(iso: "1983-02-11")!, passportExpiry: LocalDate(iso: "2034-01-31")!),
    firstTrip: LocalDate(iso: "2024-04-01")!, until: LocalDate(iso: "2026-07-31")!, book: book)
} catch {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(1)
}
