#!/usr/bin/env bash
# bench/audit.sh — measure how long `posture audit` takes against a moto emulator seeded with a scale
# fixture (N IAM users with an inline policy each, N S3 buckets, N security groups), and optionally
# how long Prowler takes for the equivalent checks against the same endpoint.
#
#   bench/audit.sh [--scale N] [--runs R] [--debug] [--prowler] [options]
#
# Options:
#   --scale N         resources of each kind in the fixture (default 200)
#   --runs R          timed posture runs (default 5); one untimed census run comes first
#   --debug           benchmark the debug build (`cargo build --locked`) instead of the release build
#   --bin PATH        benchmark this posture binary; no cargo build at all
#   --without ID      also time the audit with every check but ID (repeatable): what ID costs
#   --prowler         also time Prowler on the equivalent checks, if `prowler` is on PATH
#                     (never installed by this script: it is a 2.3 GB venv)
#   --prowler-runs R  timed Prowler runs (default 1: one run takes 1-2 minutes at N=200)
#   --port N          moto port on 127.0.0.1 (default 5057)
#   --reuse           if a moto started by localstack/emulator.sh already runs on the port, seed
#                     into it and leave it running (without this flag the script refuses, so that
#                     it never seeds into someone else's emulator)
#   --keep            leave the moto this script started running (rerun with --reuse)
#   -h, --help        this text
#
# Environment: CARGO_TARGET_DIR (default $HOME/.cache/posture-target, as scripts/lib.sh).
# hyperfine is used when installed (`apt-get install -y hyperfine`), otherwise a bash loop timed with
# `date +%s%N` (force the loop with BENCH_NO_HYPERFINE=1). Timing is wall-clock time of the whole process, start-up and output included.
#
# Exit codes: 0 measured; 1 a run failed (build, seeding, an audit, or Prowler when asked for);
#             2 usage error; other codes come from localstack/emulator.sh (5 port busy, 6 start failed).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
EMULATOR="$ROOT/localstack/emulator.sh"

SCALE=200 RUNS=5 PORT=5057 PROFILE=release BIN="" PROWLER=0 PROWLER_RUNS=1 REUSE=0 KEEP=0
WITHOUT=()

usage() { sed -n '2,29p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit "${1:-2}"; }
die() { echo "audit.sh: $*" >&2; exit 1; }
say() { echo "== $*"; }
need_number() { [[ ${2:-} =~ ^[0-9]+$ ]] || { echo "audit.sh: $1 needs a number" >&2; exit 2; }; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --scale) need_number "$1" "${2:-}"; SCALE=$2; shift 2 ;;
    --runs) need_number "$1" "${2:-}"; RUNS=$2; shift 2 ;;
    --debug) PROFILE=debug; shift ;;
    --bin) [[ -n ${2:-} ]] || { echo "audit.sh: --bin needs a path" >&2; exit 2; }; BIN=$2; shift 2 ;;
    --without) [[ -n ${2:-} ]] || { echo "audit.sh: --without needs a check id" >&2; exit 2; }
               WITHOUT+=("$2"); shift 2 ;;
    --prowler) PROWLER=1; shift ;;
    --prowler-runs) need_number "$1" "${2:-}"; PROWLER_RUNS=$2; shift 2 ;;
    --port) need_number "$1" "${2:-}"; PORT=$2; shift 2 ;;
    --reuse) REUSE=1; shift ;;
    --keep) KEEP=1; shift ;;
    -h|--help) usage 0 ;;
    *) echo "audit.sh: unknown option '$1'" >&2; usage 2 ;;
  esac
done
(( RUNS >= 1 )) || { echo "audit.sh: --runs must be >= 1" >&2; exit 2; }
(( PROWLER_RUNS >= 1 )) || { echo "audit.sh: --prowler-runs must be >= 1" >&2; exit 2; }
(( SCALE <= 99999 )) || { echo "audit.sh: --scale must be <= 99999" >&2; exit 2; }
(( PORT >= 1024 && PORT <= 65535 )) || { echo "audit.sh: --port must be 1024-65535" >&2; exit 2; }

URL="http://127.0.0.1:$PORT"
REGION=us-east-1
MOTO_LOG="$ROOT/localstack/.state/moto-$PORT.log"
PY="$ROOT/localstack/.venv-moto/bin/python"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/posture-target}"

