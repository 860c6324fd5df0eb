#!/usr/bin/env bash
# Proves a newcomer can embed the library: creates a new Swift package in a temporary folder that
# depends on this one by path, computes a fee in a few lines, puts the decision inside its own
# response type with JSONEncoder (Codable), and checks both answers.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
identity="$(basename "$root" | tr '[:upper:]' '[:lower:]')"   # a path dependency is named after its folder
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/Sources/quote"
cat > "$work/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription
let package = Package(
  name: "quote",
  dependencies: [.package(path: "$root")],
  targets: [.executableTarget(name: "quote", dependencies: [.product(name: "VisaRules", package: "$identity")])]
)
SWIFT
cat > "$work/Sources/quote/main.swift" <<'SWIFT'
import Foundation
import VisaRules

/// The app's own response type, holding the library's decision.
struct Quote: Encodable {
  var reference: String
  var decision: Decision
}

let book = try RuleBook.builtIn()
let application = Application(
  lodgingDate: LocalDate(iso: "2024-07-01")!, destination: "NL", lodgedIn: "CN",
  applicant: Applicant(
    nationality: "CN", residence: "CN", birthDate: LocalDate(iso: "2015-03-01")!,
    travelDocument: TravelDocument(expiry: LocalDate(iso: "2030-01-01")!)),
  trip: Trip(purpose: "tourism", start: LocalDate(iso: "2024-08-01")!, end: LocalDate(iso: "2024-08-10")!))
let decision = try book.evaluate(application)
if let fee = decision.fee { print("\(fee.amount) \(fee.ruling.citation)") } else { print("no visa required") }
let data = try JSONEncoder().encode(Quote(reference: "Q-1", decision: decision))
let object = try JSONSerialization.jsonObject(with: data) as! [String: Any]
let fee = (object["decision"] as! [String: Any])["fee"] as! [String: Any]
print("JSONEncoder: \(object["reference"]!) \(fee["amount"]!) \(fee["currency"]!)")
SWIFT
if ! all="$(cd "$work" && swift run -q quote 2>&1)"; then
  echo "the embedding package failed to build or run: $all" >&2
  exit 1
fi
out="$(tail -2 <<<"$all" | head -1)"
encoded="$(tail -1 <<<"$all")"
echo "embedded package printed: $out"
echo "and encoded: $encoded"
[ "$out" = "45 EUR Visa Code Art. 16(2) as amended by Delegated Regulation (EU) 2024/1415" ] || { echo "unexpected output" >&2; exit 1; }
[ "$encoded" = "JSONEncoder: Q-1 45 EUR" ] || { echo "unexpected JSONEncoder output" >&2; exit 1; }
