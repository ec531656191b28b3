#!/usr/bin/env bash
# Scores `ieum match` on both public dev sets (matching-dev, matching-dev2) next to the plain
# Hangul-bigram BM25 baseline (`ieum match --baseline`, same binary and I/O) with each set's own
# score.py. The ablation table (each generalisation method switched off) comes from
# `ieum-bench evaluate`, which needs no app build.
# Usage: scripts/evaluate-matching.sh [--per-need] [--release]
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
sets="${IEUM_MATCHING_DEV:-$(dirname "$repo")/shared/data/matching-dev $(dirname "$repo")/shared/data/matching-dev2}"
per_need=""; build_args=()
for arg in "$@"; do
  case "$arg" in
    --per-need) per_need="--per-need" ;;
    --release) build_args=(-c release --scratch-path "$repo/.build-release") ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
cd "$repo"
swift build "${build_args[@]}" --product ieum >&2
bin="$(swift build "${build_args[@]}" --show-bin-path)/ieum"
out="$(mktemp -d)"; trap 'rm -rf "$out"' EXIT
value() { grep "^$2:" "$1" | awk '{print $2}'; }
for data in $sets; do
  [ -f "$data/score.py" ] || { echo "dev set not found at $data" >&2; exit 1; }
  timeout 600 "$bin" match --startups "$data/startups.jsonl" --needs "$data/needs.jsonl" --top 50 > "$out/engine.tsv"
  timeout 600 "$bin" match --baseline --startups "$data/startups.jsonl" --needs "$data/needs.jsonl" --top 50 > "$out/baseline.tsv"
  python3 "$data/score.py" "$out/engine.tsv" $per_need > "$out/engine.txt"
  python3 "$data/score.py" "$out/baseline.tsv" $per_need > "$out/baseline.txt"
  echo; echo "== $(basename "$data")"
  if [ -n "$per_need" ]; then
    echo "-- engine, per need"; sed '/^$/,$d' "$out/engine.txt"
    echo "-- baseline, per need"; sed '/^$/,$d' "$out/baseline.txt"
  fi
  printf '%-28s %8s %10s %8s\n' "run" "nDCG@10" "Recall@10" "MRR"
  for run in engine baseline; do
    label="$run"; [ "$run" = engine ] && label="Ieum engine" || label="bigram BM25 baseline"
    printf '%-28s %8s %10s %8s\n' "$label" "$(value "$out/$run.txt" ndcg@10)" "$(value "$out/$run.txt" recall@10)" "$(value "$out/$run.txt" mrr)"
  done
done
