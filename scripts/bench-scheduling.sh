#!/usr/bin/env bash
# Meeting-scheduler benchmark (release build): Ieum vs OR-Tools CP-SAT on the same three instances
# (100+100 people / 600 requests, 300+300 / 2,000, 500+500 / 4,000; 16 slots). ieum-bench generates
# each instance deterministically, solves it (median of runs) and exports it to .bench/scheduling/;
# scripts/bench-scheduling.py solves the same model with CP-SAT. Every step is bounded in time.
# Usage: scripts/bench-scheduling.sh [--runs N] [--time SECONDS] [--workers N] [--size small|medium|large|all]
#        [--half-day SHARE] [--table-scale X]   (stress variants: more half-day blocks, fewer tables)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
runs=5; limit=60; workers=2; size=all; variant=()
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --time) limit="$2"; shift 2 ;;
    --workers) workers="$2"; shift 2 ;;
    --size) size="$2"; shift 2 ;;
    --half-day|--table-scale) variant+=("$1" "$2"); shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
cd "$repo"
bench="$repo/.bench"
mkdir -p "$bench/scheduling"
if [ ! -x "$bench/venv/bin/python" ] || ! "$bench/venv/bin/python" -c "import ortools" 2>/dev/null; then
  [ -x "$bench/venv/bin/python" ] || /usr/bin/python3 -m venv "$bench/venv"
  timeout 900 "$bench/venv/bin/pip" install -q ortools
fi
timeout 1800 swift build -c release --product ieum-bench --scratch-path .build-release >&2
bin="$repo/.build-release/release/ieum-bench"
log="$bench/scheduling-last-run.txt"
: > "$log"
if [ "$size" = all ]; then sizes="small medium large"; else sizes="$size"; fi
echo "machine: $(nproc) cores, $(lscpu 2>/dev/null | grep 'Model name' | sed 's/Model name:[[:space:]]*//' | head -1)" | tee -a "$log"
for s in $sizes; do
  timeout 600 "$bin" schedule --size "$s" --runs "$runs" --export "$bench/scheduling" ${variant[@]+"${variant[@]}"} | tee -a "$log"
  timeout $((limit * 2 + 300)) "$bench/venv/bin/python" scripts/bench-scheduling.py "$bench/scheduling/$s.txt" --time "$limit" --workers "$workers" \
    | sed "s/^RESULT /RESULT name=$s /" | tee -a "$log"
done
python3 - "$log" "$limit" "$workers" <<'PY'
import sys
log, limit, workers = sys.argv[1], sys.argv[2], sys.argv[3]
rows = {}
for line in open(log, encoding="utf-8"):
    if line.startswith("RESULT "):
        fields = dict(kv.split("=", 1) for kv in line.split()[1:])
        rows.setdefault(fields["name"], {}).update(fields)
print(f"\n== summary (Ieum: release, 1 thread, median of runs; CP-SAT: {workers} workers, limit {limit} s)")
head = f"{'instance':<9} {'Ieum weight':>11} {'placed':>7} {'gaps':>6} {'time':>9} | {'CP-SAT weight':>13} {'placed':>7} {'bound':>7} {'status':>9} {'time':>8} | {'Ieum/CP-SAT':>11} {'Ieum bound':>10}"
print(head)
print("-" * len(head))
for name, r in rows.items():
    ratio = float(r["ieum_weight"]) / max(1.0, float(r["cpsat_weight"]))
    print(f"{name:<9} {r['ieum_weight']:>11} {r['ieum_placed']:>7} {r['ieum_gaps']:>6} {float(r['ieum_s']) * 1000:>7.1f}ms | "
          f"{r['cpsat_weight']:>13} {r['cpsat_placed']:>7} {r['cpsat_bound']:>7} {r['cpsat_status']:>9} {float(r['cpsat_s']):>7.2f}s | "
          f"{ratio:>11.4f} {r['ieum_bound']:>10}")
PY
