# Shared by the project's scripts: paths, the shared build cache, and emulator bookkeeping.
# Sourced, not run.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
EMULATOR="$ROOT/localstack/emulator.sh"
# A target directory outside the clone survives fresh clones on the same machine.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/posture-target}"
# Emulators accept any credentials; these keep the SDK off the instance metadata service.
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_REGION="${AWS_REGION:-us-east-1}"
export AWS_EC2_METADATA_DISABLED=true

STARTED_EMULATORS=()

# ensure_emulator NAME PORT: install and start unless already running; remember what we started.
ensure_emulator() {
  local name=$1 port=$2
  if bash "$EMULATOR" status "$name" --port "$port" >/dev/null 2>&1; then
    echo "== $name already running on 127.0.0.1:$port"
    return 0
  fi
  bash "$EMULATOR" install "$name"
  bash "$EMULATOR" start "$name" --port "$port"
  STARTED_EMULATORS+=("$name:$port")
}

# stop_started_emulators: stop only what this script started, even after a failure.
stop_started_emulators() {
  local entry
  for entry in "${STARTED_EMULATORS[@]:-}"; do
    [ -n "$entry" ] || continue
    bash "$EMULATOR" stop "${entry%%:*}" --port "${entry##*:}" || true
  done
}

# The venv python that has boto3, for the seeding script.
seed_python() {
  if [ -x "$ROOT/localstack/.venv-moto/bin/python" ]; then
    echo "$ROOT/localstack/.venv-moto/bin/python"
  else
    echo "$ROOT/localstack/.venv-localstack/bin/python"
  fi
}
