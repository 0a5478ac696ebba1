package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Selection.Builder#bind}: what a binder reading the decoder's own parser may and may not do to the decoder, and
 * what the decoder keeps of the caller's buffers meanwhile. {@link BoundSplitInvarianceTest} checks the outcomes
 * against every split of many documents.
 */
class BindInPlaceTest {
    record Item(long id, String name, double price, List<String> tags) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String BODY = "{\"items\":[\n"
            + "  {\"id\": 1, \"name\": \"caf\u00e9\", \"price\": 2.5, \"tags\": [\"a\", \"b\"]},\n"
            + "  {\"id\": 2, \"name\": \"\u4e2d\u6587\", \"price\": 10, \"tags\": []},\n"
            + "  {\"id\": 3, \"name\": \"\\ud83d\\ude00\", \"price\": -0.125e2, \"tags\": [\"c\"]}\n"
            + "], \"after\": [7, 8]}";
    private static final List<Item> EXPECTED = List.of(new Item(1, "caf\u00e9", 2.5, List.of("a", "b")),
            new Item(2, "\u4e2d\u6587", 10, List.of()), new Item(3, "\ud83d\ude00", -12.5, List.of("c")));

    /** Items bound from {@code body} fed whole, with every token of the body counted by a second pattern. */
    private static List<Object> bindWhole(String body, ValueBinder<?> binder, List<String> tokens) {
        List<Object> items = new ArrayList<>();
        Selection s = Selection.builder().<Object>bind("/items/*", binder, (m, item) -> items.add(item))
                .events("/**", t -> tokens.add(t.kind() + " " + t.pointer())).build();
        JsonDecoder d = DecoderConfig.defaults().newDecoder(s);
        d.feed(ByteBuffer.wrap(Decode.utf8(body)));
        d.end();
        return items;
    }

    @Test
    void elementsThatEachArriveInAFeedOfTheirOwnKeepNoBytesOnceBound() {
        // A server that writes a chunk per element (Undertow's /select does) gives the client a buffer per element.
        // Each element bound in place closes its capture after its last token: the bytes kept in case it had to be
        // bound again must go then, not run on into the next element's, or they add up to the capture limit.
        DecoderConfig config = DecoderConfig.builder().limit(Limit.MAX_CAPTURE_BYTES, 4096).build();
        long[] bound = {0};
        JsonDecoder d = config.newDecoder(Selection.builder().bind("/items/*", p -> MAPPER.readValue(p, Item.class),
                (m, item) -> bound[0]++).build());
        d.feed(ByteBuffer.wrap(Decode.utf8("{\"items\":[")));
        for (int i = 0; i < 2_000; i++) {
            d.feed(ByteBuffer.wrap(Decode.utf8((i == 0 ? "" : ",")
                    + "{\"id\":" + i + ",\"name\":\"n\",\"price\":1.5,\"tags\":[\"a\"]}")));
        }
        d.feed(ByteBuffer.wrap(Decode.utf8("]}")));
        d.end();
        assertThat(bound[0]).isEqualTo(2_000);
    }

    @Test
    void aBinderThatReadsLessLeavesTheRestToTheDecoder() {
        // It reads the first token only, or stops inside a nested array: every token of the body still reaches every
        // other pattern once, in order, and the next element binds from its own first token.
        List<String> reference = new ArrayList<>();
        bindWhole(BODY, p -> MAPPER.readValue(p, Item.class), reference);
        for (int read : new int[] {0, 1, 5, 8}) {
            List<String> tokens = new ArrayList<>();
            List<Object> items = bindWhole(BODY, p -> {
                StringBuilder sb = new StringBuilder(p.currentToken().toString());
                for (int i = 0; i < read; i++) {
                    sb.append(' ').append(p.nextToken());
                }
                return sb.toString();
            }, tokens);
            assertThat(tokens).as("tokens seen by the other pattern, reading %d", read).isEqualTo(reference);
            assertThat(items).hasSize(3).allMatch(i -> ((String) i).startsWith("START_OBJECT"));
        }
    }

