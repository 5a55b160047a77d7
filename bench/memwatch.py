#!/usr/bin/env python3
"""Peak memory of one PostgreSQL backend while it runs a statement.

    python3 bench/memwatch.py PIDFILE OUT.json [--wait SECONDS]

Waits for PIDFILE (the backend pid, written by the psql session itself with
`SELECT pg_backend_pid()`; or, with BACKGROUND=1, the import worker's pid,
written by a session that polls pg_stat_activity for it) for up to --wait
seconds (default 60), then reads /proc/PID/status every 20 ms until the
process exits, and writes OUT.json:

  vmhwm_kb         the kernel's own peak RSS of the process (VmHWM). It counts
                   the shared buffers the backend touched (RssShmem), so with
                   shared_buffers = 1GB it grows with the data written.
  rss_anon_peak_kb the highest RssAnon seen: private memory (palloc, C++ heap,
                   libphonenumber's caches) - the number issue 5's "under
                   256 MB private memory per process" is about.
  rss_shmem_peak_kb, samples
  series           [seconds since the pid appeared, RssAnon kB] once a second:
                   private memory that grows with the rows read shows here
  cpu_seconds      user + system CPU the backend used from the first sample to
                   the last: on a machine shared with other work, the wall
                   clock includes waiting for a core, this does not
  cpu_total_seconds user + system CPU of the process's whole life up to the
                   last sample (for an import worker, a process of its own
                   started for the import, this includes its start-up)
  pid, cmdline     which process it was (a worker's title is
                   "postgres: leadimport import <id>")
  first_sample_epoch, last_sample_epoch  wall clock of the first and last sample

Sampling is the only way to get a peak of RssAnon (the kernel keeps a
high-water mark only for the total), so a spike shorter than 20 ms can be
missed; VmHWM cannot be.
"""
import json
import os
import sys
import time

FIELDS = ("VmHWM", "VmRSS", "RssAnon", "RssShmem")


def read_status(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, rest = line.partition(":")
            if key in FIELDS:
                out[key] = int(rest.split()[0])
    return out


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # utime and stime are fields 14 and 15 of stat(5); [0] here is field 3
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    args = sys.argv[1:]
    wait = 60.0
    if "--wait" in args:
        i = args.index("--wait")
        wait = float(args[i + 1])
        del args[i:i + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    pidfile, outfile = args
    deadline = time.time() + wait
    pid = None
    while pid is None:
        try:
            with open(pidfile) as f:
                text = f.read().strip()
            pid = int(text) if text else None
        except (FileNotFoundError, ValueError):
            pid = None
        if pid is None:
            if time.time() > deadline:
                sys.exit(f"memwatch: no pid in {pidfile} after {wait:g} s")
            time.sleep(0.01)
    peak = {"vmhwm_kb": 0, "rss_anon_peak_kb": 0, "rss_shmem_peak_kb": 0, "samples": 0,
            "series": []}
    start = time.time()
    next_point = start
    cpu_first = cpu_last = None
    first_at = last_at = None
    cmdline = ""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            cmdline = f.read().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        pass
    while True:
        try:
            s = read_status(pid)
            cpu = cpu_seconds(pid)
        except (FileNotFoundError, ProcessLookupError):
            break  # the backend has exited: psql is done
        cpu_first = cpu if cpu_first is None else cpu_first
        cpu_last = cpu
        last_at = time.time()
        first_at = last_at if first_at is None else first_at
        peak["vmhwm_kb"] = max(peak["vmhwm_kb"], s.get("VmHWM", 0))
        peak["rss_anon_peak_kb"] = max(peak["rss_anon_peak_kb"], s.get("RssAnon", 0))
        peak["rss_shmem_peak_kb"] = max(peak["rss_shmem_peak_kb"], s.get("RssShmem", 0))
        peak["samples"] += 1
        now = time.time()
        if now >= next_point:
            peak["series"].append([round(now - start, 1), s.get("RssAnon", 0)])
            next_point += 1.0
        time.sleep(0.02)
    peak["pid"] = pid
    peak["cmdline"] = cmdline
    peak["cpu_seconds"] = round((cpu_last or 0) - (cpu_first or 0), 2)
    peak["cpu_total_seconds"] = round(cpu_last or 0, 2)
    peak["first_sample_epoch"] = first_at
    peak["last_sample_epoch"] = last_at
    with open(outfile, "w") as f:
        json.dump(peak, f)


if __name__ == "__main__":
    main()
