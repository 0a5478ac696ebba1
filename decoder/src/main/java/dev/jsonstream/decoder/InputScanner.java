package dev.jsonstream.decoder;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads raw input bytes before the parser does, and stops at the first byte the parser must not see: a byte that
 * breaks UTF-8, an RS record separator (in JSON text sequences), or, in whitespace-only mode, anything but
 * whitespace. In its byte-by-byte modes it also counts LFs, for the {@link LineIndex}.
 *
 * <p>Why a separate pass: Jackson reports malformed UTF-8 after the offending bytes, in words that depend on where
 * buffers split; it checks a member name only at its closing quote, maybe many buffers later; and it cannot
 * replace bad bytes. So here, in input order: characters cut by a buffer end are held back until whole, malformed
 * bytes are named at the first offending byte, and in replace mode each ill-formed subsequence is found before
 * Jackson sees it.
 *
 * <p>Cost: ASCII takes one test per 32 bytes; runs of three-byte characters one test per six bytes; other non-ASCII
 * goes a character at a time, with state kept only where a character is cut by the end of the array.
 *
 * <p>UTF-8 is checked against the well-formed byte sequences of Unicode (Table 3-7). The state carries across
 * calls, so a character split between buffers is checked as one.
 */
final class InputScanner {
    static final int STOP_NONE = 0;
    static final int STOP_INVALID_UTF8 = 1;
    static final int STOP_RS = 2;
    static final int STOP_NON_WS = 3;
    /** Replace mode: an ill-formed subsequence [{@link #replaceStart}, {@link #replaceEnd}) to stand in for. */
    static final int STOP_REPLACE = 4;

    static final byte RS = 0x1E;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private final boolean replace;
    private final boolean recordSeparators;
    /** Scratch for scanning ByteBuffers through the array loop; only used by {@link #scan(ByteBuffer, int, int, long)}. */
    private byte[] window;

    /** When true, stop at the first byte that is not JSON whitespace (after a root value, before the first RS). */
    boolean whitespaceOnly;

    // UTF-8 state: continuation bytes still expected, the allowed range of the next one, and the lead byte.
    private int need;
    private int lo = 0x80;
    private int hi = 0xBF;
    private int lead;
    private long leadOffset;

    /** Why the last scan stopped early, one of the STOP_ constants, and a sentence for STOP_INVALID_UTF8. */
    int stopReason;
    String invalidDetail;
    /** The byte at the stop (unsigned). */
    int stopByte;
    /** For STOP_REPLACE: the offsets of the ill-formed bytes; scanning resumes at the end one. */
    long replaceStart;
    long replaceEnd;

    /**
     * LFs scanned byte by byte so far (in record-separator and whitespace-only modes, where the parser either does
     * not see the bytes or is not the one counting), and the offset of the last one (-1: none), for
     * {@link LineIndex}. Whole words are not counted: the parser counts the LFs it skips.
     */
    long lfCount;
    long lastLf = -1;

    /** Record-separator mode only: the offset of the last non-whitespace byte and the last byte value seen. */
    long lastNonWhitespace = -1;
    int lastByte = -1;

    InputScanner(boolean replace, boolean recordSeparators) {
        this.replace = replace;
        this.recordSeparators = recordSeparators;
    }

    /** Whether every LF is counted here (JSON text sequences are scanned byte by byte throughout). */
    boolean countsEveryLineFeed() {
        return recordSeparators;
    }

    /** True while a multi-byte character is incomplete. */
    boolean inSequence() {
        return need > 0;
    }

    String truncatedDetail() {
        return String.format("invalid UTF-8: expected the rest of the character that 0x%02X began at byte %d, found"
                + " the end of the input", lead, leadOffset);
    }

    /**
     * Scans {@code a[from, to)} whose index {@code i} is input offset {@code i + delta}, and returns the index of the
     * first byte to stop at, or {@code to}. The byte at a stop is not consumed.
     */
    int scan(byte[] a, int from, int to, long delta) {
        stopReason = STOP_NONE;
        if (recordSeparators || whitespaceOnly) {
            return scanBytewise(a, from, to, delta);
        }
        int i = from;
        while (i < to) {
            if (need == 0) {
                i = asciiEnd(a, i, to);
            }
            // A run of non-ASCII bytes (or the last few bytes): one at a time, back to words after it.
            while (i < to) {
                int b = a[i] & 0xFF;
                if (b < 0x80 && need == 0) {
                    i++;
                    if (i + 8 <= to) {
                        break;
                    }
                    continue;
                }
                if (need == 0) {
                    if (b >= 0xE1) {
                        int j = threeByteRunEnd(a, i, to);
                        if (j > i) {
                            i = j;
                            continue;
                        }
                    }
                    int n = wholeCharacter(a, i, to, b);
                    if (n > 0) {
                        i += n;
                        continue;
                    }
                }
                // Slow path, byte by byte with state: characters cut by the end of the array, and errors.
                if (!utf8(b, i + delta)) {
                    return i;
                }
                i++;
            }
        }
        return to;
    }

