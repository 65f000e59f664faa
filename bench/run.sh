#!/usr/bin/env bash
# Times `dossier check` and `dossier build` on generated vaults of 1,000 and
# 10,000 clients, next to the floor program (examples/floor.rs), with
# hyperfine; prints medians and peak memory.
#
#   bash bench/run.sh            # needs hyperfine (apt-get install hyperfine)
#
# Every build writes into a fresh folder: on this machine's disk, creating
# files right after deleting many is slow, so outputs are deleted only at
# the end.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is needed: apt-get install -y hyperfine" >&2; exit 2; }
cargo build --release --quiet --bin dossier --example gen_vault --example floor
bin=target/release/dossier
work=$(mktemp -d "${TMPDIR:-/tmp}/dossier-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
runs=${RUNS:-10}
for n in 1000 10000; do
  vault="$work/vault-$n"
  target/release/examples/gen_vault --clients "$n" --seed 1 "$vault" 2>&1
  hyperfine --warmup 1 --runs "$runs" --export-json "$work/$n.json" \
    -n "floor $n" "target/release/examples/floor $vault \$(mktemp -d -p $work)" \
    -n "check $n" "$bin check $vault --as-of 2025-11-23 --format json" \
    -n "build $n" "$bin build $vault --as-of 2025-11-23 --format json -o \$(mktemp -d -p $work)/site" \
    >/dev/null
  python3 - "$work/$n.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
floor = next(r["median"] for r in results if r["command"].startswith("floor"))
for r in results:
    print(f'{r["command"]:12} median {r["median"]*1000:8.1f} ms   (min {r["min"]*1000:.1f}, max {r["max"]*1000:.1f})   {r["median"]/floor:4.2f}x floor')
PY
  for cmd in check build; do
    out=$(mktemp -d -p "$work")
    args=("$cmd" "$vault" --as-of 2025-11-23 --format json)
    [ "$cmd" = build ] && args+=(-o "$out/site")
    /usr/bin/time -f "$cmd $n peak memory %M KiB" "$bin" "${args[@]}" >/dev/null
  done
  rm -rf "$work"/tmp.* 2>/dev/null || true
done
