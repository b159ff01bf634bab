#!/usr/bin/env bash
# The main job: audit a deliberately misconfigured sandbox account on LocalStack. Installs and
# starts what is missing (no Docker needed), seeds the sandbox, builds posture, and prints the
# findings table with their owners. A second run reuses the venv, the build and the emulator.
#
#   scripts/demo.sh            audit, then stop the emulator if this script started it
#   scripts/demo.sh --keep     leave the emulator running (stop: localstack/emulator.sh stop localstack)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

keep=false
[ "${1:-}" = "--keep" ] && keep=true
$keep || trap stop_started_emulators EXIT

ensure_emulator localstack 4566
echo "== seeding the sandbox account"
"$(seed_python)" localstack/seed_sandbox.py --endpoint-url http://127.0.0.1:4566 --mode misconfigured > localstack/.state/seed.log
echo "   seeded; what each resource teaches: localstack/.state/seed.log"
echo "== building posture"
cargo build --locked --quiet
echo "== posture audit"
"$CARGO_TARGET_DIR/debug/posture" audit --endpoint-url http://127.0.0.1:4566 --region us-east-1
$keep && echo "LocalStack keeps running; stop it with: bash localstack/emulator.sh stop localstack"
exit 0
