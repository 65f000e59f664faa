#!/usr/bin/env bash
# Runs each fuzz target for a while: front matter → typed note, the simple
# YAML reader against the parser, Markdown body → links and HTML, config,
# a Git history made from the input (read, and written out as a past
# vault), and a tampered history cache.
# Seeds each corpus from the example vault and the test fixtures. Needs
# nightly Rust and cargo-fuzz (`rustup toolchain install nightly`,
# `cargo install cargo-fuzz`).
#
#   bash fuzz/run.sh            # 10 minutes per target
#   SECONDS_EACH=60 bash fuzz/run.sh markdown
#
# A crash, a hang (10 s for one input) or script in the HTML stops a target
# and leaves the input in fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"
each=${SECONDS_EACH:-600}
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(front_matter yaml_readers markdown config history cache)
seed() {
  local target=$1
  mkdir -p "corpus/$target"
  [ -n "$(ls -A "corpus/$target")" ] && return
  case "$target" in
    front_matter)
      find ../example-vault ../tests/fixtures ../tests/book -name '*.md' -exec cp {} "corpus/$target/" \; 2>/dev/null || true ;;
    yaml_readers)
      # Front matter only: the text between the first two `---` lines.
      find ../example-vault ../tests/fixtures ../tests/book -name '*.md' | while read -r f; do
        awk 'NR==1 && /^---[[:space:]]*$/ {n=1; next} n==1 && /^---[[:space:]]*$/ {exit} n==1 {print}' "$f" > "corpus/$target/$(echo "$f" | md5sum | cut -c1-16)"
      done ;;
    markdown)
      # Bodies only: the text after the front matter.
      find ../example-vault ../tests/fixtures -name '*.md' | while read -r f; do
        awk 'BEGIN{n=0} /^---[[:space:]]*$/ && n<2 {n++; next} n!=1 {print}' "$f" > "corpus/$target/$(echo "$f" | md5sum | cut -c1-16)"
      done ;;
    cache)
      # A cache's shape, for the fuzzer to start from.
      printf '%s' '{"format":3,"key":0,"read":{"head":"0000000000000000000000000000000000000000","head_tree":null,"commits":[{"id":"0000000000000000000000000000000000000000","day":"2026-01-01"}],"steps":[{"commit":0,"code":"O1","step":"Gone"}],"gaps":[],"files":{}}}' > "corpus/$target/shape.json" ;;
    history) ;; # structured input: libFuzzer makes its own
    config)
      cp ../example-vault/dossier.toml "corpus/$target/example.toml"
      find ../tests -name 'dossier.toml' -exec sh -c 'cp "$1" "corpus/config/$(echo "$1" | md5sum | cut -c1-16).toml"' _ {} \; ;;
  esac
}
for target in "${targets[@]}"; do
  seed "$target"
  echo "== $target for ${each}s"
  cargo +nightly fuzz run -O "$target" "corpus/$target" -- \
    -max_total_time="$each" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 2>&1 |
    grep -v "^ *#[0-9]\|NEW\|REDUCE\|pulse\|^ *[0-9]*: \|^ *at " | tail -n 80
done
