#!/usr/bin/env bash
# Times the site's search in headless Chromium on generated vaults of
# 10,000 and 50,000 clients: the bytes of the index loaded before the
# first result, the time from keystroke to the first result on a page just
# opened, each query on a page in use, and the JS heap after them all.
# Needs chromium and chromium-driver. A benchmark, not a test.
#
#   bash bench/search.sh                 # SIZES="1000" RUNS=10 to change
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin dossier --example gen_vault --example search_latency
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-search-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
for clients in ${SIZES:-10000 50000}; do
  echo "== $clients clients"
  rm -rf "$work/vault" "$work/site"
  target/release/examples/gen_vault --clients "$clients" --seed 1 "$work/vault"
  target/release/dossier build "$work/vault" --as-of 2025-11-23 --format json -o "$work/site" >/dev/null
  target/release/examples/search_latency "$work/site" "${RUNS:-5}"
done
