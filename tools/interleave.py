#!/usr/bin/env python3
"""Whole-process timing of two fieldbook builds, interleaved (README, Performance).

python3 tools/interleave.py PAIRS RUNS DB OLD_BINARY NEW_BINARY -- ARGS...

Each pair runs RUNS processes of one build, then RUNS of the other, the
first of the two alternating from pair to pair, so a busy minute falls on
both. Prints, per build, the median wall time and the median CPU time (user
+ sys, from wait4: on a shared machine the steadier figure), then the
new/old ratio of each pair's medians."""
import os, sys, time, statistics, subprocess
pairs, runs, db = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
bins = sys.argv[4:6]
args = sys.argv[sys.argv.index('--')+1:]
devnull = os.open(os.devnull, os.O_WRONLY)
def one(b):
    t = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        os.dup2(devnull, 1)
        os.execv(b, [b, '--db', db] + args)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t
    assert status == 0, status
    return wall * 1000, (ru.ru_utime + ru.ru_stime) * 1000
res = {b: [] for b in bins}
per_pair = []
for p in range(pairs):
    order = bins if p % 2 == 0 else bins[::-1]
    meds = {}
    for b in order:
        xs = [one(b) for _ in range(runs)]
        res[b] += xs
        meds[b] = (statistics.median(x[0] for x in xs), statistics.median(x[1] for x in xs))
    per_pair.append(meds)
for b in bins:
    w = statistics.median(x[0] for x in res[b]); c = statistics.median(x[1] for x in res[b])
    print(f"{os.path.basename(b)}: wall median {w:.2f} ms, user+sys median {c:.2f} ms ({len(res[b])} runs)")
a, b = bins
ratios = [pp[b][0] / pp[a][0] for pp in per_pair]
cratios = [pp[b][1] / pp[a][1] for pp in per_pair]
print("per-pair wall ratio new/old:", " ".join(f"{r:.2f}" for r in ratios), " median", f"{statistics.median(ratios):.2f}")
print("per-pair cpu ratio new/old:", " ".join(f"{r:.2f}" for r in cratios), " median", f"{statistics.median(cratios):.2f}")
print("load:", open('/proc/loadavg').read().strip())
