#!/usr/bin/env bash
# The HTML report in a real browser: headless Chromium (Debian's package, installed when missing)
# opens a report of the sandbox fixture; the driver (playwright-core, installed into
# tests/browser/node_modules) checks that it loads without console errors or network requests,
# that the filters and the search change the visible rows, that cards open by keyboard and that
# the diagram lists the account's services, and writes a screenshot for review.
#
#   scripts/browser_test.sh                      run it (scripts/test.sh does, after cargo test)
#   POSTURE_UPDATE_SCREENSHOT=1 scripts/browser_test.sh   also refresh docs/report-screenshot.png
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

if [ ! -x /usr/bin/chromium ]; then
  echo "== installing Debian's chromium"
  apt-get update
  apt-get install -y chromium
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "== installing the browser driver (playwright-core) into tests/browser/node_modules"
  npm ci --prefix tests/browser --no-audit --no-fund
fi

cargo build --locked --quiet
POSTURE="$CARGO_TARGET_DIR/debug/posture"
OUT="$ROOT/tests/browser/out"
mkdir -p "$OUT"
FIXTURE=tests/fixtures/mixed-account.json
"$POSTURE" audit --from "$FIXTURE" --format html -o "$OUT/report.html"
"$POSTURE" audit --from "$FIXTURE" --format json -o "$OUT/report.json"
"$POSTURE" responsibility --from "$FIXTURE" --format json > "$OUT/responsibility.json"

echo "== browser test: headless Chromium against $OUT/report.html"
# The driver closes Chromium in its own finally; the process group is ended too, should the
# driver itself be killed or crash before it gets there.
set -m
node tests/browser/report.test.mjs "$OUT/report.html" "$OUT/report.json" "$OUT/responsibility.json" \
  "$OUT/report.png" &
driver=$!
trap 'kill -- -"$driver" 2>/dev/null || true' EXIT
wait "$driver"
trap - EXIT
set +m

if [ "${POSTURE_UPDATE_SCREENSHOT:-}" = 1 ]; then
  cp "$OUT/report.png" docs/report-screenshot.png
  echo "   refreshed docs/report-screenshot.png"
fi
