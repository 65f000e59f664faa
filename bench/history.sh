#!/usr/bin/env bash
# Times reading the history from Git: on a generated repository of 10,000
# clients and 1,000 commits, each touching 20 notes (gen_vault --commits),
# the first read (no cache) and the read after one more commit of 20 notes
# (the cache of the commit before in place). Each figure is the median of
# the `history` stages DOSSIER_TIMINGS prints in `dossier report`, with
# the time of the whole report next to it.
#
#   bash bench/history.sh          # CLIENTS=1000 COMMITS=200 RUNS=9 to change it
set -euo pipefail
cd "$(dirname "$0")/.."
command -v git >/dev/null || { echo "git is needed to write the repository: apt-get install -y git" >&2; exit 2; }
cargo build --release --quiet --bin dossier --example gen_vault
bin=$PWD/target/release/dossier
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-history-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
clients=${CLIENTS:-10000}
commits=${COMMITS:-1000}
runs=${RUNS:-5}
vault="$work/vault"
target/release/examples/gen_vault --clients "$clients" --seed 1 --commits "$commits" --per-commit 20 "$vault"
as_of=2026-01-01
timed() { # prints the lines of the history stages and the total of one report
  DOSSIER_TIMINGS=1 "$bin" report "$vault" --as-of "$as_of" --format json 2>&1 >/dev/null \
    | grep -E '^timing: (history|total)'
}
: > "$work/first.txt"
for i in $(seq "$runs"); do
  rm -rf "$vault/.git/dossier"
  timed >> "$work/first.txt"
done
# The cache as of the last commit, then one commit more.
cp -r "$vault/.git/dossier" "$work/cache-before"
(
  cd "$vault"
  n=0
  for f in clients/*.md; do
    sed -i 's/^    stage: contacted$/    stage: qualified/; t; s/^    stage: qualified$/    stage: proposal/' "$f"
    echo "- one more line" >> "$f"
    n=$((n + 1))
    [ "$n" -ge 20 ] && break
  done
  git -c user.name=Bench -c user.email=bench@example.com commit -qam "one more"
)
: > "$work/one-more.txt"
for i in $(seq "$runs"); do
  rm -rf "$vault/.git/dossier"
  cp -r "$work/cache-before" "$vault/.git/dossier"
  timed >> "$work/one-more.txt"
done
python3 - "$work/first.txt" "$work/one-more.txt" "$clients" "$commits" <<'PY'
import re, statistics, sys
def stages(path):
    out = {}
    for line in open(path):
        m = re.match(r"timing: (.+) ([0-9.]+) ms", line)
        if m:
            out.setdefault(m[1], []).append(float(m[2]))
    return out
print(f"{sys.argv[3]} clients, {sys.argv[4]} commits of 20 notes")
for title, path in (("first read (no cache)", sys.argv[1]), ("after one more commit", sys.argv[2])):
    s = stages(path)
    print(title)
    for name in sorted(s, key=lambda n: (n == "total", n)):
        v = s[name]
        print(f"  {name:40} median {statistics.median(v):8.1f} ms  (min {min(v):.1f}, max {max(v):.1f})")
PY
