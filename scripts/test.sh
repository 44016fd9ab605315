#!/usr/bin/env bash
# The whole test suite, as the README gives it: installs what tests need, then runs them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-deps.sh
bash scripts/test-data.sh
cargo test --workspace --locked "$@"
bash scripts/test-data.sh   # again after cargo's output, where it is seen
