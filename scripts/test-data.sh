#!/usr/bin/env bash
# Says which shared data sets the tests read are missing, one visible line per
# set (cargo hides the skipping tests' own messages). CI is given ../shared/data,
# so under CI=true a missing set fails (the tests themselves fail then too).
# WARD_SHARED_DATA points elsewhere (for this script's own test).
set -euo pipefail
cd "$(dirname "$0")/.."
data=${WARD_SHARED_DATA:-../shared/data}
missing=0
while IFS='|' read -r set tests; do
  if [ ! -d "$data/$set" ]; then
    echo "test.sh: SKIPPED $tests: \`$data/$set\` is absent"
    missing=$((missing + 1))
  fi
done <<'SETS'
balabit-mouse|ward-trust balabit_slice (a real Balabit session parses and segments)
guard-corpus|ward-core corpus::guard_corpora_for_an_agent and ward hook::dcg_raw_hook_input_rows
schemas|ward-crypto schema (SARIF and CBOM checked against the official schemas)
SETS
if [ "$missing" -gt 0 ] && [ "${CI:-}" = true ]; then
  echo "test.sh: CI=true and $missing shared data set(s) are missing from \`$data\`; CI is given them, so this fails" >&2
  exit 1
fi
