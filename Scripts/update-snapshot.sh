#!/usr/bin/env bash
# Rewrites Sources/VisaRules/Generated/BuiltInRules.snapshot: the built-in rules compiled ahead of
# time, which the library loads at start-up instead of compiling the JSON of Rules/ (see
# Rules/README.md, "The snapshot"). Run it after editing Rules/ (or the loader, or the snapshot
# format), then commit the file; `swift test` and `visa rules check` fail while it is stale. The
# same rules always give the same bytes, so after a merge that conflicts on the file, take
# either side and run this script.
#
# SWIFT names the swift command (default `swift`; a wrapper such as `flock LOCK swift` works).
set -euo pipefail
cd "$(dirname "$0")/.."
swift=(${SWIFT:-swift})
snapshot=Sources/VisaRules/Generated/BuiltInRules.snapshot

"${swift[@]}" build --product visa
bin="$("${swift[@]}" build --show-bin-path)"
"$bin/visa" rules snapshot --output "$snapshot.new"
mv "$snapshot.new" "$snapshot"
# Build again so that the library just built embeds the new snapshot.
"${swift[@]}" build --product visa
echo "wrote $snapshot ($(wc -c < "$snapshot") bytes); commit it"
