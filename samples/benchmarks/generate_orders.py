"""Writes {"orders":[{"id":..,"currency":..,"lines":[{"sku":..,"qty":..,"price":..},..]},...]} of about N bytes to
stdout: the body of POST /orders, for the end-to-end binding comparison (run.sh orders)."""
import random
import sys

target = int(sys.argv[1])
rnd = random.Random(42)
out = sys.stdout
written = out.write('{"orders":[')
currencies = ["EUR", "USD", "JPY", "GBP", "CHF"]
parts = []
size = 0
i = 0
while written + size < target:
    lines = ",".join('{"sku":"SKU-%06d","qty":%d,"price":%d.%02d}' % (
        rnd.randrange(1000000), 1 + rnd.randrange(9), rnd.randrange(500), rnd.randrange(100))
        for _ in range(1 + rnd.randrange(4)))
    order = '%s{"id":"order-%08d","currency":"%s","lines":[%s]}' % ("," if i else "", i, rnd.choice(currencies), lines)
    parts.append(order)
    size += len(order)
    i += 1
    if len(parts) == 10000:
        out.write("".join(parts))
        written += size
        size = 0
        parts = []
out.write("".join(parts))
out.write("]}\n")