# The audit's environment: dummy credentials, no instance metadata, nothing inherited that could
# redirect or re-credential the calls.
unset AWS_PROFILE AWS_DEFAULT_PROFILE AWS_SESSION_TOKEN AWS_ENDPOINT_URL AWS_CONFIG_FILE \
      AWS_SHARED_CREDENTIALS_FILE AWS_ROLE_ARN AWS_WEB_IDENTITY_TOKEN_FILE
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_EC2_METADATA_DISABLED=true
export AWS_REGION=$REGION AWS_DEFAULT_REGION=$REGION
# Keep Python and any proxy-aware client off proxies for the loopback endpoint.
export NO_PROXY="127.0.0.1,localhost${NO_PROXY:+,$NO_PROXY}" no_proxy="127.0.0.1,localhost${no_proxy:+,$no_proxy}"

WORK="$(mktemp -d "${TMPDIR:-/tmp}/posture-bench.XXXXXX")"
STARTED=0
cleanup() {
  local rc=$?
  if (( STARTED && !KEEP )); then
    bash "$EMULATOR" stop moto --port "$PORT" >/dev/null 2>&1 \
      || echo "audit.sh: warning: could not stop moto on port $PORT" >&2
  elif (( STARTED && KEEP )); then
    echo "== moto left running on $URL (--keep); stop it with: localstack/emulator.sh stop moto --port $PORT"
  fi
  rm -rf "$WORK"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

now_ns() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }

# ------------------------------------------------------------------ 1. build
# Refuse someone else's emulator before spending minutes on a build.
MOTO_WAS_RUNNING=0
if bash "$EMULATOR" status moto --port "$PORT" >/dev/null 2>&1; then
  (( REUSE )) || die "a moto already runs on $URL; pass --reuse to seed into it (and leave it running), or pick another --port"
  MOTO_WAS_RUNNING=1
fi
BUILD_NOTE=""
if [[ -n $BIN ]]; then
  [[ -x $BIN ]] || die "--bin $BIN is not an executable"
  BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
  BUILD_NOTE="given binary"
else
  command -v cargo >/dev/null 2>&1 || die "cargo not found (or pass --bin PATH)"
  cargo_args=(build --locked)
  [[ $PROFILE == release ]] && cargo_args+=(--release)
  say "cargo ${cargo_args[*]} (CARGO_TARGET_DIR=$CARGO_TARGET_DIR; a cold release build takes 8-12 min)"
  t0=$(now_ns)
  (cd "$ROOT" && cargo "${cargo_args[@]}") || die "cargo ${cargo_args[*]} failed"
  BUILD_NOTE="$PROFILE build, cargo took $(secs $(( $(now_ns) - t0 ))) s"
  BIN="$CARGO_TARGET_DIR/$PROFILE/posture"
  [[ -x $BIN ]] || die "built, but $BIN is missing"
fi
say "posture: $BIN ($BUILD_NOTE)"

# ------------------------------------------------------------------ 2. emulator
if (( MOTO_WAS_RUNNING )) && bash "$EMULATOR" status moto --port "$PORT" >/dev/null 2>&1; then
  say "reusing the moto already running on $URL"
else
  STARTED=1   # before start: an interrupted start is still stopped (emulator.sh stop is pid-file based)
  bash "$EMULATOR" start moto --port "$PORT"
fi
[[ -x $PY ]] || die "$PY is missing (localstack/emulator.sh install moto)"

# ------------------------------------------------------------------ 3. fixture
say "seeding the scale fixture: $SCALE users (inline policy each), $SCALE buckets, $SCALE security groups"
SEED_JSON=$("$PY" "$HERE/seed_scale.py" --endpoint-url "$URL" --region "$REGION" --scale "$SCALE") \
  || die "seeding failed"
echo "   $SEED_JSON"

