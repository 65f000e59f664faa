#!/usr/bin/env bash
# Times the site's search in headless Chromium on a generated vault of
# 10,000 clients: the index's size, loading it on first use, and each query
# from keystroke to results drawn. Needs chromium and chromium-driver.
#
#   bash bench/search.sh          # CLIENTS=1000 RUNS=10 to change them
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin dossier --example gen_vault --example search_latency
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-search-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
clients=${CLIENTS:-10000}
target/release/examples/gen_vault --clients "$clients" --seed 1 "$work/vault"
target/release/dossier build "$work/vault" --as-of 2025-11-23 --format json -o "$work/site" >/dev/null
printf 'gzipped, as a server would send it: %s bytes\n' "$(gzip -c "$work/site/_search/index.js" | wc -c)"
target/release/examples/search_latency "$work/site" "${RUNS:-5}"
