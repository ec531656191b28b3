#!/usr/bin/env bash
# Judge assignment benchmark (release build): Ieum vs OR-Tools SimpleMinCostFlow on the same
# deterministic instance (2,000 applications × 300 judges, k = 3, loads 15…25, ~1.5% conflicts).
# Both objectives must be equal; both assignments are verified by the Python side.
# The instance and the venv live in .bench/ (ignored by git). Every step is bounded in time.
# Usage: scripts/bench-judges.sh [--runs N] [--venv DIR]   (default venv: .bench/venv)
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
runs=5
bench="$repo/.bench"
venv="$bench/venv"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --venv) venv="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
cd "$repo"
mkdir -p "$bench"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import ortools, numpy" 2>/dev/null; then
  /usr/bin/python3 -m venv "$venv"
  timeout 900 "$venv/bin/pip" install -q ortools numpy
fi
timeout 1800 swift build -c release --product ieum-bench --scratch-path .build-release >&2
bin="$repo/.build-release/release/ieum-bench"
log="$bench/last-judges-run.txt"
: > "$log"
echo "== judge assignment (2,000 applications × 300 judges, k = 3)" | tee -a "$log"
timeout 1200 "$bin" judges --runs "$runs" --export "$bench/judges.txt" | tee -a "$log"
timeout 1200 "$venv/bin/python" scripts/bench-judges.py "$bench/judges.txt" "$runs" "$bench/judges.ieum.txt" | tee -a "$log"
value() { grep -o "$1=[0-9.e+-]*" "$log" | head -1 | cut -d= -f2; }
python3 - "$(value judges_s)" "$(value ortools_s)" "$(value ortools_solve_s)" "$(value judges_objective)" "$(value ortools_objective)" "$(value ieum_verified_objective)" <<'PY'
import sys
ours, theirs, theirs_solve, obj, obj2, verified = sys.argv[1:]
print("\n== summary")
print(f"objective: Ieum {obj} vs OR-Tools {obj2} → {'equal' if obj == obj2 == verified else 'DIFFERENT'}")
print(f"time: Ieum {float(ours) * 1000:.0f} ms (build + solve) vs OR-Tools {float(theirs) * 1000:.0f} ms build + solve "
      f"({float(theirs_solve) * 1000:.0f} ms solve alone) → {float(theirs) / float(ours):.2f}× (>1 means Ieum faster)")
sys.exit(0 if obj == obj2 == verified else 1)
PY
