"""Turns run.sh client's raw output (one JSON object a run) into the tables of RESULTS.md part 7.

Usage: python3 summarize_client.py results/client.txt. Ratios are taken within a round (each variant's MiB/s over
the baseline's in the same round, the runs of a round being minutes apart at most), then their median and
quartiles over the rounds.
"""
import collections
import json
import statistics
import sys

NAMES = {
    ("export", "stream"): "a. `JsonBodyHandlers.ofStream(.., \"/items/*\", ..)`, forEach",
    ("export", "publisher"): "b. `JsonBodyHandlers.ofPublisher(.., \"/items/*\", ..)`, request(256)",
    ("export", "bytes"): "c. `ofByteArray()` + `readValue(bytes, Export.class)`",
    ("export", "iterator"): "d. `ofInputStream()` + `MappingIterator` (baseline)",
    ("ndjson", "stream"): "a. `JsonBodyHandlers.ofStream(.., \"\", ..)`, forEach",
    ("ndjson", "iterator"): "d. `ofInputStream()` + `MappingIterator` (baseline)",
    ("ndjson", "lines"): "e. `ofLines()` + `readValue(line)`",
    ("line", "stream"): "`JsonBodyHandlers.ofStream(.., \"\", ..)`, defaults",
    ("line", "stream-large"): "`JsonBodyHandlers.ofStream(.., \"\", ..)`, capture limits raised",
    ("line", "iterator"): "`ofInputStream()` + `MappingIterator`",
    ("line", "lines"): "`ofLines()` + `readValue(line)`",
    ("line", "line-subscriber"): "`fromLineSubscriber(..)` + `readValue(line)`",
    ("line", "bytes"): "`ofByteArray()` + `readValue(bytes)`",
}
BASELINE = "iterator"


def load(path):
    runs = []
    with open(path) as f:
        for line in f:
            if line.startswith("{"):
                runs.append(json.loads(line))
    return runs


def quartiles(values):
    if len(values) < 2:
        return values[0], values[0]
    q = statistics.quantiles(values, n=4, method="inclusive")
    return q[0], q[2]


def spread(values, fmt="%.2f"):
    low, high = quartiles(values)
    return (fmt + " (" + fmt + "-" + fmt + ")") % (statistics.median(values), low, high)


def size_label(b):
    return "%d MiB" % round(b / (1 << 20)) if b < 1 << 30 else "%.0f GiB" % (b / (1 << 30))


def name(shape, variant):
    return NAMES.get((shape, variant), variant)


def checks(runs):
    """Every variant must bind the same items (count and checksum) from the same document."""
    bound = collections.defaultdict(set)
    for r in runs:
        if not r.get("error") and r.get("items", -1) >= 0:
            bound[r["document"]].add((r["items"], r["check"]))
    bad = {d: b for d, b in bound.items() if len(b) != 1}
    if bad:
        print("**Mismatch:** variants bound different items: %s\n" % bad)
    else:
        print("Every variant bound the same items from each document (count and checksum): %s.\n" % ", ".join(
            "%s %d" % (d, next(iter(b))[0]) for d, b in sorted(bound.items())))


def throughput(runs):
    rows = [r for r in runs if r["part"] == "throughput"]
    if not rows:
        return
    print("### Throughput, %s (MiB/s of the warm fetches; ratio to the baseline within each round)\n"
          % size_label(rows[0].get("bytes", 0)))
    print("| document | variant | MiB/s, median (quartiles) | ratio to d, median (quartiles) | per round | failed |")
    print("|---|---|---:|---:|---|---:|")
    for shape in ("export", "ndjson"):
        by = collections.defaultdict(dict)
        for r in rows:
            if r["shape"] == shape:
                by[r["variant"]][r["round"]] = r
        for variant, per_round in by.items():
            ok = {k: r for k, r in per_round.items() if not r.get("error") and r.get("mib_per_s")}
            failed = len(per_round) - len(ok)
            rate = [r["mib_per_s"] for r in ok.values()]
            ratios = []
            for k, r in sorted(ok.items()):
                base = by.get(BASELINE, {}).get(k)
                if base and not base.get("error") and base.get("mib_per_s"):
                    ratios.append(r["mib_per_s"] / base["mib_per_s"])
            print("| %s | %s | %s | %s | %s | %d |" % (
                shape, name(shape, variant), spread(rate, "%.1f") if rate else "-",
                ("**" + spread(ratios) + "**") if ratios and variant != BASELINE else ("1" if ratios else "-"),
                " ".join("%.2f" % x for x in ratios) if variant != BASELINE else "", failed))
    print()


