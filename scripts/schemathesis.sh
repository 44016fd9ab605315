#!/usr/bin/env bash
# Issue 16: schemathesis against `ward serve`'s served OpenAPI document, a bounded number of
# examples per operation; fails on any 5xx or response that breaks the document.
# Installs schemathesis into a venv under target/ (PyPI) on first use. Called from .ci/run.
#   MAX_EXAMPLES=25 bash scripts/schemathesis.sh
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_EXAMPLES=${MAX_EXAMPLES:-25}
target=${CARGO_TARGET_DIR:-$PWD/target}
venv=$target/schemathesis-venv
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==4.32.5"
fi
cargo build -q --locked -p ward --bin ward-serve
bin=$target/debug/ward-serve
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
export WARD_HOME=$tmp/home
mkdir -p "$tmp/root/src"
printf 'import hashlib\nh = hashlib.md5(b"x")\n' > "$tmp/root/src/a.py"
token=$("$bin" token new --name schemathesis 2>/dev/null)
"$bin" --listen 127.0.0.1:0 --root "$tmp/root" --max-running 2 --queue-limit 4 > "$tmp/out" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q listening "$tmp/out" && break; sleep 0.1; done
addr=$(sed -n 's#.*listening on http://##p' "$tmp/out")
[ -n "$addr" ] || { cat "$tmp/out"; exit 1; }
# One finished scan, so `{id}` = 1 has findings and a report to fetch.
curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"path":"src"}' "http://$addr/v1/scans" > /dev/null
sleep 1
# The event stream never ends; its own test covers it. Run from the temp dir so
# schemathesis keeps its example database out of the repository.
cd "$tmp"
"$venv/bin/schemathesis" --no-color run "http://$addr/v1/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
  --exclude-path /v1/events/stream \
  --max-examples "$MAX_EXAMPLES" \
  --seed 16 \
  --request-timeout 10
