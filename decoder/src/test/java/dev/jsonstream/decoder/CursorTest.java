package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The cursor: what each accessor returns, lossless numbers, and refusal after its callback. */
class CursorTest {

    private static void onEach(String json, Consumer<TokenCursor> check) {
        JsonDecoder d = DecoderConfig.builder().framing(Framing.CONCATENATED).build().newDecoder(check::accept);
        byte[] in = Decode.utf8(json);
        d.feed(in, 0, in.length);
        d.end();
    }

    @Test
    void numbersAreLossless() {
        List<Object> values = new ArrayList<>();
        onEach("[18446744073709551616, 1e400, -0, -0.0, 9223372036854775807, 0.1]", t -> {
            if (t.kind().isNumber()) {
                values.add(t.numberText());
                values.add(t.decimalValue());
                values.add(t.fitsInLong());
            }
        });
        assertThat(values).containsExactly(
                "18446744073709551616", new BigDecimal("18446744073709551616"), false,
                "1e400", new BigDecimal("1e400"), false,
                "-0", BigDecimal.ZERO, true,
                "-0.0", new BigDecimal("-0.0"), false,
                "9223372036854775807", new BigDecimal(Long.MAX_VALUE), true,
                "0.1", new BigDecimal("0.1"), false);
        onEach("18446744073709551616", t -> {
            if (t.kind() == TokenKind.INT) {
                assertThat(t.bigIntegerValue()).isEqualTo(new BigInteger("18446744073709551616"));
                assertThatThrownBy(t::longValue).isInstanceOf(ArithmeticException.class);
                assertThat(t.doubleValue()).isEqualTo(1.8446744073709552E19);
            }
        });
        onEach("1e400 -1e400", t -> {
            if (t.kind() == TokenKind.FLOAT) {
                assertThat(Double.isInfinite(t.doubleValue())).isTrue();
                assertThatThrownBy(t::bigIntegerValue).isInstanceOf(IllegalStateException.class);
            }
        });
    }

    @Test
    void namesIndexesAndPointers() {
        List<String> seen = new ArrayList<>();
        onEach("{\"a/b\": [10, {\"~\": true}], \"\": false}", t -> seen.add(t.kind() + " " + t.pointer() + " "
                + t.fieldName() + " " + t.arrayIndex() + " " + t.depth()));
        assertThat(seen).containsExactly(
                "START_OBJECT  null -1 1",
                "FIELD_NAME /a~1b a/b -1 1",
                "START_ARRAY /a~1b a/b -1 2",
                "INT /a~1b/0 null 0 2",
                "START_OBJECT /a~1b/1 null 1 3",
                "FIELD_NAME /a~1b/1/~0 ~ -1 3",
                "TRUE /a~1b/1/~0 ~ -1 3",
                "END_OBJECT /a~1b/1 null 1 3",
                "END_ARRAY /a~1b a/b -1 2",
                "FIELD_NAME /  -1 1",
                "FALSE /  -1 1",
                "END_OBJECT  null -1 1",
                "END_ROOT  null -1 0");
        StringBuilder sb = new StringBuilder("prefix");
        onEach("{\"x\":[1]}", t -> {
            if (t.kind() == TokenKind.INT) {
                t.appendPointer(sb);
            }
        });
        assertThat(sb).hasToString("prefix/x/0");
    }

    @Test
    void textAndTextCharsAgree() {
        onEach("{\"k\": \"v\\u00e9\\n\", \"n\": 12.5}", t -> {
            if (t.kind() == TokenKind.STRING) {
                assertThat(t.text()).isEqualTo("v\u00e9\n");
                CharSequence cs = t.textChars();
                assertThat(cs.length()).isEqualTo(3);
                assertThat(cs.charAt(1)).isEqualTo('\u00e9');
                assertThat(cs.subSequence(0, 2)).hasToString("v\u00e9");
                assertThat(cs).hasToString("v\u00e9\n");
            }
            if (t.kind() == TokenKind.FIELD_NAME) {
                assertThat(t.textChars()).hasToString(t.text());
            }
            if (t.kind() == TokenKind.FLOAT) {
                assertThat(t.textChars()).hasToString("12.5");
            }
            if (t.kind() == TokenKind.START_OBJECT) {
                assertThat(t.text()).isNull();
                assertThat(t.textChars()).isEmpty();
            }
        });
    }

