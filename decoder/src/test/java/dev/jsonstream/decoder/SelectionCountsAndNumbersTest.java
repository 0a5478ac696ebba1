package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Counting matches with a located pattern, and comparing numbers exactly through {@link Match#decimalValue()}. */
class SelectionCountsAndNumbersTest {
    private static final String PRICES = "{\"items\":[{\"price\":12},{\"price\":12.50},{\"price\":1e1},"
            + "{\"price\":18446744073709551616},{\"price\":-0.000000000000000000001},{\"price\":\"n/a\"}]}";

    private static void decode(DecoderConfig config, Selection s, String body) {
        JsonDecoder d = config.newDecoder(s);
        d.feed(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)));
        d.end();
    }

    @Test
    void aLocatedPatternGivesIndexPointerAndOffsetsLikeARawOne() {
        List<String> located = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        decode(DecoderConfig.defaults(), Selection.builder()
                .located("/items/*", m -> located.add(m.index() + " " + m.pointer() + " " + m.byteOffset() + "-"
                        + m.endByteOffset()))
                .raw("/items/*", m -> raw.add(m.index() + " " + m.pointer() + " " + m.byteOffset() + "-"
                        + m.endByteOffset()))
                .build(), PRICES);
        assertThat(located).hasSize(6).isEqualTo(raw);
        assertThat(located.get(5)).startsWith("5 /items/5 ");
    }

    @Test
    void aLocatedPatternHoldsNothingSoTheCaptureLimitsDoNotApply() {
        DecoderConfig small = DecoderConfig.builder().limit(Limit.MAX_CAPTURE_BYTES, 16)
                .limit(Limit.MAX_CAPTURE_TOKENS, 4).build();
        String body = "{\"items\":[{\"a\":[1,2,3,4,5,6,7,8],\"b\":\"" + "x".repeat(100) + "\"},{}]}";
        long[] count = {0};
        decode(small, Selection.builder().located("/items/*", m -> count[0] = m.index() + 1).build(), body);
        assertThat(count[0]).isEqualTo(2);
        assertThatThrownBy(() -> decode(small, Selection.builder().raw("/items/*", m -> { }).build(), body))
                .isInstanceOf(JsonDecodeException.class);
        assertThatThrownBy(() -> decode(small, Selection.builder().value("/items/*", m -> { }).build(), body))
                .isInstanceOf(JsonDecodeException.class);
    }

    @Test
    void aLocatedCountIsTheSameHoweverTheBodyIsSplit() {
        byte[] body = PRICES.getBytes(StandardCharsets.UTF_8);
        for (Feeds.Plan plan : Feeds.plans(body.length, 200, 40, 10, 7)) {
            List<String> seen = new ArrayList<>();
            Selection s = Selection.builder().located("/items/*/price", m -> seen.add(m.index() + " "
                    + m.byteOffset())).build();
            assertThat(Feeds.run(DecoderConfig.defaults().newDecoder(s), body, plan)).isNull();
            assertThat(seen).as(plan.toString()).hasSize(6).startsWith("0 19").endsWith("5 " + PRICES.indexOf("\"n/a"));
        }
    }

    @Test
    void everyNumberComparesExactlyWhateverTypeItsValueHas() {
        List<Object> values = new ArrayList<>();
        List<BigDecimal> decimals = new ArrayList<>();
        List<Integer> overTen = new ArrayList<>();
        decode(DecoderConfig.defaults(), Selection.builder().value("/items/*/price", m -> {
            values.add(m.value());
            if (m.value() instanceof Number) {
                decimals.add(m.decimalValue());
                overTen.add(m.decimalValue().compareTo(BigDecimal.TEN));
            }
        }).build(), PRICES);
        assertThat(values).extracting(v -> v == null ? null : v.getClass().getSimpleName())
                .containsExactly("Long", "Double", "Double", "BigInteger", "Double", "String");
        assertThat(decimals).containsExactly(new BigDecimal("12"), new BigDecimal("12.50"), new BigDecimal("1e1"),
                new BigDecimal(new BigInteger("18446744073709551616")), new BigDecimal("-0.000000000000000000001"));
        assertThat(overTen).containsExactly(1, 1, 0, 1, -1);

        List<BigDecimal> located = new ArrayList<>();
        decode(DecoderConfig.defaults(), Selection.builder().located("/items/*/price", m -> {
            if (m.index() < 5) {
                located.add(m.decimalValue());
            }
        }).build(), PRICES);
        assertThat(located).isEqualTo(decimals);
    }

    @Test
    void aValueThatIsNotANumberSaysWhatItIs() {
        List<String> messages = new ArrayList<>();
        decode(DecoderConfig.defaults(), Selection.builder().located("/items/5/price", m -> {
            try {
                m.decimalValue();
            } catch (IllegalStateException e) {
                messages.add(e.getMessage());
            }
        }).located("/items/0", m -> {
            try {
                m.decimalValue();
            } catch (IllegalStateException e) {
                messages.add(e.getMessage());
            }
        }).build(), PRICES);
        assertThat(messages).containsExactly("not a number: the value at /items/0 is an object or an array",
                "not a number: the value at /items/5/price is a STRING");
    }
}
