#!/usr/bin/env bash
# Formats the crate, or checks it with --check. `cargo fmt` alone is not enough: rustfmt does not
# follow modules declared inside a macro, and every check's module is declared by
# `service_checks!`, so the check files are handed to rustfmt by name.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
check=()
[ "${1:-}" = "--check" ] && check=(--check)
cargo fmt --all -- "${check[@]}"
git ls-files -z 'src/checks/*/*.rs' | xargs -0 rustfmt --edition 2024 "${check[@]}"
