package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bound values are the same however the input is split: every item, every binding failure, every pointer and offset,
 * and every decode error, whether the binder read the value in place or the decoder bound it again from its kept
 * bytes. Each document is bound whole first (every value in place), and every feeding plan of {@link Feeds} (whole,
 * a byte at a time, every split and pair of splits, random cuts, a pause after every token) must reproduce that log.
 * The plans take three pattern sets in turn: {@code /*} and {@code /*}{@code /*} (nested, so that values inside a
 * value read in place are bound too, and the binder's tokens are delivered to the other pattern), and
 * {@code /*}{@code /*} or the root alone (the binder's tokens go to nobody else: the quiet path). In the pausing
 * plans another pattern streams every token of the document and pauses on each, and every item handed over pauses
 * too.
 */
class BoundSplitInvarianceTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static long inPlaceTries;
    private static long deliveries;
    private static long feeds;

    static Stream<Arguments> testdata() {
        return Corpora.files(Corpora.testdata(), "*.json").stream()
                .map(p -> Arguments.of(p.getFileName().toString(), p));
    }

    static Stream<Arguments> jsonTestSuite() {
        return Corpora.sharedFiles("JSONTestSuite/test_parsing", "*.json");
    }

    static Stream<Arguments> bench() {
        return Corpora.sharedFiles("bench", "*.json");
    }

    @Test
    void elementsWithNestingUnicodeEscapesAndNumbers() {
        String body = "{\"meta\":{\"n\":3,\"by\":\"\u00e9\u4e2d\ud83d\ude00\"},\"items\":[\n"
                + "  {\"id\": 1, \"name\": \"caf\u00e9 \\\"noir\\\"\", \"price\": 2.5, \"tags\": [\"a\", {\"b\": [1, [2]]}]},\n"
                + "  {\"id\": 2, \"name\": \"\u4e2d\u6587\", \"price\": 1e400, \"tags\": []},\n"
                + "  [], {}, \"s\u00e9\", 12345678901234567890123, -0.0, true, null,\n"
                + "  {\"id\": 9007199254740993, \"n\\u00e9\": \"\\ud83d\\ude00\", \"deep\": [[[{\"x\": {}}]]]}\n"
                + "], \"tail\": 7}";
        byte[] input = Decode.utf8(body);
        checkAllPlans(DecoderConfig.defaults(), input, Feeds.plans(input.length, 2000, 150, 60, 7));
    }

    @Test
    void bindingFailuresAndSyntaxErrorsInsideValues() {
        // A value that does not bind (a string where a number goes), then a syntax error later in the same value: the
        // syntax error wins, in place or not, since a failure is handed over only when its value ends.
        for (String body : List.of(
                "{\"items\":[{\"id\":\"two\",\"n\":[1,2,3]},{\"id\":3}]}",
                "{\"items\":[{\"id\":\"two\",\"n\":[1,2,tru]},{\"id\":3}]}",
                "{\"items\":[{\"id\":4,\"n\":[1,2,3]},{\"id\":3,\"n\":{]}}]}",
                "{\"items\":[{\"id\":5,\"n\":[1,2,3]},{\"id\":3,\"n\":[\"\u00e9\"",
                "[{\"a\":[{\"b\":1}]},{\"a\":[{\"b\":\"x\"}]}]")) {
            byte[] input = Decode.utf8(body);
            checkAllPlans(DecoderConfig.defaults(), input, Feeds.plans(input.length, 2000, 2000, 20, 3));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testdata")
    void testdataDocuments(String name, Path file) {
        byte[] input = Corpora.read(file);
        checkAllPlans(DecoderConfig.defaults(), input, Feeds.plans(input.length, 1500, 100, 20, name.hashCode()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonTestSuite")
    void jsonTestSuiteFiles(String name, Path file) {
        byte[] input = Corpora.readShared(file);
        checkAllPlans(DecoderConfig.defaults(), input, Feeds.plans(input.length, 300, 40, 6, name.hashCode()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bench")
    void benchDocuments(String name, Path file) {
        byte[] input = Corpora.readShared(file);
        List<Feeds.Plan> plans = Feeds.plans(input.length, 0, 0, 6, name.hashCode());
        plans.removeIf(p -> p.name().equals("bytes") && input.length > 100_000);
        checkAllPlans(DecoderConfig.defaults(), input, plans);
    }

    /**
     * The pattern sets the plans take in turn: two nested patterns (a binder's tokens are delivered to the other), and
     * one pattern alone, below the root and at it (its binder's tokens are delivered to nobody: the quiet path).
     */
    private static final List<List<String>> PATTERN_SETS = List.of(List.of("/*", "/*/*"), List.of("/*/*"),
            List.of(""));

    /** Binds {@code input} whole, then under every plan and buffer strategy, and compares the logs line by line. */
    static void checkAllPlans(DecoderConfig base, byte[] input, List<Feeds.Plan> plans) {
        List<List<String>> references = new ArrayList<>();
        for (List<String> patterns : PATTERN_SETS) {
            references.add(run(base, input, new Feeds.Plan("whole", new int[] {input.length}, Feeds.Kind.HEAP,
                    false), patterns));
        }
        List<String> failures = new ArrayList<>();
        int i = 0;
        for (Feeds.Plan plan : plans) {
            DecoderConfig variant = SplitInvarianceTest.CONFIGS.get(i % SplitInvarianceTest.CONFIGS.size());
            int set = i++ % PATTERN_SETS.size();
            DecoderConfig config = base.toBuilder().directBufferFeeding(variant.directBufferFeeding())
                    .scratchBytes(variant.scratchBytes()).build();
            List<String> log = run(config, input, plan, PATTERN_SETS.get(set));
            feeds++;
            if (!log.equals(references.get(set))) {
                failures.add(plan + " " + PATTERN_SETS.get(set) + " " + config.directBufferFeeding() + "/"
                        + config.scratchBytes() + ": " + firstDifference(references.get(set), log));
                if (failures.size() > 3) {
                    break;
                }
            }
        }
        assertThat(failures).as("plans whose bound values differ from the whole-buffer bind").isEmpty();
    }

    private static String firstDifference(List<String> want, List<String> got) {
        for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
            String w = i < want.size() ? want.get(i) : "<nothing>";
            String g = i < got.size() ? got.get(i) : "<nothing>";
            if (!w.equals(g)) {
                return "line " + i + ": expected <" + w + "> but was <" + g + ">";
            }
        }
        return "none";
    }

    static List<String> run(DecoderConfig config, byte[] input, Feeds.Plan plan, List<String> patterns) {
        List<String> log = new ArrayList<>();
        Selection.Builder b = Selection.builder();
        for (String pattern : patterns) {
            b.bind(pattern, p -> {
                if (p.currentToken().isStructStart()) {
                    inPlaceTries++; // in place or from bytes: more tries than values means some were given up
                }
                return MAPPER.readTree(p);
            }, new BoundHandler<Object>() {
                @Override
                public void onBound(Match m, Object item) {
                    deliveries++;
                    if (plan.pauseEveryToken()) {
                        m.pause();
                    }
                    log.add(m.pattern() + " " + m.pointer() + " #" + m.index() + " [" + m.byteOffset() + ","
                            + m.endByteOffset() + ") " + item);
                }

                @Override
                public void onFailure(Match m, Exception failure) {
                    deliveries++;
                    String what = failure instanceof JsonMappingException
                            ? ((JsonMappingException) failure).getOriginalMessage() + " at "
                                    + ((JsonMappingException) failure).getPathReference()
                            : failure.toString();
                    log.add(m.pattern() + " " + m.pointer() + " FAILED " + failure.getClass().getSimpleName() + ": "
                            + what);
                }
            });
        }
        if (plan.pauseEveryToken()) {
            b.events("/**", TokenCursor::pause);
        }
        JsonDecoder decoder = config.newDecoder(b.build());
        JsonDecodeException e = Feeds.run(decoder, input, plan);
        log.add(e == null ? "OK" : EventLog.describe(e));
        return log;
    }

    @AfterAll
    static void report() {
        System.out.println("[bound split-invariance] feeds run: " + feeds + ", values handed over: " + deliveries
                + ", binder runs on containers: " + inPlaceTries);
    }
}
