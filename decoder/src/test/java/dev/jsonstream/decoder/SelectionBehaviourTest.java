package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Selection: events, nesting, several patterns, limits, framings, pausing and misuse. */
class SelectionBehaviourTest {
    private static final String DOC = "{\"items\": [{\"id\": 1, \"tags\": [\"a\"]}, {\"id\": 2, \"sub\": {\"id\": 3}}],"
            + " \"meta\": {\"count\": 2, \"ratio\": 0.5}}";

    private static void decode(DecoderConfig config, Selection selection, String json) {
        byte[] in = json.getBytes(StandardCharsets.UTF_8);
        JsonDecoder d = config.newDecoder(selection);
        d.feed(in, 0, in.length);
        while (d.isPaused()) {
            d.resume();
        }
        d.end();
    }

    @Test
    void eventsArePointedRelativeToTheMatchAndEndWithEndRoot() {
        List<String> seen = new ArrayList<>();
        decode(DecoderConfig.defaults(), Selection.builder()
                .events("/items/*", t -> seen.add(t.rootIndex() + " " + t.kind() + " " + t.depth() + " '"
                        + t.pointer() + "' " + t.fieldName() + " " + t.arrayIndex() + " @" + t.byteOffset()))
                .build(), DOC);
        assertThat(seen).containsExactly(
                "0 START_OBJECT 1 '' null -1 @11",
                "0 FIELD_NAME 1 '/id' id -1 @12",
                "0 INT 1 '/id' id -1 @18",
                "0 FIELD_NAME 1 '/tags' tags -1 @21",
                "0 START_ARRAY 2 '/tags' tags -1 @29",
                "0 STRING 2 '/tags/0' null 0 @30",
                "0 END_ARRAY 2 '/tags' tags -1 @33",
                "0 END_OBJECT 1 '' null -1 @34",
                "0 END_ROOT 0 '' null -1 @34",
                "1 START_OBJECT 1 '' null -1 @37",
                "1 FIELD_NAME 1 '/id' id -1 @38",
                "1 INT 1 '/id' id -1 @44",
                "1 FIELD_NAME 1 '/sub' sub -1 @47",
                "1 START_OBJECT 2 '/sub' sub -1 @54",
                "1 FIELD_NAME 2 '/sub/id' id -1 @55",
                "1 INT 2 '/sub/id' id -1 @61",
                "1 END_OBJECT 2 '/sub' sub -1 @62",
                "1 END_OBJECT 1 '' null -1 @63",
                "1 END_ROOT 0 '' null -1 @63");
    }

    @Test
    void aRootScalarThatEndsOnlyAtTheEndOfInputIsCapturedRaw() {
        // Found by DecoderFuzzTest and the RAW selection property: a root number or literal is complete only at
        // end(), after the last buffer has gone; the RAW capture then read the released buffer
        // (NullPointerException) instead of its copy.
        for (String doc : new String[] {"10", " 0", "\r0", "\n-1.5e3", " 18446744073709551616", "true", "null",
            "\ufeff7"}) {
            byte[] input = Decode.utf8(doc);
            for (String pattern : new String[] {"", "/**"}) {
                SelectionTest.checkAgainstTreeWalk(input, pattern, Feeds.plans(input.length, 100, 30, 8, 1));
            }
        }
        List<String> lines = new ArrayList<>();
        Selection selection = Selection.builder().raw("", m -> lines.add(new String(m.toByteArray(),
                StandardCharsets.UTF_8))).build();
        byte[] ndjson = Decode.utf8("1\n\"two\"\n33");
        JsonDecoder decoder = DecoderConfig.builder().framing(Framing.CONCATENATED).build().newDecoder(selection);
        assertThat(Feeds.run(decoder, ndjson, new Feeds.Plan("whole", new int[] {ndjson.length}, Feeds.Kind.DIRECT,
                false))).isNull();
        assertThat(lines).containsExactly("1", "\"two\"", "33");
    }

    @Test
    void aPatternDoesNotMatchInsideItsOwnMatchButOthersDo() {
        List<String> seen = new ArrayList<>();
        decode(DecoderConfig.defaults(), Selection.builder()
                .value("/**", m -> seen.add("all " + m.pointer()))
                .value("/**/id", m -> seen.add("id " + m.pointer() + "=" + m.value()))
                .raw("/items/1", m -> seen.add("raw " + m.pointer() + " " + new String(m.toByteArray(),
                        StandardCharsets.UTF_8)))
                .build(), DOC);
        // /**/id matches /items/1/id and /items/1/sub/id (scalars never nest); ends come in document order.
        assertThat(seen).containsExactly("id /items/0/id=1", "id /items/1/id=2", "id /items/1/sub/id=3",
                "raw /items/1 {\"id\": 2, \"sub\": {\"id\": 3}}", "all ");
    }

