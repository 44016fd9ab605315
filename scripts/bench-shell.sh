#!/usr/bin/env bash
# Per-command overhead of ward's shell integration and of a PATH shim,
# against the same command without ward, in one hyperfine run.
#
#   bash scripts/bench-shell.sh            # prints hyperfine's table, then the two overheads
#   WITH_DAEMON=1 bash scripts/bench-shell.sh   # a `ward daemon` (store on disk) judges and
#                                                # records every line and shim call
#
# Shell integration: an interactive bash (`-i -c`) that loaded the snippet
# puts `git status -s` in its history (as typing it would) and runs it, with
# the snippet's DEBUG trap armed (as PS0 arms it after a typed line) or not:
# armed, it pays the `history 1` substitution and one `ward shell-check`
# process, which is what every typed line pays. Shim: `git status -s` with a
# shim dir first in PATH or not. Every command runs through `env`, so all pay
# the same extra exec.
#
# Decisions are recorded in the audit store: on tmpfs, the figure is ward's
# own cost; on disk, it adds the durable write. Both are in the table.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench-shell: hyperfine is not installed (scripts/test-deps.sh)" >&2; exit 1; }
target=${CARGO_TARGET_DIR:-target}
cargo build --release -q -p ward
ward=$(realpath "$target/release/ward")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export WARD_HOME=$tmp/state HOME=$tmp WARD_BIN=$ward
unset HISTFILE
"$ward" shim install "$tmp/shims/" git >/dev/null
"$ward" init bash >"$tmp/ward.bash"
git init -q "$tmp/repo" && cd "$tmp/repo" && echo x >f && git add f
path=$PATH
shm=$(mktemp -d -p /dev/shm 2>/dev/null || mktemp -d)
trap 'rm -rf "$tmp" "$shm"' EXIT
daemon_pid=
trap '[ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null; rm -rf "$tmp" "$shm"' EXIT
if [ "${WITH_DAEMON:-0}" = 1 ]; then
  export WARD_SOCKET="$tmp/ward.sock"
  ready=$(WARD_HOME=$tmp/state "$ward" daemon --socket "$WARD_SOCKET" --sync "${SYNC:-full}")
  daemon_pid=${ready##*pid }
  daemon_pid=${daemon_pid%)}
  echo "bench-shell: $ready"
else
  export WARD_NO_DAEMON=1
fi
line="unset HISTFILE; source $tmp/ward.bash; history -s \"git status -s\";"
mkdir -m 700 "$shm/run"  # as on a desktop session: the snippet reads history through it
sh="env WARD_HOME=$shm XDG_RUNTIME_DIR=$shm/run bash --norc --noprofile -i -c"
hyperfine -N --warmup 5 --min-runs 60 --export-json "$tmp/r.json" \
  -n "bash: git status" "$sh '$line git status -s'" \
  -n "bash+ward: git status" "$sh '$line __ward_state=1; git status -s'" \
  -n "PATH: git status" "env WARD_HOME=$shm PATH=$path git status -s" \
  -n "PATH+shim: git status" "env WARD_HOME=$shm PATH=$tmp/shims:$path git status -s" \
  -n "PATH+shim, state on disk: git status" "env WARD_HOME=$tmp/state PATH=$tmp/shims:$path git status -s"
python3 - "$tmp/r.json" <<'PY'
import json, sys
res = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
wall = lambda n: res[n]["mean"] * 1000
cpu = lambda n: (res[n]["user"] + res[n]["system"]) * 1000
rows = [
    ("shell integration, per line", "bash+ward: git status", "bash: git status"),
    ("shim, per command", "PATH+shim: git status", "PATH: git status"),
    ("shim, state on disk", "PATH+shim, state on disk: git status", "PATH: git status"),
]
print("overhead (target <= 2 ms)         wall ms   cpu ms (user+sys)")
for name, a, b in rows:
    print(f"{name:<32} {wall(a) - wall(b):7.2f}   {cpu(a) - cpu(b):7.2f}")
PY
