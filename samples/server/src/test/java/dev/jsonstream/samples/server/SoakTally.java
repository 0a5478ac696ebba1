package dev.jsonstream.samples.server;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;

/** Requests by kind and outcome, and the first few failures in full (with the request's index, to replay it). */
final class SoakTally {
    private static final int KEPT_FAILURES = 30;

    private final Map<TrafficKind, Map<String, LongAdder>> outcomes = new EnumMap<>(TrafficKind.class);
    private final LongAdder failed = new LongAdder();
    private final List<String> failures = new CopyOnWriteArrayList<>();

    SoakTally() {
        for (TrafficKind k : TrafficKind.values()) {
            outcomes.put(k, new ConcurrentHashMap<>());
        }
    }

    void record(long index, TrafficKind kind, SoakTraffic.Outcome outcome) {
        outcomes.get(kind).computeIfAbsent(outcome.label(), l -> new LongAdder()).increment();
        if (!outcome.ok()) {
            failed.increment();
            if (failures.size() < KEPT_FAILURES) {
                failures.add("#" + index + " " + kind + ": " + outcome.label() + " " + outcome.detail());
            }
        }
    }

    long failed() {
        return failed.sum();
    }

    List<String> failures() {
        return failures;
    }

    long count(TrafficKind kind) {
        return outcomes.get(kind).values().stream().mapToLong(LongAdder::sum).sum();
    }

    long total() {
        return outcomes.values().stream().flatMap(m -> m.values().stream()).mapToLong(LongAdder::sum).sum();
    }

    /** One line per kind and outcome: count, kind, outcome. */
    List<String> table() {
        List<String> lines = new ArrayList<>();
        lines.add(String.format("%8s  %-22s %s", "requests", "kind", "outcome"));
        for (TrafficKind k : TrafficKind.values()) {
            new TreeMap<>(outcomes.get(k)).forEach((label, n) -> lines.add(String.format("%8d  %-22s %s", n.sum(),
                    k, label)));
        }
        return lines;
    }
}
