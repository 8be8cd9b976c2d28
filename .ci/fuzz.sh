#!/usr/bin/env bash
# Short fuzz runs for CI (about 60 s in all): each target for FUZZTIME
# (default 10s). Longer runs and their figures: docs/reliability.md.
# New failing inputs are written to <package>/testdata/fuzz/<target>/;
# commit them with the fix.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v go >/dev/null 2>&1 && [ -x /usr/local/go/bin/go ]; then
  export PATH="/usr/local/go/bin:$PATH"
fi
export CGO_ENABLED=1
fuzztime="${FUZZTIME:-10s}"
targets=(
  "./server FuzzIncrementalEdits"
  "./server FuzzFraming"
  "./detectors FuzzAnalyze"
  "./detectors FuzzFixes"
)
for t in "${targets[@]}"; do
  set -- $t
  printf '\n==> fuzz %s %s (%s)\n' "$1" "$2" "$fuzztime"
  go test "$1" -run '^$' -fuzz "^$2\$" -fuzztime "$fuzztime" -parallel 2
done
