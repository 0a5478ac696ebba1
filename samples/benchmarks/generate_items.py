"""Writes {"items":[{"id":..,"name":..,"price":..,"tags":[..],"active":..},...]} of about N bytes to stdout."""
import random
import sys

target = int(sys.argv[1])
rnd = random.Random(42)
out = sys.stdout
written = out.write('{"items":[')
i = 0
parts = []
size = 0
while written + size < target:
    item = '%s{"id":%d,"name":"item %016x","price":%d.%02d,"tags":["t%d","u%d"],"active":%s}' % (
        "," if i else "", i, rnd.getrandbits(64), rnd.randrange(1000), rnd.randrange(100), rnd.randrange(50),
        rnd.randrange(9), "true" if rnd.random() < 0.5 else "false")
    parts.append(item)
    size += len(item)
    i += 1
    if len(parts) == 10000:
        out.write("".join(parts))
        written += size
        size = 0
        parts = []
out.write("".join(parts))
out.write("]}\n")