    /**
     * The index of the first non-ASCII byte in {@code a[i, to)} at or after {@code i}, looking at whole words (up to
     * the last few bytes, which it leaves to the caller: the result may be a smaller index that is ASCII). Whole
     * words, four at a time: one test per 32 bytes. This is the decoder's one pass over every input byte, so it does
     * nothing else (LFs are counted by the parser, see DecoderJsonFactory). A method of its own, and small, so that
     * the JIT compiles the word loads in it whole: inside the scan's larger body the VarHandle calls were left as
     * calls, which took 12% of decoding time on pretty-printed ASCII documents.
     */
    private static int asciiEnd(byte[] a, int i, int to) {
        while (i + 32 <= to) {
            long w = (long) LONGS.get(a, i) | (long) LONGS.get(a, i + 8) | (long) LONGS.get(a, i + 16)
                    | (long) LONGS.get(a, i + 24);
            if ((w & HIGH_BITS) != 0) {
                break;
            }
            i += 32;
        }
        while (i + 8 <= to) {
            long high = (long) LONGS.get(a, i) & HIGH_BITS;
            if (high != 0) {
                return i + (Long.numberOfTrailingZeros(high) >>> 3); // the bytes before the first non-ASCII one
            }
            i += 8;
        }
        return i;
    }

    /**
     * Where a run of well-formed three-byte characters (most CJK text) that starts at {@code i} ends, two characters
     * per word: {@code i} itself if fewer than two begin there. One load and one mask per six bytes, where going a
     * character at a time made each step wait for the last (the next position depends on the length just found).
     * Lead bytes E0 and ED, whose second byte has a narrower range, end the run and are checked one at a time.
     */
    private static int threeByteRunEnd(byte[] a, int i, int to) {
        while (i + 8 <= to) {
            long w = (long) LONGS.get(a, i);
            if ((w & 0xC0C0F0C0C0F0L) != 0x8080E08080E0L) {
                break;
            }
            int lead1 = (int) w & 0xFF;
            int lead2 = (int) (w >>> 24) & 0xFF;
            if (lead1 == 0xE0 || lead1 == 0xED || lead2 == 0xE0 || lead2 == 0xED) {
                break;
            }
            i += 6;
        }
        return i;
    }

    /**
     * The length of the well-formed character that lead byte {@code b} at {@code a[i]} begins, if all of it lies
     * before {@code to}; otherwise 0 (and the byte-by-byte path decides). The ranges are those of Table 3-7.
     */
    private static int wholeCharacter(byte[] a, int i, int to, int b) {
        if (b < 0xC2) {
            return 0;
        }
        if (b < 0xE0) {
            return i + 1 < to && (a[i + 1] & 0xC0) == 0x80 ? 2 : 0;
        }
        if (b < 0xF0) {
            if (i + 2 >= to) {
                return 0;
            }
            int b1 = a[i + 1] & 0xFF;
            boolean ok = b == 0xE0 ? b1 >= 0xA0 && b1 <= 0xBF : b == 0xED ? b1 >= 0x80 && b1 <= 0x9F
                    : (b1 & 0xC0) == 0x80;
            return ok && (a[i + 2] & 0xC0) == 0x80 ? 3 : 0;
        }
        if (b < 0xF5) {
            if (i + 3 >= to) {
                return 0;
            }
            int b1 = a[i + 1] & 0xFF;
            boolean ok = b == 0xF0 ? b1 >= 0x90 && b1 <= 0xBF : b == 0xF4 ? b1 >= 0x80 && b1 <= 0x8F
                    : (b1 & 0xC0) == 0x80;
            return ok && (a[i + 2] & 0xC0) == 0x80 && (a[i + 3] & 0xC0) == 0x80 ? 4 : 0;
        }
        return 0;
    }

