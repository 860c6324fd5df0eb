#!/usr/bin/env bash
# Runs the whole test suite under AddressSanitizer and ThreadSanitizer.
#
#   Scripts/sanitizers.sh [address|thread]...     # default: both
#
# Each sanitizer builds into its own scratch folder (.build-asan, .build-tsan), apart from the
# normal .build. The suite includes an in-process run of the multi-threaded JSON Lines batch
# (BatchTests), so ThreadSanitizer sees DispatchQueue.concurrentPerform at work. A report from
# either sanitizer, leaks included, fails the run; the logs are kept in the scratch folders.
set -uo pipefail
cd "$(dirname "$0")/.."

sanitizers=("$@")
[ ${#sanitizers[@]} -eq 0 ] && sanitizers=(address thread)
status=0
for sanitizer in "${sanitizers[@]}"; do
  case "$sanitizer" in
    address) scratch=.build-asan ;;
    thread) scratch=.build-tsan ;;
    *) echo "usage: Scripts/sanitizers.sh [address|thread]..." >&2; exit 64 ;;
  esac
  mkdir -p "$scratch"
  log="$scratch/test.log"
  echo "== swift test --sanitize=$sanitizer (log: $log)"
  start=$(date +%s)
  # halt_on_error: the first report stops the run with a non-zero exit, so none goes unnoticed.
  # Leaks are checked too, less the false positives explained in Scripts/lsan-suppressions.txt
  # (the options reach the `visa` processes the command-line tests start, which exit through
  # the same checks).
  ASAN_OPTIONS="${ASAN_OPTIONS:-halt_on_error=1:detect_leaks=1}" \
    LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$PWD/Scripts/lsan-suppressions.txt:print_suppressions=0}" \
    TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1}" \
    swift test --sanitize="$sanitizer" --scratch-path "$scratch" >"$log" 2>&1
  code=$?
  reports=$(grep -cE '^(==[0-9]+==ERROR|WARNING: ThreadSanitizer|SUMMARY: (Address|Thread|Leak)Sanitizer)' "$log")
  summary=$(grep -E 'Test run with [0-9]+ tests' "$log" | tail -1)
  echo "   exit $code, ${reports} sanitizer reports, $(( $(date +%s) - start ))s: ${summary:-no test summary}"
  if [ "$code" -ne 0 ] || [ "$reports" -ne 0 ]; then
    grep -E -A12 '^(==[0-9]+==ERROR|WARNING: ThreadSanitizer)' "$log" | head -60
    status=1
  fi
done
exit $status
