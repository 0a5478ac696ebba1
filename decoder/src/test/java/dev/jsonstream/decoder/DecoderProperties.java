package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsonstream.decoder.BufferSplits.Split;
import dev.jsonstream.decoder.JsonDocuments.Document;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Properties of the decoder over generated documents ({@link JsonDocuments}) fed in random splits of random
 * buffer kinds ({@link BufferSplits}) under random feeding configurations: it agrees with Jackson's blocking
 * parser, RAW selections agree with a tree walk, pausing loses and repeats nothing, and mutated documents are
 * accepted exactly when a strict reference accepts them, and otherwise fail with a JsonDecodeException, in time.
 *
 * <p>Run by {@link PropertyCheck} rather than jqwik: from 1.10 on, jqwik's maintainer asks that it not be used
 * by AI coding agents, and these properties were written by one. The generators are plain functions of a
 * {@link Random} with their own shrinkers, so they can be wrapped as jqwik arbitraries if the project decides so.
 */
class DecoderProperties {
    /** Every pattern is checked on every document; name patterns use {@link JsonDocuments#COMMON_NAMES}. */
    static final String[] PATTERNS = {"", "/*", "/*/*", "/**", "/**/*", "/**/id", "/*/0", "/**/0/*", "/**/a~1b",
        "/**/~2", "/**/~0", "/**/*/name"};

