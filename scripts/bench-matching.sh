#!/usr/bin/env bash
# Matching benchmarks (release build) with their peers in the same run:
#   retrieval: Ieum vs bm25s's numba and numpy backends on identical tokens (queries/s, both
#   ratios, top-10 agreement); the engine's p50/p99 and index build with every method on,
#   assignment: Ieum vs OR-Tools SimpleMinCostFlow on the same instance (objective, time).
# Corpus, tokens and the venv live in .bench/ (ignored by git). Every step is bounded in time.
# Usage: scripts/bench-matching.sh [--runs N] [--startups N] [--no-assignment]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
runs=3; startups=100000; assignment=1
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --startups) startups="$2"; shift 2 ;;
    --no-assignment) assignment=0; shift ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
cd "$repo"
bench="$repo/.bench"
mkdir -p "$bench"
if [ ! -x "$bench/venv/bin/python" ] || ! "$bench/venv/bin/python" -c "import bm25s, numba, ortools" 2>/dev/null; then
  /usr/bin/python3 -m venv "$bench/venv"
  timeout 900 "$bench/venv/bin/pip" install -q bm25s numba numpy scipy ortools
fi
timeout 1800 swift build -c release --product ieum-bench --scratch-path .build-release >&2
bin="$repo/.build-release/release/ieum-bench"
corpus="$bench/corpus-$startups"
[ -f "$corpus/needs.jsonl" ] || timeout 600 "$bin" generate --out "$corpus" --startups "$startups" --needs 1000
log="$bench/last-run.txt"
: > "$log"
# The machine is shared: every figure is printed with the load it was taken at.
load() { echo "load ($1): $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$log"; }
load start
echo "== retrieval ($startups profiles, 1,000 needs)" | tee -a "$log"
timeout 1200 "$bin" retrieval --corpus "$corpus" --runs "$runs" --export "$bench/tokens" | tee -a "$log"
load "after Ieum retrieval"
timeout 1200 "$bench/venv/bin/python" scripts/bench-matching.py bm25s "$bench/tokens" "$runs" 20 | tee -a "$log"
load "after bm25s"
if [ "$assignment" = 1 ]; then
  echo "== assignment (10,000 startups × 1,000 needs, top-100 candidates, capacity 3, limit 2)" | tee -a "$log"
  timeout 1200 "$bin" assign --corpus "$corpus" --runs "$runs" --export "$bench/assignment.txt" | tee -a "$log"
  timeout 1200 "$bench/venv/bin/python" scripts/bench-matching.py ortools "$bench/assignment.txt" "$runs" | tee -a "$log"
fi
value() { grep -o "$1=[0-9.e+-]*" "$log" | head -1 | cut -d= -f2; }
python3 - "$(value plain_qps)" "$(value engine_qps)" "$(value bm25s_numba_qps)" "$(value bm25s_numpy_qps)" "$(value p99_ms)" "$(value build_s)" "$(value assign_s)" "$(value ortools_s)" "$(value assign_objective)" "$(value ortools_objective)" <<'PY'
import sys
plain, engine, numba, numpy, p99, build, ours, theirs, obj, obj2 = sys.argv[1:]
print("\n== summary")
for name, peer in (("numba", numba), ("numpy", numpy)):
    print(f"plain BM25 on identical tokens: Ieum {float(plain):.0f} q/s vs bm25s {name} {float(peer):.0f} q/s → {float(plain) / float(peer):.2f}× (goal ≥ 2× the fastest)")
print(f"full engine (BM25F, every generalisation method, re-rank): {float(engine):.0f} q/s, p99 {float(p99):.2f} ms (goal ≤ 5 ms); build {float(build):.2f} s (goal ≤ 1.5 s)")
if ours and theirs:
    print(f"assignment: Ieum {float(ours) * 1000:.0f} ms vs OR-Tools {float(theirs) * 1000:.0f} ms → {float(theirs) / float(ours):.2f}× (>1 means Ieum faster); "
          f"objective {'equal' if obj == obj2 else 'DIFFERENT'} ({obj} vs {obj2})")
PY
