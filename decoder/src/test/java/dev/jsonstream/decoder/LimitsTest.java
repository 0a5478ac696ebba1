package dev.jsonstream.decoder;

import static dev.jsonstream.decoder.Decode.error;
import static dev.jsonstream.decoder.Decode.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each limit: its default, the exact error (kind, limit, value, offset, pointer) and its boundary. */
class LimitsTest {

    private static DecoderConfig with(Limit limit, long value) {
        return DecoderConfig.builder().limit(limit, value).build();
    }

    private static void assertLimit(JsonDecodeException e, Limit limit, long value, long offset, String pointer) {
        assertThat(e.kind()).isEqualTo(ErrorKind.LIMIT_EXCEEDED);
        assertThat(e.limit()).isEqualTo(limit);
        assertThat(e.limitValue()).isEqualTo(value);
        assertThat(e.byteOffset()).as("offset").isEqualTo(offset);
        assertThat(e.pointer()).as("pointer").isEqualTo(pointer);
        assertThat(e.detail()).isEqualTo(limit.excess(value)).contains(" " + value + " ")
                .doesNotContain(limit.configName());
    }

    @Test
    void defaultsAreDocumentedValues() {
        DecodeLimits d = DecodeLimits.defaults();
        assertThat(d.get(Limit.MAX_DEPTH)).isEqualTo(1000);
        assertThat(d.get(Limit.MAX_STRING_LENGTH)).isEqualTo(5_000_000);
        assertThat(d.get(Limit.MAX_NUMBER_LENGTH)).isEqualTo(1000);
        assertThat(d.get(Limit.MAX_NAME_LENGTH)).isEqualTo(50_000);
        assertThat(d.get(Limit.MAX_INPUT_BYTES)).isEqualTo(Long.MAX_VALUE);
        assertThat(d.get(Limit.MAX_TOKENS)).isEqualTo(Long.MAX_VALUE);
        assertThat(d.get(Limit.MAX_ROOT_VALUES)).isEqualTo(Long.MAX_VALUE);
        assertThat(d.toString()).contains("maxDepth=1000").contains("maxInputBytes=unlimited");
        assertThatThrownBy(() -> d.with(Limit.MAX_DEPTH, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxDepth");
    }

    @Test
    void inputBytes() {
        assertThat(events(with(Limit.MAX_INPUT_BYTES, 7), "[1,2,3]")).hasSize(6); // exactly at the limit: fine
        JsonDecodeException e = error(with(Limit.MAX_INPUT_BYTES, 5), "[1,2,3]");
        assertLimit(e, Limit.MAX_INPUT_BYTES, 5, 5, "/2");
        // Everything before the limit was delivered first.
        List<String> seen = new ArrayList<>();
        JsonDecoder d = with(Limit.MAX_INPUT_BYTES, 5).newDecoder(t -> seen.add(Decode.brief(t)));
        assertThatThrownBy(() -> d.feed(Decode.utf8("[1,2,3]"), 0, 7)).isInstanceOf(JsonDecodeException.class);
        assertThat(seen).containsExactly("START_ARRAY ", "INT /0 1", "INT /1 2");
    }

    @Test
    void depth() {
        assertThat(events(with(Limit.MAX_DEPTH, 3), "[[[1]]]")).hasSize(8);
        JsonDecodeException e = error(with(Limit.MAX_DEPTH, 3), "{\"a\":[[{\"b\":1}]]}");
        assertLimit(e, Limit.MAX_DEPTH, 3, 7, "/a/0/0");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isEqualTo(8);
    }

    @Test
    void depthDefaultHoldsAgainstDeepNesting() {
        JsonDecodeException e = error(DecoderConfig.defaults(), "[".repeat(1001) + "]".repeat(1001));
        assertLimit(e, Limit.MAX_DEPTH, 1000, 1000, "/0".repeat(1000));
    }

    @Test
    void stringLength() {
        assertThat(events(with(Limit.MAX_STRING_LENGTH, 10), "[\"1234567890\"]")).hasSize(4);
        JsonDecodeException e = error(with(Limit.MAX_STRING_LENGTH, 10), "[0, \"12345678901\"]");
        assertLimit(e, Limit.MAX_STRING_LENGTH, 10, 4, "/1");
        // Characters, not bytes: ten two-byte characters fit.
        assertThat(events(with(Limit.MAX_STRING_LENGTH, 10), "[\"éééééééééé\"]")).hasSize(4);
    }

    @Test
    void stringLimitDoesNotApplyToNumbers() {
        // Found by DecoderFuzzTest: Jackson applies its string limit to a number's text, so reading a 7-character
        // number under a 5-character string limit threw an UncheckedIOException out of the handler's callback.
        DecoderConfig config = DecoderConfig.builder().limit(Limit.MAX_STRING_LENGTH, 5)
                .limit(Limit.MAX_NUMBER_LENGTH, 7).build();
        String longest = "-1234.56e+7"; // 7 digits, the longest text the number limit lets through
        List<String> seen = new ArrayList<>();
        config.newDecoder(t -> {
            if (t.kind().isNumber()) {
                seen.add(t.numberText() + " " + t.decimalValue() + " " + t.doubleValue());
            }
        }).feed(java.nio.ByteBuffer.wrap(("[-0.5e+3, " + longest + ", 1234567]").getBytes(StandardCharsets.UTF_8)));
        assertThat(seen).as("numbers longer than the string limit read whole")
                .containsExactly("-0.5e+3 -5E+2 -500.0", "-1234.56e+7 -1.23456E+10 -1.23456E10", "1234567 1234567 1234567.0");
        assertLimit(error(config, "[\"123456\"]"), Limit.MAX_STRING_LENGTH, 5, 1, "/0");
    }

    @Test
    void aStringFarOverTheLimitIsRefusedWhileItArrives() {
        // A megabyte-long token first, on the same thread but with another config: buffers recycled across
        // configs would let the next over-long string grow to a megabyte before Jackson looks at its length (the
        // same config's recyclers are the next test's).
        error(DecoderConfig.defaults(), "[\"" + "y".repeat(1 << 20) + "\" x]");
        int limit = 1000;
        DecoderConfig config = with(Limit.MAX_STRING_LENGTH, limit);
        long fed = bytesFedUntilAStringIsRefused(config, limit);
        // Refused within one of Jackson's text segments (at most 64K characters) past the limit, not at the end.
        assertThat(fed).isLessThan(limit + 70_000);
    }

    @Test
    void aLongTokenDoesNotLetTheNextBodyOfItsConfigStartWithALongSegment() {
        // Parsers of one configuration share pooled recyclers. A recycler that kept the text segment of a long
        // member name would make the next body's first segment that long, and Jackson checks a string's length
        // only when a segment fills: a 1,000-character string limit would then fire only some 40,000 characters on.
        DecoderConfig config = with(Limit.MAX_STRING_LENGTH, 1000);
        for (int body = 0; body < 3; body++) {
            JsonDecoder first = config.newDecoder(t -> { });
            byte[] named = ("{\"" + "n".repeat(40_000) + "\": 1}").getBytes(StandardCharsets.US_ASCII);
            first.feed(named, 0, named.length);
            first.end();
        }

        long fed = bytesFedUntilAStringIsRefused(config, 1000);
        // Jackson's segments start at 200 characters and grow by half: refused within a few thousand.
        assertThat(fed).isLessThan(10_000);
    }

    @Test
    void anIntSizedLimitTakesUpToOneBelowIntMaxAndSaysSo() {
        int most = Integer.MAX_VALUE - 1;
        assertThat(DecodeLimits.defaults().with(Limit.MAX_DEPTH, most).get(Limit.MAX_DEPTH)).isEqualTo(most);
        assertThatThrownBy(() -> DecodeLimits.defaults().with(Limit.MAX_DEPTH, most + 1L))
                .hasMessage("maxDepth must be at most 2147483646, was 2147483647");
        assertThat(DecodeLimits.defaults().with(Limit.MAX_TOKENS, Long.MAX_VALUE - 1).get(Limit.MAX_TOKENS))
                .as("a count limit is a long").isEqualTo(Long.MAX_VALUE - 1);
    }

    /**
     * Feeds {"s":" and then 64 x's at a time until the decoder refuses the string as over {@code limit} (at byte 5,
     * at /s); returns how many bytes it took. Gives up after 10 MB.
     */
    private static long bytesFedUntilAStringIsRefused(DecoderConfig config, long limit) {
        JsonDecoder d = config.newDecoder(t -> { });
        byte[] chunk = "x".repeat(64).getBytes(StandardCharsets.US_ASCII);
        d.feed(Decode.utf8("{\"s\":\""), 0, 6);
        long fed = 6;
        JsonDecodeException e = null;
        while (e == null && fed < 10_000_000) {
            fed += chunk.length;
            try {
                d.feed(chunk, 0, chunk.length);
            } catch (JsonDecodeException thrown) {
                e = thrown;
            }
        }
        assertThat(e).isNotNull();
        assertLimit(e, Limit.MAX_STRING_LENGTH, limit, 5, "/s");
        return fed;
    }

    @Test
    void numberLength() {
        // Digits are counted: signs, the point and the exponent marker are not.
        assertThat(events(with(Limit.MAX_NUMBER_LENGTH, 5), "[12345, -12345, 1.234e5, -1.2e-345]")).hasSize(7);
        assertLimit(error(with(Limit.MAX_NUMBER_LENGTH, 5), "[123456]"), Limit.MAX_NUMBER_LENGTH, 5, 1, "/0");
        assertLimit(error(with(Limit.MAX_NUMBER_LENGTH, 5), "{\"n\": -123456}"), Limit.MAX_NUMBER_LENGTH, 5, 6,
                "/n");
        assertLimit(error(with(Limit.MAX_NUMBER_LENGTH, 5), "[1.23456]"), Limit.MAX_NUMBER_LENGTH, 5, 1, "/0");
        assertLimit(error(with(Limit.MAX_NUMBER_LENGTH, 5), "[1, 1.2e3456]"), Limit.MAX_NUMBER_LENGTH, 5, 4, "/1");
        assertLimit(error(with(Limit.MAX_NUMBER_LENGTH, 5), "123456"), Limit.MAX_NUMBER_LENGTH, 5, 0, "");
    }

    @Test
    void numberLengthDefaultHoldsAgainstAMegabyteNumber() {
        JsonDecodeException e = error(DecoderConfig.defaults(), "[" + "9".repeat(1 << 20) + "]");
        assertLimit(e, Limit.MAX_NUMBER_LENGTH, 1000, 1, "/0");
    }

    /**
     * Streams {@code prefix} and then up to 100 MB of 'x' in 64 KiB pieces, as a network would, until the decoder
     * refuses; returns the error, with the bytes fed and the bytes this thread allocated on the way.
     */
    private static Object[] streamHundredMegabytes(String prefix) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)
                java.lang.management.ManagementFactory.getThreadMXBean();
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        JsonDecoder d = DecoderConfig.defaults().newDecoder(t -> { });
        byte[] head = Decode.utf8(prefix);
        d.feed(head, 0, head.length);
        byte[] chunk = "x".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
        long fed = head.length;
        while (fed < 100_000_000) {
            fed += chunk.length;
            try {
                d.feed(chunk, 0, chunk.length);
            } catch (JsonDecodeException e) {
                return new Object[] {e, fed, threads.getCurrentThreadAllocatedBytes() - allocatedBefore};
            }
        }
        throw new AssertionError("100 MB accepted");
    }

