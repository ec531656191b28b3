#!/usr/bin/env python3
"""OR-Tools SimpleMinCostFlow on the judge assignment instance that `ieum-bench judges` exported.

Network (lower bounds as node supplies): every application supplies k; application -> judge arcs
(capacity 1, unit cost -fit) for the pairs not in conflict; every judge demands its minimum load
and has an arc to a collector node (capacity maximum - minimum) that demands k*A - sum(minimums).
Prints the objective (total fit, the same units as Ieum's), the status and the wall time, verifies
the solution (k distinct judges per application, no conflicted pair, loads within range, objective
recomputed from the fits) and, when the Ieum assignment file is given, verifies that one too.

Usage: bench-judges.py INSTANCE [RUNS] [IEUM_ASSIGNMENT]
"""
import statistics
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow


def read_instance(path):
    with open(path, encoding="utf-8") as f:
        header = f.readline().split()
        assert header[0] == "judges-v1", header
        n_apps, n_judges, k = map(int, header[1:])
        loads = np.array([list(map(int, f.readline().split())) for _ in range(n_judges)], dtype=np.int64)
        rows = [f.readline().split() for _ in range(n_apps)]
    conflict = np.array([[x == "x" for x in row] for row in rows], dtype=bool)
    fit = np.array([[0 if x == "x" else int(x) for x in row] for row in rows], dtype=np.int64)
    return n_apps, n_judges, k, loads[:, 0], loads[:, 1], conflict, fit


def verify(name, assignment, n_apps, n_judges, k, lo, hi, conflict, fit):
    """assignment: list of judge-index lists. Returns the total fit; raises on any violation."""
    assert len(assignment) == n_apps, f"{name}: {len(assignment)} applications, expected {n_apps}"
    load = np.zeros(n_judges, dtype=np.int64)
    total = 0
    for a, judges in enumerate(assignment):
        assert len(judges) == k and len(set(judges)) == k, f"{name}: application {a} has judges {judges}, expected {k} distinct"
        for j in judges:
            assert not conflict[a, j], f"{name}: application {a} got judge {j} despite a conflict"
            load[j] += 1
            total += int(fit[a, j])
    bad = np.nonzero((load < lo) | (load > hi))[0]
    assert len(bad) == 0, f"{name}: judge loads out of range: {[(int(j), int(load[j])) for j in bad[:10]]}"
    return total, load


def main():
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    ours_path = sys.argv[3] if len(sys.argv) > 3 else None
    n_apps, n_judges, k, lo, hi, conflict, fit = read_instance(path)
    apps, judges = np.nonzero(~conflict)  # eligible pairs, row-major
    collector = n_apps + n_judges
    tails = np.concatenate([apps, n_apps + np.arange(n_judges)]).astype(np.int32)
    heads = np.concatenate([n_apps + judges, np.full(n_judges, collector)]).astype(np.int32)
    caps = np.concatenate([np.ones(len(apps), dtype=np.int64), hi - lo])
    costs = np.concatenate([-fit[apps, judges], np.zeros(n_judges, dtype=np.int64)])
    supplies = np.concatenate([np.full(n_apps, k), -lo, [-(k * n_apps - int(lo.sum()))]]).astype(np.int64)
    print(f"instance: {n_apps} applications x {n_judges} judges, k = {k}, {len(apps)} eligible pairs "
          f"({int(conflict.sum())} in conflict), {len(tails)} arcs")

    totals, solves = [], []
    for _ in range(runs):
        t = time.perf_counter()
        smcf = min_cost_flow.SimpleMinCostFlow()
        smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        smcf.set_nodes_supplies(np.arange(collector + 1), supplies)
        s = time.perf_counter()
        status = smcf.solve()
        end = time.perf_counter()
        totals.append(end - t)
        solves.append(end - s)
    status_name = {smcf.OPTIMAL: "OPTIMAL", smcf.INFEASIBLE: "INFEASIBLE", smcf.UNBALANCED: "UNBALANCED",
                   smcf.NOT_SOLVED: "NOT_SOLVED", smcf.BAD_RESULT: "BAD_RESULT", smcf.BAD_COST_RANGE: "BAD_COST_RANGE"}.get(status, str(status))
    print(f"OR-Tools SimpleMinCostFlow: status {status_name}")
    if status != smcf.OPTIMAL:
        print(f"RESULT ortools_objective=none ortools_status={status_name}")
        sys.exit(1)
    objective = -smcf.optimal_cost()
    flows = smcf.flows(np.arange(len(apps)))
    chosen = np.nonzero(flows > 0)[0]
    assignment = [[] for _ in range(n_apps)]
    for e in chosen:
        assignment[int(apps[e])].append(int(judges[e]))
    total, load = verify("OR-Tools", assignment, n_apps, n_judges, k, lo, hi, conflict, fit)
    assert total == objective, f"OR-Tools objective {objective} but its assignment totals {total}"
    print(f"OR-Tools objective {objective}: verified (k distinct judges each, no conflict, loads {int(load.min())}..{int(load.max())} "
          f"within range, objective recomputed from the fits)")
    print(f"OR-Tools time: build+solve median {statistics.median(totals) * 1000:.1f} ms, solve alone median "
          f"{statistics.median(solves) * 1000:.1f} ms (runs: {', '.join(f'{x * 1000:.1f}' for x in totals)} ms)")
    if ours_path:
        with open(ours_path, encoding="utf-8") as f:
            ours = [list(map(int, line.split())) for line in f.read().splitlines()]
        ours_total, _ = verify("Ieum", ours, n_apps, n_judges, k, lo, hi, conflict, fit)
        print(f"Ieum assignment: verified by Python (k distinct judges each, no conflict, loads within range), total fit {ours_total}")
        print(f"RESULT ieum_verified_objective={ours_total}")
    print(f"RESULT ortools_objective={objective} ortools_s={statistics.median(totals)} ortools_solve_s={statistics.median(solves)}")


if __name__ == "__main__":
    main()
