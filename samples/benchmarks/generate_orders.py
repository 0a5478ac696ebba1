"""Writes {"orders":[{"id":..,"currency":..,"lines":[{"sku":..,"qty":..,"price":..},..]},...]} of about N bytes to
stdout: the body of POST /orders, for the end-to-end binding comparison (run.sh orders)."""
import random
import sys

from elements import write_array

rnd = random.Random(42)
CURRENCIES = ["EUR", "USD", "JPY", "GBP", "CHF"]


def order(i):
    lines = ",".join('{"sku":"SKU-%06d","qty":%d,"price":%d.%02d}' % (
        rnd.randrange(1000000), 1 + rnd.randrange(9), rnd.randrange(500), rnd.randrange(100))
        for _ in range(1 + rnd.randrange(4)))
    return '{"id":"order-%08d","currency":"%s","lines":[%s]}' % (i, rnd.choice(CURRENCIES), lines)


write_array("orders", int(sys.argv[1]), order)