    private int scanBytewise(byte[] a, int from, int to, long delta) {
        for (int i = from; i < to; i++) {
            int b = a[i] & 0xFF;
            if (recordSeparators && b == RS) {
                if (need != 0 && !utf8(b, i + delta)) {
                    return i; // the RS broke a character: that is the error
                }
                stopReason = STOP_RS;
                stopByte = b;
                return i;
            }
            boolean ws = b == ' ' || b == '\n' || b == '\r' || b == '\t';
            if (!ws && whitespaceOnly) {
                stopReason = STOP_NON_WS;
                stopByte = b;
                return i;
            }
            if ((b >= 0x80 || need != 0) && !utf8(b, i + delta)) {
                return i;
            }
            if (b == '\n') {
                lfCount++;
                lastLf = i + delta;
            }
            if (!ws) {
                lastNonWhitespace = i + delta;
            }
            lastByte = b;
        }
        return to;
    }

    /** Scans a buffer's bytes {@code [from, to)} (absolute indexes) without touching its position. */
    int scan(ByteBuffer b, int from, int to, long delta) {
        if (window == null) {
            window = new byte[4096];
        }
        int i = from;
        while (i < to) {
            int n = Math.min(window.length, to - i);
            b.get(i, window, 0, n);
            int stop = scan(window, 0, n, delta + i);
            if (stop < n) {
                return i + stop;
            }
            i += n;
        }
        stopReason = STOP_NONE;
        return to;
    }

    /** Checks one byte that is non-ASCII or falls inside a sequence; false (with the stop set) if it is invalid. */
    private boolean utf8(int b, long offset) {
        if (need > 0) {
            if (b >= lo && b <= hi) {
                need--;
                lo = 0x80;
                hi = 0xBF;
                return true;
            }
            String why;
            if (b < 0x80 || b > 0xBF) {
                why = String.format("expected a continuation byte (0x80 to 0xBF) of the character that 0x%02X began at"
                        + " byte %d, found 0x%02X", lead, leadOffset, b);
            } else {
                // The second byte is a continuation byte, but outside the narrower range this lead byte allows.
                String what = lead == 0xE0 || lead == 0xF0 ? "an overlong form"
                        : lead == 0xED ? "an encoded surrogate" : "a character beyond U+10FFFF";
                why = String.format("expected 0x%02X to 0x%02X after 0x%02X, found 0x%02X (%s)", lo, hi, lead, b, what);
            }
            // The bytes of the broken character are one ill-formed subsequence; b itself is looked at again.
            return invalid(b, why, leadOffset, offset);
        }
        if (b < 0xC0) {
            return invalid(b, String.format("expected the first byte of a character, found the continuation byte"
                    + " 0x%02X", b), offset, offset + 1);
        }
        if (b < 0xC2) {
            return invalid(b, String.format("found byte 0x%02X, which never appears in UTF-8 (it could only begin an"
                    + " overlong form)", b), offset, offset + 1);
        }
        if (b >= 0xF5) {
            return invalid(b, String.format("found byte 0x%02X, which never appears in UTF-8", b), offset,
                    offset + 1);
        }
        lead = b;
        leadOffset = offset;
        if (b < 0xE0) {
            need = 1;
        } else if (b < 0xF0) {
            need = 2;
            lo = b == 0xE0 ? 0xA0 : 0x80;
            hi = b == 0xED ? 0x9F : 0xBF;
        } else {
            need = 3;
            lo = b == 0xF0 ? 0x90 : 0x80;
            hi = b == 0xF4 ? 0x8F : 0xBF;
        }
        return true;
    }

    /** Offset of the lead byte of the incomplete character, while {@link #inSequence()}. */
    long sequenceStart() {
        return leadOffset;
    }

    private boolean invalid(int b, String why, long start, long end) {
        stopByte = b;
        if (replace) {
            stopReason = STOP_REPLACE;
            replaceStart = start;
            replaceEnd = end;
            need = 0;
            lo = 0x80;
            hi = 0xBF;
        } else {
            stopReason = STOP_INVALID_UTF8;
            invalidDetail = "invalid UTF-8: " + why;
        }
        return false;
    }

    /** Replace mode, at the end of input: gives up the incomplete character (to be replaced as a whole). */
    void abandonSequence() {
        need = 0;
        lo = 0x80;
        hi = 0xBF;
    }
}
