"""Turns run.sh uploads' raw output (one JSON object a line) into the tables of RESULTS.md part 6."""
import json
import sys

DESIGNS = ["stats", "full-bytes", "worker-pool", "virtual-threads"]
NAMES = {"stats": "`/stats` (this project)", "full-bytes": "`receiveFullBytes` + Jackson",
         "worker-pool": "worker pool + blocking Jackson", "virtual-threads": "virtual threads + blocking Jackson"}


def load(path):
    runs, checks = [], []
    with open(path) as f:
        for line in f:
            if line.startswith("{"):
                r = json.loads(line)
                (checks if r.get("check") else runs).append(r)
    return runs, checks


def ms(v):
    return "-" if v is None else ("%.0f" % v if v >= 100 else "%.1f" % v)


def main():
    runs, checks = load(sys.argv[1])
    for body in sorted({r["body_bytes"] for r in runs if "body_bytes" in r}):
        sized = [r for r in runs if r.get("body_bytes") == body]
        rate = sized[0]["rate"]
        print("\n%s bodies, each sent at %s KiB/s:\n" % (
            "%d KiB" % (body // 1024) if body < 1 << 20 else "%d MiB" % (body >> 20), rate // 1024))
        print("| uploads | design | answered correctly | probe p50 ms | p99 | max | probes answered | peak RSS MB "
              "| threads | descriptors | server CPU s | client lag p99 ms |")
        print("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for n in sorted({r["uploads"] for r in sized}):
            for d in DESIGNS:
                for r in (r for r in sized if r["uploads"] == n and r["design"] == d):
                    print("| %d | %s | %d | %s | %s | %s | %d of %d | %.0f | %d | %d | %.1f | %s |" % (
                        n, NAMES[d], r["answered_ok"], ms(r["probe_ms_p50"]), ms(r["probe_ms_p99"]),
                        ms(r["probe_ms_max"]), r["probes_ok"], r["probes"], r["server_peak_rss_mb"],
                        r["server_peak_threads"], r["server_peak_fds"], r["server_cpu_seconds"],
                        ms(r["client_lag_ms_p99"])))
    if checks:
        print("\nDescriptors after 1,000 uploads of 64 KiB (open in the server, seconds after the load ended; then"
              " 5 s after `jcmd PID GC.run`):\n")
        marks = sorted({k for c in checks for k in c.get("server_fds_after_s", {})}, key=float)
        print("| design | before the load | peak | " + " | ".join("%s s" % m for m in marks)
              + " | after a full GC |")
        print("|---|---:|---:|" + "---:|" * len(marks) + "---:|")
        for c in checks:
            after = c.get("server_fds_after_s", {})
            print("| %s | %d | %d | %s | %d |" % (NAMES[c["design"]], c["server_fds_before"], c["server_peak_fds"],
                                                 " | ".join(str(after.get(m, "-")) for m in marks),
                                                 c["fds_5s_after_gc"]))


if __name__ == "__main__":
    main()