# ------------------------------------------------------------------ 4. census (untimed)
# One run that writes the report and the inventory, to count findings and collected resources, and
# the HTTP requests moto logged while it ran (one log line per request). It also warms the page cache
# and the emulator, so the timed runs below need no separate warm-up.
AUDIT=("$BIN" audit --endpoint-url "$URL" --region "$REGION" --format json)
log_size() { if [[ -f $MOTO_LOG ]]; then stat -c %s "$MOTO_LOG"; else echo 0; fi; }
say "census run: ${AUDIT[*]} -o report.json --save-snapshot inventory.json"
before=$(log_size)
t0=$(now_ns)
if ! "${AUDIT[@]}" -o "$WORK/report.json" --save-snapshot "$WORK/inventory.json" 2>"$WORK/census.err"; then
  cat "$WORK/census.err" >&2
  die "the census audit failed"
fi
CENSUS_NS=$(( $(now_ns) - t0 ))
REQUESTS="n/a"
if [[ -f $MOTO_LOG ]]; then
  # werkzeug's access log: `"POST / HTTP/1.1" 200 -`, colour codes inside the quotes on errors.
  tail -c +"$((before + 1))" "$MOTO_LOG" \
    | grep -aE '(GET|POST|PUT|HEAD|DELETE|PATCH) [^ ]+ HTTP/1\.[01][^"]*" [0-9]{3} ' > "$WORK/requests.log" || true
  REQUESTS=$(wc -l < "$WORK/requests.log")
  REQUESTS_ERR=$(grep -cE '" [45][0-9]{2} ' "$WORK/requests.log" || true)
  REQUESTS="$REQUESTS ($REQUESTS_ERR answered 4xx/5xx)"
fi
CHECKS=$("$BIN" checks --format json | "$PY" -c 'import json,sys; print(len(json.load(sys.stdin)["checks"]))')

CENSUS=$("$PY" - "$WORK/report.json" "$WORK/inventory.json" "$SCALE" <<'PYEOF'
import json, sys
report = json.load(open(sys.argv[1]))
inv = json.load(open(sys.argv[2]))
scale = int(sys.argv[3])

def ok(collected):
    return collected.get("ok") if isinstance(collected, dict) else None

s = report["summary"]
auth = ok(inv["iam"].get("authorization")) or {}
users = auth.get("users", [])
inline = sum(len(u.get("inline_policies", [])) for u in users)
buckets = ok(inv["s3"].get("buckets")) or []
ec2 = inv["regions"].get("us-east-1", {}).get("ec2", {})
sgs = ok(ec2.get("security_groups")) or []
vpcs = ok(ec2.get("vpcs")) or []
nacls = ok(ec2.get("network_acls")) or []
roles = auth.get("roles", [])
policies = auth.get("policies", [])
checks_with_findings = len({f["check_id"] for f in report["findings"]})
print(f"FINDINGS={len(report['findings'])}")
print(f"PASS={s['PASS']} FAIL={s['FAIL']} ERROR={s['ERROR']} MUTED={s['MUTED']}")
print(f"USERS={len(users)} INLINE={inline} ROLES={len(roles)} MANAGED={len(policies)}")
print(f"BUCKETS={len(buckets)} SGS={len(sgs)} VPCS={len(vpcs)} NACLS={len(nacls)}")
print(f"CHECKS_WITH_FINDINGS={checks_with_findings}")
short = [name for name, n in (("users", len(users)), ("buckets", len(buckets)),
                              ("security groups", len(sgs))) if n < scale]
print("SHORT=" + repr(", ".join(short)))
PYEOF
) || die "could not read the census report"
eval "$CENSUS"
[[ -z $SHORT ]] || echo "audit.sh: warning: the audit collected fewer $SHORT than --scale $SCALE" >&2
echo "   $FINDINGS findings (PASS $PASS, FAIL $FAIL, ERROR $ERROR, MUTED $MUTED) from $CHECKS_WITH_FINDINGS of $CHECKS checks;" \
     "HTTP requests: $REQUESTS; $(secs "$CENSUS_NS") s"

# ------------------------------------------------------------------ 5. timed posture runs
# stats FILE: one duration in ns per line -> "min median max mean" in seconds.
stats() {
  sort -n "$1" | awk '{ v[NR] = $1; sum += $1 }
    END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
          printf "%.3f %.3f %.3f %.3f\n", v[1] / 1e9, m / 1e9, v[NR] / 1e9, sum / NR / 1e9 }'
}

