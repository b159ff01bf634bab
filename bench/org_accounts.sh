#!/usr/bin/env bash
# bench/org_accounts.sh — accounts per minute of one `posture audit --org` over N emulated member
# accounts, against the same accounts audited one process at a time (the way peers run), on moto.
#
#   bench/org_accounts.sh [--accounts N]... [--parallel P] [--port PORT] [--bin PATH]
#
# For each N (default: 10 and 50): seeds N members with a few dozen resources each
# (bench/seed_org.py), times one run with --accounts-parallel P (default 4) and one process per
# account, and prints wall time, peak memory (max RSS, from /usr/bin/time) and API calls of each,
# with the ratio last. Starts moto on PORT (default 5651) and stops it on exit.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SIZES=()
PARALLEL=4
PORT=5651
BIN=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --accounts) SIZES+=("$2"); shift 2 ;;
    --parallel) PARALLEL="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --bin) BIN="$2"; shift 2 ;;
    -h|--help) sed -n 2,10p "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[[ ${#SIZES[@]} -gt 0 ]] || SIZES=(10 50)
if [[ -z "$BIN" ]]; then
  (cd "$ROOT" && cargo build --locked --quiet)
  BIN="${CARGO_TARGET_DIR:-$HOME/.cache/posture-target}/debug/posture"
fi
URL="http://127.0.0.1:$PORT"
PYTHON="$ROOT/localstack/.venv-moto/bin/python"
WORK="$(mktemp -d)"
stop() { "$ROOT/localstack/emulator.sh" stop moto --port "$PORT" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap stop EXIT
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL

# `measure LABEL CMD...`: wall seconds and max RSS (KiB) of CMD into $WALL and $RSS.
measure() {
  local start end
  shift   # the label only documents the call
  start=$(date +%s%N)
  local code=0
  /usr/bin/time -f "%M" -o "$WORK/rss" "$@" >/dev/null 2>"$WORK/stderr" || code=$?
  (( code <= 1 )) || { echo "posture exited $code:" >&2; cat "$WORK/stderr" >&2; exit "$code"; }
  end=$(date +%s%N)
  WALL=$(( (end - start) / 1000000 ))
  RSS=$(tail -1 "$WORK/rss")
}
calls() { "$PYTHON" -c 'import json,sys; print(sum(json.load(open(p)).get("stats",{}).get("api_calls",0) for p in sys.argv[1:]))' "$@"; }

for N in "${SIZES[@]}"; do
  # A fresh moto per size: after `reset` (POST /moto-api/reset) moto 5.2.5 answers every later call
  # with a 500 (its IAM backend loses `access_keys`), so the next size could never be seeded.
  "$ROOT/localstack/emulator.sh" stop moto --port "$PORT" >/dev/null 2>&1 || true
  "$ROOT/localstack/emulator.sh" start moto --port "$PORT" >/dev/null
  "$PYTHON" "$ROOT/bench/seed_org.py" "$URL" "$N" > "$WORK/members"
  measure one "$BIN" audit --endpoint-url "$URL" --org --role-name OrganizationAccountAccessRole \
    --exclude-account 123456789012 --accounts-parallel "$PARALLEL" --format json -o "$WORK/org.json" --no-progress
  ONE_WALL=$WALL ONE_RSS=$RSS ONE_CALLS=$(calls "$WORK/org.json")
  SERIAL_WALL=0 SERIAL_RSS=0
  while read -r account; do
    echo "{\"account_id\": \"$account\"}" > "$WORK/one.jsonl"
    measure serial "$BIN" audit --endpoint-url "$URL" --accounts "$WORK/one.jsonl" \
      --role-name OrganizationAccountAccessRole --exclude-account 123456789012 \
      --format json -o "$WORK/serial-$account.json" --no-progress
    SERIAL_WALL=$(( SERIAL_WALL + WALL ))
    (( RSS > SERIAL_RSS )) && SERIAL_RSS=$RSS
  done < "$WORK/members"
  SERIAL_CALLS=$(calls "$WORK"/serial-*.json)
  rm -f "$WORK"/serial-*.json
  echo "== $N member accounts"
  printf '  one run (--accounts-parallel %s): %6d ms  %6d KiB peak  %6d API calls  %5.1f accounts/min\n' \
    "$PARALLEL" "$ONE_WALL" "$ONE_RSS" "$ONE_CALLS" "$(echo "$N * 60000 / $ONE_WALL" | bc -l)"
  printf '  one process per account:         %6d ms  %6d KiB peak  %6d API calls  %5.1f accounts/min\n' \
    "$SERIAL_WALL" "$SERIAL_RSS" "$SERIAL_CALLS" "$(echo "$N * 60000 / $SERIAL_WALL" | bc -l)"
  printf '  ratio (one process per account / one run): %.2f\n' "$(echo "$SERIAL_WALL / $ONE_WALL" | bc -l)"
done
