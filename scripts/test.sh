#!/usr/bin/env bash
# The whole test suite: real SQLite files and a real PostgreSQL, every test on both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-services.sh
command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest
cargo nextest run --workspace --no-fail-fast