    @Test
    void stringDefaultHoldsAgainstAHundredMegabyteString() {
        Object[] r = streamHundredMegabytes("{\"s\":\"");
        assertLimit((JsonDecodeException) r[0], Limit.MAX_STRING_LENGTH, 5_000_000, 5, "/s");
        assertThat((long) r[1]).as("bytes fed before the refusal").isLessThan(5_000_000 + 140_000);
        // The refused text itself is held as chars (2 bytes each) while it grows, and nothing more.
        assertThat((long) r[2]).as("bytes allocated").isLessThan(40L << 20);
    }

    @Test
    void nameDefaultHoldsAgainstAHundredMegabyteName() {
        Object[] r = streamHundredMegabytes("{\"a\":{\"");
        // Jackson guards names at six times the limit (escapes), checked as its name buffer grows: measured here,
        // refused after 589,831 bytes; the exact 50,000 applies once a name is whole.
        assertLimit((JsonDecodeException) r[0], Limit.MAX_NAME_LENGTH, 50_000, 6, "/a");
        assertThat((long) r[1]).as("bytes fed before the refusal").isLessThan(1_000_000);
        assertThat((long) r[2]).as("bytes allocated").isLessThan(8L << 20);
    }

    @Test
    void nameLength() {
        assertThat(events(with(Limit.MAX_NAME_LENGTH, 3), "{\"abc\":1}")).hasSize(5);
        assertLimit(error(with(Limit.MAX_NAME_LENGTH, 3), "{\"a\":{\"abcd\":1}}"), Limit.MAX_NAME_LENGTH, 3, 6,
                "/a");
        // Escapes count as the characters they decode to.
        assertThat(events(with(Limit.MAX_NAME_LENGTH, 3), "{\"\\u0061\\u0062\\u0063\":1}")).hasSize(5);
    }

