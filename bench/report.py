#!/usr/bin/env python3
"""The benchmark's table, from the files run.sh left in its work directory.

    python3 bench/report.py --work DIR --meta FILE.json --out results.md [--commit C] [--settings S]

Reads DIR/{import,floor_leads,floor_contacts,raw_copy}.{seconds,mem.json},
DIR/counters.json (what the import reports and stored) and the generator's
FILE.json (what a correct import of the file must report). Prints the
markdown and writes it to --out.

--background (run.sh's BACKGROUND=1): the import ran in the import worker.
import.seconds is then its own clock (finished_at - started_at), and
DIR/import.wall_seconds the time from the import_file call to the end of
wait_import; import.mem.json is the worker's, import-session.mem.json the
waiting session's, launcher.txt the launcher's /proc status at the end.
"""
import argparse
import datetime
import json
import os
import platform


def load(work, name):
    with open(os.path.join(work, name + ".seconds")) as f:
        seconds = float(f.read())
    with open(os.path.join(work, name + ".mem.json")) as f:
        mem = json.load(f)
    return seconds, mem


def mb(kb):
    return kb / 1024


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown cpu"


def load_text(work):
    try:
        with open(os.path.join(work, "load.txt")) as f:
            loads = [line.split()[0] for line in f if line.strip()]
        return " → ".join(loads) + " from start to end"
    except OSError:
        return "not recorded"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--commit", default="unknown")
    ap.add_argument("--changed", default="", help="files changed on top of the commit")
    ap.add_argument("--settings", default="")
    ap.add_argument("--server", default="PostgreSQL (version not given)",
                    help="the server the run measured, as SELECT version() names it")
    ap.add_argument("--background", action="store_true",
                    help="the import ran in the background worker (BACKGROUND=1)")
    a = ap.parse_args()

    with open(a.meta) as f:
        meta = json.load(f)
    with open(os.path.join(a.work, "counters.json")) as f:
        counters = json.load(f)
    with open(os.path.join(a.work, "floor_bytes.txt")) as f:
        floor_bytes = [int(x) for x in f.read().split()]

    imp_s, imp_m = load(a.work, "import")
    fl_s, fl_m = load(a.work, "floor_leads")
    fc_s, fc_m = load(a.work, "floor_contacts")
    raw_s, raw_m = load(a.work, "raw_copy")
    floor_s = fl_s + fc_s
    # The floor is two sessions: its peak is the larger of the two.
    floor_m = {k: max(fl_m[k], fc_m[k]) for k in ("vmhwm_kb", "rss_anon_peak_kb")}

    rows = meta["rows"]
    size_mb = meta["bytes"] / 1e6
    lines = []
    add = lines.append
    cores = os.cpu_count()
    # The run's date, not the report's (it can be made again from the files).
    when = os.path.getmtime(os.path.join(a.work, "import.seconds"))
    now = datetime.datetime.fromtimestamp(when).astimezone().strftime("%Y-%m-%d %H:%M %Z")
    add(f"### {rows:,} rows — {now}")
    add("")
    add(f"Machine: {cores} cores ({cpu_model()}), {os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GB RAM, "
        f"shared with other work; {a.server}; code `{a.commit}`"
        + (f" (uncommitted changes in {', '.join(f'`{c}`' for c in a.changed.split())})" if a.changed else "")
        + ".  ")
    add(f"Settings: {a.settings}.  ")
    add(f"File: {meta['bytes']:,} bytes ({meta['bytes_per_row']} bytes/row), "
        f"{meta['phone_numbers']:,} phone numbers, {meta['bad_phone_rows']:,} rows with a bad phone, "
        f"{meta['duplicate_rows']:,} duplicate primaries, seed {meta['seed']}.")
    add("")
    add("| path | rows | seconds | rows/s | MB/s | peak RSS (MB) | peak private (MB) | × floor | × raw COPY | CPU s | CPU × floor |")
    add("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    floor_cpu = fl_m.get("cpu_seconds", 0) + fc_m.get("cpu_seconds", 0)
    floor_m["cpu_seconds"] = floor_cpu

    def row(name, s, m):
        cpu = m.get("cpu_seconds", 0)
        add(f"| {name} | {rows:,} | {s:.2f} | {rows / s:,.0f} | {size_mb / s:.1f} | "
            f"{mb(m['vmhwm_kb']):.0f} | {mb(m['rss_anon_peak_kb']):.0f} | "
            f"{s / floor_s:.2f} | {s / raw_s:.2f} | {cpu:.1f} | "
            f"{(cpu / floor_cpu if floor_cpu else 0):.2f} |")

    if a.background:
        # The worker is a process of its own, started for the import: all its
        # CPU is the import's (start-up included).
        imp_m = dict(imp_m, cpu_seconds=imp_m.get("cpu_total_seconds", imp_m.get("cpu_seconds", 0)))
        row("leadimport `import_file` (background)", imp_s, imp_m)
    else:
        row("leadimport `import_file`", imp_s, imp_m)
    row(f"floor: `COPY` stored rows ({fl_s:.2f} s leads + {fc_s:.2f} s contacts)", floor_s, floor_m)
    row("`COPY` raw file, text table + phone index", raw_s, raw_m)
    add("")
    add("rows/s and MB/s are per row and byte of the input file for all three. Peak RSS is the "
        "backend's VmHWM (it includes the shared buffers it touched); peak private is the highest "
        "RssAnon sampled every 20 ms. CPU s is the backend's user + system time: the machine is "
        "shared, and wall-clock seconds include waiting for a core (load average "
        f"{load_text(a.work)}).")
    if a.background:
        with open(os.path.join(a.work, "import.wall_seconds")) as f:
            wall_s = float(f.read())
        add("")
        add(f"Background: seconds is the import's own clock (started_at → finished_at in "
            f"`leadimport.imports`); from the `import_file` call to the end of `wait_import` "
            f"(server clock): **{wall_s:.2f} s**, {wall_s / floor_s:.2f}× the floor, "
            f"{wall_s / raw_s:.2f}× raw COPY, {rows / wall_s:,.0f} rows/s. Memory and CPU on the "
            f"first line are the import worker's (pid {imp_m.get('pid')}, "
            f"`{imp_m.get('cmdline', '')}`, found in pg_stat_activity as "
            f"backend_type `leadimport import`; {imp_m['samples']:,} samples).  ")
        try:
            with open(os.path.join(a.work, "import-session.mem.json")) as f:
                sm = json.load(f)
            add(f"The waiting session (`wait_import`): peak RSS {mb(sm['vmhwm_kb']):.0f} MB, "
                f"peak private {mb(sm['rss_anon_peak_kb']):.0f} MB, CPU {sm.get('cpu_seconds', 0):.1f} s.  ")
        except OSError:
            pass
        try:
            with open(os.path.join(a.work, "launcher.txt")) as f:
                st_l = {l.split(":")[0]: int(l.split()[1]) for l in f if ":" in l}
            add(f"The launcher, after the import: VmHWM {mb(st_l.get('VmHWM', 0)):.0f} MB, "
                f"RssAnon {mb(st_l.get('RssAnon', 0)):.0f} MB.")
        except OSError:
            pass
    # Private memory along the import: flat, or growing with the rows read?
    # (Not the last sample: it can come after the statement freed its memory.)
    series = [v for t, v in imp_m.get("series", []) if t <= imp_s]
    if len(series) >= 4:
        marks = [series[int(len(series) * f)] for f in (0.1, 0.25, 0.5, 0.75, 0.9)]
        add("")
        add(("Worker's" if a.background else "Import's") +
            " private memory (RssAnon) at 10/25/50/75/90% of its run: " +
            " / ".join(f"{mb(v):.0f}" for v in marks) + f" MB; peak {mb(imp_m['rss_anon_peak_kb']):.0f} MB.")
    add("")

    st = counters["status"]
    add(f"Import: status `{st['status']}`, total {st['total_rows']:,}, imported {st['imported_rows']:,}, "
        f"failed {st['failed_rows']:,}; stored {counters['leads']:,} leads and {counters['contacts']:,} "
        f"contacts; {counters['errors']:,} error records on {counters['error_rows']:,} rows; "
        f"its own clock (started_at → finished_at) {counters['import_seconds'] or 0:.2f} s.  ")
    add(f"Floor files: {floor_bytes[0] / 1e6:.0f} MB of leads, {floor_bytes[1] / 1e6:.0f} MB of contacts.  ")
    add("Error codes: " + ", ".join(f"{k} {v:,}" for k, v in (counters["error_codes"] or {}).items()))
    add("")
    checks = [
        ("status completed", st["status"] == "completed", st["status"]),
        ("total_rows = rows", st["total_rows"] == rows, st["total_rows"]),
        ("imported_rows = expected", st["imported_rows"] == meta["expected_imported_rows"],
         f"{st['imported_rows']} vs {meta['expected_imported_rows']}"),
        ("failed_rows = expected", st["failed_rows"] == meta["expected_failed_rows"],
         f"{st['failed_rows']} vs {meta['expected_failed_rows']}"),
        ("leads stored = imported_rows", counters["leads"] == st["imported_rows"], counters["leads"]),
        ("contacts stored = expected", counters["contacts"] == meta["expected_contacts"],
         f"{counters['contacts']} vs {meta['expected_contacts']}"),
        ("error rows = failed_rows", counters["error_rows"] == st["failed_rows"], counters["error_rows"]),
    ]
    bad = [f"{n} ({v})" for n, ok, v in checks if not ok]
    add("Checks against the generator's expectations: " +
        ("all passed." if not bad else "**FAILED: " + "; ".join(bad) + "**"))
    text = "\n".join(lines) + "\n"
    with open(a.out, "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
