package dev.jsonstream.decoder;

import static dev.jsonstream.decoder.Decode.error;
import static dev.jsonstream.decoder.Decode.events;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** SINGLE, CONCATENATED and JSON_SEQ: what each accepts, and the exact error for what it does not. */
class FramingTest {
    private static final DecoderConfig SINGLE = DecoderConfig.defaults();
    private static final DecoderConfig CONCATENATED = DecoderConfig.builder().framing(Framing.CONCATENATED).build();
    private static final DecoderConfig SEQ = DecoderConfig.builder().framing(Framing.JSON_SEQ).build();

    @Test
    void singleAcceptsOneValueWithWhitespaceAround() {
        assertThat(events(SINGLE, " \t\r\n{\"a\":[1]} \n")).containsExactly("START_OBJECT ", "FIELD_NAME /a a",
                "START_ARRAY /a", "INT /a/0 1", "END_ARRAY /a", "END_OBJECT ", "END_ROOT ");
        assertThat(events(SINGLE, "42")).containsExactly("INT  42", "END_ROOT ");
        assertThat(events(SINGLE, "\"s\"")).containsExactly("STRING  s", "END_ROOT ");
    }

    @Test
    void singleRefusesASecondValueAtItsFirstByte() {
        // Jackson's own streaming parser accepts "[][]"; RFC 8259 does not.
        JsonDecodeException e = error(SINGLE, "[][]");
        assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(e.byteOffset()).isEqualTo(2);
        assertThat(e.detail()).isEqualTo("more than one JSON value: expected the end of the input after the root"
                + " value, found '['");
        assertThat(error(SINGLE, "{}\n\n  x").line()).isEqualTo(3);
        assertThat(error(SINGLE, "1 2").byteOffset()).isEqualTo(2);
        assertThat(error(SINGLE, "\"a\" \u00e9").detail()).isEqualTo("more than one JSON value: expected the end of the"
                + " input after the root value, found byte 0xC3");
        assertThat(error(SINGLE, "[] \u0000").detail()).isEqualTo("more than one JSON value: expected the end of the"
                + " input after the root value, found the control character U+0000");
    }

    @Test
    void singleAnswersTrailingDataBeforeTheRestArrives() {
        JsonDecoder d = SINGLE.newDecoder(t -> { });
        d.feed(Decode.utf8("{} "), 0, 3);
        byte[] tail = Decode.utf8("x" + "y".repeat(10_000));
        JsonDecodeException e = org.assertj.core.api.Assertions.catchThrowableOfType(JsonDecodeException.class,
                () -> d.feed(tail, 0, 1));
        assertThat(e.byteOffset()).isEqualTo(3);
    }

    @Test
    void singleRefusesEmptyInput() {
        JsonDecodeException e = error(SINGLE, "");
        assertThat(e.kind()).isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(e.byteOffset()).isZero();
        assertThat(error(SINGLE, "  \n ").kind()).isEqualTo(ErrorKind.INCOMPLETE);
    }

    @Test
    void concatenatedTakesAnyNumberOfValues() {
        assertThat(events(CONCATENATED, "")).isEmpty();
        assertThat(events(CONCATENATED, "[][]")).containsExactly("START_ARRAY ", "END_ARRAY ", "END_ROOT ",
                "START_ARRAY ", "END_ARRAY ", "END_ROOT ");
        assertThat(events(CONCATENATED, "{\"a\":1}\n{\"a\":2}\n3\n\"x\"\n")).filteredOn(s -> s.startsWith("END_ROOT"))
                .hasSize(4);
        JsonDecodeException e = error(CONCATENATED, "1\n{\"a\":");
        assertThat(e.kind()).isEqualTo(ErrorKind.INCOMPLETE);
    }

    @Test
    void rootIndexCountsRootValues() {
        java.util.List<Long> roots = new java.util.ArrayList<>();
        JsonDecoder d = CONCATENATED.newDecoder(t -> roots.add(t.rootIndex()));
        d.feed(Decode.utf8("1 [2] 3"), 0, 7);
        d.end();
        assertThat(roots).containsExactly(0L, 0L, 1L, 1L, 1L, 1L, 2L, 2L);
    }

    @Test
    void jsonSeqRecords() {
        assertThat(events(SEQ, "\u001e{\"a\":1}\n\u001e\u001e[2]\n\u001e3\n\u001e \"x\" \n")).containsExactly(
                "START_OBJECT ", "FIELD_NAME /a a", "INT /a 1", "END_OBJECT ", "END_ROOT ",
                "START_ARRAY ", "INT /0 2", "END_ARRAY ", "END_ROOT ",
                "INT  3", "END_ROOT ",
                "STRING  x", "END_ROOT ");
        assertThat(events(SEQ, "")).isEmpty();
        assertThat(events(SEQ, "\n\u001e\n")).isEmpty();
    }

    @Test
    void jsonSeqErrors() {
        JsonDecodeException before = error(SEQ, "{}\n");
        assertThat(before.detail()).isEqualTo("expected the record separator RS (0x1E) before the first record,"
                + " found '{'");
        assertThat(before.byteOffset()).isZero();

        JsonDecodeException two = error(SEQ, "\u001e1 2\n");
        assertThat(two.detail()).isEqualTo("more than one JSON value in the record that began at byte 0: expected"
                + " only whitespace after its value, found '2'");
        assertThat(two.byteOffset()).isEqualTo(3);

        JsonDecodeException cut = error(SEQ, "\u001e{\"a\":\n\u001e{}\n");
        assertThat(cut.kind()).isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(cut.detail()).isEqualTo("expected the rest of the JSON text of the record that began at byte 0,"
                + " found the next record separator RS");
        assertThat(cut.byteOffset()).isEqualTo(7);

        JsonDecodeException cutNumber = error(SEQ, "\u001e{}\n\u001e12");
        assertThat(cutNumber.kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(cutNumber.detail()).isEqualTo("expected LF at the end of the record that began at byte 4, found"
                + " the end of the input");

        JsonDecodeException noLf = error(SEQ, "\u001e{}\u001e{}\n");
        assertThat(noLf.detail()).isEqualTo("expected LF at the end of the record that began at byte 0, found the"
                + " next record separator RS");
        assertThat(noLf.byteOffset()).isEqualTo(3);

        JsonDecodeException cutAtEnd = error(SEQ, "\u001e[1,");
        assertThat(cutAtEnd.kind()).isEqualTo(ErrorKind.INCOMPLETE);
    }
}
