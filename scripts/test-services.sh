#!/usr/bin/env bash
# Makes sure the PostgreSQL the tests use is running: starts a local cluster that is installed
# but stopped. Does nothing when FARO_TEST_PG_URL points elsewhere or the server already answers.
set -euo pipefail
url="${FARO_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
if command -v pg_isready >/dev/null && pg_isready -d "$url" -q; then exit 0; fi
if [[ -z "${FARO_TEST_PG_URL:-}" ]] && command -v pg_ctlcluster >/dev/null; then
  for version in $(ls /etc/postgresql 2>/dev/null); do
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
  done
  for _ in $(seq 1 30); do pg_isready -d "$url" -q && exit 0; sleep 1; done
fi
echo "PostgreSQL does not answer at $url: start it, or set FARO_TEST_PG_URL" >&2
exit 1