# measure NAME RUNS CMD...: time CMD (stdout and stderr discarded) RUNS times with hyperfine when it
# is installed, else with a bash loop; writes "min median max mean" (seconds) to $WORK/NAME.stats and
# returns non-zero if a run failed (its stderr is printed).
if [[ -z ${BENCH_NO_HYPERFINE:-} ]] && command -v hyperfine >/dev/null 2>&1; then
  TIMER="hyperfine $(hyperfine --version | awk '{print $2}')"
else
  TIMER="bash loop, date +%s%N"
fi
measure() {
  local name=$1 runs=$2 i t0 t1; shift 2
  if [[ $TIMER == hyperfine* ]]; then
    # -N: no intermediate shell, so only the command itself is measured. No warm-up: the census
    # run came first.
    hyperfine -N --runs "$runs" --export-json "$WORK/$name.json" --style basic \
      --command-name "$name" "$(printf '%q ' "$@")" || return 1
    "$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("%.3f %.3f %.3f %.3f" % (r["min"], r["median"], r["max"], r["mean"]))' "$WORK/$name.json" > "$WORK/$name.stats"
  else
    : > "$WORK/$name.ns"
    for ((i = 1; i <= runs; i++)); do
      t0=$(now_ns)
      if ! "$@" >/dev/null 2>"$WORK/run.err"; then
        cat "$WORK/run.err" >&2
        return 1
      fi
      t1=$(now_ns)
      echo $(( t1 - t0 )) >> "$WORK/$name.ns"
      printf '   run %d/%d: %s s\n' "$i" "$runs" "$(secs $(( t1 - t0 )))"
    done
    stats "$WORK/$name.ns" > "$WORK/$name.stats"
  fi
}
ROWS=()   # "name runs" of every measured row, in table order

TIMED=("${AUDIT[@]}" -o /dev/null)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
say "timing $RUNS runs ($TIMER): ${TIMED[*]}"
measure posture "$RUNS" "${TIMED[@]}" || die "a timed posture run failed"
ROWS+=("posture $RUNS")

