"""Draws RESULTS.md's pictures (SVG, beside it in results/plots/) from the raw results, with matplotlib.

Usage: python3 plot_results.py RESULTS_DIR. Each plot is drawn only when its raw output is there, so a partial run
redraws what it can: uploads.txt (run.sh uploads), memory-sweep.txt (run.sh memory), cli.txt (run.sh cli),
bindpairs.txt (run.sh bindpairs), client.txt (run.sh client).
"""
import json
import os
import re
import sys

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402 (the backend first)
import matplotlib.ticker  # noqa: E402

plt.rcParams.update({"svg.hashsalt": "jsonstream", "font.size": 9, "axes.grid": True, "grid.alpha": 0.3,
                     "figure.dpi": 100})
COLORS = {"stats": "#1f77b4", "full-bytes": "#ff7f0e", "worker-pool": "#7f7f7f", "virtual-threads": "#d62728"}
LABELS = {"stats": "/stats (jsonstream, IO thread)", "full-bytes": "receiveFullBytes + Jackson",
          "worker-pool": "worker pool + blocking Jackson", "virtual-threads": "virtual threads + blocking Jackson"}


def size_label(b):
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if b >= 1 << shift:
            return "%d %s" % (round(b / (1 << shift)), unit)
    return "%d B" % b


def grouped_bars(ax, groups, series):
    """One bar per series in each group, side by side; series: (label, heights, error bars or None, colour)."""
    width = 0.8 / len(series)
    for i, (label, heights, errors, color) in enumerate(series):
        xs = [g + (i - (len(series) - 1) / 2) * width for g in range(len(groups))]
        ax.bar(xs, heights, width, yerr=errors, capsize=2 if errors else 0, label=label, color=color)
    ax.set_xticks(range(len(groups)))
    ax.set_xticklabels(groups, fontsize=8)


def raw_lines(results, name):
    """The lines of a raw output in results/, or None where that part was not run."""
    path = os.path.join(results, name)
    if not os.path.exists(path):
        return None
    with open(path) as f:
        return f.read().splitlines()


def save(fig, out, name, legend):
    """Writes the figure, its legend on the axes given."""
    legend.legend(fontsize=7)
    fig.tight_layout()
    path = os.path.join(out, name)
    fig.savefig(path, metadata={"Date": None})  # no date: the same data draws the same file
    plt.close(fig)
    print("wrote", path)


