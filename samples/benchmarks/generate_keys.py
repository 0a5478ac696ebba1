"""Writes one JSON object of N members to stdout, as bodies that key a map by ids do: {"<id>":<n>,...}.

    python3 generate_keys.py N distinct   every name a new 32-hex-digit id (seeded)
    python3 generate_keys.py N repeated   the same shape, names drawn in turn from 50 such ids

Both modes write names of the same length and the same values, so the two documents are the same size and differ
only in how many distinct names they hold.
"""
import random
import sys

count = int(sys.argv[1])
mode = sys.argv[2]
if mode not in ("distinct", "repeated"):
    sys.exit("generate_keys.py: the mode is distinct or repeated, not " + mode)
rnd = random.Random(7)
pool = ["%032x" % rnd.getrandbits(128) for _ in range(50)]
out = sys.stdout
out.write("{")
parts = []
for i in range(count):
    name = "%032x" % rnd.getrandbits(128) if mode == "distinct" else pool[i % 50]
    parts.append('%s"%s":%d' % ("," if i else "", name, i))
    if len(parts) == 10000:
        out.write("".join(parts))
        parts = []
out.write("".join(parts))
out.write("}\n")
