#!/usr/bin/env bash
# Runs the four example reforms against a generated population, one command each, and writes
# an HTML report per reform. Usage: Scripts/reforms.sh [N] [OUTDIR]   (default N=1000000)
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:-1000000}"
out="${2:-.build/reforms}"
mkdir -p "$out"
swift build -c release >/dev/null
visa=.build/release/visa
echo "population: $n applications (seed 1)"
/usr/bin/time -f "  generated in %e s, peak %M KB" "$visa" population --n "$n" --seed 1 > "$out/population.jsonl"
for reform in Examples/reforms/*/; do
  name="$(basename "$reform")"
  echo "== $name"
  /usr/bin/time -f "  compared in %e s, peak %M KB" "$visa" compare --reform "$reform" "$out/population.jsonl" \
    --report "$out/$name.html" > "$out/$name.txt"
  sed -n '3,8p' "$out/$name.txt"
  grep -A3 "Changes (applicants)" "$out/$name.txt" | tail -3
done
