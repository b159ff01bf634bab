#!/usr/bin/env bash
# The main job: audit a deliberately misconfigured sandbox account on LocalStack. Installs and
# starts what is missing (no Docker needed), seeds the sandbox, builds posture, prints the readable
# findings table, writes the HTML report, and ends with the two next steps: the learning card of
# the worst finding and the guided tour. A second run reuses the venv, the build and the emulator.
#
#   scripts/demo.sh            audit, then stop the emulator if this script started it
#   scripts/demo.sh --keep     leave the emulator running (stop: localstack/emulator.sh stop localstack)
#   POSTURE_LOCALSTACK_PORT=4766 scripts/demo.sh   another port, beside a LocalStack already on 4566
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

keep=false
[ "${1:-}" = "--keep" ] && keep=true
$keep || trap stop_started_emulators EXIT

PORT="${POSTURE_LOCALSTACK_PORT:-4566}"
ENDPOINT="http://127.0.0.1:$PORT"
OUT="$ROOT/localstack/.state/demo"

ensure_emulator localstack "$PORT"
mkdir -p "$OUT"
echo "== seeding the sandbox account"
"$(seed_python)" localstack/seed_sandbox.py --endpoint-url "$ENDPOINT" --mode misconfigured > "$OUT/seed.log"
echo "   seeded; what each resource teaches: $OUT/seed.log"
echo "== building posture"
cargo build --locked --quiet
POSTURE="$CARGO_TARGET_DIR/debug/posture"

echo "== posture audit"
# The snapshot lets the HTML report and the tour below read the same inventory, and still work
# once the emulator has stopped.
"$POSTURE" audit --endpoint-url "$ENDPOINT" --region us-east-1 --no-progress \
  --save-snapshot "$OUT/snapshot.json" | tee "$OUT/table.txt"
"$POSTURE" audit --from "$OUT/snapshot.json" --format html -o "$OUT/posture-report.html"

worst=$(sed -n 's/^Next: posture explain \([^ ]*\) .*/\1/p' "$OUT/table.txt")
echo
echo "== the HTML report (charts, the responsibility diagram, filters): file://$OUT/posture-report.html"
$keep && echo "   LocalStack keeps running; stop it with: bash localstack/emulator.sh stop localstack --port $PORT"
echo "== next steps"
if [ -n "$worst" ]; then
  echo "   $POSTURE explain $worst"
  echo "       who owns the most severe failure, why, what it risks, and the fix"
fi
echo "   $POSTURE learn --from $OUT/snapshot.json   (add --quiz to test yourself)"
echo "       a guided tour of this account's findings, chapter by chapter"
exit 0
