#!/usr/bin/env bash
# Builds the fuzz targets with the nightly toolchain and libFuzzer's flags, as
# `cargo fuzz build` would, without needing cargo-fuzz installed.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"
RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table -Zsanitizer=address" \
  cargo +nightly build --target x86_64-unknown-linux-gnu --bins "$@"
