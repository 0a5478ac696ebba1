package dev.jsonstream.samples.cli;

import dev.jsonstream.decoder.TokenCursor;
import java.nio.charset.StandardCharsets;

/**
 * UTF-8 bytes of JSON text written straight into an array, with JSON string escaping done here rather than through a
 * StringBuilder, a String and {@code getBytes}: each output byte is written once. What happens when the array is full
 * is the subclass's ({@link #makeRoom}).
 *
 * <p>The bytes are exactly those the CLI wrote when it escaped with Jackson's {@code JsonStringEncoder.quoteAsString}
 * and encoded with {@code String.getBytes(UTF_8)}: {@code \"}, {@code \\}, {@code \b \t \n \f \r}, other controls
 * below U+0020 as {@code \}{@code u00XX} (upper-case hex), everything else raw UTF-8 (DEL, U+2028, U+2029 too), and a
 * surrogate without its pair as {@code ?}.
 */
abstract class JsonBytes {
    /** Chars encoded per step: a step reserves 6 bytes per char (a {@code \}{@code u00XX} escape), 12 KiB. */
    private static final int CHUNK = 2048;
    private static final int MAX_BYTES_PER_CHAR = 6;

    /** Per ASCII char: 0 written as is, else the char after the backslash ({@code u} for {@code \}{@code u00XX}). */
    private static final byte[] STRING_ESCAPES = new byte[128];
    /** No escapes: text that is not a JSON string (pointers) is only encoded. */
    private static final byte[] NO_ESCAPES = new byte[128];
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    static {
        for (int c = 0; c < 0x20; c++) {
            STRING_ESCAPES[c] = 'u';
        }
        STRING_ESCAPES['\b'] = 'b';
        STRING_ESCAPES['\t'] = 't';
        STRING_ESCAPES['\n'] = 'n';
        STRING_ESCAPES['\f'] = 'f';
        STRING_ESCAPES['\r'] = 'r';
        STRING_ESCAPES['"'] = '"';
        STRING_ESCAPES['\\'] = '\\';
    }

    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[] NULL = ascii("null");

    /** Names up to this length are kept encoded in {@link #names}; longer ones are rare and encoded each time. */
    private static final int MAX_KEPT_NAME = 64;
    private static final int KEPT_NAMES = 1024; // a power of two: slotOf keeps the low bits

    byte[] buf;
    int pos;
    /** Where text (a String, a StringBuilder, the cursor's view) waits for the encoder, a chunk at a time. */
    private final char[] chars = new char[CHUNK];
    /**
     * Member names lately written by {@link #putName}, each in its slot ({@link #slotOf}), and in the same slot of
     * {@link #encodedNames} its quoted JSON bytes: a repeated name is written by one copy instead of being encoded
     * again. Found by content, not identity: the decoder hands out one String per distinct name only until a body
     * has added many names (then a new String each time), and a slot is chosen without hashing the whole name, since
     * those new Strings have no hash yet.
     */
    private final String[] names = new String[KEPT_NAMES];
    private final byte[][] encodedNames = new byte[KEPT_NAMES][];

