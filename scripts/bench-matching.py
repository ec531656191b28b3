#!/usr/bin/env python3
"""Peers for the matching benchmarks, on exactly the data ieum-bench exported.

bm25s (numba and numpy backends): the engine's tokens (term ids) for every profile and query, plain Lucene BM25 (k1=1.5, b=0.75),
top-20 queries/s single-threaded, top-10 agreement with Ieum's plain BM25 on the same tokens.
OR-Tools: SimpleMinCostFlow on the same assignment instance (integer weights), objective and time.
"""
import statistics
import sys
import time


def bm25s_bench(tokens_dir, runs, top, backends):
    """Each backend at its best: numba (JIT-compiled scoring and top-k) and numpy, one query at a
    time on one thread, as a server answering requests would call it."""
    import bm25s
    docs = [line.split() for line in open(f"{tokens_dir}/docs.txt", encoding="utf-8")]
    queries = [line.split() for line in open(f"{tokens_dir}/queries.txt", encoding="utf-8")]
    ours = [[int(x) for x in line.split()] for line in open(f"{tokens_dir}/ieum-top10.txt", encoding="utf-8")]
    for backend in backends:
        t = time.perf_counter()
        retriever = bm25s.BM25(k1=1.5, b=0.75, method="lucene", backend=backend)
        retriever.index(docs, show_progress=False)
        build = time.perf_counter() - t
        # warm up (numba compiles on first use), then time whole passes and single queries
        for q in queries[:50]:
            retriever.retrieve([q], k=top, show_progress=False, n_threads=1)
        qps = []
        latencies = []
        for _ in range(runs):
            t = time.perf_counter()
            for q in queries:
                s = time.perf_counter()
                retriever.retrieve([q], k=top, show_progress=False, n_threads=1)
                latencies.append(time.perf_counter() - s)
            qps.append(len(queries) / (time.perf_counter() - t))
        same = overlap = 0
        for i, q in enumerate(queries):
            results, _ = retriever.retrieve([q], k=10, show_progress=False, n_threads=1)
            theirs = [int(x) for x in results[0]]
            # equal scores may be ordered differently: compare sets, and exact lists
            overlap += len(set(theirs) & set(ours[i])) / max(1, len(ours[i]))
            same += theirs == ours[i]
        latencies.sort()
        p = lambda q: latencies[min(len(latencies) - 1, round((len(latencies) - 1) * q))] * 1000
        print(f"bm25s {bm25s.__version__} ({backend} backend, 1 thread): index {build:.2f} s, "
              f"{statistics.median(qps):.0f} queries/s one by one (median of {runs}; p50 {p(0.5):.2f} ms, p99 {p(0.99):.2f} ms)")
        print(f"top-10 agreement with Ieum plain BM25 ({backend}): mean overlap {overlap / len(queries):.4f}, identical lists {same}/{len(queries)}")
        print(f"RESULT bm25s_{backend}_qps={statistics.median(qps)}")


def ortools_bench(path, runs):
    from ortools.graph.python import min_cost_flow
    lines = open(path).read().split("\n")
    n_needs, n_startups, capacity, limit = map(int, lines[0].split())
    edges = [tuple(map(int, l.split())) for l in lines[1:] if l.strip()]
    times = []
    objective = None
    for _ in range(runs):
        t = time.perf_counter()
        smcf = min_cost_flow.SimpleMinCostFlow()
        source, sink = 0, n_needs + n_startups + 1
        total = n_needs * capacity
        for n in range(n_needs):
            smcf.add_arc_with_capacity_and_unit_cost(source, 1 + n, capacity, 0)
        for (n, s, w) in edges:
            if w > 0:
                smcf.add_arc_with_capacity_and_unit_cost(1 + n, 1 + n_needs + s, 1, -w)
        for s in range(n_startups):
            smcf.add_arc_with_capacity_and_unit_cost(1 + n_needs + s, sink, limit, 0)
        # unused supply flows straight to the sink at no cost: maximum weight, not maximum size
        smcf.add_arc_with_capacity_and_unit_cost(source, sink, total, 0)
        smcf.set_node_supply(source, total)
        smcf.set_node_supply(sink, -total)
        status = smcf.solve()
        times.append(time.perf_counter() - t)
        assert status == smcf.OPTIMAL, status
        objective = -smcf.optimal_cost()
    print(f"OR-Tools SimpleMinCostFlow: objective {objective}, build+solve median {statistics.median(times) * 1000:.1f} ms "
          f"(runs: {', '.join(f'{x * 1000:.1f}' for x in times)} ms)")
    print(f"RESULT ortools_objective={objective} ortools_s={statistics.median(times)}")


if __name__ == "__main__":
    what = sys.argv[1]
    if what == "bm25s":
        backends = sys.argv[5].split(",") if len(sys.argv) > 5 else ["numba", "numpy"]
        bm25s_bench(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), backends)
    elif what == "ortools":
        ortools_bench(sys.argv[2], int(sys.argv[3]))
