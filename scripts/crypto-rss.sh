#!/usr/bin/env bash
# Resident memory of ward-crypto's tables: the in-process figure (VmRSS before and after the first
# `scan_bytes` calls, `examples/rss.rs`) and the daemon's VmRSS before and after one agent `Write`
# hook that carries crypto code (the write the daemon scans with `scan_bytes`).
#   bash scripts/crypto-rss.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p ward
cargo build --release -q -p ward-crypto --example rss
"$CARGO_TARGET_DIR/release/examples/rss"

WARD="$CARGO_TARGET_DIR/release/ward"
tmp=$(mktemp -d)
pid=0
trap 'if [ "$pid" != 0 ]; then kill "$pid" 2>/dev/null || true; fi; rm -rf "$tmp"' EXIT
export WARD_HOME="$tmp" XDG_RUNTIME_DIR="" WARD_SOCKET="$tmp/ward.sock"
unset WARD_POLICY
"$WARD" daemon --foreground --socket "$WARD_SOCKET" 2>/dev/null &
pid=$!
for _ in $(seq 500); do [ -S "$WARD_SOCKET" ] && break; sleep 0.01; done
rss() { awk '/^VmRSS/ {printf "%.1f MB", $2/1024}' "/proc/$pid/status"; }
hook() {
  python3 -c 'import json,sys; print(json.dumps({"session_id":"s","hook_event_name":"PreToolUse","cwd":"/w","tool_name":"Write","tool_input":{"file_path":sys.argv[1],"content":sys.argv[2]}}))' "$1" "$2" \
    | "$WARD" hook > /dev/null 2>&1 || true
}
echo "daemon VmRSS at start: $(rss)"
# A Bash hook first: what judging and recording any hook costs, before ward-crypto is touched.
echo '{"session_id":"s","hook_event_name":"PreToolUse","cwd":"/w","tool_name":"Bash","tool_input":{"command":"ls -la"}}' \
  | "$WARD" hook > /dev/null 2>&1 || true
echo "daemon VmRSS after a Bash hook: $(rss)"
hook /w/notes.txt "hello"
echo "daemon VmRSS after a write with no crypto: $(rss)"
hook /w/a.py $'import hashlib\nk = rsa.generate_private_key(public_exponent=65537, key_size=1024)\nh = hashlib.md5(b"x")\n'
echo "daemon VmRSS after a write with RSA and MD5: $(rss)"
find crates/ward-crypto/tests/corpus -type f | while read -r f; do
  hook "/w/${f#crates/ward-crypto/tests/corpus/}" "$(head -c 20000 "$f" | tr -d '\0')"
done
echo "daemon VmRSS after writes of every corpus file (every rule run once): $(rss)"
