package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The split-invariance helper: one input, cut into pieces in many ways and wrapped in every kind of buffer, so
 * that any suite can run the same checks over whole buffers, one byte at a time, every split point, every pair of
 * split points and random cuts (as Okio runs one suite over several kinds of source).
 */
final class Feeds {
    /** How a piece reaches the decoder. */
    enum Kind { HEAP, DIRECT, READ_ONLY, SLICE }

    /** One way of feeding: pieces end at {@code cuts} (ascending, the last is the length), each as {@code kind}. */
    record Plan(String name, int[] cuts, Kind kind, boolean pauseEveryToken) {
        @Override
        public String toString() {
            return name + "/" + kind + (pauseEveryToken ? "/paused" : "");
        }
    }

    private Feeds() {
    }

    /** Whole, one byte at a time and (up to {@code maxSplitLength}) every split point and pair; then random cuts. */
    static List<Plan> plans(int length, int maxSplitLength, int maxPairLength, int randomPlans, long seed) {
        List<Plan> plans = new ArrayList<>();
        Kind[] kinds = Kind.values();
        for (Kind k : kinds) {
            plans.add(new Plan("whole", new int[] {length}, k, false));
        }
        plans.add(new Plan("whole", new int[] {length}, Kind.HEAP, true));
        if (length <= 1 << 16) {
            int[] ones = new int[length];
            for (int i = 0; i < length; i++) {
                ones[i] = i + 1;
            }
            for (Kind k : kinds) {
                plans.add(new Plan("bytes", ones, k, false));
            }
            plans.add(new Plan("bytes", ones, Kind.DIRECT, true));
        }
        int n = 0;
        if (length <= maxSplitLength) {
            for (int i = 1; i < length; i++) {
                plans.add(new Plan("split@" + i, new int[] {i, length}, kinds[n++ % kinds.length], false));
            }
        }
        if (length <= maxPairLength) {
            for (int i = 1; i < length; i++) {
                for (int j = i + 1; j < length; j++) {
                    plans.add(new Plan("split@" + i + "," + j, new int[] {i, j, length}, kinds[n++ % kinds.length],
                            false));
                }
            }
        }
        Random random = new Random(seed);
        for (int p = 0; p < randomPlans; p++) {
            List<Integer> cuts = new ArrayList<>();
            int pos = 0;
            int maxPiece = p % 3 == 0 ? 7 : p % 3 == 1 ? 700 : 40_000;
            while (pos < length) {
                pos = Math.min(length, pos + 1 + random.nextInt(maxPiece));
                cuts.add(pos);
            }
            plans.add(new Plan("random#" + p + "(<=" + maxPiece + ")",
                    cuts.stream().mapToInt(Integer::intValue).toArray(), kinds[p % kinds.length], p % 4 == 3));
        }
        return plans;
    }

    /**
     * Feeds {@code input} to the decoder as the plan says, resuming whenever it pauses, then ends it. Checks on
     * the way that the decoder left every buffer as it was and consumed exactly what it was given.
     *
     * @return the decode error, or null when the input was accepted
     */
    static JsonDecodeException run(JsonDecoder decoder, byte[] input, Plan plan) {
        int from = 0;
        try {
            if (plan.cuts().length == 0 || input.length == 0) {
                decoder.end();
                return null;
            }
            for (int cut : plan.cuts()) {
                feedPiece(decoder, input, from, cut, plan.kind());
                from = cut;
            }
            decoder.end();
            return null;
        } catch (JsonDecodeException e) {
            return e;
        }
    }

    private static void feedPiece(JsonDecoder decoder, byte[] input, int from, int to, Kind kind) {
        int len = to - from;
        long consumed;
        if (kind == Kind.SLICE) {
            // The piece sits inside a larger array, between bytes that must never be read.
            byte[] arr = new byte[len + 6];
            Arrays.fill(arr, (byte) '#');
            System.arraycopy(input, from, arr, 3, len);
            byte[] before = arr.clone();
            consumed = decoder.feed(arr, 3, len);
            consumed += resumeAll(decoder);
            assertThat(arr).as("the caller's array is unchanged").isEqualTo(before);
        } else {
            ByteBuffer buf = wrap(input, from, to, kind);
            int pos = buf.position();
            int lim = buf.limit();
            consumed = decoder.feed(buf);
            consumed += resumeAll(decoder);
            assertThat(buf.position()).as("position unchanged").isEqualTo(pos);
            assertThat(buf.limit()).as("limit unchanged").isEqualTo(lim);
        }
        assertThat(consumed).as("bytes consumed over feed and resumes").isEqualTo(len);
    }

    private static long resumeAll(JsonDecoder decoder) {
        long n = 0;
        while (decoder.isPaused()) {
            n += decoder.resume();
        }
        return n;
    }

    /** A buffer of the given kind whose remaining bytes are {@code input[from, to)}, at a non-zero position. */
    static ByteBuffer wrap(byte[] input, int from, int to, Kind kind) {
        int len = to - from;
        ByteBuffer b = kind == Kind.DIRECT ? ByteBuffer.allocateDirect(len + 4) : ByteBuffer.allocate(len + 4);
        b.put((byte) '#').put((byte) '#').put(input, from, len).put((byte) '#').put((byte) '#');
        b.position(2).limit(2 + len);
        return kind == Kind.READ_ONLY ? b.asReadOnlyBuffer() : b;
    }
}
