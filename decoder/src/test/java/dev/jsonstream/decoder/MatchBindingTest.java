package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Binding each match with jackson-databind through {@link Match#parser()}, the value parsed once, in place. */
class MatchBindingTest {
    record Item(long id, String name, double price, List<String> tags) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BODY = "{\"meta\":{\"n\":3},\"items\":[\n"
            + "  {\"id\": 1, \"name\": \"caf\u00e9 \\\"noir\\\"\", \"price\": 2.5, \"tags\": [\"a\", \"b\"]},\n"
            + "  {\"id\": 2, \"name\": \"\u4e2d\u6587\", \"price\": 10, \"tags\": []},\n"
            + "  {\"id\": 9007199254740993, \"name\": \"big\", \"price\": -0.125e2, \"tags\": [\"\\u00e9\"]}\n"
            + "]}";
    private static final List<Item> EXPECTED = List.of(
            new Item(1, "caf\u00e9 \"noir\"", 2.5, List.of("a", "b")),
            new Item(2, "\u4e2d\u6587", 10, List.of()),
            new Item(9007199254740993L, "big", -12.5, List.of("\u00e9")));

    private static Selection binding(List<Item> out) {
        return Selection.builder().raw("/items/*", m -> out.add(MAPPER.readValue(m.parser(), Item.class))).build();
    }

    @Test
    void everyElementBindsWhateverTheSplitAndTheBufferKind() {
        // Heap, direct, read-only and sliced pieces, every split and pair of splits, pauses after every token:
        // the parser reads in place where the value lies in one array, and through a stream otherwise.
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        int plans = 0;
        for (Feeds.Plan plan : Feeds.plans(body.length, 400, 60, 20, body.length)) {
            List<Item> items = new ArrayList<>();
            assertThat(Feeds.run(DecoderConfig.defaults().newDecoder(binding(items)), body, plan)).isNull();
            assertThat(items).as(plan.toString()).isEqualTo(EXPECTED);
            plans++;
        }
        assertThat(plans).isGreaterThan(200);
    }

    @Test
    void theParserStandsOnTheValueAndIsClosedWithTheCallback() {
        List<JsonParser> lent = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        Selection s = Selection.builder().raw("/items/*", m -> {
            JsonParser first = m.parser();
            assertThat(first.currentToken()).isEqualTo(JsonToken.START_OBJECT);
            JsonParser second = m.parser();
            assertThat(first.isClosed()).as("a new parser closes the one before").isTrue();
            seen.add(MAPPER.readValue(second, Item.class).name());
            lent.add(second);
            assertThat(new String(m.inputStream().readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(m.toByteArray(), StandardCharsets.UTF_8));
            assertThat(m.bytes().isReadOnly()).isTrue();
        }).build();
        Decode.events(DecoderConfig.defaults(), BODY); // the body is valid as a whole
        JsonDecoder d = DecoderConfig.defaults().newDecoder(s);
        d.feed(ByteBuffer.wrap(BODY.getBytes(StandardCharsets.UTF_8)));
        d.end();
        assertThat(seen).containsExactly("caf\u00e9 \"noir\"", "\u4e2d\u6587", "big");
        assertThat(lent).hasSize(3).allMatch(JsonParser::isClosed);
    }

    @Test
    void aValueThatDoesNotBindStopsTheDecoderWithTheBindersError() {
        String body = "{\"items\":[{\"id\":1,\"name\":\"a\",\"price\":1,\"tags\":[]},{\"id\":\"two\"}]}";
        List<Item> items = new ArrayList<>();
        JsonDecoder d = DecoderConfig.defaults().newDecoder(binding(items));
        assertThatThrownBy(() -> d.feed(ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(UncheckedIOException.class).hasCauseInstanceOf(MismatchedInputException.class);
        assertThat(items).hasSize(1);
        assertThatThrownBy(d::end).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void valueMatchesHaveNoParser() {
        List<Throwable> thrown = new ArrayList<>();
        Selection s = Selection.builder().value("/meta", m -> {
            try {
                m.parser();
            } catch (IllegalStateException e) {
                thrown.add(e);
            }
        }).build();
        JsonDecoder d = DecoderConfig.defaults().newDecoder(s);
        d.feed(ByteBuffer.wrap(BODY.getBytes(StandardCharsets.UTF_8)));
        d.end();
        assertThat(thrown).singleElement().extracting(Throwable::getMessage).isEqualTo("not a RAW match: use value()");
    }

    @Test
    void theParserKeepsTheDecodersLimits() throws IOException {
        // A config's limits hold for the parser it lends: a string the decoder let through reads whole.
        DecoderConfig config = DecoderConfig.builder().limit(Limit.MAX_STRING_LENGTH, 30_000_000)
                .limit(Limit.MAX_CAPTURE_BYTES, 32 << 20).build();
        String big = "x".repeat(25_000_000); // over Jackson's default of 20 million characters
        String body = "{\"items\":[{\"id\":1,\"name\":\"" + big + "\",\"price\":0,\"tags\":[]}]}";
        List<Item> items = new ArrayList<>();
        JsonDecoder d = config.newDecoder(binding(items));
        d.feed(ByteBuffer.wrap(body.getBytes(StandardCharsets.US_ASCII)));
        d.end();
        assertThat(items).singleElement().extracting(Item::name).isEqualTo(big);
    }
}
