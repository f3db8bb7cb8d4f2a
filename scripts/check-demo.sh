#!/usr/bin/env bash
# Runs the README's first command as written, from this checkout, until the demo serves its
# first page, then stops it. Fails when the command stops early, never says where it serves,
# or its first page is not an HTML page with a title.
set -euo pipefail
cd "$(dirname "$0")/.."
command="$(bash scripts/readme-command.sh 1)"
[[ -n "$command" ]] || { echo "the README has no first command (a \`\`\`sh block)" >&2; exit 1; }
log="$(mktemp)"
page="$(mktemp)"
echo "running the README's first command: $command" >&2
started=$(date +%s)
setsid bash -c "$command" >"$log" 2>&1 &
pid=$!
stop() { kill -- "-$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; rm -f "$log" "$page"; }
trap stop EXIT
# A cold release build takes about 11 minutes on two cores; loading the demo data about one.
deadline=$((started + 45 * 60))
url=""
while [[ -z "$url" ]]; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "the README's first command stopped before serving; its output:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  if (( $(date +%s) > deadline )); then
    echo "the README's first command did not serve within 45 minutes; its output:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
  # The line that says where Faro serves is in the user's language; its address is the
  # first one the demo prints.
  url="$(grep -oE 'http://[^ ]+/' "$log" | head -n 1)" || true
  [[ -n "$url" ]] || sleep 2
done
status="$(curl -sS -o "$page" -w '%{http_code}' "$url")"
if [[ "$status" != 200 ]] || ! grep -q '<title>[^<]' "$page"; then
  echo "the demo at $url answered $status without a titled page" >&2
  exit 1
fi
echo "the demo served its first page at $url after $(( $(date +%s) - started )) s" >&2
