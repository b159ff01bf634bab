#!/usr/bin/env bash
# emulator.sh — install, start, stop and inspect local AWS emulators WITHOUT Docker.
#
#   localstack/emulator.sh install localstack|moto
#   localstack/emulator.sh start   localstack|moto [--port N]
#   localstack/emulator.sh stop    localstack|moto [--port N]
#   localstack/emulator.sh status  localstack|moto [--port N]
#   localstack/emulator.sh reset   localstack|moto [--port N]   (drop all emulated resources)
#
# Emulators:
#   localstack  localstack-core (host mode, no account/auth token needed), default port 4566,
#               account 000000000000. Venv: localstack/.venv-localstack (~500 MB).
#   moto        moto_server, default port 5055, account 123456789012. Venv: localstack/.venv-moto.
#
# Everything lives inside the project: venvs in localstack/.venv-*, logs, PID files and the
# emulator's own data in localstack/.state/ (<name>-<port>.log, <name>-<port>.pid).
# Servers listen on 127.0.0.1 only and are configured not to reach the internet.
#
# Environment overrides:
#   POSTURE_PYTHON         python interpreter (>= 3.12) to build the venvs with
#   LOCALSTACK_SERVICES    comma list replacing the default SERVICES set for LocalStack
#   EMULATOR_START_TIMEOUT seconds to wait for health after start (default 90)
#   EMULATOR_STOP_GRACE    seconds between SIGTERM and SIGKILL on stop (default 10)
#
# Exit codes (distinct so CI can tell what went wrong):
#   0  success (for start: running and healthy, whether just started or already running;
#      for status: running and healthy)
#   2  usage error (unknown command, emulator or option)
#   3  no Python >= 3.12 found
#   4  install failed (venv creation or pip)
#   5  port already in use by another process
#   6  start failed: process died or did not become healthy in time (log tail printed)
#   7  stop failed: process survived SIGKILL
#   8  status: not running (or running but not healthy)
set -euo pipefail

readonly EXIT_USAGE=2 EXIT_NO_PYTHON=3 EXIT_INSTALL=4 EXIT_PORT_BUSY=5 EXIT_START=6 \
         EXIT_STOP=7 EXIT_NOT_RUNNING=8

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_DIR="$HERE/.state"

# Pinned versions. The LocalStack side pins are the ones measured to give a clean start of
# localstack-core 2026.3.0 (see shared notes): newer cbor2/pyopenssl/cryptography break it.
LOCALSTACK_SPEC=(
  "localstack-core[runtime]==2026.3.0"
  "cbor2<6"
  "pyopenssl==25.3.0"
  "cryptography>=46,<47"
  "service_identity"
  "boto3"
)
MOTO_SPEC=(
  "moto[server]==5.2.5"
  "boto3"
)

# Services LocalStack loads. The first six are what posture's core checks need; the rest are the
# managed services that localstack-core 2026.3.0 really serves in host mode (probed: README.md).
# Left out on purpose:
#   cloudtrail, accessanalyzer, guardduty, securityhub, rds, efs, elbv2, eks, wafv2: not in the
#     community core (501 "not included in your current license plan"), listing them changes
#     nothing;
#   dynamodb: host mode runs DynamoDB Local, which needs a JDK and a jar LocalStack downloads
#     from the internet at start-up (9 s of retries, then every call fails with HTTP 500).
DEFAULT_LOCALSTACK_SERVICES="iam,s3,s3control,ec2,sts,kms,config,lambda,secretsmanager,logs,apigateway,sqs,events,cloudwatch,sns,account"

die() { local code=$1; shift; echo "emulator.sh: $*" >&2; exit "$code"; }
info() { echo "emulator.sh: $*"; }

usage() {
  sed -n '2,9p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
  exit "$EXIT_USAGE"
}

# ---------------------------------------------------------------- arguments
[[ $# -ge 2 ]] || usage
CMD=$1 NAME=$2
shift 2
case "$CMD" in install|start|stop|status|reset) ;; *) usage ;; esac
case "$NAME" in
  localstack) DEFAULT_PORT=4566 ;;
  moto)       DEFAULT_PORT=5055 ;;
  *) die "$EXIT_USAGE" "unknown emulator '$NAME' (expected localstack or moto)" ;;
