#!/usr/bin/env bash
# Issue 16: a bounded load test of `ward serve` on loopback — GET /v1/scans/{id}/findings
# (a 1,000-finding page) at 50 connections with wrk; prints wrk's latency percentiles and
# requests/s. Not a test: figures go in the README.
# Runs once per ENCODING: `identity` (wrk's default: no Accept-Encoding) and `gzip` (what
# HTTP client libraries send; the server keeps each page's gzip form beside it).
#   PROFILE=release DURATION=10s [CONNECTIONS=50] [ENCODING="identity gzip"] [PERF=perf.data] bash scripts/serve-load.sh
set -euo pipefail
cd "$(dirname "$0")/.."
PROFILE=${PROFILE:-release}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-50}
if ! command -v wrk >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
[ -n "${NO_BUILD:-}" ] || cargo build -q --locked --profile "$PROFILE" -p ward --bin ward-serve
dir=${CARGO_TARGET_DIR:-target}/$([ "$PROFILE" = dev ] && echo debug || echo "$PROFILE")
bin=$dir/ward-serve
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
export WARD_HOME=$tmp/home
mkdir -p "$tmp"/root/src/module_{0..9}
# 10 files x 100 lines, each a finding with its own text (key generations of three sizes,
# MD5 and SHA-1 digests, varied names), so the page compresses as real findings would,
# not as 1,000 copies of one line: exactly 1,000 findings.
for f in $(seq 0 9); do
  { echo "from cryptography.hazmat.primitives.asymmetric import rsa"
    echo "import hashlib"
    for i in $(seq 100); do
      case $((i % 4)) in
        0) echo "signing_key_${f}_$i = rsa.generate_private_key(65537, key_size=$((1024 + (i % 3) * 512)))" ;;
        1) echo "digest_$i = hashlib.md5(payload_${f}[$i:]).hexdigest()" ;;
        2) echo "fingerprint_${i}_$f = hashlib.sha1(blob_$i).digest()" ;;
        3) echo "legacy_$f$i = rsa.generate_private_key(public_exponent=3, key_size=1024)" ;;
      esac
    done
  } > "$tmp/root/src/module_$f/keys_$f.py"
done
token=$("$bin" token new --name load 2>/dev/null)
"$bin" --listen 127.0.0.1:0 --root "$tmp/root" > "$tmp/out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q listening "$tmp/out" && break; sleep 0.1; done
addr=$(sed -n 's#.*listening on http://##p' "$tmp/out")
auth="Authorization: Bearer $token"
id=$(curl -sf -H "$auth" -H 'Content-Type: application/json' -d '{"path":"src"}' "http://$addr/v1/scans" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
for _ in $(seq 200); do
  state=$(curl -sf -H "$auth" "http://$addr/v1/scans/$id" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
  [ "$state" = done ] && break; sleep 0.05
done
url="http://$addr/v1/scans/$id/findings?size=1000"
total=$(curl -sf -H "$auth" "$url" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["total"], len(d["findings"]))')
echo "page: total and page length = $total; body $(curl -sf -H "$auth" "$url" | wc -c) bytes," \
  "gzip $(curl -sf -H "$auth" -H 'Accept-Encoding: gzip' "$url" | wc -c) bytes"
threads=2; [ "$CONNECTIONS" -lt 2 ] && threads=1
for enc in ${ENCODING:-identity gzip}; do
  echo "== Accept-Encoding: $enc (load: $(cut -d' ' -f1-3 /proc/loadavg))"
  # PERF=FILE: also record the server with perf while wrk runs (where the time goes).
  # STAT=1: the server's CPU time and instructions during the run (per request: divide by
  # wrk's request count), a figure other load on the machine does not move much.
  [ -n "${PERF:-}" ] && { perf record -q -g -p "$pid" -o "$PERF.$enc" & perfpid=$!; sleep 0.5; }
  [ -n "${STAT:-}" ] && { perf stat -e task-clock,instructions -p "$pid" -o "$tmp/stat" & statpid=$!; sleep 0.2; }
  wrk -t"$threads" -c"$CONNECTIONS" -d"$DURATION" --latency -H "$auth" -H "Accept-Encoding: $enc" "$url"
  [ -n "${PERF:-}" ] && { kill -INT "$perfpid"; wait "$perfpid" || true; }
  [ -n "${STAT:-}" ] && { kill -INT "$statpid"; wait "$statpid" || true; grep -E 'task-clock|instructions' "$tmp/stat"; }
done