    JsonBytes(int capacity) {
        buf = new byte[capacity];
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Makes {@code buf} hold at least {@code n} more bytes after {@code pos}; may move what is in it. */
    abstract void makeRoom(int n);

    final void reserve(int n) {
        if (buf.length - pos < n) {
            makeRoom(n);
        }
    }

    final void put(byte b) {
        reserve(1);
        buf[pos++] = b;
    }

    final void put(byte[] bytes) {
        put(bytes, 0, bytes.length);
    }

    final void put(byte[] bytes, int from, int length) {
        reserve(length);
        System.arraycopy(bytes, from, buf, pos, length);
        pos += length;
    }

    /** Two bytes at once, for the punctuation around values ({@code ],} and the like). */
    final void put(byte a, byte b) {
        reserve(2);
        buf[pos] = a;
        buf[pos + 1] = b;
        pos += 2;
    }

    /**
     * A number's text as the input wrote it: ASCII by JSON's grammar. Read char by char from the cursor's view rather
     * than through a String: in a short run the allocation costs more than the calls.
     */
    final void putAscii(CharSequence s) {
        int n = s.length();
        reserve(n);
        byte[] b = buf;
        int p = pos;
        for (int i = 0; i < n; i++) {
            b[p++] = (byte) s.charAt(i);
        }
        pos = p;
    }

    /** A non-negative int in decimal, as {@code Integer.toString} writes it. */
    final void putIndex(int value) {
        reserve(10);
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        byte[] b = buf;
        int p = pos + digits;
        pos = p;
        int v = value;
        do {
            b[--p] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
    }

    /** {@code s} as a quoted JSON string. */
    final void putJsonString(CharSequence s) {
        put((byte) '"');
        int n = s.length();
        for (int i = 0; i < n; ) {
            int end = Math.min(n, i + CHUNK);
            copy(s, i, end);
            i += encode(end - i, end == n, STRING_ESCAPES);
        }
        put((byte) '"');
    }

    /**
     * A member name as a quoted JSON string, as {@link #putJsonString} writes it; a name written lately is copied from
     * {@link #encodedNames}.
     */
    final void putName(CharSequence name) {
        if (!(name instanceof String) || name.length() > MAX_KEPT_NAME) {
            putJsonString(name);
            return;
        }
        String text = (String) name;
        int slot = slotOf(text);
        if (text.equals(names[slot])) {
            put(encodedNames[slot]);
            return;
        }
        reserve(2 + MAX_KEPT_NAME * MAX_BYTES_PER_CHAR); // so the array cannot move while the name is written
        int start = pos;
        putJsonString(name);
        names[slot] = text;
        encodedNames[slot] = java.util.Arrays.copyOfRange(buf, start, pos);
    }

    /** A slot from the name's length and three of its chars: names keyed by ids differ at the end, if anywhere. */
    private static int slotOf(String name) {
        int n = name.length();
        if (n == 0) {
            return 0;
        }
        int h = n * 31 + name.charAt(0);
        h = h * 31 + name.charAt(n >> 1);
        h = h * 31 + name.charAt(n - 1);
        return (h ^ h >>> 10) & (KEPT_NAMES - 1);
    }

    /** {@code text} encoded as UTF-8, unescaped. */
    final void putText(CharSequence text) {
        int n = text.length();
        for (int i = 0; i < n; ) {
            int end = Math.min(n, i + CHUNK);
            copy(text, i, end);
            i += encode(end - i, end == n, NO_ESCAPES);
        }
    }

    /** A scalar token as JSON: strings escaped, numbers as written, literals as they are. */
    final void putScalar(TokenCursor t) {
        switch (t.kind()) {
            case STRING:
                putJsonString(t.textChars());
                break;
            case TRUE:
                put(TRUE);
                break;
            case FALSE:
                put(FALSE);
                break;
            case NULL:
                put(NULL);
                break;
            default:
                putAscii(t.textChars());
        }
    }

    /**
     * {@code s[from, to)} into {@link #chars}. A token's text is a view on the decoder's buffer, read char by char:
     * asking for it as a String (a copy, which Java also tries to compress to Latin-1) made a whole run slower.
     */
    private void copy(CharSequence s, int from, int to) {
        char[] c = chars;
        if (s instanceof String) {
            ((String) s).getChars(from, to, c, 0);
        } else if (s instanceof StringBuilder) {
            ((StringBuilder) s).getChars(from, to, c, 0);
        } else {
            for (int i = from; i < to; i++) {
                c[i - from] = s.charAt(i);
            }
        }
    }

    /**
     * Encodes {@code chars[0, n)} with {@code escapes}; returns how many chars it took. A high surrogate at the end
     * of a chunk that is not the {@code last} is left for the next chunk, where its pair may be.
     */
    private int encode(int n, boolean last, byte[] escapes) {
        reserve(n * MAX_BYTES_PER_CHAR);
        char[] src = chars;
        byte[] b = buf;
        int p = pos;
        int i = 0;
        while (i < n) {
            char c = src[i];
            if (c < 0x80) {
                byte e = escapes[c];
                if (e == 0) {
                    b[p++] = (byte) c;
                } else if (e == 'u') {
                    b[p] = '\\';
                    b[p + 1] = 'u';
                    b[p + 2] = '0';
                    b[p + 3] = '0';
                    b[p + 4] = HEX[c >> 4];
                    b[p + 5] = HEX[c & 0xF];
                    p += 6;
                } else {
                    b[p] = '\\';
                    b[p + 1] = e;
                    p += 2;
                }
                i++;
            } else if (c < 0x800) {
                b[p] = (byte) (0xC0 | c >> 6);
                b[p + 1] = (byte) (0x80 | c & 0x3F);
                p += 2;
                i++;
            } else if (!Character.isSurrogate(c)) {
                b[p] = (byte) (0xE0 | c >> 12);
                b[p + 1] = (byte) (0x80 | c >> 6 & 0x3F);
                b[p + 2] = (byte) (0x80 | c & 0x3F);
                p += 3;
                i++;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(src[i + 1])) {
                int cp = Character.toCodePoint(c, src[i + 1]);
                b[p] = (byte) (0xF0 | cp >> 18);
                b[p + 1] = (byte) (0x80 | cp >> 12 & 0x3F);
                b[p + 2] = (byte) (0x80 | cp >> 6 & 0x3F);
                b[p + 3] = (byte) (0x80 | cp & 0x3F);
                p += 4;
                i += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 == n && !last && i > 0) {
                break; // its pair, if any, is in the next chunk
            } else {
                b[p++] = '?'; // what String.getBytes(UTF_8) writes for a surrogate without its pair
                i++;
            }
        }
        pos = p;
        return i;
    }
}
