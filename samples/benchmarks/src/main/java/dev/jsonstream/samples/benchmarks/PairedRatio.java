package dev.jsonstream.samples.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The goal ratios of {@link DecoderThroughput} measured so that a shared, noisy machine cannot skew them: both sides of
 * a ratio run in one JVM, in alternating slices of 200 ms, and the ratio is the median over 20 pairs of slices (after
 * 6 for warm-up), with its quartiles. JMH runs each side in its own fork minutes apart, and on this machine other
 * work comes and goes in between; a load that lasts longer than a slice here weighs on both sides of a pair alike.
 * The code measured is DecoderThroughput's own benchmark methods. Usage: {@code PairedRatio [input...]}.
 */
public final class PairedRatio {
    private static final long SLICE_NANOS = 200_000_000L;
    private static final int WARM_PAIRS = 6;
    private static final int PAIRS = 20;

    private interface Variant {
        void run(DecoderThroughput b, Blackhole bh) throws Exception;
    }

    private PairedRatio() {
    }

    public static void main(String[] args) throws Exception {
        String[] inputs = args.length > 0 ? args
                : new String[] {"twitter", "citm_catalog", "canada", "generated", "idkeyed", "pretty_unicode"};
        Blackhole bh = blackhole();
        printHeader();
        for (String input : inputs) {
            DecoderThroughput b = new DecoderThroughput();
            b.input = input;
            b.load();
            report(input, "b / r", ">= 0.90", b, bh, DecoderThroughput::b_decoderHeap16k, DecoderThroughput::r_rawAsync);
            report(input, "b2 / r2", ">= 0.90", b, bh, DecoderThroughput::b2_decoderHeap16kTokens,
                    DecoderThroughput::r2_rawAsyncTokens);
            report(input, "c1 / r", ">= 0.90", b, bh, DecoderThroughput::c1_decoderDirect16kCopy,
                    DecoderThroughput::r_rawAsync);
            report(input, "b / e", ">= 1.30", b, bh, DecoderThroughput::b_decoderHeap16k,
                    DecoderThroughput::e_vertxJsonParser);
            // Against Jackson's blocking parser, which the HTTP goal's dispatched baseline runs: the decoder, and the
            // non-blocking parser beneath it (the floor no decoder on it can pass).
            report(input, "b / a", "report", b, bh, DecoderThroughput::b_decoderHeap16k,
                    DecoderThroughput::a_blockingByteArray);
            report(input, "r / a", "floor", b, bh, DecoderThroughput::r_rawAsync,
                    DecoderThroughput::a_blockingByteArray);
        }
    }

    private static void report(String input, String name, String goal, DecoderThroughput b, Blackhole bh,
            Variant top, Variant bottom) throws Exception {
        printRow(input, name, goal, ratios(() -> top.run(b, bh), () -> bottom.run(b, bh)));
    }

    /** A Blackhole outside JMH, for the benchmark methods run here. */
    static Blackhole blackhole() {
        return new Blackhole(
                "Today's password is swordfish. I understand instantiating Blackholes directly is dangerous.");
    }

    /** The head of the table the rows go to. */
    static void printHeader() {
        System.out.println("| input | ratio | median | quartiles | goal |");
        System.out.println("|---|---|---:|---|---:|");
    }

    /** One ratio's row: its median and quartiles ({@code q} as {@link #ratios} gives them) and its goal. */
    static void printRow(String input, String name, String goal, double[] q) {
        System.out.printf("| %s | %s | %.2f | %.2f-%.2f | %s |%n", input, name, q[1], q[0], q[2], goal);
    }

    /** One operation of a side of a ratio. */
    interface Operation {
        void run() throws Exception;
    }

    /**
     * Runs {@code top} and {@code bottom} in alternating slices and returns the first quartile, the median and the
     * third quartile of the pairs' ratios (top's rate over bottom's).
     */
    static double[] ratios(Operation top, Operation bottom) throws Exception {
        return ratios(top, bottom, SLICE_NANOS, WARM_PAIRS, PAIRS);
    }

    /** As {@link #ratios(Operation, Operation)}, with slices, warm-up pairs and measured pairs of one's choosing. */
    static double[] ratios(Operation top, Operation bottom, long sliceNanos, int warmPairs, int pairs)
            throws Exception {
        List<Double> ratios = new ArrayList<>();
        for (int pair = 0; pair < warmPairs + pairs; pair++) {
            double topRate = rate(top, sliceNanos);
            double bottomRate = rate(bottom, sliceNanos);
            if (pair >= warmPairs) {
                ratios.add(topRate / bottomRate);
            }
        }
        Collections.sort(ratios);
        return new double[] {ratios.get(ratios.size() / 4), ratios.get(ratios.size() / 2),
            ratios.get(3 * ratios.size() / 4)};
    }

    /** Operations per second over one slice. */
    private static double rate(Operation op, long sliceNanos) throws Exception {
        long start = System.nanoTime();
        long end = start + sliceNanos;
        long ops = 0;
        long now;
        do {
            op.run();
            ops++;
            now = System.nanoTime();
        } while (now < end);
        return ops / ((now - start) / 1e9);
    }
}
