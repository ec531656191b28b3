#!/usr/bin/env python3
"""OR-Tools CP-SAT on exactly the meeting-scheduling instance `ieum-bench schedule` exported.

Model: one Boolean per (request, slot) where both participants can attend and the slot has tables;
at most one slot per request; at most one meeting per participant per slot; at most tables[s]
meetings in slot s; maximise the summed priority weight. (Tables are interchangeable within a
slot, so the table index is not modelled; idle gaps are not in CP-SAT's objective.)

Usage: bench-scheduling.py INSTANCE [--time SECONDS] [--workers N]
Prints a human line and `RESULT cpsat_weight=… cpsat_placed=… cpsat_bound=… cpsat_status=… cpsat_s=…`.
"""
import argparse
import time


def read(path):
    slots, tables, blocked, requests = 0, [], {}, []
    with open(path, encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if not parts or parts[0].startswith("#"):
                continue
            if parts[0] == "slots":
                slots = int(parts[1])
            elif parts[0] == "tables":
                tables = [int(x) for x in parts[1:]]
            elif parts[0] == "p":
                blocked[parts[1]] = set() if parts[3] == "-" else {int(x) for x in parts[3].split(",")}
            elif parts[0] == "r":
                requests.append((parts[1], parts[2], parts[3], int(parts[4])))
    assert len(tables) == slots
    return slots, tables, blocked, requests


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("instance")
    ap.add_argument("--time", type=float, default=60.0)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()

    from ortools.sat.python import cp_model
    import ortools

    slots, tables, blocked, requests = read(args.instance)
    t0 = time.perf_counter()
    model = cp_model.CpModel()
    by_seat = {}  # (participant, slot) -> vars
    by_slot = [[] for _ in range(slots)]
    objective = []
    per_request = []
    for rid, a, b, w in requests:
        xs = []
        for s in range(slots):
            if tables[s] <= 0 or s in blocked[a] or s in blocked[b] or a == b:
                continue
            x = model.NewBoolVar(f"{rid}@{s}")
            xs.append(x)
            by_seat.setdefault((a, s), []).append(x)
            by_seat.setdefault((b, s), []).append(x)
            by_slot[s].append(x)
            objective.append(w * x)
        if len(xs) > 1:
            model.AddAtMostOne(xs)
        per_request.append(xs)
    for xs in by_seat.values():
        if len(xs) > 1:
            model.AddAtMostOne(xs)
    for s in range(slots):
        if len(by_slot[s]) > tables[s]:
            model.Add(sum(by_slot[s]) <= tables[s])
    model.Maximize(sum(objective))
    build = time.perf_counter() - t0

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = args.time
    solver.parameters.num_workers = args.workers
    t = time.perf_counter()
    status = solver.Solve(model)
    wall = time.perf_counter() - t
    name = solver.StatusName(status)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        weight = round(solver.ObjectiveValue())
        placed = sum(1 for xs in per_request if any(solver.Value(x) for x in xs))
    else:
        weight, placed = 0, 0
    bound = solver.BestObjectiveBound()
    print(f"cp-sat (ortools {ortools.__version__}, {args.workers} workers, limit {args.time:.0f} s): {name}, "
          f"weight {weight}, placed {placed}, best bound {bound:.0f}, solve {wall:.2f} s (model build {build:.2f} s)")
    print(f"RESULT cpsat_weight={weight} cpsat_placed={placed} cpsat_bound={bound:.0f} cpsat_status={name} cpsat_s={wall:.3f}")


if __name__ == "__main__":
    main()
