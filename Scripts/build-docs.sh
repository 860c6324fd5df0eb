#!/usr/bin/env bash
# Builds the VisaRules documentation (Sources/VisaRules/VisaRules.docc plus the module's symbol
# graph) into .build/docs/VisaRules.doccarchive, with the Swift toolchain only: no package
# plugin, no dependency. Fails on any DocC warning (an unresolved link, a bad topic) and on any
# public symbol of the module without a documentation comment of its own.
#
#   Scripts/build-docs.sh                 # from anywhere; works in the package root
#   DOCC=/path/to/docc Scripts/build-docs.sh
#
# Preview: serve the archive with any static file server, for example
#   python3 -m http.server -d .build/docs/VisaRules.doccarchive 8000
#   and open http://localhost:8000/documentation/visarules
set -euo pipefail
cd "$(dirname "$0")/.."

# docc ships with the toolchain, next to swift (`xcrun docc` on macOS).
if [[ -z "${DOCC:-}" ]]; then
  if command -v docc >/dev/null 2>&1; then
    DOCC=docc
  elif [[ -x "$(dirname "$(command -v swift)")/docc" ]]; then
    DOCC="$(dirname "$(command -v swift)")/docc"
  elif command -v xcrun >/dev/null 2>&1; then
    DOCC="xcrun docc"
  else
    echo "error: docc not found; set DOCC=/path/to/docc" >&2
    exit 1
  fi
fi

# dump-symbol-graph loads every module of the package, the tests' included: build them all, so
# that a fresh clone works without a prior `swift build --build-tests`.
echo "== swift build --build-tests"
swift build --build-tests

echo "== swift package dump-symbol-graph"
swift package dump-symbol-graph >.build/dump-symbol-graph.log 2>&1 || { cat .build/dump-symbol-graph.log; exit 1; }
# The tool prints where it wrote the graphs: "Files written to <dir>".
graphs="$(sed -n 's/^Files written to //p' .build/dump-symbol-graph.log | tail -1)"
if [[ -z "$graphs" || ! -f "$graphs/VisaRules.symbols.json" ]]; then
  echo "error: no VisaRules.symbols.json found (see .build/dump-symbol-graph.log)" >&2
  exit 1
fi
# Only the library's graphs (the directory also holds the tests' and executables').
symbols=.build/docs/symbol-graphs
rm -rf "$symbols" && mkdir -p "$symbols"
cp "$graphs"/VisaRules.symbols.json "$symbols"/
cp "$graphs"/VisaRules@*.symbols.json "$symbols"/ 2>/dev/null || true

echo "== public symbols without a documentation comment"
# A symbol declared in the sources (it has a location) must carry a doc comment written for it,
# not one inherited from a standard-library protocol (docComment.module is then "Swift").
undocumented="$(swift Scripts/undocumented-symbols.swift "$symbols"/VisaRules.symbols.json)"
if [[ -n "$undocumented" ]]; then
  echo "$undocumented"
  echo "error: $(wc -l <<<"$undocumented") public symbol(s) without a documentation comment" >&2
  exit 1
fi
echo "none"

echo "== docc convert"
output=.build/docs/VisaRules.doccarchive
rm -rf "$output"
log=.build/docs/docc.log
set +e
$DOCC convert Sources/VisaRules/VisaRules.docc \
  --additional-symbol-graph-dir "$symbols" \
  --fallback-display-name VisaRules \
  --fallback-bundle-identifier org.visarules.VisaRules \
  --output-path "$output" \
  --warnings-as-errors 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
warnings="$(grep -c -E '(warning|error):' "$log" || true)"
if [[ $status -ne 0 || $warnings -ne 0 ]]; then
  echo "error: docc convert failed (exit $status, $warnings warning(s) or error(s)); see $log" >&2
  exit 1
fi
echo "Documentation built with 0 warnings: $output"