def uploads(results, out):
    lines = raw_lines(results, "uploads.txt")
    if lines is None:
        return
    runs = [json.loads(line) for line in lines if line.startswith("{")]
    runs = [r for r in runs if "check" not in r and "uploads" in r]
    for body in sorted({r["body_bytes"] for r in runs}):
        sized = [r for r in runs if r["body_bytes"] == body]
        label = "%d KiB" % (body // 1024) if body < 1 << 20 else "%d MiB" % (body >> 20)
        fig, axes = plt.subplots(1, 4, figsize=(14, 3.4))
        for design in LABELS:
            rs = sorted((r for r in sized if r["design"] == design), key=lambda r: r["uploads"])
            if not rs:
                continue
            n = [r["uploads"] for r in rs]
            style = dict(color=COLORS[design], marker="o", label=LABELS[design])
            axes[0].plot(n, [r["probe_ms_p50"] or float("nan") for r in rs], **style)
            axes[1].plot(n, [r["server_cpu_seconds"] for r in rs], **style)
            axes[2].plot(n, [r["server_peak_rss_mb"] for r in rs], **style)
            axes[3].plot(n, [r["server_peak_fds"] for r in rs], **style)
        axes[0].set_yscale("log")
        axes[0].set_title("small request beside: p50 (ms, log)")
        axes[1].set_title("server CPU during the load (s)")
        axes[2].set_title("server peak RSS (MB)")
        axes[3].set_title("server's open descriptors, peak")
        for ax in axes:
            ax.set_xlabel("concurrent slow uploads of %s" % label)
        save(fig, out, "uploads-%s.svg" % label.replace(" ", "").lower(), legend=axes[0])


def memory(results, out):
    lines = raw_lines(results, "memory-sweep.txt")
    if lines is None:
        return
    rows = [json.loads(line) for line in lines if line.startswith("{")]
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    for design in ("stats", "full-bytes"):
        rs = sorted((r for r in rows if r["design"] == design), key=lambda r: r["body_bytes"])
        ok = [r for r in rs if r["ok"]]
        ax.plot([r["body_bytes"] for r in ok], [r["peak_rss_mb"] for r in ok], color=COLORS[design], marker="o",
                label=LABELS[design])
        for r in rs:
            if not r["ok"]:
                ax.plot([r["body_bytes"]], [r["peak_rss_mb"]], color=COLORS[design], marker="x", markersize=9)
                ax.annotate("failed: " + r.get("failure", "?").replace("HTTP/1.1 ", ""),
                            (r["body_bytes"], r["peak_rss_mb"]), textcoords="offset points", xytext=(-150, -4),
                            fontsize=7, color=COLORS[design])
    ax.set_xscale("log", base=2)
    ax.set_yscale("log")
    sizes = sorted({r["body_bytes"] for r in rows})
    ax.set_xticks(sizes)
    ax.set_xticklabels([size_label(b) for b in sizes], rotation=30, fontsize=7)
    ax.yaxis.set_major_formatter(matplotlib.ticker.ScalarFormatter())
    ax.set_xlabel("body size (log)")
    ax.set_ylabel("server peak RSS (MB, log)")
    ax.set_title("one upload, server at -Xmx%s" % rows[0].get("xmx", "?"))
    save(fig, out, "memory-by-body-size.svg", legend=ax)


def cli(results, out):
    lines = raw_lines(results, "cli.txt")
    if lines is None:
        return
    doc, times = None, {}
    for line in lines:
        if line.startswith("=="):
            m = re.match(r"== (\S+) (\d+) MB", line)
            doc = "%s\n%s MB" % (m.group(1), m.group(2)) if m else None  # other parts of cli.txt: not drawn
            continue
        m = re.match(r"([\d.]+) s wall, (\d+) KB max RSS :: (.*)", line)
        if m and doc:
            run = m.group(3)
            tool = ("jsonstream --format jq-stream" if "jq-stream" in run and "jsonstream" in run
                    else "jq -c --stream ." if "--stream" in run
                    else "jsonstream --select /items/*" if "--select" in run and "jsonstream" in run
                    else "jq -c .items[]" if "items[]" in run else None)
            if tool:
                times.setdefault(doc, {})[tool] = (float(m.group(1)), int(m.group(2)) / 1024)
    if not times:
        return
    tools = ["jsonstream --format jq-stream", "jq -c --stream .", "jsonstream --select /items/*", "jq -c .items[]"]
    colors = ["#1f77b4", "#aec7e8", "#2ca02c", "#98df8a"]
    docs = list(times)
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.4))
    for k, (ax, title) in enumerate(zip(axes, ("wall time (s)", "peak RSS (MB, log)"))):
        grouped_bars(ax, docs, [(tool, [times[d].get(tool, (0, 0))[k] for d in docs], None, colors[i])
                                for i, tool in enumerate(tools)])
        ax.set_title(title)
    axes[1].set_yscale("log")
    save(fig, out, "cli-vs-jq.svg", legend=axes[0])


def binding(results, out):
    lines = raw_lines(results, "bindpairs.txt")
    if lines is None:
        return
    ratios = {}
    for line in lines:
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and re.match(r"[\d.]+$", cells[2]):
            lo, hi = (float(x) for x in cells[3].split("-"))
            ratios.setdefault(cells[1], {})[cells[0]] = (float(cells[2]), lo, hi)
    shown = [("f / e (bind in place)", "binding in place / databind, whole document"),
             ("f / g (in place / iterator)", "binding in place / databind's MappingIterator"),
             ("h / g (ceiling / iterator)", "Jackson's non-blocking parser alone / MappingIterator"),
             ("b / e (m.parser(), bytes)", "Match.parser() (bytes parsed again) / whole document")]
    shown = [(k, label) for k, label in shown if k in ratios]
    if not shown:
        return
    inputs = list(next(iter(ratios.values())))
    fig, ax = plt.subplots(figsize=(8, 3.4))
    series = []
    for key, label in shown:
        med, lo, hi = zip(*(ratios[key].get(inp, (0, 0, 0)) for inp in inputs))
        series.append((label, med, [[m - x for m, x in zip(med, lo)], [x - m for m, x in zip(med, hi)]], None))
    grouped_bars(ax, inputs, series)
    ax.axhline(1.0, color="black", linewidth=0.8)
    ax.axhline(0.9, color="black", linewidth=0.6, linestyle="--")
    ax.set_ylabel("throughput ratio (median of pairs)")
    ax.set_title("binding each element to a record, 10 MiB documents in 16 KiB pieces")
    save(fig, out, "binding-ratios.svg", legend=ax)


