#!/usr/bin/env bash
# bench/compare.sh — posture, Prowler and the floor side by side on one seeded moto account:
# wall time and peak memory (/usr/bin/time -v) and the HTTP requests moto logged, for the checks
# both tools have; the ratios come last.
#
#   bench/compare.sh [--scale N] [--port N] [--bin PATH] [--no-prowler]
#
#   --scale N      users, buckets and security groups each (default 200)
#   --port N       moto port on 127.0.0.1 (default $POSTURE_MOTO_PORT or 5057); refuses a busy port
#   --bin PATH     the posture binary (default: target/release/posture under CARGO_TARGET_DIR,
#                  built with `cargo build --release --locked` if missing)
#   --no-prowler   skip Prowler
#
# Prowler runs from bench/.venv-prowler (python3 -m venv bench/.venv-prowler &&
# bench/.venv-prowler/bin/pip install prowler), the floor (bench/floor.py) and the seeding
# (bench/seed_scale.py) from localstack/.venv-moto. Not a timed test: numbers go to bench/README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
EMULATOR="$ROOT/localstack/emulator.sh"
PY="$ROOT/localstack/.venv-moto/bin/python"
PROWLER="$HERE/.venv-prowler/bin/prowler"
SCALE=200 PORT="${POSTURE_MOTO_PORT:-5057}" BIN="" WITH_PROWLER=1 REGION=us-east-1

while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) SCALE=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    --no-prowler) WITH_PROWLER=0; shift ;;
    -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "compare.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
done

if [[ -z $BIN ]]; then
  BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/posture"
  [[ -x $BIN ]] || (cd "$ROOT" && cargo build --release --locked)
fi
URL="http://127.0.0.1:$PORT"
MOTO_LOG="$ROOT/localstack/.state/moto-$PORT.log"
WORK=$(mktemp -d)
if bash "$EMULATOR" status moto --port "$PORT" >/dev/null 2>&1; then
  echo "compare.sh: a moto already runs on $URL; stop it or pick another --port" >&2
  exit 1
fi
cleanup() { bash "$EMULATOR" stop moto --port "$PORT" >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
bash "$EMULATOR" start moto --port "$PORT" >/dev/null
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_DEFAULT_REGION=$REGION AWS_EC2_METADATA_DISABLED=true
unset AWS_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL
echo "== seeding $SCALE users / buckets / security groups"
"$PY" "$HERE/seed_scale.py" --endpoint-url "$URL" --region "$REGION" --scale "$SCALE" >/dev/null

# The checks both tools have (posture id, Prowler ids).
POSTURE_CHECKS=(iam.root_mfa_enabled iam.root_hardware_mfa_enabled iam.root_no_access_keys
  iam.root_not_used_recently iam.no_full_admin_policies iam.user_console_mfa_enabled
  iam.password_policy_min_length s3.account_public_access_blocked s3.bucket_public_access_blocked
  s3.bucket_no_public_acl s3.bucket_no_public_policy s3.bucket_acls_disabled
  ec2.sg_no_admin_ports_open_ipv4 ec2.sg_no_all_traffic_open ec2.default_sg_restricts_all)
PROWLER_CHECKS=(iam_root_mfa_enabled iam_root_hardware_mfa_enabled iam_no_root_access_key
  iam_avoid_root_usage iam_inline_policy_no_administrative_privileges
  iam_user_mfa_enabled_console_access iam_password_policy_minimum_length_14
  s3_account_level_public_access_blocks s3_bucket_level_public_access_block s3_bucket_public_access
  s3_bucket_acl_prohibited s3_bucket_policy_public_write_access s3_bucket_public_list_acl
  s3_bucket_public_write_acl ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22
  ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389
  ec2_securitygroup_allow_ingress_from_internet_to_any_port
  ec2_securitygroup_allow_ingress_from_internet_to_all_ports ec2_securitygroup_default_restrict_traffic)

log_size() { if [[ -f $MOTO_LOG ]]; then stat -c %s "$MOTO_LOG"; else echo 0; fi; }
requests_since() {
  tail -c +"$(($1 + 1))" "$MOTO_LOG" \
    | grep -caE '(GET|POST|PUT|HEAD|DELETE|PATCH) [^ ]+ HTTP/1\.[01][^"]*" [0-9]{3} ' || true
}
declare -A WALL MEM CALLS
# measure NAME COMMAND...: one run under /usr/bin/time -v.
measure() {
  local name=$1; shift
  local before; before=$(log_size)
  if ! /usr/bin/time -v -o "$WORK/$name.time" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"; then
    # posture exits 1 when a check fails; anything else is a failed run.
    if [[ $name != posture* ]] || [[ $(sed -n 's/.*Exit status: //p' "$WORK/$name.time") != 1 ]]; then
      tail -5 "$WORK/$name.err" >&2; echo "compare.sh: $name failed" >&2; exit 1
    fi
  fi
  sleep 1  # moto writes its access log line after answering
  WALL[$name]=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/$name.time" \
    | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  MEM[$name]=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/$name.time")
  CALLS[$name]=$(requests_since "$before")
  printf '   %-8s %8.2f s %9d KB %6d requests\n' "$name" "${WALL[$name]}" "${MEM[$name]}" "${CALLS[$name]}"
}

echo "== warm-up (untimed): one posture run"
"$BIN" audit --endpoint-url "$URL" --region "$REGION" --format json -o /dev/null \
  "${POSTURE_CHECKS[@]/#/--check=}" --no-progress 2>/dev/null || true

echo "== measuring (posture $("$BIN" --version 2>/dev/null | awk '{print $2}'), ${#POSTURE_CHECKS[@]} checks)"
measure posture "$BIN" audit --endpoint-url "$URL" --region "$REGION" --format json \
  -o "$WORK/posture.json" --no-progress "${POSTURE_CHECKS[@]/#/--check=}"
measure floor "$PY" "$HERE/floor.py" --endpoint-url "$URL" --region "$REGION"
if (( WITH_PROWLER )) && [[ -x $PROWLER ]]; then
  measure prowler env AWS_ENDPOINT_URL="$URL" HTTPS_PROXY=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9 \
    NO_PROXY=127.0.0.1,localhost no_proxy=127.0.0.1,localhost \
    "$PROWLER" aws --region "$REGION" --checks "${PROWLER_CHECKS[@]}" --output-formats csv \
    --output-directory "$WORK/prowler" --no-banner -z
fi

echo "== findings: posture $("$PY" -c 'import json,sys; r=json.load(open(sys.argv[1])); print(len(r["findings"]), r["summary"])' "$WORK/posture.json")"
echo "== floor: $(cat "$WORK/floor.out")"
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }
echo "== ratios at $SCALE/$SCALE/$SCALE"
echo "   posture / floor:   wall $(ratio "${WALL[posture]}" "${WALL[floor]}")x, requests $(ratio "${CALLS[posture]}" "${CALLS[floor]}")x, memory $(ratio "${MEM[posture]}" "${MEM[floor]}")x"
if [[ -n ${WALL[prowler]:-} ]]; then
  echo "   prowler / posture: wall $(ratio "${WALL[prowler]}" "${WALL[posture]}")x, requests $(ratio "${CALLS[prowler]}" "${CALLS[posture]}")x, memory $(ratio "${MEM[prowler]}" "${MEM[posture]}")x"
fi
