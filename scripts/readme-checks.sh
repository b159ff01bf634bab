#!/usr/bin/env bash
# Regenerates the README's check table from the registry (`posture checks --format markdown`);
# tests/it/cli.rs fails while the table is stale.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
table="$(cargo run --locked --quiet -- checks --format markdown)"
python3 - "$table" <<'PY'
import re, sys
table = sys.argv[1].rstrip("\n")
path = "README.md"
text = open(path, encoding="utf-8").read()
pattern = re.compile(r"(<!-- checks:begin[^\n]*-->\n).*?(\n<!-- checks:end -->)", re.S)
if not pattern.search(text):
    sys.exit("README.md has no <!-- checks:begin --> ... <!-- checks:end --> markers")
open(path, "w", encoding="utf-8").write(pattern.sub(lambda m: m.group(1) + table + m.group(2), text))
PY
echo "README.md check table regenerated"
