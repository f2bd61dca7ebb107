#!/usr/bin/env python3
"""Interleaved whole-process timing of two fieldbook builds, each on its own
book (a build refuses a book of a newer schema, so old and new cannot share
one). Usage:

    python3 tools/interleave_books.py PAIRS OLD_BIN OLD_BOOK NEW_BIN NEW_BOOK -- ARGS...

Runs ten runs per side and pair (one when ARGS hold --limit 100000),
alternating which side goes first, and prints the per-pair medians (wall
milliseconds), the medians of the pairs and their ratio (new / old)."""
import os
import statistics
import subprocess
import sys
import time

def main():
    cut = sys.argv.index("--")
    pairs, old_bin, old_book, new_bin, new_book = sys.argv[1:cut]
    args = sys.argv[cut + 1:]
    env = dict(os.environ, FIELDBOOK_TODAY="2026-11-28")
    runs = 1 if "100000" in args else 10

    def median_ms(binary, book):
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run([binary, "--db", book] + args, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, env=env, check=True)
            times.append((time.perf_counter() - start) * 1000)
        return statistics.median(times)

    old, new = [], []
    for p in range(int(pairs)):
        if p % 2 == 0:
            old.append(median_ms(old_bin, old_book)); new.append(median_ms(new_bin, new_book))
        else:
            new.append(median_ms(new_bin, new_book)); old.append(median_ms(old_bin, old_book))
    o, n = statistics.median(old), statistics.median(new)
    print(" ".join(args))
    print("  old", " ".join(f"{v:.1f}" for v in old), f"median {o:.2f} ms")
    print("  new", " ".join(f"{v:.1f}" for v in new), f"median {n:.2f} ms")
    print(f"  ratio {n / o:.2f}")

main()
