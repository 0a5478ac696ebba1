"""Where a run's CPU samples fall, from a JFR recording: `jfr print --json --events jdk.ExecutionSample REC.jfr`.

Usage: python3 summarize_jfr.py LABEL SAMPLES.json. Prints the samples per thread, what they were doing (a frame of
databind, the decoder, a parser, an exception, a park or unpark anywhere on the stack), per layer (the top frame's
package) and the 25 hottest top frames (self time), as shares of all samples, and where the hottest five are called
from.
"""
import collections
import json
import re
import sys

LAYERS = [
    ("jsonstream http-client", "dev.jsonstream.http.client."),
    ("jsonstream decoder", "dev.jsonstream.decoder."),
    ("the benchmark", "dev.jsonstream.samples."),
    ("jackson-databind", "com.fasterxml.jackson.databind."),
    ("jackson-core", "com.fasterxml.jackson.core."),
    ("JDK HTTP client", "jdk.internal.net.http."),
    ("JDK concurrency", "java.util.concurrent."),
    ("JDK other", ""),
]


# What a sample was doing, by a frame anywhere on its (top 64 frames of) stack: one sample may count in several.
ON_STACK = [
    ("binding: jackson-databind", lambda f: f.startswith("com.fasterxml.jackson.databind.")),
    ("the decoder (dev.jsonstream.decoder)", lambda f: f.startswith("dev.jsonstream.decoder.")),
    ("the http-client module", lambda f: f.startswith("dev.jsonstream.http.client.")),
    ("Jackson's non-blocking parser", lambda f: f.startswith("com.fasterxml.jackson.core.json.async.")),
    ("Jackson's blocking parser (UTF8StreamJsonParser)", lambda f: "UTF8StreamJsonParser" in f),
    ("an exception made (Throwable.<init>)", lambda f: f.startswith("java.lang.Throwable.")),
    ("parking and waking threads (LockSupport)", lambda f: f.startswith("java.util.concurrent.locks.LockSupport.")),
    ("the JDK's HTTP client", lambda f: f.startswith("jdk.internal.net.http.")),
]


def frame_name(frame):
    method = frame["method"]
    return "%s.%s" % (method["type"]["name"].replace("/", "."), method["name"])


def layer(name):
    return next(label for label, prefix in LAYERS if name.startswith(prefix))


def thread_group(name):
    # The client's pool threads are numbered (HttpClient-1-Worker-3): counted together.
    return re.sub(r"-\d+$", "-N", name or "?")


def main():
    label, path = sys.argv[1], sys.argv[2]
    with open(path) as f:
        events = json.load(f)["recording"]["events"]
    total = 0
    threads, layers, frames = collections.Counter(), collections.Counter(), collections.Counter()
    on_stack = collections.Counter()
    callers = collections.defaultdict(collections.Counter)
    per_thread_layers = collections.defaultdict(collections.Counter)
    for e in events:
        values = e["values"]
        stack = (values.get("stackTrace") or {}).get("frames") or []
        if not stack:
            continue
        total += 1
        top = frame_name(stack[0])
        thread = thread_group((values.get("sampledThread") or {}).get("javaName"))
        threads[thread] += 1
        layers[layer(top)] += 1
        per_thread_layers[thread][layer(top)] += 1
        frames[top] += 1
        names = [frame_name(f) for f in stack]
        callers[top][" < ".join(names[1:4])] += 1
        for label_, test in ON_STACK:
            if any(test(n) for n in names):
                on_stack[label_] += 1
    print("== %s: %d execution samples" % (label, total))
    print("-- by thread (the layer of the top frame within it)")
    for thread, n in threads.most_common():
        within = ", ".join("%s %.0f%%" % (k, 100 * v / n) for k, v in per_thread_layers[thread].most_common(4))
        print("%5.1f%%  %s  [%s]" % (100 * n / total, thread, within))
    print("-- on the stack (a sample may count in several)")
    for name, _ in ON_STACK:
        print("%5.1f%%  %s" % (100 * on_stack[name] / total, name))
    print("-- by layer (top frame)")
    for name, n in layers.most_common():
        print("%5.1f%%  %s" % (100 * n / total, name))
    print("-- hottest top frames")
    for name, n in frames.most_common(25):
        print("%5.1f%%  %s" % (100 * n / total, name))
    print("-- where the 5 hottest are called from (the next three frames, the commonest two)")
    for name, n in frames.most_common(5):
        print("%s:" % name)
        for chain, k in callers[name].most_common(2):
            print("  %5.1f%%  < %s" % (100 * k / total, chain))
    print()


if __name__ == "__main__":
    main()