    @Test
    void valuesArePlainJavaObjects() {
        List<Object> values = new ArrayList<>();
        decode(DecoderConfig.defaults(), Selection.builder().value("/meta", m -> values.add(m.value())).build(), DOC);
        assertThat(values).containsExactly(Map.of("count", 2L, "ratio", 0.5));
        List<Object> exact = new ArrayList<>();
        decode(DecoderConfig.defaults(), Selection.builder().value("/*", m -> exact.add(m.value())).exactDecimals(true)
                .build(), "{\"a\": 0.10, \"b\": 18446744073709551616, \"c\": [true, null]}");
        assertThat(exact).containsExactly(new java.math.BigDecimal("0.10"),
                new java.math.BigInteger("18446744073709551616"), java.util.Arrays.asList(true, null));
    }

    @Test
    void everyFramingStartsEachRootValueAfresh() {
        List<String> ndjson = new ArrayList<>();
        decode(DecoderConfig.builder().framing(Framing.CONCATENATED).build(),
                Selection.builder().raw("/id", m -> ndjson.add(m.index() + ":" + new String(m.toByteArray(),
                        StandardCharsets.UTF_8))).build(), "{\"id\":1}\n{\"x\":{\"id\":9}}\n{\"id\":\"three\"}\n");
        assertThat(ndjson).containsExactly("0:1", "1:\"three\"");
        List<String> seq = new ArrayList<>();
        decode(DecoderConfig.builder().framing(Framing.JSON_SEQ).build(),
                Selection.builder().raw("", m -> seq.add(new String(m.toByteArray(), StandardCharsets.UTF_8)))
                        .build(), "\u001e[1, 2]\n\u001e\"x\"\n\u001e42\n");
        assertThat(seq).containsExactly("[1, 2]", "\"x\"", "42");
    }

    @Test
    void aHandlerPausesAfterEachMatchAndLosesNothing() {
        List<String> seen = new ArrayList<>();
        Selection s = Selection.builder().raw("/items/*", m -> {
            seen.add(m.pointer());
            m.pause();
        }).build();
        byte[] in = DOC.getBytes(StandardCharsets.UTF_8);
        JsonDecoder d = DecoderConfig.defaults().newDecoder(s);
        int consumed = d.feed(in, 0, in.length);
        assertThat(d.isPaused()).isTrue();
        assertThat(seen).containsExactly("/items/0");
        assertThat(consumed).isEqualTo(DOC.indexOf("}, {") + 1);
        consumed += d.resume();
        assertThat(seen).containsExactly("/items/0", "/items/1");
        consumed += d.resume();
        assertThat(consumed).isEqualTo(in.length);
        d.end();
    }

    @Test
    void aCapturedValueOverTheByteLimitIsRefusedWhileItArrives() {
        DecoderConfig config = DecoderConfig.builder().limit(Limit.MAX_CAPTURE_BYTES, 1000).build();
        List<String> seen = new ArrayList<>();
        JsonDecoder d = config.newDecoder(Selection.builder().raw("/items/*", m -> seen.add(m.pointer())).build());
        byte[] head = "{\"items\": [\"short\", [".getBytes(StandardCharsets.UTF_8);
        d.feed(head, 0, head.length);
        byte[] chunk = "1, 2, 3, 4, 5, 6, 7, 8, 9, ".getBytes(StandardCharsets.UTF_8);
        long fed = head.length;
        JsonDecodeException e = null;
        while (e == null && fed < 1_000_000) {
            try {
                d.feed(chunk, 0, chunk.length);
                fed += chunk.length;
            } catch (JsonDecodeException thrown) {
                e = thrown;
            }
        }
        assertThat(seen).containsExactly("/items/0");
        assertThat(e).isNotNull();
        assertThat(e.limit()).isEqualTo(Limit.MAX_CAPTURE_BYTES);
        assertThat(e.byteOffset()).isEqualTo(head.length - 1);
        assertThat(e.pointer()).isEqualTo("/items/1");
        assertThat(fed).isLessThan(1000 + head.length + chunk.length); // refused within one buffer of the limit
        // A value that ends within its buffer is checked at its end.
        byte[] one = ("[0, \"" + "x".repeat(2000) + "\"]").getBytes(StandardCharsets.UTF_8);
        JsonDecoder whole = config.newDecoder(Selection.builder().value("/*", m -> { }).build());
        assertThatThrownBy(() -> whole.feed(one, 0, one.length)).isInstanceOfSatisfying(JsonDecodeException.class,
                x -> {
                    assertThat(x.limit()).isEqualTo(Limit.MAX_CAPTURE_BYTES);
                    assertThat(x.byteOffset()).isEqualTo(4);
                    assertThat(x.pointer()).isEqualTo("/1");
                });
    }

