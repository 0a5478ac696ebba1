package dev.jsonstream.decoder;

import static dev.jsonstream.decoder.Decode.error;
import static dev.jsonstream.decoder.Decode.events;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Error kinds, messages and locations; encodings; the BOM; malformed UTF-8 rejected or replaced. */
class ErrorsTest {
    private static final DecoderConfig SINGLE = DecoderConfig.defaults();

    @Test
    void syntaxErrorNamesWhatAndWhere() {
        String doc = "{\n  \"items\": [\n    {\"id\": 1},\n    {\"id\": 2,}\n  ]\n}";
        JsonDecodeException e = error(SINGLE, doc);
        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e.byteOffset()).isEqualTo(doc.indexOf(",}") + 1);
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.column()).isEqualTo(14);
        assertThat(e.pointer()).isEqualTo("/items/1/id");
        assertThat(e.detail()).isEqualTo("expected a member name in double quotes, found '}'");
        assertThat(e.getMessage()).isEqualTo(e.detail() + " at line 4, column 14 (byte " + e.byteOffset()
                + "), at /items/1/id");
        assertThat(e.limit()).isNull();
        assertThat(e.limitValue()).isEqualTo(-1);
    }

    @Test
    void aControlCharacterOrAnUnknownWordIsLocatedAtItsFirstByte() {
        // Found by the fault soak: Jackson locates these two errors one byte past their start.
        String[][] cases = {{"[\u0001]", "1"}, {"[1,\u0001]", "3"}, {"{\"a\":\f}", "5"}, {"\u0001", "0"},
            {"[trux]", "1"}, {"{\"a\":fals}", "5"}, {"[1, falsey]", "4"}, {"\ufeff[tx]", "4"}};
        for (String[] c : cases) {
            byte[] doc = Decode.utf8(c[0]);
            JsonDecodeException e = error(SINGLE, doc);
            assertThat(e.byteOffset()).as(c[0]).isEqualTo(Long.parseLong(c[1]));
            assertThat(e.column()).as(c[0]).isEqualTo(Long.parseLong(c[1]) + 1);
            Decode.splitsAgree(SINGLE, doc);
        }
    }

    @Test
    void aCloseMarkerRightAfterAColonIsRefusedWhateverTheSplit() {
        // Found by DecoderFuzzTest and the mutation property: with a buffer ending right after the colon, Jackson's
        // non-blocking parser accepted {"a":} and worded {"a":] differently. Every split must give the whole-buffer
        // answer, at the close marker.
        String[][] cases = {{"{\"a\":}", "5", "}"}, {"{\"a\": \n }", "8", "}"}, {"{\"x\":[1],\"a\" : \n }", "17", "}"},
            {"{\"x\":{\"a\":}}", "10", "}"}, {"[{\"b\":1,\"a\":}]", "12", "}"}, {"{\"a\":]", "5", "]"},
            {"{\"a\":\t]", "6", "]"}};
        for (String[] c : cases) {
            JsonDecodeException e = error(SINGLE, c[0]);
            assertThat(e.kind()).as(c[0]).isEqualTo(ErrorKind.MALFORMED);
            assertThat(e.byteOffset()).as(c[0]).isEqualTo(Long.parseLong(c[1]));
            assertThat(e.detail()).as(c[0]).isEqualTo("expected a value, found '" + c[2] + "'");
            Decode.splitsAgree(SINGLE, Decode.utf8(c[0]));
        }
    }

    @Test
    void errorsInArraysNameTheElement() {
        JsonDecodeException e = error(SINGLE, "[1, 2, x]");
        assertThat(e.byteOffset()).isEqualTo(7);
        assertThat(e.pointer()).isEqualTo("/2");
        JsonDecodeException bad = error(SINGLE, "{\"a\":[1,01]}");
        assertThat(bad.pointer()).isEqualTo("/a/1");
        assertThat(bad.detail()).isEqualTo("expected '.', 'e' or the end of the number after a leading 0, found '1'");
    }

    @Test
    void incompleteInputNamesTheOpenContainer() {
        JsonDecodeException e = error(SINGLE, "{\"a\": [1, 2");
        assertThat(e.kind()).isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(e.byteOffset()).isEqualTo(11);
        assertThat(e.pointer()).isEqualTo("/a");
        assertThat(error(SINGLE, "\"abc").kind()).isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(error(SINGLE, "tru").kind()).isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(error(SINGLE, "[1, -").kind()).isEqualTo(ErrorKind.INCOMPLETE);
    }

    @Test
    void messagesQuoteOnlyAShortEscapedExcerpt() {
        String longToken = "t" + "r".repeat(5000) + "\u0001";
        JsonDecodeException e = error(SINGLE, "[" + longToken + "]");
        assertThat(e.detail().length()).isLessThan(120);
        assertThat(e.detail()).doesNotContain("rrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrrr");
        assertThat(e.getMessage()).doesNotContainPattern("[\\x00-\\x1f]");
        JsonDecodeException ctrl = error(SINGLE, "[\"a\u0001\"]");
        assertThat(ctrl.getMessage()).doesNotContainPattern("[\\x00-\\x1f]");
    }

    @Test
    void aMemberNameCannotAddALineToTheMessage() {
        // The sender chooses member names; a server logs messages. The name is escaped in the message only.
        String doc = "{\"a\\n[ERROR] forged\": [1, x]}";
        JsonDecodeException e = error(SINGLE, doc);
        assertThat(e.pointer()).isEqualTo("/a\n[ERROR] forged/1");
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain("\r")
                .endsWith(", at /a\\n[ERROR] forged/1");
        Decode.splitsAgree(SINGLE, Decode.utf8(doc));

        JsonDecodeException others = error(SINGLE,
                "{\"\\\\ \\r\\t\\b\\f\\u0000\\u001f\\u007f\\u0085\\u009f\\u2028\\u2029 é\": x}");
        assertThat(others.getMessage()).endsWith(
                ", at /\\\\ \\r\\t\\b\\f\\u0000\\u001F\\u007F\\u0085\\u009F\\u2028\\u2029 é");
        assertThat(others.getMessage().lines()).hasSize(1);
    }

    @Test
    void escapeControlsLeavesPlainTextAlone() {
        String plain = "/orders/0/lines/~1é";
        assertThat(JsonDecodeException.escapeControls(plain)).isSameAs(plain);
        assertThat(JsonDecodeException.escapeControls("a\\b")).isEqualTo("a\\\\b");
    }

    @Test
    void bomIsSkippedButCounted() {
        byte[] doc = Decode.utf8("\ufeff{\"a\":1}");
        java.util.List<Long> offsets = new java.util.ArrayList<>();
        JsonDecoder d = SINGLE.newDecoder(t -> offsets.add(t.byteOffset()));
        d.feed(doc, 0, doc.length);
        d.end();
        assertThat(offsets).containsExactly(3L, 4L, 8L, 9L, 9L);
        Decode.splitsAgree(SINGLE, doc);
        JsonDecodeException e = error(SINGLE, "\ufeff[1,]");
        assertThat(e.byteOffset()).isEqualTo(6);
        assertThat(e.column()).isEqualTo(7);
    }

    @Test
    void utf16AndUtf32AreRecognisedAndNamed() {
        assertEncoding(new byte[] {(byte) 0xFF, (byte) 0xFE, '[', 0, ']', 0},
                "the UTF-16LE byte order mark (the input begins FF FE 5B 00)");
        assertEncoding(new byte[] {(byte) 0xFE, (byte) 0xFF, 0, '[', 0, ']'},
                "the UTF-16BE byte order mark (the input begins FE FF)");
        assertEncoding(new byte[] {0, '[', 0, ']'}, "bytes that look like UTF-16BE (the input begins 00 5B)");
        assertEncoding(new byte[] {'[', 0, ']', 0}, "bytes that look like UTF-16LE (the input begins 5B 00 5D 00)");
        assertEncoding(new byte[] {'1', 0}, "bytes that look like UTF-16LE (the input begins 31 00)");
        assertEncoding(new byte[] {0, 0, 0, '1'}, "bytes that look like UTF-32BE (the input begins 00 00 00 31)");
        assertEncoding(new byte[] {'1', 0, 0, 0}, "bytes that look like UTF-32LE (the input begins 31 00 00 00)");
        assertEncoding(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF, 0, 0, 0, '1'},
                "the UTF-32BE byte order mark (the input begins 00 00 FE FF)");
        assertEncoding(new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0, '1', 0, 0, 0},
                "the UTF-32LE byte order mark (the input begins FF FE 00 00)");
    }

    private static void assertEncoding(byte[] input, String found) {
        JsonDecodeException e = error(SINGLE, input);
        assertThat(e.kind()).isEqualTo(ErrorKind.ENCODING);
        assertThat(e.detail()).isEqualTo("expected UTF-8, found " + found);
        assertThat(e.byteOffset()).isZero();
    }

    @Test
    void invalidUtf8IsMalformedAtTheFirstOffendingByte() {
        assertInvalid(new byte[] {'[', '"', (byte) 0xC0, (byte) 0x80, '"', ']'}, 2, "overlong");
        assertInvalid(new byte[] {'[', '"', (byte) 0xE0, (byte) 0x80, (byte) 0x80, '"', ']'}, 3, "overlong");
        assertInvalid(new byte[] {'[', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"', ']'}, 3, "surrogate");
        assertInvalid(new byte[] {'[', '"', (byte) 0xF5, (byte) 0x80, (byte) 0x80, (byte) 0x80, '"', ']'}, 2,
                "0xF5, which never appears");
        assertInvalid(new byte[] {'[', '"', (byte) 0xE2, (byte) 0x82, '"', ']'}, 4, "continuation");
        assertInvalid(new byte[] {'[', '"', (byte) 0x80, '"', ']'}, 2, "found the continuation byte 0x80");
        JsonDecodeException truncated = error(SINGLE, new byte[] {'"', (byte) 0xE2, (byte) 0x82});
        assertThat(truncated.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(truncated.detail()).isEqualTo("invalid UTF-8: expected the rest of the character that 0xE2 began"
                + " at byte 1, found the end of the input");
        assertThat(truncated.byteOffset()).isEqualTo(3);
    }

    private static void assertInvalid(byte[] input, long offset, String why) {
        JsonDecodeException e = error(SINGLE, input);
        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e.byteOffset()).isEqualTo(offset);
        assertThat(e.detail()).startsWith("invalid UTF-8: ").contains(why);
        assertThat(e.pointer()).isEqualTo("/0");
    }

    @Test
    void replaceModeDecodesMalformedUtf8AsReplacementCharacters() {
        DecoderConfig replace = DecoderConfig.builder().malformedUtf8(MalformedUtf8.REPLACE).build();
        // Latin-1 "café", an encoded surrogate, an overlong NUL, a lone continuation byte, a cut 3-byte character.
        byte[] doc = {'[', '"', 'c', 'a', 'f', (byte) 0xE9, '"', ',', '"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"',
            ',', '"', (byte) 0xC0, (byte) 0x80, '"', ',', '"', (byte) 0x80, 'x', '"', ',', '"', (byte) 0xE2,
            (byte) 0x82, '"', ',', 7, ']'};
        doc[doc.length - 2] = '1';
        java.util.List<String> seen = new java.util.ArrayList<>();
        JsonDecoder d = replace.newDecoder(t -> seen.add(t.kind() + " " + t.text() + " @" + t.byteOffset() + "-"
                + t.endByteOffset()));
        d.feed(doc, 0, doc.length);
        d.end();
        // Each maximal ill-formed subsequence is one U+FFFD (ED A0 80 is three: ED cannot start a surrogate).
        assertThat(seen).containsExactly("START_ARRAY null @0-1", "STRING caf\ufffd @1-7",
                "STRING \ufffd\ufffd\ufffd @8-13", "STRING \ufffd\ufffd @14-18", "STRING \ufffdx @19-23",
                "STRING \ufffd @24-28", "INT 1 @29-30", "END_ARRAY null @30-31", "END_ROOT null @30-31");
        Decode.splitsAgree(replace, doc);
        // Outside a string U+FFFD is still not JSON; the error is at the input's own offset.
        JsonDecodeException e = error(replace, new byte[] {'[', '1', ',', (byte) 0xFF, ']'});
        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e.byteOffset()).isEqualTo(3);
        // A character cut by the end of input is replaced, then the string is incomplete.
        assertThat(error(replace, new byte[] {'"', 'a', (byte) 0xE2, (byte) 0x82}).kind())
                .isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(events(replace, new byte[] {'[', '"', (byte) 0xE2, '"', ']'})).contains("STRING /0 \ufffd");
    }

    @Test
    void aFailedDecoderSaysSoAfterwards() {
        JsonDecoder d = SINGLE.newDecoder(t -> { });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.feed(Decode.utf8("[x"), 0, 2))
                .isInstanceOf(JsonDecodeException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.feed(Decode.utf8("]"), 0, 1))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("failed earlier")
                .hasCauseInstanceOf(JsonDecodeException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(d::end).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aHandlerExceptionReachesTheCallerUnchangedAndStopsTheDecoder() {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        JsonDecoder d = SINGLE.newDecoder(t -> {
            if (t.kind() == TokenKind.INT) {
                throw boom;
            }
        });
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.feed(Decode.utf8("[1]"), 0, 3)).isSameAs(boom);
        org.assertj.core.api.Assertions.assertThatThrownBy(d::end).isInstanceOf(IllegalStateException.class);
    }
}