    /** Decodes of mutated inputs run here, so that a hang is a failure, not a stuck build. */
    private static final ExecutorService DECODES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "decoder-property");
        t.setDaemon(true);
        return t;
    });

    /** A document, how its bytes are cut into buffers, and how the decoder takes direct and read-only ones. */
    record FeedCase(Document doc, Split split, DirectBufferFeeding feeding, int scratchBytes) {
        DecoderConfig config() {
            return DecoderConfig.builder().directBufferFeeding(feeding).scratchBytes(scratchBytes).build();
        }

        @Override
        public String toString() {
            return doc + "\n  split " + split + ", " + feeding + ", scratchBytes " + scratchBytes;
        }
    }

    static FeedCase feedCase(Random r) {
        Document doc = JsonDocuments.document(r);
        return withFeeding(r, doc, doc.bytes().length);
    }

    private static FeedCase withFeeding(Random r, Document doc, int length) {
        // A 16-byte scratch array is refilled many times per buffer, and cuts tokens at its own boundaries.
        return new FeedCase(doc, BufferSplits.split(r, length),
                r.nextBoolean() ? DirectBufferFeeding.COPY_TO_SCRATCH : DirectBufferFeeding.BYTE_BUFFER,
                r.nextBoolean() ? 16 : r.nextBoolean() ? 16 + r.nextInt(48) : 16 * 1024);
    }

    static List<FeedCase> shrink(FeedCase c) {
        List<FeedCase> out = new ArrayList<>();
        for (Document d : JsonDocuments.shrink(c.doc())) {
            out.add(new FeedCase(d, c.split(), c.feeding(), c.scratchBytes()));
        }
        for (Split s : BufferSplits.shrink(c.split())) {
            out.add(new FeedCase(c.doc(), s, c.feeding(), c.scratchBytes()));
        }
        if (c.feeding() != DirectBufferFeeding.COPY_TO_SCRATCH) {
            out.add(new FeedCase(c.doc(), c.split(), DirectBufferFeeding.COPY_TO_SCRATCH, c.scratchBytes()));
        }
        if (c.scratchBytes() != 16 * 1024) {
            out.add(new FeedCase(c.doc(), c.split(), c.feeding(), 16 * 1024));
        }
        return out;
    }

    // ---- a. the blocking parser's events ----

    @Test
    void eventsEqualJacksonsBlockingParserWhateverTheSplitBuffersAndFeeding() {
        PropertyCheck.forAll("events equal Jackson's", 500, DecoderProperties::feedCase, DecoderProperties::shrink,
                FeedCase::toString, c -> {
                    byte[] in = c.doc().bytes();
                    StrictReference.Verdict verdict = StrictReference.judge(in);
                    assertThat(verdict.accepted()).as("the generator made valid JSON: %s", verdict.reason()).isTrue();
                    Decoded decoded = decode(c.config(), in, c.split());
                    assertThat(decoded.error()).as("decode error").isNull();
                    assertThat(decoded.events()).isEqualTo(StrictReference.tokens(in));
                });
    }

    /** The decoder's tokens as {@link JacksonOracleTest} describes them (END_ROOT left out), and its error. */
    record Decoded(List<String> events, JsonDecodeException error) {
    }

    static Decoded decode(DecoderConfig config, byte[] in, Split split) {
        List<String> events = new ArrayList<>();
        JsonDecoder decoder = config.newDecoder(t -> {
            if (t.kind() != TokenKind.END_ROOT) {
                events.add(JacksonOracleTest.describe(t));
            }
        });
        JsonDecodeException e = BufferSplits.run(decoder, in, split, BufferSplits.FeedListener.NONE);
        return new Decoded(events, e);
    }

    // ---- b. RAW selections ----

    @Test
    void rawSelectionsReparseToWhatATreeWalkSelects() {
        PropertyCheck.forAll("RAW selections equal the tree walk's", 300, DecoderProperties::feedCase,
                DecoderProperties::shrink, FeedCase::toString, c -> {
                    byte[] in = c.doc().bytes();
                    for (String pattern : PATTERNS) {
                        List<Capture> captures = new ArrayList<>();
                        Selection selection = Selection.builder().raw(pattern, m -> captures.add(new Capture(
                                m.pointer(), m.toByteArray(), m.byteOffset(), m.endByteOffset()))).build();
                        JsonDecodeException e = BufferSplits.run(c.config().newDecoder(selection), in, c.split(),
                                BufferSplits.FeedListener.NONE);
                        assertThat(e).as("decode error for %s", pattern).isNull();
                        for (Capture capture : captures) {
                            assertThat(JsonDocuments.printable(capture.bytes()))
                                    .as("RAW %s capture %s is the input between its offsets", pattern,
                                            capture.pointer())
                                    .isEqualTo(JsonDocuments.printable(Arrays.copyOfRange(in, (int) capture.from(),
                                            (int) capture.to())));
                        }
                        assertThat(captures.stream().map(Capture::parsed).toList()).as("RAW %s", pattern)
                                .isEqualTo(TreeWalk.select(in, pattern));
                    }
                });
    }

    /** A RAW capture as delivered: its pointer, bytes and offsets. */
    record Capture(String pointer, byte[] bytes, long from, long to) {
        TreeWalk.Selected parsed() {
            return new TreeWalk.Selected(pointer, TreeWalk.parse(bytes));
        }
    }

    // ---- c. pause and resume ----

    /** A feed case and the indices of the tokens (END_ROOT included) whose handler call pauses. */
    record PauseCase(FeedCase feed, TreeSet<Integer> pauseAt) {
        @Override
        public String toString() {
            return feed + "\n  pausing at tokens " + pauseAt;
        }
    }

    static PauseCase pauseCase(Random r) {
        FeedCase c = feedCase(r);
        int tokens = SplitInvarianceTest.reference(c.config(), c.doc().bytes()).size() - 1; // less the outcome
        TreeSet<Integer> at = new TreeSet<>();
        int density = 1 + r.nextInt(4); // a quarter of the tokens to all of them, on average
        for (int i = 0; i < tokens; i++) {
            if (r.nextInt(4) < density) {
                at.add(i);
            }
        }
        return new PauseCase(c, at);
    }

    static List<PauseCase> shrink(PauseCase c) {
        List<PauseCase> out = new ArrayList<>();
        for (Integer i : c.pauseAt()) {
            TreeSet<Integer> fewer = new TreeSet<>(c.pauseAt());
            fewer.remove(i);
            out.add(new PauseCase(c.feed(), fewer));
        }
        // Earlier tokens, so that a pause can follow its token as the document shrinks.
        for (Integer i : c.pauseAt()) {
            if (i > 0 && !c.pauseAt().contains(i - 1)) {
                TreeSet<Integer> earlier = new TreeSet<>(c.pauseAt());
                earlier.remove(i);
                earlier.add(i - 1);
                out.add(new PauseCase(c.feed(), earlier));
            }
        }
        for (FeedCase f : shrink(c.feed())) {
            out.add(new PauseCase(f, c.pauseAt()));
        }
        return out;
    }

    @Test
    void pausingAtRandomTokensLosesAndRepeatsNothing() {
        PropertyCheck.forAll("pausing changes no event", 500, DecoderProperties::pauseCase,
                DecoderProperties::shrink, PauseCase::toString, c -> {
                    byte[] in = c.feed().doc().bytes();
                    DecoderConfig config = c.feed().config();
                    List<String> unpaused = SplitInvarianceTest.reference(config, in);
                    EventLog log = new EventLog(false);
                    int[] delivered = {0};
                    int[] pausedAt = {-1};
                    long[] pausedTokenEnd = {-1};
                    int[] requested = {0};
                    int[] honoured = {0};
                    boolean[] ending = {false};
                    JsonDecoder decoder = config.newDecoder(t -> {
                        log.onToken(t);
                        int index = delivered[0]++;
                        if (c.pauseAt().contains(index)) {
                            t.pause();
                            pausedAt[0] = index;
                            pausedTokenEnd[0] = t.endByteOffset();
                            if (!ending[0]) {
                                requested[0]++;
                            }
                        }
                    });
                    log.finish(BufferSplits.run(decoder, in, c.feed().split(), new BufferSplits.FeedListener() {
                        @Override
                        public void paused(long consumed, long pieceStart) {
                            // feed (or resume) returned right after the token that paused, before any other,
                            // having consumed the input up to that token's end (or none of this piece, when the
                            // token ended in an earlier one and only this piece's first bytes completed it).
                            assertThat(pausedAt[0]).as("the token that paused is the last delivered")
                                    .isEqualTo(delivered[0] - 1).isGreaterThanOrEqualTo(0);
                            assertThat(consumed).as("input consumed when paused after the token ending at %d",
                                    pausedTokenEnd[0]).isEqualTo(Math.max(pausedTokenEnd[0], pieceStart));
                            pausedAt[0] = -1;
                            honoured[0]++;
                        }

                        @Override
                        public void ending() {
                            ending[0] = true; // a pause asked for during end() is ignored, as documented
                        }
                    }));
                    assertThat(log.lines).isEqualTo(unpaused);
                    assertThat(honoured[0]).as("pauses honoured of those asked for before end()")
                            .isEqualTo(requested[0]);
                });
    }

    // ---- d. mutated documents ----

    /** One edit of the bytes; positions are taken modulo the length, so any edit applies to any input. */
    record Mutation(Type type, int position, int value) {
        /**
         * DUPLICATE copies the input from {@code value} on to {@code position}; APPEND_COPY copies it to the end
         * (so {@code [][]} and the like).
         */
        enum Type { FLIP_BIT, SET_BYTE, INSERT, DELETE, TRUNCATE, DUPLICATE, APPEND_COPY }

        /**
         * Bytes worth inserting: structure, quotes, escapes, number parts, RS, NUL, a BOM, bytes that start UTF-8,
         * and malformed UTF-8 that is well-formed enough for Jackson's own checks: encoded surrogates, overlong
         * forms, code points past U+10FFFF, and sequences cut short.
         */
        static final byte[][] INSERTS = {{'{'}, {'}'}, {'['}, {']'}, {','}, {':'}, {'"'}, {'\\'}, {' '}, {'\r'},
            {'0'}, {'-'}, {'.'}, {'e'}, {'t'}, {'/'}, {0x1E}, {0}, {(byte) 0x80}, {(byte) 0xC3}, {(byte) 0xED},
            {(byte) 0xF0}, {(byte) 0xFF}, {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, {'\\', 'u', 'D', '8', '0', '0'},
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xED, (byte) 0xBF, (byte) 0xBF}, {(byte) 0xC0, (byte) 0x80},
            {(byte) 0xC1, (byte) 0xBF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, {(byte) 0xF0, (byte) 0x8F, (byte) 0xBF,
                (byte) 0xBF}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82},
            {(byte) 0xF0, (byte) 0x9F, (byte) 0x98}};

        byte[] apply(byte[] in) {
            int n = in.length;
            switch (type) {
                case FLIP_BIT:
                    return n == 0 ? in : with(in, position % n, (byte) (in[position % n] ^ (1 << (value & 7))));
                case SET_BYTE:
                    return n == 0 ? in : with(in, position % n, (byte) value);
                case INSERT: {
                    int at = position % (n + 1);
                    byte[] ins = value >= 0 ? INSERTS[value % INSERTS.length] : new byte[] {(byte) ~value};
                    byte[] out = new byte[n + ins.length];
                    System.arraycopy(in, 0, out, 0, at);
                    System.arraycopy(ins, 0, out, at, ins.length);
                    System.arraycopy(in, at, out, at + ins.length, n - at);
                    return out;
                }
                case DELETE: {
                    if (n == 0) {
                        return in;
                    }
                    int at = position % n;
                    int len = Math.min(1 + value % 4, n - at);
                    byte[] out = new byte[n - len];
                    System.arraycopy(in, 0, out, 0, at);
                    System.arraycopy(in, at + len, out, at, n - at - len);
                    return out;
                }
                case DUPLICATE:
                case APPEND_COPY: {
                    if (n == 0) {
                        return in;
                    }
                    int from = value % n;
                    int at = type == Type.APPEND_COPY ? n : position % (n + 1);
                    byte[] out = new byte[n + n - from];
                    System.arraycopy(in, 0, out, 0, at);
                    System.arraycopy(in, from, out, at, n - from);
                    System.arraycopy(in, at, out, at + n - from, n - at);
                    return out;
                }
                default:
                    return Arrays.copyOf(in, position % (n + 1));
            }
        }

        private static byte[] with(byte[] in, int i, byte b) {
            byte[] out = in.clone();
            out[i] = b;
            return out;
        }

        @Override
        public String toString() {
            return type + "@" + position + (type == Type.TRUNCATE ? "" : "/" + value);
        }
    }

    /**
     * A valid document, the edits made to its bytes, and how the result is fed. When shrinking has gone as far as
     * edits of a document go, the case is fixed to its bytes ({@code fixed}), which then shrink byte by byte.
     */
    record MutationCase(FeedCase feed, List<Mutation> mutations, byte[] fixed) {
        byte[] bytes() {
            if (fixed != null) {
                return fixed;
            }
            byte[] b = feed.doc().bytes();
            for (Mutation m : mutations) {
                b = m.apply(b);
            }
            return b;
        }

        @Override
        public String toString() {
            String split = "split " + feed.split() + ", " + feed.feeding() + ", scratchBytes " + feed.scratchBytes();
            return fixed != null ? JsonDocuments.printable(fixed) + "\n  " + split
                    : JsonDocuments.printable(bytes()) + "\n  from " + feed + "\n  by " + mutations;
        }
    }

    static MutationCase mutationCase(Random r) {
        FeedCase c = feedCase(r);
        List<Mutation> ms = new ArrayList<>();
        int n = 1 + r.nextInt(3);
        for (int i = 0; i < n; i++) {
            Mutation.Type type = Mutation.Type.values()[r.nextInt(Mutation.Type.values().length)];
            // Inserts: half structural or otherwise interesting bytes, half any byte (stored as ~byte).
            int value = type == Mutation.Type.INSERT && r.nextBoolean() ? ~r.nextInt(256)
                    : type == Mutation.Type.INSERT ? r.nextInt(Mutation.INSERTS.length)
                    : type == Mutation.Type.DUPLICATE || type == Mutation.Type.APPEND_COPY
                            ? (r.nextBoolean() ? 0 : r.nextInt(Integer.MAX_VALUE))
                    : r.nextInt(256);
            ms.add(new Mutation(type, r.nextInt(Integer.MAX_VALUE), value));
        }
        return new MutationCase(c, ms, null);
    }

    static List<MutationCase> shrink(MutationCase c) {
        List<MutationCase> out = new ArrayList<>();
        FeedCase f = c.feed();
        if (c.fixed() != null) {
            byte[] b = c.fixed();
            // Chunks from half the input down to single bytes, then simpler feeding.
            for (int size = Math.max(1, b.length / 2); ; size /= 2) {
                for (int at = 0; at + size <= b.length; at += size) {
                    byte[] less = new byte[b.length - size];
                    System.arraycopy(b, 0, less, 0, at);
                    System.arraycopy(b, at + size, less, at, b.length - at - size);
                    FeedCase shorter = new FeedCase(f.doc(), f.split().without(at, size), f.feeding(),
                            f.scratchBytes());
                    out.add(new MutationCase(shorter, c.mutations(), less));
                }
                if (size == 1) {
                    break;
                }
            }
            for (Split s : BufferSplits.shrink(f.split())) {
                out.add(new MutationCase(new FeedCase(f.doc(), s, f.feeding(), f.scratchBytes()), c.mutations(), b));
            }
            if (f.feeding() != DirectBufferFeeding.COPY_TO_SCRATCH || f.scratchBytes() != 16 * 1024) {
                out.add(new MutationCase(new FeedCase(f.doc(), f.split(), DirectBufferFeeding.COPY_TO_SCRATCH,
                        16 * 1024), c.mutations(), b));
            }
            return out;
        }
        for (int i = 0; i < c.mutations().size() && c.mutations().size() > 1; i++) {
            List<Mutation> fewer = new ArrayList<>(c.mutations());
            fewer.remove(i);
            out.add(new MutationCase(f, fewer, null));
        }
        for (FeedCase smaller : shrink(f)) {
            out.add(new MutationCase(smaller, c.mutations(), null));
        }
        out.add(new MutationCase(f, c.mutations(), c.bytes()));
        return out;
    }

    @Test
    void mutatedDocumentsAreJudgedAsTheStrictReferenceJudgesThem() {
        PropertyCheck.forAll("mutations judged as the reference does", 1000, DecoderProperties::mutationCase,
                DecoderProperties::shrink, MutationCase::toString, c -> {
                    byte[] in = c.bytes();
                    Decoded decoded = decodeInTime(c.feed().config(), in, c.feed().split());
                    StrictReference.Verdict verdict = StrictReference.judge(in);
                    JsonDecodeException e = decoded.error();
                    assertThat(e == null).as("accepted by the decoder (it says: %s) as by the reference (it says: %s)",
                            e == null ? "OK" : EventLog.describe(e), verdict.reason())
                            .isEqualTo(verdict.accepted());
                    if (e != null) {
                        assertThat(e.kind()).as("error kind").isIn((Object[]) ErrorKind.values());
                    } else {
                        assertThat(decoded.events()).isEqualTo(StrictReference.tokens(in));
                    }
                });
    }

    /**
     * {@link #decode} on another thread, given two seconds. Only JsonDecodeException may end a decode: any other
     * exception (or a failed check of the feeder's) fails the property with it.
     */
    static Decoded decodeInTime(DecoderConfig config, byte[] in, Split split) {
        Future<Decoded> f = DECODES.submit(() -> decode(config, in, split));
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new AssertionError("the decode did not end within 2 s");
        } catch (ExecutionException e) {
            throw new AssertionError("the decode threw " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    // ---- regressions found by the properties ----

    @AfterAll
    static void stopDecodes() {
        DECODES.shutdownNow();
    }
}
