#!/usr/bin/env bash
# The whole test suite, on a fresh machine too: installs and starts the emulators (LocalStack and
# moto, no Docker) and the fault-injecting proxy in front of moto, seeds the sandbox account in
# each, runs every test tier, then the browser test of the HTML report, and stops what it started,
# even when a test fails.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
FAULT_PROXY_PID=""
stop_everything() {
  if [ -n "$FAULT_PROXY_PID" ]; then
    kill "$FAULT_PROXY_PID" 2>/dev/null || true
    wait "$FAULT_PROXY_PID" 2>/dev/null || true
  fi
  stop_started_emulators
}
trap stop_everything EXIT

# Ports can be moved so that two checkouts on one machine can run their suites side by side.
LOCALSTACK_PORT="${POSTURE_LOCALSTACK_PORT:-4566}"
MOTO_PORT="${POSTURE_MOTO_PORT:-5055}"
# A second moto for the CI-gate test, which hardens its account and must not disturb the others.
GATE_PORT="${POSTURE_GATE_PORT:-5056}"
# A moto of the organization tests' own: its management account gets an organization trail.
ORG_PORT="${POSTURE_ORG_PORT:-5057}"
# The fault proxy listens on FAULT_PORT and the 10 ports after it (one per fault test, one for
# the organization audit's refused AssumeRole, one for the run started from a delegated
# administrator).
FAULT_PORT="${POSTURE_FAULT_PORT:-5090}"
FAULT_PORTS=11

ensure_emulator localstack "$LOCALSTACK_PORT"
ensure_emulator moto "$MOTO_PORT"
ensure_emulator moto "$GATE_PORT"
ensure_emulator moto "$ORG_PORT"

# The seeder's record of each sandbox (what every seeded resource should audit to) is what the
# end-to-end tests pin; a stale record from an earlier run must not survive a failed seeding.
PYTHON="$(seed_python)"
mkdir -p localstack/.state
for port in "$LOCALSTACK_PORT" "$MOTO_PORT"; do
  record="localstack/.state/seed-$port.json"
  rm -f "$record"
  "$PYTHON" localstack/seed_sandbox.py --endpoint-url "http://127.0.0.1:$port" --mode misconfigured \
    --summary-json "$record" >/dev/null
done
# The fault tests audit a region of moto's that no other test writes to.
"$PYTHON" localstack/seed_sandbox.py --endpoint-url "http://127.0.0.1:$MOTO_PORT" --region eu-west-2 \
  --mode misconfigured >/dev/null

mkdir -p localstack/.state
"$PYTHON" tests/faultproxy.py --upstream "127.0.0.1:$MOTO_PORT" --port "$FAULT_PORT" \
  --ports "$FAULT_PORTS" >"localstack/.state/faultproxy-$FAULT_PORT.log" 2>&1 &
FAULT_PROXY_PID=$!
for _ in $(seq 50); do
  grep -q '^faultproxy:' "localstack/.state/faultproxy-$FAULT_PORT.log" 2>/dev/null && break
  kill -0 "$FAULT_PROXY_PID" 2>/dev/null || { cat "localstack/.state/faultproxy-$FAULT_PORT.log"; exit 1; }
  sleep 0.1
done

export POSTURE_TEST_LOCALSTACK="http://127.0.0.1:$LOCALSTACK_PORT"
export POSTURE_TEST_MOTO="http://127.0.0.1:$MOTO_PORT"
export POSTURE_TEST_LOCALSTACK_SEED="$ROOT/localstack/.state/seed-$LOCALSTACK_PORT.json"
export POSTURE_TEST_MOTO_SEED="$ROOT/localstack/.state/seed-$MOTO_PORT.json"
export POSTURE_TEST_GATE="http://127.0.0.1:$GATE_PORT"
export POSTURE_TEST_ORG_MOTO="http://127.0.0.1:$ORG_PORT"
export POSTURE_TEST_FAULTS="http://127.0.0.1:$FAULT_PORT"
export POSTURE_TEST_PYTHON="$PYTHON"

cargo test --locked "$@"
# The HTML report in headless Chromium (installed when missing); it fails the suite when it fails.
bash scripts/browser_test.sh