esac
PORT=$DEFAULT_PORT
while [[ $# -gt 0 ]]; do
  case "$1" in
    --port) [[ $# -ge 2 && $2 =~ ^[0-9]+$ ]] || die "$EXIT_USAGE" "--port needs a number"
            PORT=$2; shift 2 ;;
    --port=*) PORT=${1#--port=}
              [[ $PORT =~ ^[0-9]+$ ]] || die "$EXIT_USAGE" "--port needs a number"; shift ;;
    -h|--help) usage ;;
    *) die "$EXIT_USAGE" "unknown option '$1'" ;;
  esac
done
(( PORT >= 1 && PORT <= 65535 )) || die "$EXIT_USAGE" "port $PORT out of range"

VENV="$HERE/.venv-$NAME"
VPY="$VENV/bin/python"
MARKER="$VENV/.posture-installed"
LOG="$STATE_DIR/$NAME-$PORT.log"
PIDFILE="$STATE_DIR/$NAME-$PORT.pid"
URL="http://127.0.0.1:$PORT"
START_TIMEOUT=${EMULATOR_START_TIMEOUT:-90}
STOP_GRACE=${EMULATOR_STOP_GRACE:-10}

if [[ $NAME == localstack ]]; then SPEC=("${LOCALSTACK_SPEC[@]}"); else SPEC=("${MOTO_SPEC[@]}"); fi
SPEC_TEXT="${SPEC[*]}"

# ---------------------------------------------------------------- python discovery
# LocalStack 2026.x uses 3.12-only syntax; on 3.11 it fails with a misleading plugin error, so we
# insist on >= 3.12 for both venvs (one rule is simpler to explain than two).
py_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }

find_python() {
  local c
  if [[ -n ${POSTURE_PYTHON:-} ]]; then
    py_ok "$POSTURE_PYTHON" && { echo "$POSTURE_PYTHON"; return 0; }
    die "$EXIT_NO_PYTHON" "POSTURE_PYTHON=$POSTURE_PYTHON is not a Python >= 3.12"
  fi
  # pyenv shims for python3.12 exist even when the shim cannot run, hence the py_ok test on each.
  for c in python3.13 python3.12 python3.14 python3; do
    command -v "$c" >/dev/null 2>&1 && py_ok "$c" && { command -v "$c"; return 0; }
  done
  # pyenv versions, also when pyenv itself is not on PATH (non-login CI shells).
  local root=${PYENV_ROOT:-$HOME/.pyenv}
  command -v pyenv >/dev/null 2>&1 && root=$(pyenv root 2>/dev/null || echo "$root")
  for c in "$root"/versions/3.13*/bin/python3 "$root"/versions/3.12*/bin/python3; do
    [[ -x $c ]] && py_ok "$c" && { echo "$c"; return 0; }
  done
  die "$EXIT_NO_PYTHON" "no Python >= 3.12 found (tried python3.13, python3.12, python3, pyenv versions); install one or set POSTURE_PYTHON"
}

# ---------------------------------------------------------------- install
installed() { [[ -x $VPY && -f $MARKER && "$(cat "$MARKER")" == "$SPEC_TEXT" ]] && py_ok "$VPY"; }

do_install() {
  if installed; then
    info "$NAME already installed in ${VENV#"$PWD"/} ($SPEC_TEXT)"
    return 0
  fi
  local py; py=$(find_python)
  # A venv built by an older interpreter or an interrupted install is rebuilt from scratch
  # rather than patched: cheaper to reason about than a half-upgraded site-packages.
  if [[ -d $VENV ]] && ! py_ok "$VPY"; then rm -rf "$VENV"; fi
  info "installing $NAME into $VENV with $("$py" --version 2>&1) (takes 1-3 minutes)"
  [[ -x $VPY ]] || "$py" -m venv "$VENV" || die "$EXIT_INSTALL" "could not create venv $VENV"
  "$VPY" -m pip install --quiet --disable-pip-version-check --upgrade pip \
    || die "$EXIT_INSTALL" "pip upgrade failed in $VENV"
  "$VPY" -m pip install --quiet --disable-pip-version-check "${SPEC[@]}" \
    || die "$EXIT_INSTALL" "pip install failed for: $SPEC_TEXT"
  # The marker is written last, so an interrupted install is retried next time.
  printf '%s' "$SPEC_TEXT" > "$MARKER"
  info "$NAME installed"
}

# ---------------------------------------------------------------- process helpers
read_pid() { if [[ -f $PIDFILE ]]; then cat "$PIDFILE" 2>/dev/null || true; fi; }

# Alive AND ours: guards against a recycled PID after a reboot or a long pause.
pid_is_ours() {
  local pid=$1
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$VENV"
}

healthy() {
  local path
  if [[ $NAME == localstack ]]; then path=/_localstack/health; else path=/moto-api/; fi
  curl -fsS --max-time 3 -o /dev/null "$URL$path" 2>/dev/null
}

