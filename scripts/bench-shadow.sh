#!/usr/bin/env bash
# The shadow workspace's whole-process figures, with hyperfine:
#  1. `ward shadow run -- true` (a resumed shadow: namespace + overlay mount
#     + exec) beside `true`. Target: ≤ 20 ms over `true`.
#  2. a file-heavy build script in the shadow beside the same script in the
#     real tree. Target: within 10%.
#  3. `cargo check` of a small crate (40 modules, no dependencies, its target
#     dir inside the tree, removed before every run) in the shadow beside the
#     real tree. Target: within 10%.
# Usage: bash scripts/bench-shadow.sh   (needs hyperfine: apt-get install -y hyperfine)
#        RUNS=200 FILES=2000 BUILD_RUNS=10 PAIRS=10 bash scripts/bench-shadow.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "bench-shadow: hyperfine is missing (apt-get install -y hyperfine)" >&2; exit 2; }
cargo build --release -p ward >/dev/null
target=${CARGO_TARGET_DIR:-target}
ward="$(pwd)/$target/release/ward"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export WARD_HOME="$tmp/state" WARD_NO_DAEMON=1
files=${FILES:-2000}
mkdir -p "$tmp/project/src"
( cd "$tmp/project/src"
  for i in $(seq 1 "$files"); do
    d=m$((i % 40)); mkdir -p "$d"
    printf 'int f%d(int x) {\n  return x * %d + 1;\n}\n' "$i" "$i" > "$d/f$i.c"
  done )
# A build in miniature: read every source, write an object per source and a
# listing, archive the outputs, then clean them up (so every run starts equal).
cat > "$tmp/build.sh" <<'SH'
set -e
mkdir -p out
for d in src/*/; do
  n=$(basename "$d"); mkdir -p "out/$n"
  for f in "$d"*.c; do
    b=$(basename "$f" .c)
    tr 'a-z' 'A-Z' < "$f" > "out/$n/$b.o"
  done
done
find out -type f | sort > out/listing
tar cf out.tar out
cp -r src src.copy
rm -rf out out.tar src.copy
SH
# A small crate for `cargo check`.
mkdir -p "$tmp/project/small/src"
printf '[package]\nname = "small"\nversion = "0.1.0"\nedition = "2021"\n' > "$tmp/project/small/Cargo.toml"
for m in $(seq 1 40); do
  echo "pub mod m$m;" >> "$tmp/project/small/src/lib.rs"
  { echo "use std::collections::BTreeMap;"
    for f in $(seq 1 20); do
      printf 'pub fn f%d<T: Clone + Ord>(xs: &[T]) -> BTreeMap<T, usize> {\n    let mut m = BTreeMap::new();\n    for x in xs { *m.entry(x.clone()).or_insert(0) += %d; }\n    m\n}\n' "$f" "$f"
    done; } > "$tmp/project/small/src/m$m.rs"
done
cd "$tmp/project"
"$ward" shadow run --name bench -- true      # create the shadow once; the runs below resume it
hyperfine --warmup 20 --runs "${RUNS:-300}" -N \
  -n 'true' 'true' \
  -n 'ward shadow run -- true' "$ward shadow run --name bench -- true"
hyperfine --warmup 2 --runs "${BUILD_RUNS:-10}" \
  -n 'build script, real tree' "sh $tmp/build.sh" \
  -n 'build script, in the shadow' "$ward shadow run --name bench -- sh $tmp/build.sh"
check="env -u CARGO_TARGET_DIR cargo check --offline -q --manifest-path small/Cargo.toml"
hyperfine --warmup 1 --runs "${BUILD_RUNS:-10}" \
  -n 'cargo check, real tree' --prepare 'rm -rf small/target' "$check" \
  -n 'cargo check, in the shadow' --prepare "$ward shadow run --name bench -- rm -rf small/target" \
    "$ward shadow run --name bench -- $check"
# Interleaved pairs (PAIRS=N): outside, inside, outside, … so the drift of a
# shared machine's load falls on both sides alike; wall and CPU seconds each.
if [ "${PAIRS:-0}" -gt 0 ]; then
  t() { /usr/bin/time -f '%e %U %S' "$@" 2>&1 >/dev/null | tail -1; }
  for _ in $(seq 1 "$PAIRS"); do
    echo "outside $(t sh "$tmp/build.sh")  inside $(t "$ward" shadow run --name bench -- sh "$tmp/build.sh")"
  done | awk '{ow+=$2; oc+=$3+$4; iw+=$6; ic+=$7+$8; n++; print}
    END {printf "pairs %d: wall %.2f s outside, %.2f s inside (%+.1f%%); cpu %.2f s vs %.2f s (%+.1f%%)\n",
         n, ow/n, iw/n, 100*(iw-ow)/ow, oc/n, ic/n, 100*(ic-oc)/oc}'
fi
"$ward" shadow status bench | sed -n 5p