def client(results, out):
    lines = raw_lines(results, "client.txt")
    if lines is None:
        return
    import statistics
    runs = [json.loads(line) for line in lines if line.startswith("{")]
    fig, axes = plt.subplots(1, 2, figsize=(10, 3.6))
    # Left: each variant's MiB/s over the MappingIterator's in the same round, median and quartiles over rounds.
    shown = [("export", "stream", "a. ofStream"), ("export", "publisher", "b. ofPublisher"),
             ("export", "bytes", "c. ofByteArray + databind"), ("ndjson", "stream", "a. ofStream (NDJSON)"),
             ("ndjson", "lines", "e. ofLines + readValue (NDJSON)")]
    rate = {(r["shape"], r["variant"], r["round"]): r["mib_per_s"] for r in runs
            if r["part"] == "throughput" and not r.get("error") and r.get("mib_per_s")}
    labels, medians, errors = [], [], [[], []]
    for shape, variant, label in shown:
        ratios = [v / rate[(shape, "iterator", k)] for (s, w, k), v in rate.items()
                  if s == shape and w == variant and (shape, "iterator", k) in rate]
        if len(ratios) < 2:
            continue
        q = statistics.quantiles(ratios, n=4, method="inclusive")
        m = statistics.median(ratios)
        labels.append(label)
        medians.append(m)
        errors[0].append(m - q[0])
        errors[1].append(q[2] - m)
    ax = axes[0]
    ax.bar(range(len(labels)), medians, yerr=errors, capsize=3, color="#1f77b4")
    ax.set_xticks(range(len(labels)))
    ax.set_xticklabels(labels, fontsize=7, rotation=20, ha="right")
    ax.axhline(1.0, color="black", linewidth=0.8, linestyle="--", label="goal: 1.0x the MappingIterator")
    ax.set_ylabel("throughput / ofInputStream + MappingIterator")
    ax.set_title("100 MiB from nginx, median and quartiles of rounds", fontsize=8)
    ax.legend(fontsize=7)
    # Right: seconds for one long NDJSON line against its size, log-log; a slope of 1 is linear.
    ax = axes[1]
    by = {}
    for r in runs:
        if r["part"] == "long-line" and not r.get("error") and r.get("best_seconds"):
            by.setdefault(r["variant"], {}).setdefault(r["bytes"], []).append(r["best_seconds"])
    names = {"stream": "ofStream (defaults)", "stream-large": "ofStream (capture limits raised)",
             "iterator": "ofInputStream + MappingIterator", "lines": "ofLines + readValue",
             "line-subscriber": "fromLineSubscriber + readValue", "bytes": "ofByteArray + readValue"}
    for variant, sizes in by.items():
        xs = sorted(sizes)
        ax.plot([x / 1e6 for x in xs], [statistics.median(sizes[x]) for x in xs], marker="o",
                label=names.get(variant, variant))
    if by:
        ax.plot([1, 16], [0.05, 0.8], color="grey", linestyle=":", label="linear (slope 1)")
        ax.plot([1, 16], [0.1, 25.6], color="grey", linestyle="--", label="quadratic (slope 2)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("one NDJSON line, MB")
    ax.set_ylabel("seconds a fetch (quickest warm fetch)")
    ax.set_title("long lines", fontsize=8)
    save(fig, out, "client.svg", legend=ax)


def main():
    results = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "results")
    out = os.path.join(results, "plots")
    os.makedirs(out, exist_ok=True)
    for draw in (uploads, memory, cli, binding, client):
        draw(results, out)


if __name__ == "__main__":
    main()
