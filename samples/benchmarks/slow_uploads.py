"""Many slow uploads at once, with small requests beside them: the load of run.sh uploads.

Opens --uploads connections (their starts spread over --ramp seconds), each posting --body at a steady pace of
--rate bytes per second (a piece every --interval seconds, on a fixed schedule), and checks each answer against the
one the server gave the same body sent at once. Every --probe-every seconds, a probe (a 1 KiB JSON body on a new
connection) is sent beside them and timed from connect to the end of its answer. Meanwhile the server's RSS,
threads, open descriptors and CPU time are read from /proc every 100 ms, and the client's own event-loop lag is
measured, so that a client too slow to keep the pace shows. Prints one JSON object with everything measured.

One connection per upload, HTTP/1.1, Content-Length, Connection: close; everything on 127.0.0.1. Bounded: every
request has a deadline (--deadline), after which it counts as failed.
"""
import argparse
import asyncio
import json
import os
import statistics
import sys
import time

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def request_head(path, length):
    return ("POST %s HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\n"
            "Connection: close\r\n\r\n" % (path, length)).encode("ascii")


def parse_answer(raw):
    """(status, body) of an HTTP/1.1 answer read to its end; (0, '') if it is not one."""
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return 0, ""
    if any(line.lower().startswith(b"transfer-encoding: chunked") for line in lines[1:]):
        decoded = b""
        while body:
            size_line, _, rest = body.partition(b"\r\n")
            size = int(size_line.split(b";")[0], 16)
            if size == 0:
                break
            decoded += rest[:size]
            body = rest[size + 2:]
        body = decoded
    return status, body.decode("utf-8", "replace")


async def post(port, path, pieces, interval, start_at, deadline):
    """Posts the pieces, one every interval seconds from start_at; returns (status, body, seconds taken)."""
    loop = asyncio.get_running_loop()
    length = sum(len(p) for p in pieces)
    await asyncio.sleep(max(0.0, start_at - loop.time()))
    began = loop.time()
    writer = None
    try:
        async with asyncio.timeout(deadline):
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(request_head(path, length))
            for i, piece in enumerate(pieces):
                due = began + i * interval
                if due > loop.time():
                    await asyncio.sleep(due - loop.time())
                writer.write(piece)
                await writer.drain()
            raw = await reader.read()
            status, body = parse_answer(raw)
            return status, body, loop.time() - began
    except (OSError, TimeoutError, asyncio.IncompleteReadError, ConnectionError) as e:
        return 0, type(e).__name__, loop.time() - began
    finally:
        if writer is not None:
            writer.close()


def split(body, size):
    return [body[i:i + size] for i in range(0, len(body), size)] or [b""]


class ProcWatch:
    """The server's RSS, threads, descriptors and CPU, read from /proc every 100 ms."""

    def __init__(self, pid):
        self.pid = pid
        self.peak_rss_kb = 0
        self.peak_threads = 0
        self.peak_fds = 0
        self.samples = 0

    def cpu_seconds(self):
        with open("/proc/%d/stat" % self.pid) as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime

    def fds(self):
        return len(os.listdir("/proc/%d/fd" % self.pid))

    def sample(self):
        with open("/proc/%d/status" % self.pid) as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    self.peak_rss_kb = max(self.peak_rss_kb, int(line.split()[1]))
                elif line.startswith("Threads:"):
                    self.peak_threads = max(self.peak_threads, int(line.split()[1]))
        self.peak_fds = max(self.peak_fds, self.fds())
        self.samples += 1

    async def run(self, stop):
        while not stop.is_set():
            self.sample()
            await asyncio.sleep(0.1)


async def loop_lag(stop, lags):
    """How late the event loop wakes a 10 ms sleep: the client's own delay, reported beside the probes."""
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        t = loop.time()
        await asyncio.sleep(0.01)
        lags.append(loop.time() - t - 0.01)


def percentile(values, p):
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