    @Test
    void wrongAccessorsAreRefused() {
        onEach("[\"s\", true, 1.5]", t -> {
            if (t.kind() == TokenKind.STRING) {
                assertThatThrownBy(t::longValue).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(t::numberText).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(t::booleanValue).isInstanceOf(IllegalStateException.class);
            }
            if (t.kind() == TokenKind.TRUE) {
                assertThat(t.booleanValue()).isTrue();
                assertThat(t.text()).isEqualTo("true");
            }
            if (t.kind() == TokenKind.FLOAT) {
                assertThatThrownBy(t::longValue).isInstanceOf(IllegalStateException.class);
                assertThat(t.fitsInLong()).isFalse();
            }
        });
    }

    @Test
    void aCursorKeptPastItsCallbackRefusesEveryAccessor() {
        List<TokenCursor> kept = new ArrayList<>();
        List<CharSequence> keptText = new ArrayList<>();
        onEach("[\"abc\"]", t -> {
            if (t.kind() == TokenKind.STRING) {
                kept.add(t);
                keptText.add(t.textChars());
            }
        });
        TokenCursor stale = kept.get(0);
        List<Runnable> calls = List.of(stale::kind, stale::depth, stale::fieldName, stale::arrayIndex,
                stale::pointer, stale::text, stale::textChars, stale::byteOffset, stale::endByteOffset, stale::line,
                stale::column, stale::rootIndex, stale::pause, () -> stale.appendPointer(new StringBuilder()),
                () -> keptText.get(0).charAt(0), () -> keptText.get(0).length());
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("used after its callback returned");
        }
        assertThat(stale.toString()).isEqualTo("TokenCursor(stale)");
    }

    @Test
    void linesAreCountedByLfAlone() {
        List<String> seen = new ArrayList<>();
        onEach("[1,\r\n2,\r3,\n4]", t -> {
            if (t.kind() == TokenKind.INT) {
                seen.add(t.text() + "=" + t.line() + ":" + t.column());
            }
        });
        // CRLF is one line break; a lone CR is none (Jackson's blocking parser would put 3 on line 3).
        assertThat(seen).containsExactly("1=1:2", "2=2:1", "3=2:4", "4=3:1");
    }

    @Test
    void locationsOfEveryKind() {
        String json = "{\n \"s\": \"x\",\n \"n\": -12,\n \"t\": true, \"f\": false, \"z\": null}";
        List<String> seen = new ArrayList<>();
        onEach(json, t -> seen.add(t.kind() + "@" + t.byteOffset() + "-" + t.endByteOffset() + "=" + t.line() + ":"
                + t.column()));
        assertThat(seen).containsExactly("START_OBJECT@0-1=1:1", "FIELD_NAME@3-6=2:2", "STRING@8-11=2:7",
                "FIELD_NAME@14-17=3:2", "INT@19-22=3:7", "FIELD_NAME@25-28=4:2", "TRUE@30-34=4:7",
                "FIELD_NAME@36-39=4:13", "FALSE@41-46=4:18", "FIELD_NAME@48-51=4:25", "NULL@53-57=4:30",
                "END_OBJECT@57-58=4:34", "END_ROOT@57-58=4:34");
        for (String s : seen) {
            String kind = s.substring(0, s.indexOf('@'));
            int from = Integer.parseInt(s.substring(s.indexOf('@') + 1, s.indexOf('-')));
            int to = Integer.parseInt(s.substring(s.indexOf('-') + 1, s.indexOf('=')));
            String slice = json.substring(from, to);
            switch (kind) {
                case "TRUE": assertThat(slice).isEqualTo("true"); break;
                case "FALSE": assertThat(slice).isEqualTo("false"); break;
                case "NULL": assertThat(slice).isEqualTo("null"); break;
                case "INT": assertThat(slice).isEqualTo("-12"); break;
                case "STRING": assertThat(slice).isEqualTo("\"x\""); break;
                default: break;
            }
        }
    }
}
