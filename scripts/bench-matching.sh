#!/usr/bin/env bash
# Matching benchmarks (release build) with their peers in the same run:
#   retrieval: Ieum vs bm25s on identical tokens (queries/s, ratio, top-10 agreement),
#   assignment: Ieum vs OR-Tools SimpleMinCostFlow on the same instance (objective, time).
# Corpus, tokens and the venv live in .bench/ (ignored by git). Every step is bounded in time.
# Usage: scripts/bench-matching.sh [--runs N] [--startups N]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
runs=3; startups=100000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --startups) startups="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
cd "$repo"
bench="$repo/.bench"
mkdir -p "$bench"
if [ ! -x "$bench/venv/bin/python" ] || ! "$bench/venv/bin/python" -c "import bm25s, ortools" 2>/dev/null; then
  /usr/bin/python3 -m venv "$bench/venv"
  timeout 900 "$bench/venv/bin/pip" install -q bm25s ortools numpy scipy
fi
timeout 1800 swift build -c release --product ieum-bench --scratch-path .build-release >&2
bin="$repo/.build-release/release/ieum-bench"
corpus="$bench/corpus-$startups"
[ -f "$corpus/needs.jsonl" ] || timeout 600 "$bin" generate --out "$corpus" --startups "$startups" --needs 1000
log="$bench/last-run.txt"
: > "$log"
echo "== retrieval ($startups profiles, 1,000 needs)" | tee -a "$log"
timeout 1200 "$bin" retrieval --corpus "$corpus" --runs "$runs" --export "$bench/tokens" | tee -a "$log"
timeout 1200 "$bench/venv/bin/python" scripts/bench-matching.py bm25s "$bench/tokens" "$runs" 20 | tee -a "$log"
echo "== assignment (10,000 startups × 1,000 needs, top-100 candidates, capacity 3, limit 2)" | tee -a "$log"
timeout 1200 "$bin" assign --corpus "$corpus" --runs "$runs" --export "$bench/assignment.txt" | tee -a "$log"
timeout 1200 "$bench/venv/bin/python" scripts/bench-matching.py ortools "$bench/assignment.txt" "$runs" | tee -a "$log"
value() { grep -o "$1=[0-9.e+-]*" "$log" | head -1 | cut -d= -f2; }
python3 - "$(value plain_qps)" "$(value engine_qps)" "$(value bm25s_qps)" "$(value assign_s)" "$(value ortools_s)" "$(value assign_objective)" "$(value ortools_objective)" <<'PY'
import sys
plain, engine, bm25s, ours, theirs, obj, obj2 = sys.argv[1:]
print("\n== summary")
print(f"plain BM25 on identical tokens: Ieum {float(plain):.0f} q/s vs bm25s {float(bm25s):.0f} q/s → {float(plain) / float(bm25s):.1f}×")
print(f"full engine (BM25F + re-rank): {float(engine):.0f} q/s → {float(engine) / float(bm25s):.1f}× bm25s")
print(f"assignment: Ieum {float(ours) * 1000:.0f} ms vs OR-Tools {float(theirs) * 1000:.0f} ms → {float(theirs) / float(ours):.2f}× (>1 means Ieum faster); "
      f"objective {'equal' if obj == obj2 else 'DIFFERENT'} ({obj} vs {obj2})")
PY
