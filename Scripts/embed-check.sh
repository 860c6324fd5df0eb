#!/usr/bin/env bash
# Proves a newcomer can embed the library as the documentation says: creates a new Swift package
# in a temporary folder from the `Package.swift` of the Getting Started article (DocC), with its
# path pointed at this clone (whatever the clone's folder is called), computes a fee in a few
# lines, puts the decision inside its own response type with JSONEncoder (Codable), and checks
# both answers.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
article="$root/Sources/VisaRules/VisaRules.docc/Articles/GettingStarted.md"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The article's manifest: the first swift block after "### Add the package", with the path of
# the `.package(name: "VisaRules", path: …)` dependency replaced by this clone's.
manifest="$(awk '/^### Add the package/ {on=1} on && /^```swift/ {grab=1; next} grab && /^```/ {exit} grab {print}' "$article")"
grep -q '\.package(name: "VisaRules", path: "' <<<"$manifest" || {
  echo "embed-check: no .package(name: \"VisaRules\", path: …) in the manifest of $article" >&2
  exit 1
}
target="$(awk '/executableTarget\(/ {t=1} t && match($0, /name: "[^"]+"/) {print substr($0, RSTART + 7, RLENGTH - 8); exit}' <<<"$manifest")"
[ -n "$target" ] || { echo "embed-check: no executable target named in the manifest of $article" >&2; exit 1; }
escaped_root="$(printf '%s' "$root" | sed 's/[&|\\]/\\&/g')"
sed 's|\(\.package(name: "VisaRules", path: "\)[^"]*"|\1'"$escaped_root"'"|' <<<"$manifest" > "$work/Package.swift"
mkdir -p "$work/Sources/$target"
cat > "$work/Sources/$target/main.swift" <<'SWIFT'
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
if ! all="$(cd "$work" && swift run -q "$target" 2>&1)"; then
  echo "the embedding package failed to build or run: $all" >&2
  exit 1
fi
out="$(tail -2 <<<"$all" | head -1)"
encoded="$(tail -1 <<<"$all")"
echo "embedded package printed: $out"
echo "and encoded: $encoded"
[ "$out" = "45 EUR Visa Code Art. 16(2) as amended by Delegated Regulation (EU) 2024/1415" ] || { echo "unexpected output" >&2; exit 1; }
[ "$encoded" = "JSONEncoder: Q-1 45 EUR" ] || { echo "unexpected JSONEncoder output" >&2; exit 1; }
