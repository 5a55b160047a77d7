#!/usr/bin/env python3
"""ROUNDS=N of bench/run.sh: picks the round with the median ratio.

    python3 bench/rounds.py WORKDIR N > WORKDIR/rounds.md

Round 1's files are WORKDIR/{import,floor_leads,floor_contacts}.*; round r's
are the same names with _r<r>. Each round is an import and the floor measured
back to back, so its ratio is a fair pair even when the machine's speed drifts
between rounds. If the median round is not round 1, its files are copied over
the round-1 names (round 1's are kept as *_r1.*), so that report.py shows the
median round. Prints a markdown table of every round.
"""
import json
import os
import shutil
import statistics
import sys

SUFFIXES = (".seconds", ".mem.json", ".out", ".wall_seconds")


def name(base, r):
    return base if r == 1 else f"{base}_r{r}"


def seconds(work, base):
    with open(os.path.join(work, base + ".seconds")) as f:
        return float(f.read())


def cpu(work, base, whole_life=False):
    try:
        with open(os.path.join(work, base + ".mem.json")) as f:
            m = json.load(f)
    except (OSError, ValueError):
        return 0.0
    if whole_life:  # a background import: the worker's whole life
        return m.get("cpu_total_seconds", m.get("cpu_seconds", 0.0))
    return m.get("cpu_seconds", 0.0)


def main():
    work, n = sys.argv[1], int(sys.argv[2])
    background = os.path.exists(os.path.join(work, "import.wall_seconds"))
    rounds = []
    for r in range(1, n + 1):
        imp = seconds(work, name("import", r))
        fl = seconds(work, name("floor_leads", r)) + seconds(work, name("floor_contacts", r))
        imp_cpu = cpu(work, name("import", r), background)
        fl_cpu = cpu(work, name("floor_leads", r)) + cpu(work, name("floor_contacts", r))
        rounds.append({"round": r, "import": imp, "floor": fl, "ratio": imp / fl,
                       "import_cpu": imp_cpu, "floor_cpu": fl_cpu,
                       "cpu_ratio": imp_cpu / fl_cpu if fl_cpu else 0.0})
    ordered = sorted(rounds, key=lambda x: x["ratio"])
    median = ordered[len(ordered) // 2]  # with an even count, the higher of the two middle ones
    m = median["round"]
    if m != 1:
        for base in ("import", "floor_leads", "floor_contacts"):
            for suffix in SUFFIXES:
                src = os.path.join(work, name(base, m) + suffix)
                if not os.path.exists(src):
                    continue
                dst = os.path.join(work, base + suffix)
                if os.path.exists(dst):
                    shutil.copyfile(dst, os.path.join(work, f"{base}_r1{suffix}"))
                shutil.copyfile(src, dst)
    if n == 1:
        return
    print()
    print(f"Rounds (import and floor back to back, {n} times; the table above is round {m}, "
          f"the median ratio):")
    print()
    print("| round | leadimport s | floor s | × floor | CPU × floor |")
    print("| ---: | ---: | ---: | ---: | ---: |")
    for x in rounds:
        mark = " (median)" if x["round"] == m else ""
        print(f"| {x['round']}{mark} | {x['import']:.2f} | {x['floor']:.2f} | {x['ratio']:.2f} | "
              f"{x['cpu_ratio']:.2f} |")
    ratios = [x["ratio"] for x in rounds]
    print()
    print(f"× floor: median {statistics.median(ratios):.2f}, min {min(ratios):.2f}, "
          f"max {max(ratios):.2f}.")


if __name__ == "__main__":
    main()
