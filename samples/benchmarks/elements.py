"""Writes {"<name>":[e0,e1,...]} of about N bytes to stdout in constant memory: the shared loop of the generators."""
import sys


def write_array(name, target, element):
    """Elements element(i), joined by commas, until about target bytes are written (written in batches)."""
    out = sys.stdout
    written = out.write('{"%s":[' % name)
    parts = []
    size = 0
    i = 0
    while written + size < target:
        text = ("," if i else "") + element(i)
        parts.append(text)
        size += len(text)
        i += 1
        if len(parts) == 10000:
            out.write("".join(parts))
            written += size
            size = 0
            parts = []
    out.write("".join(parts))
    out.write("]}\n")
