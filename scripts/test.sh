#!/usr/bin/env bash
# The whole test suite: real SQLite files, a real PostgreSQL and a real browser.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/test-setup.sh
cargo nextest run --workspace --no-fail-fast
