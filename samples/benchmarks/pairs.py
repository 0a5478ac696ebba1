#!/usr/bin/env python3
"""Times two shell commands in turn (A B A B ...) and prints each one's wall time, CPU time and peak memory, and the
ratio A/B taken pair by pair.

Why pairs: on a shared machine the speed drifts over minutes; a ratio taken within one pair moves with the drift,
while two series timed one after the other can differ by the drift alone. Quote the medians: one slow or lucky run
must not move the figure, and the spread (min, max) says how noisy the machine was.

Each run is one `sh -c COMMAND` under GNU time (/usr/bin/time), timed from its start to its reaping: wall by the
monotonic clock here, user and system seconds and the peak resident set as time reports them from the kernel's
accounting of the reaped child, which covers the processes it waited for. Peak is the largest single process among
them, not their sum. (Run from Python directly, a child's peak could not read below this script's own size, which
the child has until it execs; GNU time's is about 2 MiB.)

    python3 pairs.py [-n RUNS] [--warmup N] --a 'COMMAND A' --b 'COMMAND B'
"""
import argparse
import statistics
import subprocess
import sys
import tempfile
import time


def run(command):
    """One run of `sh -c command`: (wall s, cpu s, peak MiB, exit status)."""
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.monotonic()
        status = subprocess.call(["/usr/bin/time", "-f", "%U %S %M %x", "-o", report.name, "sh", "-c", command],
                                 stdin=subprocess.DEVNULL)
        wall = time.monotonic() - start
        fields = report.read().split()[-4:]  # time writes a line of its own first when the command fails
    if len(fields) != 4:
        sys.exit(f"pairs.py: no report from /usr/bin/time (status {status}): is GNU time installed?")
    user, system, peak_kib, exit_status = float(fields[0]), float(fields[1]), int(fields[2]), int(fields[3])
    return wall, user + system, peak_kib / 1024.0, exit_status


def row(label, values, unit_format):
    cells = [unit_format.format(v) for v in (min(values), statistics.median(values), max(values))]
    return f"{label:<14}" + "".join(f"{c:>12}" for c in cells)


def main():
    parser = argparse.ArgumentParser(description="Times two commands in turn and gives their pair-by-pair ratios.")
    parser.add_argument("-n", "--runs", type=int, default=5, help="pairs timed (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="pairs run first and not counted (default 1)")
    parser.add_argument("--a", required=True, help="command A, run by sh -c")
    parser.add_argument("--b", required=True, help="command B (the yardstick), run by sh -c")
    args = parser.parse_args()
    if args.runs < 1 or args.warmup < 0:
        parser.error("--runs must be at least 1 and --warmup at least 0")

    for _ in range(args.warmup):
        run(args.a)
        run(args.b)
    a, b = [], []
    for _ in range(args.runs):
        a.append(run(args.a))
        b.append(run(args.b))

    print(f"A: {args.a}")
    print(f"B: {args.b}")
    print(f"{args.runs} pairs after {args.warmup} not counted; min, median, max")
    for name, runs in (("A", a), ("B", b)):
        print(row(f"{name} wall s", [r[0] for r in runs], "{:.3f}"))
        print(row(f"{name} cpu s", [r[1] for r in runs], "{:.3f}"))
        print(row(f"{name} peak MiB", [r[2] for r in runs], "{:.1f}"))
    for i, name in ((0, "wall"), (1, "cpu")):
        ratios = [x[i] / y[i] for x, y in zip(a, b) if y[i] > 0]  # time counts CPU in hundredths: 0 is possible
        print(row(f"A/B {name}", ratios, "{:.4f}") if ratios else f"A/B {name}: B took no measurable time")
    failed = [r[3] for r in a + b if r[3] != 0]
    if failed:
        print(f"warning: {len(failed)} runs exited non-zero (status {failed[0]})", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
