"""Writes {"items":[{"id":..,"name":..,"price":..,"tags":[..],"active":..},...]} of about N bytes to stdout."""
import random
import sys

from elements import write_array

rnd = random.Random(42)


def item(i):
    return '{"id":%d,"name":"item %016x","price":%d.%02d,"tags":["t%d","u%d"],"active":%s}' % (
        i, rnd.getrandbits(64), rnd.randrange(1000), rnd.randrange(100), rnd.randrange(50), rnd.randrange(9),
        "true" if rnd.random() < 0.5 else "false")


write_array("items", int(sys.argv[1]), item)