    @Test
    void aNameRefusedInOneBodyIsRefusedInTheNextBodiesOfItsConfig() {
        // A name is checked when it is new to the config's tables (a repeated, canonical one is not looked at
        // again), so the table of a body that failed must not be shared: else the long name would pass next time.
        DecoderConfig config = with(Limit.MAX_NAME_LENGTH, 3);
        for (int body = 0; body < 3; body++) {
            assertLimit(error(config, "{\"ok\":1,\"abcd\":2}"), Limit.MAX_NAME_LENGTH, 3, 8, "");
            assertLimit(error(config, "[{\"abcd\":1}]"), Limit.MAX_NAME_LENGTH, 3, 2, "/0");
            assertThat(events(config, "{\"ok\":1,\"abc\":{\"ok\":2}}")).as("body %d", body).hasSize(10);
        }
    }

    @Test
    void tokens() {
        assertThat(events(with(Limit.MAX_TOKENS, 5), "[1,2,3]")).hasSize(6);
        assertLimit(error(with(Limit.MAX_TOKENS, 3), "[1,2,3]"), Limit.MAX_TOKENS, 3, 5, "/2");
    }

    @Test
    void rootValues() {
        DecoderConfig two = DecoderConfig.builder().framing(Framing.CONCATENATED).limit(Limit.MAX_ROOT_VALUES, 2)
                .build();
        assertThat(events(two, "1 2 ")).hasSize(4);
        assertLimit(error(two, "1 2 [3]"), Limit.MAX_ROOT_VALUES, 2, 4, "");
    }
}
