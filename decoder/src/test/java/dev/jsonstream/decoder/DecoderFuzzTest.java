package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * Coverage-guided fuzz targets for the decoder (Jazzer). Under {@code mvn verify} they run in regression mode over
 * the saved inputs in {@code testdata/fuzz/decoder/DecoderFuzzTestInputs/<method>/} (mapped onto the test class
 * path by the module's pom); {@code samples/fuzz.sh} runs them in fuzzing mode for a set time.
 *
 * <p>The oracle is the decoder itself, fed whole: whatever the fuzzer chooses for the cut points, buffer kinds and
 * pauses, every event and the final outcome must be identical, and no exception but {@link JsonDecodeException}
 * may come out. The configuration byte picks the framing, the malformed-UTF-8 mode, the feeding mode, a tiny
 * scratch buffer and tight limits, so that every engine path is reachable from a short input.
 */
class DecoderFuzzTest {
    private static final Framing[] FRAMINGS = Framing.values();

    @FuzzTest(maxDuration = "10m")
    void decodeInChosenSplits(FuzzedDataProvider data) {
        DecoderConfig config = config(data.consumeInt());
        Feeds.Plan plan = plan(data, false);
        byte[] input = data.consumeRemainingAsBytes();
        plan = fit(plan, input.length);

        Feeds.Plan chosen = plan;
        reproducible(config, chosen, input, () -> {
            List<String> whole = SplitInvarianceTest.reference(config, input);
            EventLog log = new EventLog(chosen.pauseEveryToken(), whole);
            log.finish(Feeds.run(config.newDecoder(log), input, chosen));
            assertThat(log.firstMismatch).as("split %s differs from the whole decode", Arrays.toString(chosen.cuts()))
                    .isNull();
        });
    }

    /**
     * Runs a check; when it fails, prints what a plain unit test needs to reproduce it (Jazzer's report gives the
     * fuzzer's raw bytes and a trimmed stack) before passing the failure on.
     */
    private static void reproducible(Object config, Feeds.Plan plan, byte[] input, Runnable check) {
        try {
            check.run();
        } catch (RuntimeException | AssertionError e) {
            System.out.println("REPRODUCE " + config + "\n  cuts " + Arrays.toString(plan.cuts()) + " kind "
                    + plan.kind() + " pause " + plan.pauseEveryToken() + "\n  input (" + input.length + " bytes) "
                    + escaped(input));
            e.printStackTrace(System.out);
            throw e;
        }
    }

    /** Java string literal syntax, non-ASCII and control bytes as \\u00XX (one char per byte). */
    private static String escaped(byte[] input) {
        StringBuilder sb = new StringBuilder("\"");
        for (byte b : input) {
            int c = b & 0xFF;
            if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\u%04x", c));
            }
        }
        return sb.append('"').toString();
    }

    @FuzzTest(maxDuration = "10m")
    void selectWithFuzzedPattern(FuzzedDataProvider data) {
        String source = data.consumeString(48);
        boolean lenient = data.consumeBoolean();
        Feeds.Plan plan = plan(data, true);
        byte[] input = data.consumeRemainingAsBytes();
        plan = fit(plan, input.length);

        PathPattern pattern;
        try {
            pattern = PathPattern.compile(source);
        } catch (PathPatternException e) {
            assertThat(e.pattern()).isEqualTo(source);
            assertThat(e.index()).as("index of the offending character").isBetween(0, source.length());
            assertThat(e.reason()).isNotBlank();
            return;
        }
        assertThat(PathPattern.compile(pattern.toString())).as("a compiled pattern compiles again the same")
                .isEqualTo(pattern);

        DecoderConfig config = DecoderConfig.builder().framing(lenient ? Framing.CONCATENATED : Framing.SINGLE)
                .limit(Limit.MAX_CAPTURE_BYTES, 4096).build();
        Feeds.Plan chosen = plan;
        PathPattern compiled = pattern;
        reproducible("pattern " + source + " " + config, chosen, input,
                () -> checkSelection(config, compiled, chosen, input));
    }

    private static void checkSelection(DecoderConfig config, PathPattern pattern, Feeds.Plan plan, byte[] input) {
        String source = pattern.toString();
        List<String> expected = expectedMatches(config, input, pattern);
        List<String> matches = new ArrayList<>();
        Selection selection = Selection.builder().raw(pattern, m -> {
            byte[] raw = m.toByteArray();
            assertThat(raw).as("RAW bytes are the input's own, at the match's offsets").isEqualTo(
                    Arrays.copyOfRange(input, (int) m.byteOffset(), (int) m.endByteOffset()));
            assertThat(parsesAsOneValue(raw)).as("a RAW capture is one JSON value: %s", m.pointer()).isTrue();
            matches.add(m.pointer() + " @" + m.byteOffset() + "-" + m.endByteOffset());
        }).build();
        JsonDecodeException error = Feeds.run(config.newDecoder(selection), input, plan);
        if (error == null) {
            assertThat(matches).as("matches of %s", source).isEqualTo(expected);
        } else {
            assertThat(expected).as("matches delivered before the error are a prefix of the full list")
                    .startsWith(matches.toArray(new String[0]));
        }
    }

    /**
     * The matches a selection must deliver, from the whole decode's tokens and {@link PathPattern#matches(String)}
     * (string matching, not the automaton the selection runs): every value whose pointer matches and that is not
     * inside an earlier match, in the order the values end. Values the decode did not finish are left out.
     */
    private static List<String> expectedMatches(DecoderConfig config, byte[] input, PathPattern pattern) {
        List<String> ends = new ArrayList<>();
        Deque<String> open = new ArrayDeque<>(); // pointer@start of the containers under way, innermost first
        long[] insideMatch = {-1}; // depth of the open match, or -1
        TokenHandler handler = t -> {
            TokenKind k = t.kind();
            if (k == TokenKind.FIELD_NAME || k == TokenKind.END_ROOT) {
                return;
            }
            if (k == TokenKind.END_OBJECT || k == TokenKind.END_ARRAY) {
                String started = open.pop();
                if (insideMatch[0] == open.size()) {
                    insideMatch[0] = -1;
                    ends.add(started + "-" + t.endByteOffset());
                }
                return;
            }
            boolean match = insideMatch[0] < 0 && pattern.matches(t.pointer());
            String here = t.pointer() + " @" + t.byteOffset();
            if (k == TokenKind.START_OBJECT || k == TokenKind.START_ARRAY) {
                if (match) {
                    insideMatch[0] = open.size();
                }
                open.push(here);
            } else if (match) {
                ends.add(here + "-" + t.endByteOffset());
            }
        };
        Feeds.run(config.newDecoder(handler), input, new Feeds.Plan("whole", new int[] {input.length},
                Feeds.Kind.HEAP, false));
        return ends;
    }

    private static boolean parsesAsOneValue(byte[] raw) {
        try (JsonParser p = new JsonFactory().createParser(raw)) {
            if (p.nextToken() == null) {
                return false;
            }
            p.skipChildren();
            return p.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Framing, malformed UTF-8, feeding, scratch size and limits from the bits of one int. */
    static DecoderConfig config(int bits) {
        DecoderConfig.Builder b = DecoderConfig.builder()
                .framing(FRAMINGS[Math.floorMod(bits, FRAMINGS.length)])
                .malformedUtf8((bits & 4) != 0 ? MalformedUtf8.REPLACE : MalformedUtf8.REJECT)
                .directBufferFeeding((bits & 8) != 0 ? DirectBufferFeeding.BYTE_BUFFER
                        : DirectBufferFeeding.COPY_TO_SCRATCH);
        if ((bits & 16) != 0) {
            b.scratchBytes(16);
        }
        if ((bits & 32) != 0) { // tight limits, so that each fires within a short input
            b.limits(DecodeLimits.defaults().with(Limit.MAX_DEPTH, 1 + ((bits >>> 8) & 7))
                    .with(Limit.MAX_STRING_LENGTH, 1 + ((bits >>> 11) & 31))
                    .with(Limit.MAX_NAME_LENGTH, 1 + ((bits >>> 16) & 15))
                    .with(Limit.MAX_NUMBER_LENGTH, 1 + ((bits >>> 20) & 15))
                    .with(Limit.MAX_TOKENS, 1 + ((bits >>> 24) & 63))
                    .with(Limit.MAX_INPUT_BYTES, 1 + ((bits >>> 6) & 3) * 40)
                    .with(Limit.MAX_ROOT_VALUES, 1 + ((bits >>> 30) & 1)));
        }
        return b.build();
    }

    /** Up to 12 cut points (as fractions of the input, resolved by {@link #fit}), a buffer kind and pausing. */
    private static Feeds.Plan plan(FuzzedDataProvider data, boolean noPause) {
        int n = data.consumeInt(0, 12);
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) {
            cuts[i] = data.consumeInt(0, 1 << 16);
        }
        Feeds.Kind kind = data.pickValue(Feeds.Kind.values());
        boolean pause = !noPause && data.consumeBoolean();
        return new Feeds.Plan("fuzz", cuts, kind, pause);
    }

    /** Cut points scaled into (0, length), sorted and distinct, with the length as the last. */
    private static Feeds.Plan fit(Feeds.Plan plan, int length) {
        int[] cuts = Arrays.stream(plan.cuts()).map(c -> (int) ((long) c * length >>> 16))
                .filter(c -> c > 0 && c < length).sorted().distinct().toArray();
        cuts = Arrays.copyOf(cuts, cuts.length + 1);
        cuts[cuts.length - 1] = length;
        return new Feeds.Plan(plan.name(), cuts, plan.kind(), plan.pauseEveryToken());
    }
}
