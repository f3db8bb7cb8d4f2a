#!/usr/bin/env bash
# Installs or starts what the tests need, so a fresh machine runs them with no manual step:
#   - PostgreSQL: a local cluster that is installed but stopped is started (FARO_TEST_PG_URL
#     may point at another server instead);
#   - Debian's chromium and the pinned playwright-core in e2e/ for the browser tests (and the
#     pinned GeoJSON validator @placemarkio/check-geojson);
#   - Debian's gdal-bin (ogrinfo) to open the hub's GeoJSON as a GIS tool does;
#   - schemathesis (pip, pinned) for the API contract test;
#   - check-jsonschema (pip, pinned) for the HSDS export test;
#   - cargo-nextest.
# Each step is skipped when its tool is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

url="${FARO_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/test}"
if ! (command -v pg_isready >/dev/null && pg_isready -d "$url" -q); then
  if [[ -z "${FARO_TEST_PG_URL:-}" ]] && command -v pg_ctlcluster >/dev/null; then
    for version in $(ls /etc/postgresql 2>/dev/null); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    done
    for _ in $(seq 1 30); do pg_isready -d "$url" -q && break; sleep 1; done
  fi
  pg_isready -d "$url" -q || { echo "PostgreSQL does not answer at $url: start it, or set FARO_TEST_PG_URL" >&2; exit 1; }
fi

if [[ ! -x "${FARO_CHROMIUM:-/usr/bin/chromium}" ]]; then
  echo "installing Debian's chromium for the browser tests…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq chromium >/dev/null
fi

# The hub's GeoJSON is opened with GDAL's ogrinfo, as QGIS would read it.
if ! command -v ogrinfo >/dev/null; then
  echo "installing Debian's gdal-bin for the GeoJSON check…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends gdal-bin >/dev/null
fi

if [[ ! -d e2e/node_modules/playwright-core || ! -d e2e/node_modules/@placemarkio/check-geojson ]]; then
  (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
fi

# The API contract test runs schemathesis (pinned) against `faro serve`.
if [[ "$(schemathesis --version 2>/dev/null)" != *"4.32.5"* ]]; then
  echo "installing schemathesis for the API contract test…" >&2
  python3 -m pip install --quiet --disable-pip-version-check "schemathesis==4.32.5"
fi

# The directory's exports are checked against HSDS 3.0's schemas by a validator nobody here
# wrote.
if [[ "$(check-jsonschema --version 2>/dev/null)" != *"0.33.0"* ]]; then
  echo "installing check-jsonschema for the HSDS export test…" >&2
  python3 -m pip install --quiet --disable-pip-version-check "check-jsonschema==0.33.0"
fi

command -v cargo-nextest >/dev/null || cargo install --locked cargo-nextest

# The tidy test reads every dependency's licence offline, for every platform in the lock file.
cargo fetch --locked --quiet
