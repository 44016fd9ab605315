#!/usr/bin/env bash
# ward's benchmark suite: every hot path against its target and the committed
# baseline (benches/baseline.json), beside /bin/true, a hello-world built in
# the same run, and the peer `nah` (../shared/peers/nah) when present.
#
#   bash scripts/bench.sh --quick            < 3 min on 2 cores: the process table,
#                                            exec/do/daemon/hook-with-daemon, size, memory
#   bash scripts/bench.sh                    < 15 min: also every criterion bench, shell
#                                            and shim overhead, ward scan vs ripgrep
#   bash scripts/bench.sh --save-baseline    also writes benches/baseline.json
#   bash scripts/bench.sh --update-readme    also rewrites the README's performance table
#
# Writes target/bench-report.md and target/bench-report.json: each figure with
# its target, the baseline, the change, and a flag when > 20% worse.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null && command -v rg >/dev/null || bash scripts/test-deps.sh
exec python3 scripts/bench.py "$@"