def memory(runs):
    rows = [r for r in runs if r["part"] == "memory"]
    if not rows:
        return
    print("### Memory, one fetch a JVM (-Xmx %s MB): peak heap used (sum of pools) / peak heap after a collection"
          " / VmHWM, MB\n" % rows[0].get("xmx_mb", "?"))
    sizes = sorted({r["document"].split("-")[1].split(".")[0] for r in rows}, key=int)
    print("| document | variant | " + " | ".join("%s MiB" % s if int(s) < 1024 else "%d GiB" % (int(s) >> 10)
                                                   for s in sizes) + " |")
    print("|---|---|" + "---:|" * len(sizes))
    for shape in ("export", "ndjson"):
        variants = list(dict.fromkeys(r["variant"] for r in rows if r["shape"] == shape))
        for variant in variants:
            cells = []
            for s in sizes:
                r = next((r for r in rows if r["shape"] == shape and r["variant"] == variant
                          and r["document"].split("-")[1].split(".")[0] == s), None)
                if r is None:
                    cells.append("-")
                elif r.get("error"):
                    cells.append("**%s** (%s / %s / %s)" % (
                        "OOM" if "OutOfMemory" in r["error"] else r["error"][:40], r.get("peak_heap_mb", "?"),
                        r.get("peak_after_gc_mb", "?"), r.get("vmhwm_mb", "?")))
                else:
                    cells.append("%d / %d / %d (%.1f s)" % (r["peak_heap_mb"], r["peak_after_gc_mb"],
                                                             r["vmhwm_mb"], r["seconds"]))
            print("| %s | %s | %s |" % (shape, name(shape, variant), " | ".join(cells)))
    print()


def small_heap(runs):
    rows = [r for r in runs if r["part"] == "memory-64m"]
    if not rows:
        return
    print("### The streaming variants at 1 GiB in -Xmx%s MB, one fetch\n" % rows[0].get("xmx_mb", "?"))
    print("| document | variant | seconds | peak heap MB | after GC MB | VmHWM MB | result |")
    print("|---|---|---:|---:|---:|---:|---|")
    for r in rows:
        print("| %s | %s | %s | %s | %s | %s | %s |" % (
            r["shape"], name(r["shape"], r["variant"]), ("%.1f" % r["seconds"]) if r.get("seconds") else "-",
            r.get("peak_heap_mb", "-"), r.get("peak_after_gc_mb", "-"), r.get("vmhwm_mb", "-"),
            r.get("error") or "%d items" % r["items"]))
    print()


def long_lines(runs):
    rows = [r for r in runs if r["part"] == "long-line"]
    if not rows:
        return
    print("### Long lines: one NDJSON line (the export on one line), seconds a fetch: the median over rounds of "
          "each run's quickest warm fetch (of its median warm fetch in brackets)\n")
    docs = sorted({r["document"] for r in rows}, key=lambda d: int(d.split("-")[1].split(".")[0]))
    sizes = {d: next(r["bytes"] for r in rows if r["document"] == d and r.get("bytes", -1) > 0) for d in docs}
    # Linear time: each step's time grows as its size does; quadratic, as its square.
    steps = list(zip(docs, docs[1:]))
    print("| variant | " + " | ".join("%.1f MB" % (sizes[d] / 1e6) for d in docs) + " | " + " | ".join(
        "time x, %.0f to %.0f MB (size x%.0f)" % (sizes[a] / 1e6, sizes[b] / 1e6, sizes[b] / sizes[a])
        for a, b in steps) + " |")
    print("|---|" + "---:|" * (len(docs) + len(steps)))
    for variant in dict.fromkeys(r["variant"] for r in rows):
        cells, medians = [], []
        for d in docs:
            ok = [r for r in rows if r["variant"] == variant and r["document"] == d and not r.get("error")]
            failed = [r for r in rows if r["variant"] == variant and r["document"] == d and r.get("error")]
            if ok:
                m = statistics.median(r["best_seconds"] for r in ok)
                typical = statistics.median(r["seconds"] for r in ok)
                medians.append(m)
                cells.append("%.3f (%.3f)" % (m, typical) + (" + %d failed" % len(failed) if failed else ""))
            else:
                medians.append(None)
                cells.append("failed: %s" % (failed[0]["error"][:60] if failed else "-"))
        growth = [("%.1f" % (medians[i + 1] / medians[i])) if medians[i] and medians[i + 1] else "-"
                  for i in range(len(steps))]
        print("| %s | %s | %s |" % (name("line", variant), " | ".join(cells), " | ".join(growth)))
    print()


def main():
    runs = load(sys.argv[1])
    checks(runs)
    throughput(runs)
    memory(runs)
    small_heap(runs)
    long_lines(runs)
    errors = [r for r in runs if r.get("error")]
    if errors:
        print("Failed runs:\n")
        for r in errors:
            print("- %s %s %s round %s: %s" % (r["part"], r["document"], r["variant"], r["round"], r["error"]))


if __name__ == "__main__":
    main()
