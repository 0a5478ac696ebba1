"""Turns JMH's JSON results into a table: MB/s (ops/s x document size), ratio to the blocking parser, B/op."""
import json
import sys

results = json.load(open(sys.argv[1]))
rows = {}
for r in results:
    name = r["benchmark"].rsplit(".", 1)[1]
    inp = r["params"]["input"]
    ops = r["primaryMetric"]["score"]
    err = r["primaryMetric"]["scoreError"]
    alloc = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
    rows.setdefault(inp, {})[name] = (ops, err, alloc)

size = json.load(open(sys.argv[2])) if len(sys.argv) > 2 else {}
print("| input | variant | ops/s | MB/s | vs (a) | B/op |")
print("|---|---|---:|---:|---:|---:|")
for inp, variants in rows.items():
    ref = variants.get("a_blockingByteArray", (None,))[0]
    for name in sorted(variants):
        ops, err, alloc = variants[name]
        mb = ops * size[inp] / 1e6 if inp in size else float("nan")
        ratio = ops / ref if ref else float("nan")
        print("| %s | %s | %.1f ± %.1f | %s | %.2f | %s |" % (
            inp, name, ops, err, "%.0f" % mb if mb == mb else "n/a", ratio,
            "%.0f" % alloc if alloc is not None else "n/a"))
