// consulate-batch: a day's applications from a spreadsheet, with totals.
//
//   swift run consulate-batch                                  # the bundled CSV
//   swift run consulate-batch path/to/applications.csv
//
// Reads a CSV of applications (header: id, nationality, birthDate, categories, lodgingDate,
// tripStart, tripEnd, destination; categories separated by `|`), turns each row into an
// `Application`, evaluates it, and prints the totals by fee amount and by waiver. A bad row is
// reported on standard error as `file:line: what is wrong`, and the run goes on.
//
// The CSV holds only what a fee desk needs, so the rest of each application is filled in with
// fixed values: residence and place of lodging = nationality, purpose tourism, an ordinary
// passport valid five years after the trip, no visa history.
import Foundation
import VisaRules

/// A row that cannot become an application.
struct RowError: Error, CustomStringConvertible {
  var description: String
}

let columns = ["id", "nationality", "birthDate", "categories", "lodgingDate", "tripStart", "tripEnd", "destination"]

/// Converts one CSV row (already split into fields) into an application.
func application(from fields: [String]) throws -> Application {
  guard fields.count == columns.count else {
    throw RowError(description: "expected \(columns.count) fields (\(columns.joined(separator: ", "))), found \(fields.count)")
  }
  var row: [String: String] = [:]
  for (name, value) in zip(columns, fields) { row[name] = value.trimmingCharacters(in: .whitespaces) }
  func date(_ column: String) throws -> LocalDate {
    guard let d = LocalDate(iso: row[column]!) else {
      throw RowError(description: "\(column): \"\(row[column]!)\" is not a date (YYYY-MM-DD, a real calendar day)")
    }
    return d
  }
  let nationality = CountryCode(row["nationality"]!)
  let tripEnd = try date("tripEnd")
  let categories = row["categories"]!.split(separator: "|").map { Category(String($0)) }
  return Application(
    lodgingDate: try date("lodgingDate"), destination: CountryCode(row["destination"]!), lodgedIn: nationality,
    applicant: Applicant(
      nationality: nationality, residence: nationality, birthDate: try date("birthDate"), categories: categories,
      travelDocument: TravelDocument(type: .ordinary, expiry: tripEnd.adding(months: 60))),
    trip: Trip(purpose: "tourism", start: try date("tripStart"), end: tripEnd),
    id: "\"\(row["id"]!)\"")  // a JSON fragment: the id is echoed on the decision
}

let path = CommandLine.arguments.dropFirst().first ?? "Examples/consulate-batch/applications.csv"
guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
  FileHandle.standardError.write(Data("error: cannot read \(path)\n".utf8))
  exit(1)
}

let book: RuleBook
do {
  book = try RuleBook.builtIn()
} catch {
  FileHandle.standardError.write(Data("error: \(error)\n".utf8))
  exit(1)
}

var byFee: [Money: Int] = [:]
var byWaiver: [String: Int] = [:]
var total = Money(cents: 0)
var evaluated = 0
var rejected = 0

for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
  let lineNumber = index + 1
  if lineNumber == 1 || line.trimmingCharacters(in: .whitespaces).isEmpty { continue }  // header, blank lines
  do {
    let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    // The batch options: no trace, no alternative readings; the fastest path.
    let decision = try book.evaluate(try application(from: fields), options: .batch)
    evaluated += 1
    // No visa required: nothing to pay.
    let fee = decision.fee?.amount ?? Money(cents: 0)
    byFee[fee, default: 0] += 1
    total = Money(cents: total.cents + fee.cents)
    if let waiver = decision.fee?.waiver {
      byWaiver["\(waiver.citation): \(waiver.reason)", default: 0] += 1
    } else {
      byWaiver["no waiver", default: 0] += 1
    }
  } catch {
    rejected += 1
    FileHandle.standardError.write(Data("\(path):\(lineNumber): \(error)\n".utf8))
  }
}

print("\(evaluated) applications evaluated, \(rejected) rows rejected")
print("By fee:")
for (amount, count) in byFee.sorted(by: { $0.key > $1.key }) {
  print("  \(String(count).leftPadded(to: 3)) × \(amount)")
}
print("  total \(total)")
print("By waiver:")
for (reason, count) in byWaiver.sorted(by: { ($0.value, $1.key) > ($1.value, $0.key) }) {
  print("  \(String(count).leftPadded(to: 3)) × \(reason)")
}

extension String {
  func leftPadded(to width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}