# Something (anything) accepts TCP connections on 127.0.0.1:PORT?
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; }

log_tail() {
  echo "---- last 30 lines of $LOG ----" >&2
  tail -n 30 "$LOG" >&2 2>/dev/null || true
  echo "----" >&2
}

# ---------------------------------------------------------------- start
# moto runs Lambda functions in Docker by default; with no Docker engine every invoke fails,
# and Secrets Manager rotation invokes the rotation function. moto's "simple" Lambda backend
# answers invokes without Docker. Set before anything is created: the two backends do not share
# state, so switching later would hide existing functions.
moto_no_docker() {
  curl -fsS --max-time 3 -o /dev/null -X POST -H 'Content-Type: application/json' \
    -d '{"lambda": {"use_docker": false}, "batch": {"use_docker": false}}' "$URL/moto-api/config" \
    || info "warning: could not switch moto to its Docker-less Lambda backend"
}

launch() {
  mkdir -p "$STATE_DIR"
  : > "$LOG"
  # Dummy credentials and no IMDS in the SERVER's environment: LocalStack's s3control fallback
  # otherwise probes 169.254.169.254, and real credentials of the caller must never leak in.
  local -a common_env=(
    -u AWS_PROFILE -u AWS_SESSION_TOKEN -u AWS_ENDPOINT_URL -u AWS_DEFAULT_PROFILE
    AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test
    AWS_DEFAULT_REGION=us-east-1 AWS_REGION=us-east-1
    AWS_EC2_METADATA_DISABLED=true
  )
  local -a cmd
  if [[ $NAME == localstack ]]; then
    local fsroot="$STATE_DIR/localstack-$PORT-fs"
    mkdir -p "$fsroot" "$STATE_DIR/localstack-$PORT-config"
    cmd=(env "${common_env[@]}"
      # hypercorn honours GATEWAY_LISTEN; the default server binds 0.0.0.0 whatever it says.
      GATEWAY_LISTEN="127.0.0.1:$PORT" GATEWAY_SERVER=hypercorn
      # The host:port LocalStack writes into URLs it hands back.
      LOCALSTACK_HOST="127.0.0.1:$PORT"
      # No DNS server (it would bind 0.0.0.0:53), no telemetry, no certificate download.
      DNS_ADDRESS=0 DISABLE_EVENTS=1 SKIP_SSL_CERT_DOWNLOAD=1
      # Unimplemented calls otherwise fetch a licence catalogue from the internet: point the
      # platform endpoints at a dead loopback port so they fail fast and locally.
      API_ENDPOINT=http://127.0.0.1:9/v1 ANALYTICS_API=http://127.0.0.1:9/v1
      # Machines of this kind carry /.dockerenv; without OVERRIDE_IN_DOCKER=0 LocalStack believes
      # it is in its container and writes into system folders.
      OVERRIDE_IN_DOCKER=0 FILESYSTEM_ROOT="$fsroot" CONFIG_DIR="$STATE_DIR/localstack-$PORT-config"
      # State in memory only: a restart is a clean account (what `reset` relies on).
      PERSISTENCE=0
      # Pay the 6-12 s per-service first-call cost at start-up instead of during an audit.
      EAGER_SERVICE_LOADING=1
      SERVICES="${LOCALSTACK_SERVICES:-$DEFAULT_LOCALSTACK_SERVICES}"
      "$VPY" -m localstack.runtime.main)
  else
    cmd=(env "${common_env[@]}"
      # Without it AWS-managed policies (AdministratorAccess, ...) cannot be attached.
      MOTO_IAM_LOAD_MANAGED_POLICIES=true
      "$VENV/bin/moto_server" -H 127.0.0.1 -p "$PORT")
  fi
  # setsid: the server gets its own session and process group, so it survives this shell and
  # `stop` can signal the whole group (LocalStack spawns helper processes).
  ( cd "$STATE_DIR" && exec setsid "${cmd[@]}" </dev/null >>"$LOG" 2>&1 ) &
  local pid=$!
  echo "$pid" > "$PIDFILE"
  echo "$pid"
}