    @Test
    void namesThatRepeatReachTheBinderInternedAsDatabindKeysItsProperties() {
        // Databind finds a property by name in a HashMap of interned names: the same String is found without
        // comparing characters. The decoder's parser does not intern (new names would cost a body keyed by ids),
        // so the view interns the names that repeat, from the second element on; a name seen once stays as it is.
        List<List<String>> names = new ArrayList<>();
        Selection s = Selection.builder().<List<String>>bind("/items/*", p -> {
            List<String> seen = new ArrayList<>();
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.FIELD_NAME) {
                    seen.add(p.currentName());
                }
            }
            return seen;
        }, (m, seen) -> names.add(seen)).build();
        JsonDecoder d = DecoderConfig.defaults().newDecoder(s);
        d.feed(ByteBuffer.wrap(Decode.utf8("{\"items\":[{\"qty\":1,\"sku\":2},{\"qty\":3,\"sku\":4,"
                + "\"7f3a9c2e-once\":5},{\"qty\":6,\"sku\":7}]}")));
        d.end();
        assertThat(names).containsExactly(List.of("qty", "sku"), List.of("qty", "sku", "7f3a9c2e-once"),
                List.of("qty", "sku"));
        for (List<String> later : names.subList(1, 3)) {
            assertThat(later.get(0)).as("a repeated name is the interned String").isSameAs("qty");
            assertThat(later.get(1)).isSameAs("sku");
        }
    }

    @Test
    void aBinderThatReadsOnSeesTheEndOfItsValue() {
        List<String> tokens = new ArrayList<>();
        List<Object> counts = bindWhole(BODY, p -> {
            int n = 1;
            while (p.nextToken() != null) {
                n++;
            }
            assertThat(p.currentToken()).isNull();
            assertThat(p.nextToken()).as("still the end").isNull();
            assertThat(p.isClosed()).isTrue();
            return n;
        }, tokens);
        assertThat(counts).containsExactly(13, 11, 12);
        assertThat(tokens).contains("START_ARRAY /after", "INT /after/1");
    }

    @Test
    void theSameItemsWhateverTheSplitWithBinderThatReadsPartsOrPast() {
        byte[] body = Decode.utf8(BODY);
        int plans = 0;
        for (Feeds.Plan plan : Feeds.plans(body.length, 400, 60, 30, 11)) {
            List<Object> items = new ArrayList<>();
            List<Object> partial = new ArrayList<>();
            Selection s = Selection.builder()
                    .<Object>bind("/items/*", p -> MAPPER.readValue(p, Item.class), (m, item) -> items.add(item))
                    .<Object>bind("/items/*/tags", p -> {
                        p.nextToken(); // the first tag, or the end of an empty list; then stop reading
                        return p.currentToken();
                    }, (m, t) -> partial.add(t))
                    .<Object>bind("/after", p -> p.skipChildren().currentToken(), (m, t) -> partial.add(t))
                    .build();
            assertThat(Feeds.run(DecoderConfig.defaults().newDecoder(s), body, plan)).isNull();
            assertThat(items).as(plan.toString()).isEqualTo(EXPECTED);
            assertThat(partial).as(plan.toString()).containsExactly(JsonToken.VALUE_STRING, JsonToken.END_ARRAY,
                    JsonToken.VALUE_STRING, JsonToken.END_ARRAY);
            plans++;
        }
        assertThat(plans).isGreaterThan(200);
    }

    @Test
    void aValueThatDoesNotBindFailsWithTheMembersPathWhateverTheSplit() {
        byte[] body = Decode.utf8("{\"items\":[{\"id\":1,\"name\":\"a\",\"price\":1,\"tags\":[]},"
                + "{\"id\":2,\"name\":\"b\",\"price\":\"many\",\"tags\":[\"x\"]},{\"id\":3}]}");
        for (Feeds.Plan plan : Feeds.plans(body.length, 200, 60, 10, 5)) {
            List<String> seen = new ArrayList<>();
            Selection s = Selection.builder().bind("/items/*", p -> MAPPER.readValue(p, Item.class),
                    new BoundHandler<Item>() {
                        @Override
                        public void onBound(Match m, Item item) {
                            seen.add(m.pointer() + " " + item.id());
                        }

                        @Override
                        public void onFailure(Match m, Exception failure) {
                            JsonMappingException e = (JsonMappingException) failure;
                            seen.add(m.pointer() + " failed at " + e.getPath().get(0).getFieldName() + " ["
                                    + m.byteOffset() + "," + m.endByteOffset() + ")");
                        }
                    }).build();
            assertThat(Feeds.run(DecoderConfig.defaults().newDecoder(s), body, plan)).isNull();
            assertThat(seen).as(plan.toString()).containsExactly("/items/0 1", "/items/1 failed at price [50,97)",
                    "/items/2 3");
        }
        // Unhandled, the failure stops the decoder when the value ends, as a MatchHandler's exception does.
        JsonDecoder d = DecoderConfig.defaults().newDecoder(Selection.builder()
                .bind("/items/*", p -> MAPPER.readValue(p, Item.class), (m, item) -> { }).build());
        assertThatThrownBy(() -> d.feed(ByteBuffer.wrap(body))).isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(d::end).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theDecodersErrorsInsideABoundValueAreTheDecodersNotTheBinders() {
        // Depth, string and syntax errors met while a binder reads: jackson-databind wraps what it catches, so the
        // decoder throws its own error once the binder has returned, with its pointer.
        DecoderConfig config = DecoderConfig.builder().limit(Limit.MAX_DEPTH, 5).limit(Limit.MAX_STRING_LENGTH, 10)
                .build();
        String[] cases = {"{\"items\":[{\"a\":[[[[[1]]]]]}]}", "{\"items\":[{\"a\":\"0123456789abc\"}]}",
            "{\"items\":[{\"a\":[1,2,}]}]}"};
        for (String body : cases) {
            JsonDecodeException plain = Decode.error(config, body); // the same body, decoded without a binder
            List<Object> failures = new ArrayList<>();
            Selection s = Selection.builder().bind("/items/*", MAPPER::readTree, new BoundHandler<Object>() {
                @Override
                public void onBound(Match m, Object item) {
                    failures.add(item);
                }

                @Override
                public void onFailure(Match m, Exception failure) {
                    failures.add(failure);
                }
            }).build();
            JsonDecoder d = config.newDecoder(s);
            JsonDecodeException e = catchThrowableOfType(JsonDecodeException.class,
                    () -> d.feed(ByteBuffer.wrap(Decode.utf8(body))));
            assertThat(e).as(body).isNotNull();
            assertThat(EventLog.describe(e)).as(body).isEqualTo(EventLog.describe(plain));
            assertThat(e.pointer()).as(body).startsWith("/items/0/a");
            assertThat(failures).as("nothing handed over").isEmpty();
        }
    }

    @Test
    void rootValuesBindInPlaceAndEndWhereTheyEnd() {
        // Bound at the root, the value's last token ends the root: where it ends must be read from that token (the
        // framing checks what follows from there), as for a RAW match at the root, under every framing and split.
        String[][] cases = {
            {"SINGLE", "{\"a\": [1, {\"b\": \"\u00e9\"}]}  \n "},
            {"SINGLE", "[1, 2, 3]  x"},
            {"SINGLE", "      [1, [2, {\"c\": 3}]]  \n  x"},
            {"SINGLE", "      [1, [2, {\"c\": 3}]]  \n  "},
            {"SINGLE", "[1, [2]] [3]"},
            {"CONCATENATED", "{\"a\":1}\n[2, [3]]\n\"s\" {\"b\":{\"c\":[4]}}\n"},
            {"CONCATENATED", "[1]\n[2, ]\n"},
        };
        for (String[] c : cases) {
            DecoderConfig config = DecoderConfig.builder().framing(Framing.valueOf(c[0])).build();
            byte[] body = Decode.utf8(c[1]);
            for (Feeds.Plan plan : Feeds.plans(body.length, 200, 60, 5, 3)) {
                List<String> bound = new ArrayList<>();
                JsonDecodeException e = Feeds.run(config.newDecoder(Selection.builder().<Object>bind("",
                        MAPPER::readTree, (m, item) -> bound.add(m.index() + " [" + m.byteOffset() + ","
                                + m.endByteOffset() + ") " + item)).build()), body, plan);
                bound.add(e == null ? "OK" : EventLog.describe(e));
                List<String> raw = new ArrayList<>();
                JsonDecodeException r = Feeds.run(config.newDecoder(Selection.builder().raw("", m -> raw.add(
                        m.index() + " [" + m.byteOffset() + "," + m.endByteOffset() + ") "
                                + MAPPER.readTree(m.parser()))).build()), body, plan);
                raw.add(r == null ? "OK" : EventLog.describe(r));
                assertThat(bound).as(c[0] + " " + c[1] + " " + plan).isEqualTo(raw);
            }
        }
    }

    @Test
    void theCaptureTokenLimitHoldsAtTheSameTokenInPlaceAndFromBytes() {
        // Alone, the binder's tokens are not delivered; the limit must still fire where a RAW capture's does.
        DecoderConfig config = DecoderConfig.builder().limit(Limit.MAX_CAPTURE_TOKENS, 6).build();
        byte[] body = Decode.utf8("{\"items\":[{\"a\":1},{\"a\":[1,2,3,4,5,6]},{\"a\":3}]}");
        JsonDecodeException raw = Feeds.run(config.newDecoder(Selection.builder().raw("/items/*", m -> { }).build()),
                body, new Feeds.Plan("whole", new int[] {body.length}, Feeds.Kind.HEAP, false));
        assertThat(raw).isNotNull();
        assertThat(raw.limit()).isEqualTo(Limit.MAX_CAPTURE_TOKENS);
        for (Feeds.Plan plan : Feeds.plans(body.length, 100, 30, 5, 9)) {
            List<Object> items = new ArrayList<>();
            JsonDecoder d = config.newDecoder(Selection.builder()
                    .<Object>bind("/items/*", MAPPER::readTree, (m, item) -> items.add(item)).build());
            JsonDecodeException e = Feeds.run(d, body, plan);
            assertThat(e).as(plan.toString()).isNotNull();
            assertThat(EventLog.describe(e)).as(plan.toString()).isEqualTo(EventLog.describe(raw));
            assertThat(items).as(plan.toString()).hasSize(1);
        }
    }

    @Test
    void aLongStringInsideABoundValueIsRefusedWhileItArrives() {
        DecoderConfig config = DecoderConfig.builder().limit(Limit.MAX_STRING_LENGTH, 100_000).build();
        JsonDecoder d = config.newDecoder(Selection.builder()
                .bind("/items/*", MAPPER::readTree, (m, item) -> { }).build());
        d.feed(ByteBuffer.wrap(Decode.utf8("{\"items\":[{\"id\":1,\"name\":\"")));
        byte[] piece = new byte[16 * 1024];
        Arrays.fill(piece, (byte) 'x');
        long fed = 0;
        JsonDecodeException refused = null;
        while (refused == null && fed < 100L << 20) {
            try {
                d.feed(ByteBuffer.wrap(piece));
                fed += piece.length;
            } catch (JsonDecodeException e) {
                refused = e;
            }
        }
        assertThat(refused).isNotNull();
        assertThat(refused.limit()).isEqualTo(Limit.MAX_STRING_LENGTH);
        assertThat(refused.pointer()).isEqualTo("/items/0/name");
        assertThat(fed).as("refused within a few pieces of the limit").isLessThan(200_000);
    }

    @Test
    void nothingOfTheCallersBufferIsKeptOnceFeedReturns() {
        // One array, overwritten after every feed: a value bound from its kept bytes must not read the caller's.
        byte[] body = Decode.utf8(BODY);
        for (int piece : new int[] {1, 7, 29, 64}) {
            List<Object> items = new ArrayList<>();
            JsonDecoder d = DecoderConfig.defaults().newDecoder(Selection.builder()
                    .<Item>bind("/items/*", p -> MAPPER.readValue(p, Item.class), (m, item) -> items.add(item))
                    .build());
            byte[] buffer = new byte[piece];
            for (int from = 0; from < body.length; from += piece) {
                int n = Math.min(piece, body.length - from);
                System.arraycopy(body, from, buffer, 0, n);
                assertThat(d.feed(buffer, 0, n)).isEqualTo(n);
                assertThat(d.isPaused()).isFalse();
                Arrays.fill(buffer, (byte) '!');
            }
            d.end();
            assertThat(items).as("pieces of %d", piece).isEqualTo(EXPECTED);
        }
    }

    @Test
    void aBinderThatSwallowsTheStopIsTriedAgainAndItsFirstAnswerDropped() {
        byte[] body = Decode.utf8(BODY);
        List<Object> items = new ArrayList<>();
        List<String> stops = new ArrayList<>();
        JsonDecoder d = DecoderConfig.defaults().newDecoder(Selection.builder().<Object>bind("/items/*", p -> {
            try {
                return MAPPER.readValue(p, Item.class);
            } catch (Throwable e) { // as a binder must not: the decoder drops what this run returns
                stops.add(e.getMessage());
                return "swallowed";
            }
        }, (m, item) -> items.add(item)).build());
        d.feed(body, 0, 40); // inside the first element
        d.feed(body, 40, body.length - 40);
        d.end();
        assertThat(items).isEqualTo(EXPECTED);
        assertThat(stops).singleElement().asString().contains("runs past the input fed so far");
    }

    @Test
    void settingsABinderMakesStayOnItsParser() {
        // ALLOW_COMMENTS set by one binder does not let the decoder accept a comment in the next element.
        String body = "{\"items\":[{\"id\":1},{\"id\":2 /* no */}]}";
        List<Object> items = new ArrayList<>();
        JsonDecoder d = DecoderConfig.defaults().newDecoder(Selection.builder().<Object>bind("/items/*", p -> {
            p.enable(JsonParser.Feature.ALLOW_COMMENTS);
            assertThat(p.isEnabled(JsonParser.Feature.ALLOW_COMMENTS)).isTrue();
            return MAPPER.readTree(p);
        }, (m, item) -> items.add(item)).build());
        JsonDecodeException e = catchThrowableOfType(JsonDecodeException.class,
                () -> d.feed(ByteBuffer.wrap(Decode.utf8(body))));
        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(items).hasSize(1);
    }

    @Test
    void boundMatchesHaveNoBytes() {
        List<String> messages = new ArrayList<>();
        JsonDecoder d = DecoderConfig.defaults().newDecoder(Selection.builder().bind("/items/*", MAPPER::readTree,
                (m, item) -> {
                    try {
                        m.bytes();
                    } catch (IllegalStateException e) {
                        messages.add(e.getMessage());
                    }
                }).build());
        d.feed(ByteBuffer.wrap(Decode.utf8(BODY)));
        d.end();
        assertThat(messages).hasSize(3)
                .allMatch(m -> m.equals("not a RAW match: the value was bound (Selection.Builder.bind)"));
    }
}
