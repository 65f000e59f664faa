#!/usr/bin/env bash
# Times `dossier check`, `report` and `build` on generated vaults of 1,000
# and 10,000 clients, next to the floor program (examples/floor.rs), with
# hyperfine; prints medians, peak memory, and where a build's time goes.
#
#   bash bench/run.sh            # needs hyperfine (apt-get install hyperfine)
#   SIZES="10000 50000" RUNS=5 bash bench/run.sh
#                                # the large case: 50,000 clients (~430 MB on disk)
#   BASELINE=/path/to/older/dossier bash bench/run.sh
#                                # also times an older binary's build
#
# Besides hyperfine's blocks of runs, the floor and the build (and the
# older build) run alternately, and their ratio is printed again.
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
sizes=${SIZES:-1000 10000}
for n in $sizes; do
  vault="$work/vault-$n"
  target/release/examples/gen_vault --clients "$n" --seed 1 "$vault" 2>&1
  baseline=()
  if [ -n "${BASELINE:-}" ]; then
    baseline=(-n "baseline build $n" "$BASELINE build $vault --as-of 2025-11-23 --format json -o \$(mktemp -d -p $work)/site")
  fi
  hyperfine --warmup 1 --runs "$runs" --export-json "$work/$n.json" \
    -n "floor $n" "target/release/examples/floor $vault \$(mktemp -d -p $work)" \
    -n "check $n" "$bin check $vault --as-of 2025-11-23 --format json" \
    -n "report $n" "$bin report $vault --as-of 2025-11-23 --format json" \
    -n "build $n" "$bin build $vault --as-of 2025-11-23 --format json -o \$(mktemp -d -p $work)/site" \
    "${baseline[@]}" \
    >/dev/null
  python3 - "$work/$n.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
floor = next(r["median"] for r in results if r["command"].startswith("floor"))
for r in results:
    print(f'{r["command"]:20} median {r["median"]*1000:8.1f} ms   (min {r["min"]*1000:.1f}, max {r["max"]*1000:.1f})   {r["median"]/floor:4.2f}x floor')
PY
  # Where a build's time goes: DOSSIER_TIMINGS prints each stage.
  for i in $(seq "$runs"); do
    DOSSIER_TIMINGS=1 "$bin" build "$vault" --as-of 2025-11-23 --format json -o "$(mktemp -d -p "$work")/site" 2>&1 >/dev/null | grep '^timing:'
  done > "$work/timings-$n.txt"
  python3 - "$work/timings-$n.txt" "$n" <<'PY'
import statistics, sys
stages = {}
for line in open(sys.argv[1]):
    _, rest = line.split(":", 1)
    name, ms, _ = rest.strip().rsplit(" ", 2)
    stages.setdefault(name, []).append(float(ms))
med = {k: statistics.median(v) for k, v in stages.items()}
total = med["total"]
for name, value in med.items():
    print(f'  stage {name:26} median {value:8.1f} ms  {value / total * 100:5.1f}% of build {sys.argv[2]}')
a = med["analytics"]
everything = a + med["listings, the book and its directories"]
print(f'  analytics alone: {a:.1f} ms = {a / total * 100:.1f}% of build')
print(f'  analytics + the pages besides those of notes (folders, problems, dashboard, pipeline, classifications, health, risk, the directories): {everything:.1f} ms = {everything / total * 100:.1f}%')
PY
  # hyperfine runs each command in a block, and on this machine's disk
  # the floor's time drifts from block to block; the floor and the build
  # (and the older build, if any) also run alternately, one after the
  # other, so that each ratio compares runs made in the same minutes,
  # each after a `sync`.
  python3 - "$bin" "$vault" "$work" "$runs" "$n" "${BASELINE:-}" <<'PY'
import os, resource, statistics, subprocess, sys, tempfile, time
current, vault, work, runs, n, baseline = sys.argv[1:]
commands = [("floor", ["target/release/examples/floor", vault]),
            ("build", [current, "build", vault, "--as-of", "2025-11-23", "--format", "json"])]
if baseline:
    commands.append(("baseline build", [baseline, "build", vault, "--as-of", "2025-11-23", "--format", "json"]))
times = {name: [] for name, _ in commands}
# Processor time (user + system) too: on a shared machine it moves less
# than the wall clock.
cpus = {name: [] for name, _ in commands}
for i in range(int(runs)):
    for name, command in (commands if i % 2 == 0 else commands[::-1]):
        out = tempfile.mkdtemp(dir=work)
        target = [out] if name == "floor" else ["-o", out + "/site"]
        # What the run before left to write back goes to disk first, so
        # that its write-back does not take this run's processors: the
        # build writes four to five times the floor's bytes, and which
        # program paid for whose write-back swung the ratio by 20%.
        os.sync()
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command + target, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times[name].append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus[name].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
floor = statistics.median(times["floor"])
floor_cpu = statistics.median(cpus["floor"])
for name, _ in commands:
    median = statistics.median(times[name])
    own = statistics.median(t / f for t, f in zip(times[name], times["floor"]))
    cpu = statistics.median(cpus[name]) / floor_cpu
    print(f'  alternated {name:14} {n}: median {median * 1000:8.1f} ms   {median / floor:4.2f}x floor'
          f'   (each run\'s own ratio: median {own:4.2f}x; processor time {cpu:4.2f}x)')
PY
  for cmd in check report build; do
    out=$(mktemp -d -p "$work")
    args=("$cmd" "$vault" --as-of 2025-11-23 --format json)
    [ "$cmd" = build ] && args+=(-o "$out/site")
    /usr/bin/time -f "$cmd $n peak memory %M KiB" "$bin" "${args[@]}" >/dev/null 2>"$work/time.txt" || true
    tail -n 1 "$work/time.txt" | awk '{ printf "%s %s peak memory %.0f MiB\n", $1, $2, $5 / 1024 }'
  done
  rm -rf "$work"/tmp.* 2>/dev/null || true
done
