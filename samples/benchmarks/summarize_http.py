"""Reads results/http.txt (blocks of wrk output, each after a '### name size' line) and prints a table."""
import re
import sys

rows = []
name = None
cur = {}
for line in open(sys.argv[1]):
    m = re.match(r"### (\S+) (\S+)(?: heap=(\S+) rss=(\S+))?", line)
    if m:
        if name:
            rows.append((name, size, cur))
        name, size = m.group(1), m.group(2)
        cur = {}
        continue
    m = re.match(r"\s+(50|99)%\s+(\S+)", line)
    if m:
        cur["p" + m.group(1)] = m.group(2)
    m = re.match(r"Requests/sec:\s+(\S+)", line)
    if m:
        cur["rps"] = float(m.group(1))
    m = re.match(r"\s+(\d+) requests in", line)
    if m:
        cur["n"] = int(m.group(1))
    m = re.match(r"\s+Non-2xx or 3xx responses: (\d+)", line)
    if m:
        cur["errors"] = int(m.group(1))
    m = re.match(r"peak heap used (\S+) MB, peak RSS (\S+) MB", line)
    if m:
        cur["heap"], cur["rss"] = m.group(1), m.group(2)
if name:
    rows.append((name, size, cur))

best = {}
for name, size, c in rows:
    if name.startswith("baseline"):
        best[size] = max(best.get(size, 0), c.get("rps", 0))
print("| endpoint / setting | body | req/s | p50 | p99 | non-2xx | vs best baseline |")
print("|---|---|---:|---:|---:|---:|---:|")
for name, size, c in rows:
    ratio = c.get("rps", 0) / best[size] if best.get(size) else float("nan")
    print("| %s | %s | %.1f | %s | %s | %s | %.2f |" % (name, size, c.get("rps", 0), c.get("p50", "?"),
          c.get("p99", "?"), c.get("errors", 0), ratio))
