package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event (kind, pointer, text, number text and values, offsets, lines) and every error is the same however
 * the input is split and whatever buffers carry it: each document is decoded whole from a heap buffer first, and
 * every other feeding plan of {@link Feeds} must reproduce that log line for line, under both direct-buffer
 * strategies and with a scratch array small enough to be refilled many times per buffer.
 */
class SplitInvarianceTest {
    private static final AtomicLong DOCUMENTS = new AtomicLong();
    private static final AtomicLong FEEDS = new AtomicLong();

    static final List<DecoderConfig> CONFIGS = List.of(
            DecoderConfig.defaults(),
            DecoderConfig.builder().directBufferFeeding(DirectBufferFeeding.BYTE_BUFFER).build(),
            DecoderConfig.builder().scratchBytes(16).build());

    static Stream<Arguments> testdata() {
        return Corpora.files(Corpora.testdata(), "*").stream().map(p -> Arguments.of(p.getFileName().toString(), p));
    }

    static Stream<Arguments> jsonTestSuite() {
        return Corpora.sharedFiles("JSONTestSuite/test_parsing", "*.json");
    }

    static Stream<Arguments> extra() {
        return Corpora.sharedFiles("extra", "*.json");
    }

    static Stream<Arguments> ndjson() {
        return Corpora.sharedFiles("ndjson", "*.ndjson");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extra")
    void extraDocuments(String name, Path file) {
        byte[] input = Corpora.readShared(file);
        checkAllPlans(Framing.SINGLE, input, Feeds.plans(input.length, 2000, 200, 20, name.hashCode()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ndjson")
    void ndjsonStreams(String name, Path file) {
        byte[] input = Corpora.readShared(file);
        checkAllPlans(Framing.CONCATENATED, input, Feeds.plans(input.length, 2000, 0, 8, name.hashCode()));
    }

    static Stream<Arguments> bench() {
        return Corpora.sharedFiles("bench", "*.json");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testdata")
    void testdataDocuments(String name, Path file) {
        Framing framing = name.endsWith(".ndjson") ? Framing.CONCATENATED
                : name.endsWith(".json-seq") ? Framing.JSON_SEQ : Framing.SINGLE;
        byte[] input = Corpora.read(file);
        checkAllPlans(framing, input, Feeds.plans(input.length, 2000, 200, 40, name.hashCode()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonTestSuite")
    void jsonTestSuiteFiles(String name, Path file) {
        byte[] input = Corpora.readShared(file);
        for (Framing framing : Framing.values()) {
            checkAllPlans(framing, input, Feeds.plans(input.length, 2000, 200, 20, name.hashCode()));
        }
        checkAllPlans(DecoderConfig.builder().malformedUtf8(MalformedUtf8.REPLACE).build(), input,
                Feeds.plans(input.length, 2000, 100, 10, name.hashCode()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonTestSuite")
    void jsonTestSuiteFilesAsRecords(String name, Path file) {
        // The same bytes as one JSON_SEQ record and as NDJSON lines around valid neighbours.
        byte[] doc = Corpora.readShared(file);
        byte[] seq = concat(new byte[] {0x1E}, doc, new byte[] {'\n', 0x1E, '1', '\n'});
        checkAllPlans(Framing.JSON_SEQ, seq, Feeds.plans(seq.length, 300, 60, 10, name.hashCode()));
        byte[] lines = concat(Decode.utf8("{\"a\":1}\n"), doc, Decode.utf8("\n[2]\n"));
        checkAllPlans(DecoderConfig.builder().framing(Framing.CONCATENATED).malformedUtf8(MalformedUtf8.REPLACE)
                .build(), lines, Feeds.plans(lines.length, 300, 60, 10, name.hashCode()));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bench")
    void benchDocuments(String name, Path file) {
        byte[] input = Corpora.readShared(file);
        List<Feeds.Plan> plans = Feeds.plans(input.length, 200, 0, 6, name.hashCode());
        if (input.length > 100_000) { // one byte at a time only for the smaller documents, to bound the run
            plans.removeIf(p -> p.name().equals("bytes"));
            plans.add(plans.size(), new Feeds.Plan("bytes-prefix", prefixOnes(input.length, 20_000),
                    Feeds.Kind.DIRECT, false));
        }
        checkAllPlans(Framing.SINGLE, input, plans);
    }

    /** One byte at a time for the first {@code n} bytes, then the rest whole. */
    private static int[] prefixOnes(int length, int n) {
        int[] cuts = new int[n + 1];
        for (int i = 0; i < n; i++) {
            cuts[i] = i + 1;
        }
        cuts[n] = length;
        return cuts;
    }

    /** Decodes whole first, then checks every plan under every configuration against that log. */
    static void checkAllPlans(Framing framing, byte[] input, List<Feeds.Plan> plans) {
        checkAllPlans(DecoderConfig.builder().framing(framing).build(), input, plans);
    }

    /** As above for any configuration; the variants only change how buffers are fed. */
    static void checkAllPlans(DecoderConfig base, byte[] input, List<Feeds.Plan> plans) {
        Framing framing = base.framing();
        DOCUMENTS.incrementAndGet();
        List<String> reference = reference(base, input);
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (Feeds.Plan plan : plans) {
            DecoderConfig variant = CONFIGS.get(i++ % CONFIGS.size());
            DecoderConfig config = base.toBuilder().directBufferFeeding(variant.directBufferFeeding())
                    .scratchBytes(variant.scratchBytes()).build();
            EventLog log = new EventLog(plan.pauseEveryToken(), reference);
            JsonDecoder decoder = config.newDecoder(log);
            log.finish(Feeds.run(decoder, input, plan));
            FEEDS.incrementAndGet();
            if (log.firstMismatch != null) {
                failures.add(plan + " " + config.directBufferFeeding() + "/" + config.scratchBytes() + ": "
                        + log.firstMismatch);
                if (failures.size() > 5) {
                    break;
                }
            }
        }
        assertThat(failures).as("plans whose events differ from the whole-buffer decode (" + framing + ")").isEmpty();
    }

    static List<String> reference(DecoderConfig config, byte[] input) {
        EventLog log = new EventLog(false);
        JsonDecoder decoder = config.newDecoder(log);
        log.finish(Feeds.run(decoder, input, new Feeds.Plan("whole", new int[] {input.length}, Feeds.Kind.HEAP,
                false)));
        return log.lines;
    }

    @AfterAll
    static void report() {
        System.out.println("[split-invariance] documents x framings: " + DOCUMENTS.get() + ", feeds run: "
                + FEEDS.get());
    }
}