async def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--path", required=True, help="where the uploads and probes go")
    ap.add_argument("--pid", type=int, required=True, help="the server's process, for /proc")
    ap.add_argument("--body", required=True, help="the file each upload posts")
    ap.add_argument("--uploads", type=int, required=True)
    ap.add_argument("--rate", type=int, required=True, help="bytes per second of each upload")
    ap.add_argument("--interval", type=float, default=0.25, help="seconds between pieces")
    ap.add_argument("--ramp", type=float, default=2.0, help="seconds over which the uploads start")
    ap.add_argument("--probe-every", type=float, default=0.1)
    ap.add_argument("--warmup", type=int, default=300, help="uploads sent at once first, not measured")
    ap.add_argument("--deadline", type=float, default=300.0)
    ap.add_argument("--watch-after", type=float, default=0.0,
                    help="seconds to keep reading the server's descriptors after the load")
    args = ap.parse_args()
    loop = asyncio.get_running_loop()

    with open(args.body, "rb") as f:
        body = f.read()
    probe_body = (b'{"probe":[' + b",".join(b'{"n":%d,"v":"%s"}' % (i, b"x" * 24) for i in range(28)) + b"]}")

    # The answers to expect, from the same bodies sent at once; then a warm-up of the server's code paths.
    status, expected, _ = await post(args.port, args.path, [body], 0, loop.time(), 60)
    pstatus, probe_expected, _ = await post(args.port, args.path, [probe_body], 0, loop.time(), 60)
    if status != 200 or pstatus != 200:
        print(json.dumps({"error": "reference answers", "status": status, "probe_status": pstatus,
                          "body": expected[:200]}))
        return 1
    for batch in range(0, args.warmup, 20):
        await asyncio.gather(*(post(args.port, args.path, [body], 0, loop.time(), 60) for _ in range(20)),
                             *(post(args.port, args.path, [probe_body], 0, loop.time(), 60) for _ in range(20)))

    watch = ProcWatch(args.pid)
    stop = asyncio.Event()
    lags = []
    watcher = asyncio.create_task(watch.run(stop))
    lagger = asyncio.create_task(loop_lag(stop, lags))
    fds_before = watch.fds()
    cpu_before = watch.cpu_seconds()
    began = loop.time()

    piece = max(1, int(args.rate * args.interval))
    pieces = split(body, piece)
    uploads = [asyncio.create_task(post(args.port, args.path, pieces, args.interval,
                                        began + args.ramp * i / max(1, args.uploads), args.deadline))
               for i in range(args.uploads)]
    probes = []
    probing = True

    async def probe_loop():
        n = 0
        while probing:
            due = began + n * args.probe_every
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            if not probing:
                break
            probes.append(asyncio.create_task(post(args.port, args.path, [probe_body], 0, loop.time(), 60)))
            n += 1

    prober = asyncio.create_task(probe_loop())
    results = await asyncio.gather(*uploads)
    load_seconds = loop.time() - began
    probing = False
    await prober
    probe_results = await asyncio.gather(*probes)
    cpu_after = watch.cpu_seconds()
    watch.sample()
    stop.set()
    await watcher
    await lagger

    ok = sum(1 for s, b, _ in results if s == 200 and b == expected)
    failures = {}
    for s, b, _ in results:
        if not (s == 200 and b == expected):
            key = "%d %s" % (s, b[:60])
            failures[key] = failures.get(key, 0) + 1
    probe_ok = [t for s, b, t in probe_results if s == 200 and b == probe_expected]
    out = {
        "path": args.path, "uploads": args.uploads, "body_bytes": len(body), "rate": args.rate,
        "answered_ok": ok, "failures": failures, "load_seconds": round(load_seconds, 2),
        "upload_seconds_p50": round(statistics.median(t for _, _, t in results), 2),
        "probes": len(probe_results), "probes_ok": len(probe_ok),
        "probe_ms_p50": round(1000 * percentile(probe_ok, 50), 1) if probe_ok else None,
        "probe_ms_p99": round(1000 * percentile(probe_ok, 99), 1) if probe_ok else None,
        "probe_ms_max": round(1000 * max(probe_ok), 1) if probe_ok else None,
        "server_cpu_seconds": round(cpu_after - cpu_before, 2),
        "server_peak_rss_mb": round(watch.peak_rss_kb / 1024, 1),
        "server_peak_threads": watch.peak_threads,
        "server_peak_fds": watch.peak_fds, "server_fds_before": fds_before,
        "client_lag_ms_p50": round(1000 * percentile(lags, 50), 2),
        "client_lag_ms_p99": round(1000 * percentile(lags, 99), 2),
        "client_lag_ms_max": round(1000 * max(lags), 1),
        "proc_samples": watch.samples,
    }
    if args.watch_after > 0:
        after = {}
        t0 = loop.time()
        for at in (1, 5, 15, 30, 60, 120):
            if at > args.watch_after:
                break
            await asyncio.sleep(max(0.0, t0 + at - loop.time()))
            after[str(at)] = watch.fds()
        out["server_fds_after_s"] = after
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
