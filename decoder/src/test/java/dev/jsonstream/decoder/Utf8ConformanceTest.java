package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Malformed UTF-8 is refused exactly where Java's strict UTF-8 decoder refuses it: every lead byte 80..FF followed
 * by every second byte, and for three- and four-byte leads every second byte before a valid tail, inside a string
 * and inside a member name, fed whole and one byte at a time. Under REPLACE the decoded text equals what
 * {@code new String(bytes, UTF_8)} makes of the same bytes, but for encoded surrogates: the JDK turns ED A0..BF xx
 * into one U+FFFD, where Unicode's "maximal subpart" practice (and the WHATWG decoder) make three, as here.
 * (Names matter: Jackson decodes a name only at its closing quote, possibly many buffers later.)
 */
class Utf8ConformanceTest {
    private static final DecoderConfig REJECT = DecoderConfig.defaults();
    private static final DecoderConfig REPLACE = DecoderConfig.builder().malformedUtf8(MalformedUtf8.REPLACE).build();

    /** Java's verdict: -1 when well-formed, else the offset where its malformed subsequence starts. */
    private static int javaMalformedAt(byte[] bytes) {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CoderResult r = d.decode(in, CharBuffer.allocate(bytes.length * 2), true);
        if (r.isError()) {
            return in.position();
        }
        r = d.flush(CharBuffer.allocate(4));
        return r.isError() ? bytes.length : -1;
    }

    private static List<byte[]> candidates() {
        List<byte[]> out = new ArrayList<>();
        for (int b0 = 0x80; b0 <= 0xFF; b0++) {
            for (int b1 = 0x20; b1 <= 0xFF; b1++) {
                if (b1 == '"' || b1 == '\\') {
                    continue;
                }
                int len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2;
                byte[] seq = new byte[len];
                seq[0] = (byte) b0;
                seq[1] = (byte) b1;
                for (int i = 2; i < len; i++) {
                    seq[i] = (byte) 0x80; // a valid tail, so that only the first two bytes decide
                }
                out.add(seq);
            }
        }
        return out;
    }

    private static byte[] wrap(String before, byte[] seq, String after) {
        byte[] a = before.getBytes(StandardCharsets.US_ASCII);
        byte[] b = after.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[a.length + seq.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(seq, 0, out, a.length, seq.length);
        System.arraycopy(b, 0, out, a.length + seq.length, b.length);
        return out;
    }

    private static JsonDecodeException decode(DecoderConfig config, byte[] doc, boolean byteByByte, List<String> texts) {
        JsonDecoder d = config.newDecoder(t -> {
            if (t.kind() == TokenKind.STRING || t.kind() == TokenKind.FIELD_NAME) {
                texts.add(t.text());
            }
        });
        try {
            if (byteByByte) {
                for (int i = 0; i < doc.length; i++) {
                    d.feed(doc, i, 1);
                }
            } else {
                d.feed(doc, 0, doc.length);
            }
            d.end();
            return null;
        } catch (JsonDecodeException e) {
            return e;
        }
    }

    @Test
    void rejectsExactlyWhatJavaRejects() {
        int checked = 0;
        List<String> wrong = new ArrayList<>();
        for (byte[] seq : candidates()) {
            int javaAt = javaMalformedAt(seq);
            for (String[] frame : new String[][] {{"[\"", "\"]"}, {"{\"", "\":1}"}}) {
                byte[] doc = wrap(frame[0], seq, frame[1]);
                for (boolean byteByByte : new boolean[] {false, true}) {
                    JsonDecodeException e = decode(REJECT, doc, byteByByte, new ArrayList<>());
                    checked++;
                    boolean ok = javaAt < 0 ? e == null
                            : e != null && e.kind() == ErrorKind.MALFORMED && e.detail().startsWith("invalid UTF-8")
                                    && e.byteOffset() >= frame[0].length() + javaAt
                                    && e.byteOffset() <= frame[0].length() + seq.length;
                    if (!ok && wrong.size() < 10) {
                        wrong.add(String.format("%s in %s%s: java %d, decoder %s", hex(seq), frame[0],
                                byteByByte ? " byte by byte" : "", javaAt, e == null ? "accepted" : e.getMessage()));
                    }
                }
            }
        }
        assertThat(wrong).as("disagreements with Java's decoder out of %d decodes", checked).isEmpty();
        assertThat(checked).isGreaterThan(100_000);
    }

    @Test
    void replaceDecodesAsJavaDoes() {
        List<String> wrong = new ArrayList<>();
        for (byte[] seq : candidates()) {
            boolean encodedSurrogate = (seq[0] & 0xFF) == 0xED && (seq[1] & 0xFF) >= 0xA0 && (seq[1] & 0xFF) <= 0xBF;
            String expected = encodedSurrogate ? "\ufffd\ufffd\ufffd" : new String(seq, StandardCharsets.UTF_8);
            byte[] doc = wrap("[\"", seq, "\"]");
            for (boolean byteByByte : new boolean[] {false, true}) {
                List<String> texts = new ArrayList<>();
                JsonDecodeException e = decode(REPLACE, doc, byteByByte, texts);
                if ((e != null || !texts.equals(List.of(expected))) && wrong.size() < 10) {
                    wrong.add(hex(seq) + (byteByByte ? " byte by byte" : "") + ": " + (e != null ? e.getMessage()
                            : texts.get(0).length() + " vs java " + expected.length()));
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    private static String hex(byte[] seq) {
        StringBuilder sb = new StringBuilder();
        for (byte b : seq) {
            sb.append(String.format("%02X ", b & 0xFF));
        }
        return sb.toString().trim();
    }
}
