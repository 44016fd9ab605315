#!/usr/bin/env bash
# Benchmarks `ward scan` against ripgrep with ward's prefilter patterns on the workload tree,
# in one run: wall time, files/s, peak RSS, and the no-change rescan.
#   bash scripts/crypto-bench-workload.sh && bash scripts/crypto-bench.sh [TREE]
set -euo pipefail
TREE=${1:-/tmp/ward-crypto-workload}
cd "$(dirname "$0")/.."
[ -d "$TREE" ] || { echo "no workload at $TREE: run scripts/crypto-bench-workload.sh first" >&2; exit 2; }
command -v rg >/dev/null || apt-get install -y -q ripgrep >/dev/null
[ -x /usr/bin/time ] || apt-get install -y -q time >/dev/null
cargo build -q --release -p ward
WARD="${CARGO_TARGET_DIR:-target}/release/ward"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
"$WARD" scan --print-patterns > "$OUT/patterns.txt"

# measure NAME CMD... : one warm-up run (page cache), then RUNS runs under /usr/bin/time -v;
# prints the best wall time and the largest peak RSS (the machine is shared, so the minimum is
# the least disturbed run).
RUNS=${RUNS:-3}
measure() {
  local name=$1; shift
  "$@" > /dev/null 2>&1 || true
  local best="" rss=0 wall r
  for _ in $(seq "$RUNS"); do
    # Wall time from the shell's clock (ms resolution; /usr/bin/time rounds to 10 ms, too coarse
    # for the rescan), peak RSS from /usr/bin/time.
    local t0 t1
    t0=$(date +%s%N)
    /usr/bin/time -v "$@" > "$OUT/$name.out" 2> "$OUT/$name.time" || true
    t1=$(date +%s%N)
    wall=$(echo "scale=3; ($t1 - $t0) / 1000000000" | bc)
    r=$(awk -F': ' '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$OUT/$name.time")
    if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc)" = 1 ]; then best=$wall; fi
    if [ "$(echo "$r > $rss" | bc)" = 1 ]; then rss=$r; fi
  done
  echo "$name $best $rss"
}

files=$(find "$TREE" -type f | wc -l)
bytes=$(du -sb "$TREE" | cut -f1)
echo "tree: $TREE  files=$files  bytes=$bytes  cores=$(nproc)  patterns=$(wc -l < "$OUT/patterns.txt")"
rg_line=$(measure ripgrep rg -F -c --no-messages -f "$OUT/patterns.txt" "$TREE")
ward_line=$(measure ward "$WARD" scan "$TREE" --no-cache --format json)
rm -f "$OUT/cache.bin"
"$WARD" scan "$TREE" --cache "$OUT/cache.bin" --format json > /dev/null
# The no-change rescan: same cache, nothing edited (measure's warm-up run is itself a rescan).
rescan_line=$(measure rescan "$WARD" scan "$TREE" --cache "$OUT/cache.bin" --format json)
scanned=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['stats']['files'], r['stats']['candidates'], r['summary']['total'], len(r['errors']))" "$OUT/ward.out")
hits=$(python3 -c "import json,sys; r=json.load(open(sys.argv[1])); print(r['stats']['cache_hits'], r['stats']['files_read'])" "$OUT/rescan.out")
read -r _ rg_wall rg_rss <<< "$rg_line"
read -r _ w_wall w_rss <<< "$ward_line"
read -r _ r_wall r_rss <<< "$rescan_line"
read -r w_files w_cand w_findings w_errors <<< "$scanned"
read -r r_hits r_read <<< "$hits"
printf '\n%-22s %10s %12s %12s\n' "run" "wall (s)" "files/s" "peak RSS MB"
printf '%-22s %10s %12.0f %12s\n' "ripgrep -F -f patterns" "$rg_wall" "$(echo "$files / $rg_wall" | bc -l)" "$rg_rss"
printf '%-22s %10s %12.0f %12s\n' "ward scan (no cache)" "$w_wall" "$(echo "$w_files / $w_wall" | bc -l)" "$w_rss"
printf '%-22s %10s %12.0f %12s\n' "ward rescan (no change)" "$r_wall" "$(echo "$w_files / $r_wall" | bc -l)" "$r_rss"
echo
echo "ward: files=$w_files candidates=$w_cand findings=$w_findings errors=$w_errors; rescan cache_hits=$r_hits files_read=$r_read"
echo "ward/ripgrep wall ratio: $(echo "$w_wall / $rg_wall" | bc -l | cut -c1-5)   rescan/full: $(echo "$r_wall / $w_wall" | bc -l | cut -c1-5)"
