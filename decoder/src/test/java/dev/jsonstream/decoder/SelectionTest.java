package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Selection against the tree walk: for each document and pattern, the RAW captures (parsed back) and the VALUE
 * captures equal what {@link TreeWalk} selects from the whole document, each RAW capture is byte-identical to the
 * input between its offsets, and all of that holds under the feeding plans of {@link Feeds}.
 */
class SelectionTest {
    static final String[] PATTERNS = {"", "/*", "/*/*", "/**/id", "/*/0", "/**/*/name", "/**"};

    static Stream<Arguments> bench() {
        return Corpora.sharedFiles("bench", "*.json");
    }

    static Stream<Arguments> generated() {
        return Stream.of(1, 2, 3, 4, 5, 6, 7, 8).map(seed -> Arguments.of("generated#" + seed,
                GeneratedJson.document(new Random(seed), 4 + seed % 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bench")
    void benchDocuments(String name, Path file) {
        byte[] doc = Corpora.readShared(file);
        List<Feeds.Plan> plans = Feeds.plans(doc.length, 0, 0, 4, name.hashCode());
        plans.removeIf(p -> p.name().equals("bytes") && doc.length > 100_000);
        for (String pattern : PATTERNS) {
            checkAgainstTreeWalk(doc, pattern, plans);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("generated")
    void generatedDocuments(String name, byte[] doc) {
        List<Feeds.Plan> plans = Feeds.plans(doc.length, 300, 0, 12, name.hashCode());
        for (String pattern : PATTERNS) {
            checkAgainstTreeWalk(doc, pattern, plans);
        }
        checkAgainstTreeWalk(doc, "/**/~2", plans);
        checkAgainstTreeWalk(doc, "/**/a~1b", plans);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("testdataJson")
    void testdataDocuments(String name, Path file) {
        byte[] doc = Corpora.read(file);
        List<Feeds.Plan> plans = Feeds.plans(doc.length, 400, 0, 10, name.hashCode());
        for (String pattern : new String[] {"/orders/*", "/orders/*/lines/*/sku", "/**/price", "/numbers/*"}) {
            checkAgainstTreeWalk(doc, pattern, plans);
        }
    }

    static Stream<Arguments> testdataJson() {
        return Stream.of("orders.json", "edge-cases.json")
                .map(f -> Arguments.of(f, Corpora.testdata().resolve(f)));
    }

    static void checkAgainstTreeWalk(byte[] doc, String pattern, List<Feeds.Plan> plans) {
        List<TreeWalk.Selected> expected = TreeWalk.select(doc, pattern);
        int i = 0;
        for (Feeds.Plan plan : plans) {
            // Both direct-buffer strategies, and a scratch array small enough to be refilled many times per buffer.
            DecoderConfig config = SplitInvarianceTest.CONFIGS.get(i++ % SplitInvarianceTest.CONFIGS.size());
            List<TreeWalk.Selected> raw = new ArrayList<>();
            List<TreeWalk.Selected> values = new ArrayList<>();
            List<String> badBytes = new ArrayList<>();
            Selection.Builder builder = Selection.builder();
            if (plan.pauseEveryToken()) {
                builder.events("", TokenCursor::pause); // every token of every root value: pause after each
            }
            Selection selection = builder
                    .raw(pattern, m -> {
                        byte[] bytes = m.toByteArray();
                        byte[] slice = Arrays.copyOfRange(doc, (int) m.byteOffset(), (int) m.endByteOffset());
                        if (!Arrays.equals(bytes, slice)) {
                            badBytes.add(m.pointer());
                        }
                        raw.add(new TreeWalk.Selected(m.pointer(), TreeWalk.parse(bytes)));
                    })
                    .value(pattern, m -> values.add(new TreeWalk.Selected(m.pointer(), m.value())))
                    .exactDecimals(true)
                    .build();
            JsonDecoder decoder = config.newDecoder(selection);
            JsonDecodeException e = Feeds.run(decoder, doc, plan);
            assertThat(e).as("%s with %s under %s", pattern, plan, config).isNull();
            assertThat(badBytes).as("RAW bytes differing from the input slice, %s with %s", pattern, plan).isEmpty();
            assertThat(raw).as("RAW %s with %s under %s", pattern, plan, config).isEqualTo(expected);
            assertThat(values).as("VALUE %s with %s", pattern, plan).isEqualTo(expected);
        }
    }
}
