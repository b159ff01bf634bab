#!/usr/bin/env bash
# The HTML report at scale: a snapshot of the sandbox fixture whose buckets are copied until the
# audit yields at least --findings findings (default 10000), then the time to render the page,
# its size, and the time headless Chromium takes to load it, apply a filter, run a search and
# open a learning card. A benchmark, not a test: it prints numbers and asserts nothing.
#
#   bench/html_report.sh [--findings N] [--runs N] [--bin PATH]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$ROOT"

findings=10000 runs=3 bin=""
while [ $# -gt 0 ]; do
  case "$1" in
    --findings) findings=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --bin) bin=$2; shift 2 ;;
    -h|--help) sed -n 2,8p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
if [ -z "$bin" ]; then
  cargo build --locked --quiet
  bin="$CARGO_TARGET_DIR/debug/posture"
fi
[ -x /usr/bin/chromium ] || { echo "needs /usr/bin/chromium: run scripts/browser_test.sh once" >&2; exit 2; }
[ -d tests/browser/node_modules/playwright-core ] || npm ci --prefix tests/browser --no-audit --no-fund

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 - "$findings" "$work/snapshot.json" <<'PY'
import json, sys
target, out = int(sys.argv[1]), sys.argv[2]
snapshot = json.load(open("tests/fixtures/mixed-account.json"))
originals = snapshot["s3"]["buckets"]["ok"]
# About 10 S3 findings per bucket; the rest of the account adds about 150 findings.
copies = max(1, -(-(target - 150) // (10 * len(originals))))
buckets = []
for copy in range(copies):
    for bucket in originals:
        text = json.dumps(bucket).replace(bucket["name"], f"{bucket['name']}-{copy:05d}")
        buckets.append(json.loads(text))
snapshot["s3"]["buckets"]["ok"] = buckets
json.dump(snapshot, open(out, "w"))
print(f"snapshot: {len(buckets)} buckets")
PY

for run in $(seq "$runs"); do
  start=$(date +%s%N)
  "$bin" audit --from "$work/snapshot.json" --format html -o "$work/report.html"
  echo "render run $run: $(( ($(date +%s%N) - start) / 1000000 )) ms"
done
echo "findings: $(grep -c '<tr class="f"' "$work/report.html"), size: $(( $(stat -c %s "$work/report.html") / 1024 )) KiB"
node bench/html_report.mjs "$work/report.html" "$runs"
