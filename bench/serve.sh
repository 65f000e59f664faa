#!/usr/bin/env bash
# Times a save in `dossier serve`: on a generated vault of 10,000 clients
# (11,000 notes), one client's name is rewritten again and again, and each
# save is timed until the page, fetched when the live-reload event arrives,
# shows the new name. Prints the median and range.
#
#   bash bench/serve.sh            # CLIENTS=1000 RUNS=50 to change the size
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin dossier --example gen_vault --example serve_latency
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-serve-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
clients=${CLIENTS:-10000}
target/release/examples/gen_vault --clients "$clients" --seed 1 "$work/vault"
target/release/examples/serve_latency target/release/dossier "$work/vault" "${RUNS:-30}" 2>/dev/null
