"""Turns JMH's JSON results into tables: per input and variant, MB/s (ops/s x document size) and B/op; then the
ratios the engine-speed goals are stated in, each marked as meeting its goal or not.
    python3 summarize_jmh.py jmh.json [sizes.json]
A variant or size missing from the results (a partial run) shows as n/a instead of failing."""
import json
import math
import sys

# (numerator, denominator, goal): the decoder against raw async Jackson (the same parser fed the same pieces, with
# nothing around it), values and tokens-only alike, against Vert.x, and against the blocking parser (no goal).
RATIOS = [
    ("b_decoderHeap16k", "r_rawAsync", 0.90),
    ("c1_decoderDirect16kCopy", "r_rawAsync", 0.90),
    ("c2_decoderDirect16kByteBuffer", "r_rawAsync", 0.90),
    ("b2_decoderHeap16kTokens", "r2_rawAsyncTokens", 0.90),
    ("c1t_decoderDirect16kCopyTokens", "r2_rawAsyncTokens", 0.90),
    ("b_decoderHeap16k", "e_vertxJsonParser", 1.3),
    ("b_decoderHeap16k", "a_blockingByteArray", None),
]


def number(x):
    """JMH writes NaN for an error it could not estimate (a single iteration)."""
    return float(x) if x is not None else float("nan")


def fmt(x, pattern):
    return pattern % x if x is not None and not math.isnan(x) else "n/a"


def goal_text(goal):
    return ">= %.2f" % goal if goal is not None else "none"


def short(variant):
    return variant.split("_", 1)[0]


results = json.load(open(sys.argv[1]))
rows = {}
for r in results:
    name = r["benchmark"].rsplit(".", 1)[1]
    inp = r["params"]["input"]
    metric = r["primaryMetric"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    rows.setdefault(inp, {})[name] = (number(metric["score"]), number(metric["scoreError"]), alloc)

size = json.load(open(sys.argv[2])) if len(sys.argv) > 2 else {}
print("| input | variant | ops/s | MB/s | vs (a) | B/op |")
print("|---|---|---:|---:|---:|---:|")
for inp, variants in rows.items():
    ref = variants.get("a_blockingByteArray", (None,))[0]
    for name in sorted(variants):
        ops, err, alloc = variants[name]
        mb = ops * size[inp] / 1e6 if inp in size else None
        print("| %s | %s | %s ± %s | %s | %s | %s |" % (
            inp, name, fmt(ops, "%.1f"), fmt(err, "%.1f"), fmt(mb, "%.0f"), fmt(ops / ref if ref else None, "%.2f"),
            fmt(alloc, "%.0f")))

print()
print("Ratios of ops/s within this run, each variant named by its prefix (b = b_decoderHeap16k, r = r_rawAsync, ...):")
print()
print("| input | ratio | value | ± | goal | meets |")
print("|---|---|---:|---:|---:|---|")
met = {}
for inp, variants in rows.items():
    for num, den, goal in RATIOS:
        label = "%s / %s" % (short(num), short(den))
        if num not in variants or den not in variants:
            print("| %s | %s | n/a | | %s | n/a |" % (inp, label, goal_text(goal)))
            continue
        (a, ea, _), (b, eb, _) = variants[num], variants[den]
        ratio = a / b
        # The ratio's error from the two scores' errors (relative errors add), so that a "no" by less than it reads
        # as noise rather than a miss.
        err = ratio * (ea / a + eb / b)
        meets = "reported" if goal is None else ("yes" if ratio >= goal else "no")
        if goal is not None:
            met.setdefault(label, []).append(ratio >= goal)
        print("| %s | %s | %.2f | %s | %s | %s |" % (inp, label, ratio, fmt(err, "%.2f"), goal_text(goal), meets))

print()
for label, hits in met.items():
    print("- %s: goal met on %d of %d inputs" % (label, sum(hits), len(hits)))
