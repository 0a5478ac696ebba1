package dev.jsonstream.samples.benchmarks;

import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link MatchBinding}'s ratios against whole-document databind (e), each measured in pairs of alternating slices in
 * one JVM ({@link PairedRatio#ratios}), so that a shared machine weighs on both sides alike. An operation here is a
 * whole 10 MiB document (50-150 ms), so the slices are of a second: 8 pairs to warm up, then 12 measured. Two more
 * ratios put (f) against databind's MappingIterator (g), element by element as a blocking service binds an upload,
 * and say how far the same binding off Jackson's bare non-blocking parser (h) gets against it. Usage:
 * {@code BindingPairs [input...]} (default: generated pretty_unicode orders).
 */
public final class BindingPairs {
    private BindingPairs() {
    }

    public static void main(String[] args) throws Exception {
        String[] inputs = args.length > 0 ? args : new String[] {"generated", "pretty_unicode", "orders"};
        Blackhole bh = PairedRatio.blackhole();
        PairedRatio.printHeader();
        for (String input : inputs) {
            MatchBinding b = new MatchBinding();
            b.input = input;
            b.load();
            PairedRatio.printRow(input, "f / e (bind in place)", ">= 0.90",
                    ratios(() -> b.f_bindInPlace(bh), () -> bh.consume(b.e_databindWholeDocument())));
            PairedRatio.printRow(input, "b / e (m.parser(), bytes)", "before",
                    ratios(() -> b.b_bindThroughParser(bh), () -> bh.consume(b.e_databindWholeDocument())));
            PairedRatio.printRow(input, "a / e (select only)", "report",
                    ratios(() -> b.a_rawMatches(bh), () -> bh.consume(b.e_databindWholeDocument())));
            PairedRatio.printRow(input, "f / g (in place / iterator)", "report",
                    ratios(() -> b.f_bindInPlace(bh), () -> b.g_mappingIteratorOverStream(bh)));
            PairedRatio.printRow(input, "h / g (ceiling / iterator)", "report",
                    ratios(() -> b.h_asyncParserWholeDocument(bh), () -> b.g_mappingIteratorOverStream(bh)));
        }
    }

    private static double[] ratios(PairedRatio.Operation top, PairedRatio.Operation bottom) throws Exception {
        return PairedRatio.ratios(top, bottom, 1_000_000_000L, 8, 12);
    }
}
