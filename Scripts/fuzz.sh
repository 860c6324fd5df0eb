#!/usr/bin/env bash
# Fuzzes VisaRules with libFuzzer (part of the Swift toolchain on Linux): nothing may crash.
#
#   Scripts/fuzz.sh [SECONDS]      # each target runs SECONDS (default 60)
#
# Targets (Sources/FuzzApplication, Sources/FuzzRules):
#   FuzzApplication  bytes -> Application(jsonBytes:) -> RuleBook.builtIn().evaluate, and the same
#                    bytes through RuleBook.evaluateLine; both paths must agree.
#   FuzzRules        bytes -> one rule file laid over the built-in rules -> RuleBook.check and
#                    RuleBook(sources:) (which must agree), then sample applications evaluated.
#
# Builds in release mode (Swift keeps its overflow and bounds checks there) with
# -sanitize=fuzzer and -D FUZZING into .build-fuzz, apart from the normal .build. Seeds come from
# Examples/applications, Rules/ and Scripts/fuzz-seeds and are copied into the corpus folders
# .build-fuzz/corpus/{application,rules}, which keep what a run found for the next run. A crash
# leaves its input in .build-fuzz/artifacts/; replay it with a normal build:
#   swift run FuzzApplication .build-fuzz/artifacts/FuzzApplication-crash-…
# and add it to Tests/VisaRulesTests/RegressionTests.swift once fixed.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
case "$seconds" in '' | *[!0-9]*) echo "usage: Scripts/fuzz.sh [SECONDS]" >&2; exit 64 ;; esac

scratch=.build-fuzz
# lld: the default gold linker fails on the fuzzer-instrumented build-time tool (RulesEmbedder).
flags=(-c release --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer -Xswiftc -DFUZZING -Xswiftc -use-ld=lld)
for product in FuzzApplication FuzzRules; do
  swift build "${flags[@]}" --product "$product" || exit 1
done
bin="$(swift build "${flags[@]}" --show-bin-path)"

corpus="$scratch/corpus"
artifacts="$scratch/artifacts"
mkdir -p "$corpus/application" "$corpus/rules" "$artifacts"
seed() { # seed DIR FILE...: copy seeds in under names that keep their origin
  local dir="$1"
  shift
  for f in "$@"; do cp "$f" "$dir/seed-$(echo "$f" | tr '/' '_')"; done
}
seed "$corpus/application" Examples/applications/*.json Scripts/fuzz-seeds/applications/*.json $(find Rules -name '*.json' | sort)
seed "$corpus/rules" $(find Rules -name '*.json' | sort) Scripts/fuzz-seeds/rules/*.json

status=0
run() { # run TARGET CORPUS [libFuzzer flags...]
  local target="$1" dir="$2"
  shift 2
  local log="$scratch/$target.log"
  echo "== $target: fuzzing for ${seconds}s (log: $log)"
  "$bin/$target" "$dir" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
    -dict=Scripts/fuzz.dict -print_final_stats=1 -artifact_prefix="$artifacts/$target-" "$@" >"$log" 2>&1
  local code=$?
  local runs rate
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  echo "   executions: ${runs:-?}   executions/s: ${rate:-?}   corpus: $(ls "$dir" | wc -l) inputs"
  if [ "$code" -ne 0 ] || grep -qE '^==[0-9]+==|^SUMMARY: libFuzzer|Fatal error|deadly signal' "$log"; then
    echo "   CRASH (exit $code):"
    grep -E 'Fatal error|ERROR: libFuzzer|SUMMARY|Test unit written to' "$log" | sed 's/^/   /' | head -20
    status=1
  else
    echo "   no crash"
  fi
}
run FuzzApplication "$corpus/application" -max_len=8192
run FuzzRules "$corpus/rules"
exit $status
