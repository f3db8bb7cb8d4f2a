#!/usr/bin/env bash
# Prints the README's Nth shell command (the Nth ```sh block), so that CI runs the commands a
# newcomer reads rather than a copy of them that could drift.
set -euo pipefail
cd "$(dirname "$0")/.."
n="${1:?usage: scripts/readme-command.sh N}"
awk -v n="$n" '
  /^```sh$/ { block++; inside = (block == n); next }
  /^```$/   { inside = 0; next }
  inside    { print }
' README.md
