#!/usr/bin/env bash
# Measures the whole `ward do --dry-run --json` process beside /bin/true in one
# hyperfine run (target: ≤ 3 ms median). Builds ward in release first.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install -y hyperfine" >&2; exit 2; }
cargo build --release -p ward
ward="${CARGO_TARGET_DIR:-target}/release/ward"
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
export HOME="$home"
unset XDG_CONFIG_HOME
hyperfine --warmup 50 --runs "${RUNS:-500}" -N --export-json "${EXPORT:=$home/bench.json}" \
  "/bin/true" \
  "$ward do --dry-run --json 'scan 192.168.1.1 for web servers'" \
  "$ward do --dry-run --json 'test http://10.0.0.4/item.php?id=3&cat=2 for SQL injection'"
# hyperfine prints means; the target is on the median, so print medians too.
if command -v python3 >/dev/null; then
  python3 - "$EXPORT" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print(f"median {r['median'] * 1000:.3f} ms  {r['command']}")
PY
fi