    @Test
    void aCapturedValueOverTheTokenLimitIsRefused() {
        DecoderConfig config = DecoderConfig.builder().limit(Limit.MAX_CAPTURE_TOKENS, 5).build();
        JsonDecoder d = config.newDecoder(Selection.builder().value("/a", m -> { }).build());
        byte[] in = "{\"a\": [1, 2, 3, 4, 5], \"b\": [1, 2, 3, 4, 5, 6, 7]}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> d.feed(in, 0, in.length)).isInstanceOfSatisfying(JsonDecodeException.class, e -> {
            assertThat(e.limit()).isEqualTo(Limit.MAX_CAPTURE_TOKENS);
            assertThat(e.limitValue()).isEqualTo(5);
            assertThat(e.byteOffset()).isEqualTo(6);
            assertThat(e.pointer()).isEqualTo("/a");
        });
    }

    @Test
    void rawBytesAreTheInputsEvenWhenMalformedUtf8IsReplaced() {
        byte[] in = {'[', '"', 'c', 'a', 'f', (byte) 0xE9, '"', ']'};
        List<Object> seen = new ArrayList<>();
        JsonDecoder d = DecoderConfig.builder().malformedUtf8(MalformedUtf8.REPLACE).build().newDecoder(
                Selection.builder().raw("/0", m -> seen.add(m.toByteArray())).value("/0", m -> seen.add(m.value()))
                        .build());
        for (int i = 0; i < in.length; i++) {
            d.feed(in, i, 1);
        }
        d.end();
        assertThat(seen).hasSize(2);
        assertThat((byte[]) seen.get(0)).containsExactly('"', 'c', 'a', 'f', (byte) 0xE9, '"');
        assertThat(seen.get(1)).isEqualTo("caf\ufffd");
    }

    @Test
    void misuseIsRefused() {
        List<Match> kept = new ArrayList<>();
        decode(DecoderConfig.defaults(), Selection.builder()
                .raw("/meta", m -> {
                    assertThatThrownBy(m::value).isInstanceOf(IllegalStateException.class);
                    kept.add(m);
                })
                .value("/items", m -> assertThatThrownBy(m::bytes).isInstanceOf(IllegalStateException.class))
                .build(), DOC);
        assertThatThrownBy(() -> kept.get(0).bytes()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after its callback");
        Selection once = Selection.builder().raw("", m -> { }).build();
        DecoderConfig.defaults().newDecoder(once);
        assertThatThrownBy(() -> DecoderConfig.defaults().newDecoder(once)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one decoder");
        assertThatThrownBy(() -> Selection.builder().build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void textOutsideEveryMatchIsNotMaterialised() {
        // 4,000 strings of 2,000 characters outside the match: building them would allocate over 16 MB.
        StringBuilder sb = new StringBuilder("{\"skip\": [");
        String big = "s".repeat(2000);
        for (int i = 0; i < 4000; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(big).append('"');
        }
        sb.append("], \"want\": \"yes\"}");
        byte[] in = sb.toString().getBytes(StandardCharsets.UTF_8);
        List<Object> seen = new ArrayList<>();
        Runnable run = () -> {
            JsonDecoder d = DecoderConfig.defaults().newDecoder(Selection.builder().value("/want", m -> seen.add(
                    m.value())).build());
            for (int off = 0; off < in.length; off += 16384) {
                d.feed(in, off, Math.min(16384, in.length - off));
            }
            d.end();
        };
        run.run(); // warm up
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        run.run();
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(seen).containsExactly("yes", "yes");
        assertThat(allocated).as("bytes allocated decoding %d bytes", in.length).isLessThan(2_000_000);
    }
}