do_start() {
  installed || do_install
  local pid; pid=$(read_pid)
  if pid_is_ours "$pid"; then
    if healthy; then info "$NAME already running on $URL (pid $pid)"; return 0; fi
    info "$NAME (pid $pid) is running but not healthy yet; waiting"
  else
    [[ -n $pid ]] && rm -f "$PIDFILE"    # stale PID file from a crash or reboot
    if port_busy; then
      die "$EXIT_PORT_BUSY" "port $PORT on 127.0.0.1 is already in use by another process (not a $NAME started by this script); pick another with --port N"
    fi
    pid=$(launch)
    info "starting $NAME on $URL (pid $pid, log ${LOG#"$PWD"/})"
  fi
  local waited=0
  while (( waited < START_TIMEOUT * 2 )); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$PIDFILE"
      log_tail
      die "$EXIT_START" "$NAME exited during start-up (see $LOG)"
    fi
    if healthy; then
      [[ $NAME == moto ]] && moto_no_docker
      info "$NAME ready on $URL after $((waited / 2))s"
      return 0
    fi
    sleep 0.5; waited=$((waited + 1))
  done
  log_tail
  # Do not leave a half-started server holding the port.
  stop_pid "$pid" >/dev/null 2>&1 || true
  rm -f "$PIDFILE"
  die "$EXIT_START" "$NAME did not become healthy on $URL within ${START_TIMEOUT}s (see $LOG)"
}

# ---------------------------------------------------------------- stop
# Alive and not a zombie: a server that dies while this script still is its parent (the failed
# start path) stays a zombie until we exit, and kill -0 succeeds on zombies.
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  [[ "$(sed -E 's/^.*\) ([A-Za-z]).*$/\1/' "/proc/$1/stat" 2>/dev/null)" != Z ]]
}

# Signal the whole process group (the server and its helpers). LocalStack sometimes hangs on
# SIGTERM during shutdown, hence the SIGKILL after a grace period.
stop_pid() {
  local pid=$1 i
  local target="-$pid"
  # The group id equals the pid when setsid made it a leader; fall back to the pid alone.
  [[ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" == "$pid" ]] || target=$pid
  kill -TERM -- "$target" 2>/dev/null || true
  for ((i = 0; i < STOP_GRACE * 4; i++)); do
    alive "$pid" || break
    sleep 0.25
  done
  if alive "$pid"; then
    info "$NAME (pid $pid) ignored SIGTERM for ${STOP_GRACE}s; sending SIGKILL"
    kill -KILL -- "$target" 2>/dev/null || true
    for ((i = 0; i < 20; i++)); do alive "$pid" || break; sleep 0.25; done
  fi
  # Helpers left in the group (when the leader died first) get the same treatment.
  if [[ $target == -* ]]; then kill -KILL -- "$target" 2>/dev/null || true; fi
  ! alive "$pid"
}

do_stop() {
  local pid; pid=$(read_pid)
  if ! pid_is_ours "$pid"; then
    rm -f "$PIDFILE"
    info "$NAME is not running on port $PORT (nothing to stop)"
    return 0
  fi
  if stop_pid "$pid"; then
    rm -f "$PIDFILE"
    info "$NAME (pid $pid) stopped"
  else
    die "$EXIT_STOP" "$NAME (pid $pid) survived SIGKILL"
  fi
}

# ---------------------------------------------------------------- status
do_status() {
  local pid; pid=$(read_pid)
  if ! pid_is_ours "$pid"; then
    echo "$NAME: not running on port $PORT"
    exit "$EXIT_NOT_RUNNING"
  fi
  if ! healthy; then
    echo "$NAME: pid $pid alive but $URL is not healthy"
    exit "$EXIT_NOT_RUNNING"
  fi
  echo "$NAME: running on $URL (pid $pid)"
  if [[ $NAME == localstack ]]; then
    # Which services LocalStack reports as available/running: handy to see what a check can use.
    curl -fsS --max-time 3 "$URL/_localstack/health" | "$VPY" -c '
import json, sys
h = json.load(sys.stdin)
print("  version:", h.get("version"))
print("  services:", ", ".join(f"{k}={v}" for k, v in sorted(h.get("services", {}).items())))
' || true
  fi
}

# ---------------------------------------------------------------- reset
# A clean account between test runs. moto has an API for it (and keeps its Docker-less Lambda
# setting); LocalStack core has none, and PERSISTENCE=0 means a restart is a reset.
do_reset() {
  if [[ $NAME == moto ]]; then
    pid_is_ours "$(read_pid)" || die "$EXIT_NOT_RUNNING" "moto is not running on port $PORT"
    curl -fsS --max-time 10 -o /dev/null -X POST "$URL/moto-api/reset" \
      || die "$EXIT_START" "moto did not accept POST /moto-api/reset"
    moto_no_docker
    info "moto on $URL reset"
  else
    do_stop
    do_start
  fi
}

case "$CMD" in
  install) do_install ;;
  reset)   do_reset ;;
  start)   do_start ;;
  stop)    do_stop ;;
  status)  do_status ;;
esac
