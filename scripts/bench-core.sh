#!/usr/bin/env bash
# Measures the core's figures for the README: criterion benches of ward-core
# and a whole `ward check` process beside /bin/true in one hyperfine run.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || bash scripts/test-deps.sh
cargo bench -p ward-core --bench policy -- --noplot 2>&1 | grep -E "^[a-z_]+/|time:" || true
cargo build --release -q -p ward
hyperfine -N --warmup 50 -r 500 --export-json /tmp/ward-check.json \
  '/bin/true' './target/release/ward check --actor agent -- git status' './target/release/ward check --actor agent -- rm -rf ~'
python3 - <<'PY'
import json
for r in json.load(open("/tmp/ward-check.json"))["results"]:
    print(f'{r["command"]}: median {r["median"]*1000:.2f} ms, mean {r["mean"]*1000:.2f} ms')
PY