# Optional: the same audit without some checks (--without ID), to show what they cost, e.g. a check
# whose call the emulator answers with HTTP 500, which the SDK retries with exponential backoff.
if (( ${#WITHOUT[@]} )); then
  mapfile -t kept < <("$BIN" checks --format json | "$PY" -c '
import json, sys
drop = set(sys.argv[1:])
for c in json.load(sys.stdin)["checks"]:
    if c["id"] not in drop:
        print(c["id"])' "${WITHOUT[@]}")
  sel=()
  for id in "${kept[@]}"; do sel+=(--check "$id"); done
  say "timing $RUNS runs without ${WITHOUT[*]} (${#kept[@]} checks, each passed as --check)"
  measure posture-without "$RUNS" "${TIMED[@]}" "${sel[@]}" || die "a timed posture run (--without) failed"
  ROWS+=("posture-without $RUNS")
fi

# ------------------------------------------------------------------ 6. Prowler (optional)
# The Prowler checks equivalent to what posture evaluates on this fixture: root, inline admin policy,
# console MFA, password length, S3 public access and Block Public Access, security groups open on
# 22/3389/any/all ports, the default security group (19 checks; override with PROWLER_CHECKS).
PROWLER_CHECKS_DEFAULT="iam_root_mfa_enabled iam_root_hardware_mfa_enabled iam_no_root_access_key
iam_avoid_root_usage iam_inline_policy_no_administrative_privileges iam_user_mfa_enabled_console_access
iam_password_policy_minimum_length_14 s3_bucket_public_access s3_bucket_level_public_access_block
s3_account_level_public_access_blocks s3_bucket_acl_prohibited s3_bucket_policy_public_write_access
s3_bucket_public_list_acl s3_bucket_public_write_acl
ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_22
ec2_securitygroup_allow_ingress_from_internet_to_tcp_port_3389
ec2_securitygroup_allow_ingress_from_internet_to_any_port
ec2_securitygroup_allow_ingress_from_internet_to_all_ports ec2_securitygroup_default_restrict_traffic"
PROWLER_STATUS="not requested (--prowler)"
PROWLER_FAILED=0
if (( PROWLER )); then
  if ! command -v prowler >/dev/null 2>&1; then
    PROWLER_STATUS="requested, but no prowler executable on PATH (not installed here); not measured"
    say "prowler: $PROWLER_STATUS"
  else
    read -r -a pchecks <<< "$(tr '\n' ' ' <<< "${PROWLER_CHECKS:-$PROWLER_CHECKS_DEFAULT}")"
    # Version from the package metadata: `prowler --version` itself calls the internet.
    PV=$(head -n1 "$(command -v prowler)" | sed -n 's/^#! *//p' | awk '{print $1}')
    PROWLER_VERSION=$( { [[ -x $PV ]] && "$PV" -c 'import importlib.metadata as m; print(m.version("prowler"))'; } 2>/dev/null || echo unknown)
    PROWLER_CMD=(env AWS_ENDPOINT_URL="$URL"
      # Anything Prowler sends over HTTPS (version check, ...) goes to a dead loopback port and fails
      # fast; the emulator is plain HTTP on loopback and is in NO_PROXY.
      HTTPS_PROXY=http://127.0.0.1:9 https_proxy=http://127.0.0.1:9
      prowler aws --region "$REGION" --checks "${pchecks[@]}" --scan-unused-services
      --output-formats csv --output-directory "$WORK/prowler" --no-banner -z)
    say "timing $PROWLER_RUNS Prowler $PROWLER_VERSION run(s), ${#pchecks[@]} checks ($TIMER): prowler aws --region $REGION --checks ... --scan-unused-services -z"
    if measure prowler "$PROWLER_RUNS" "${PROWLER_CMD[@]}"; then
      ROWS+=("prowler $PROWLER_RUNS")
      # The CSV of the last run: `;`-separated, a STATUS column.
      csv=$(find "$WORK/prowler" -name '*.csv' -printf '%T@ %p\n' 2>/dev/null | sort -rn | head -n1 | cut -d' ' -f2- || true)
      PROWLER_FINDINGS="n/a"
      if [[ -n $csv ]]; then
        PROWLER_FINDINGS=$("$PY" - "$csv" <<'PYEOF'
import csv, sys, collections
rows = list(csv.DictReader(open(sys.argv[1], newline=""), delimiter=";"))
c = collections.Counter(r.get("STATUS", "?") for r in rows)
print(f"{len(rows)} findings (" + ", ".join(f"{k} {v}" for k, v in sorted(c.items())) + ")")
PYEOF
)
      fi
      PROWLER_STATUS="measured: Prowler $PROWLER_VERSION, ${#pchecks[@]} checks, $PROWLER_FINDINGS"
    else
      PROWLER_FAILED=1
      PROWLER_STATUS="Prowler run failed (see stderr above)"
    fi
  fi
fi

# ------------------------------------------------------------------ 7. result table
cat <<EOF

posture audit benchmark — $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) CPUs, load before timing $LOAD_BEFORE
  posture $("$BIN" --version | awk '{print $2}') ($BUILD_NOTE), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)$( [[ -n $(git -C "$ROOT" status --porcelain --untracked-files=no 2>/dev/null) ]] && echo " +local changes")
  endpoint $URL (moto), region $REGION, timer: $TIMER
  fixture --scale $SCALE: collected $USERS users ($INLINE inline policies), $BUCKETS buckets, $SGS security groups, $VPCS VPCs, $NACLS network ACLs, $ROLES roles
  posture: $FINDINGS findings (PASS $PASS, FAIL $FAIL, ERROR $ERROR, MUTED $MUTED) from $CHECKS_WITH_FINDINGS of $CHECKS checks; HTTP requests per audit: $REQUESTS
  prowler: $PROWLER_STATUS

  tool             runs      min   median      max     mean  (seconds, wall clock)
EOF
for row in "${ROWS[@]}"; do
  read -r name runs <<< "$row"
  read -r mn md mx mean < "$WORK/$name.stats"
  printf '  %-16s %4d %8s %8s %8s %8s\n' "$name" "$runs" "$mn" "$md" "$mx" "$mean"
done
if [[ -f $WORK/prowler.stats ]]; then
  awk 'FNR == 1 && NR == 1 { p = $2 } FNR == 1 && NR > 1 { w = $2 }
       END { if (p > 0) printf "  median wall time, prowler / posture: %.1fx\n", w / p }' \
    "$WORK/posture.stats" "$WORK/prowler.stats"
fi
(( PROWLER_FAILED == 0 )) || exit 1
