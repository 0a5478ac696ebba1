package dev.jsonstream.decoder;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a gzip (RFC 1952, several members allowed) or deflate (zlib, RFC 1950) body as it arrives, one buffer at
 * a time, straight from the caller's compressed buffer into the caller's output buffer: no copy of the body, no
 * stream. The gzip header and trailer are parsed here byte by byte, since either may be split between buffers; the
 * trailer's CRC-32 and length are checked. Pure JDK ({@link Inflater}); nothing here knows about HTTP beyond the
 * names of the two content codings.
 *
 * <pre>{@code
 * Inflation inflation = Inflation.forEncoding("gzip", 100L << 20, 200);
 * try {
 *     for (ByteBuffer compressed : body) {
 *         inflation.setInput(compressed);
 *         while (inflation.inflate(out.clear()) > 0) {
 *             decoder.feed(out.flip()); // resuming until not paused before the next inflate
 *         }
 *     }
 *     inflation.finish(); // a body cut inside a gzip member is an error
 * } finally {
 *     inflation.end();
 * }
 * }</pre>
 *
 * <h2>Buffers</h2>
 * Both buffers stay the caller's. The compressed buffer given to {@link #setInput} is read from its position, which
 * moves as its bytes are used; the caller must neither change it nor reuse it until {@link #inflate} returns 0, and
 * may reuse it at once then (nothing of it is kept). The output buffer is written from its position to at most its
 * limit, and only during {@link #inflate}: between calls it is the caller's to read, and it may be a different
 * buffer on each call. Heap and direct buffers are accepted for both.
 *
 * <h2>Bomb limits</h2>
 * A few kilobytes can inflate to gigabytes, so {@link #inflate} counts what it makes and throws an
 * {@link InflationLimitException} when the body has inflated to more than {@code maxInflatedBytes}, or (once more
 * than {@link #RATIO_GRACE_BYTES} have been inflated) to more than {@code maxInflationRatio} times the compressed
 * bytes given to {@link #setInput} so far. The checks come at the end of each call, so the bytes that call wrote,
 * at most the output buffer's room, are the most ever inflated past a limit; they are not to be used.
 *
 * <p>Not thread-safe: one body, one thread at a time. After a {@link DataFormatException} the body is lost: call
 * {@link #end()}, which frees the native inflater and must be called on every path once the body is done with.
 */
public final class Inflation {
    private static final int GZIP_FIXED_HEADER = 10;

    /**
     * Bytes a body may inflate to before its ratio is checked (1 MiB), so that small, very repetitive bodies pass
     * whatever {@code maxInflationRatio} says.
     */
    public static final long RATIO_GRACE_BYTES = 1L << 20;

    /** The codings {@link #forEncoding} takes besides identity, as an Accept-Encoding value: {@value}. */
    public static final String ACCEPTED_CODINGS = "gzip, deflate";

    /**
     * An inflation for a body sent with the given content coding, or none for an uncompressed one.
     *
     * @param contentEncoding the Content-Encoding value: {@code gzip}, {@code x-gzip} or {@code deflate} (any case,
     *     white space around it ignored); null, empty or {@code identity} for none
     * @param maxInflatedBytes the most bytes the body may inflate to, at least 1 ({@link Long#MAX_VALUE}: no limit)
     * @param maxInflationRatio the most inflated bytes per compressed byte, checked once more than
     *     {@link #RATIO_GRACE_BYTES} have been inflated; 0 turns the check off
     * @return a new inflation, which the caller must {@link #end()}; null for an uncompressed body
     * @throws IllegalArgumentException for any other coding (the message names it and the codings taken), or for a
     *     limit out of range
     */
    public static Inflation forEncoding(String contentEncoding, long maxInflatedBytes, int maxInflationRatio) {
        if (maxInflatedBytes < 1) {
            throw new IllegalArgumentException("maxInflatedBytes must be at least 1, was " + maxInflatedBytes);
        }
        if (maxInflationRatio < 0) {
            throw new IllegalArgumentException("maxInflationRatio must be 0 (off) or more, was " + maxInflationRatio);
        }
        if (contentEncoding == null) {
            return null;
        }
        String e = contentEncoding.trim().toLowerCase(Locale.ROOT);
        switch (e) {
            case "":
            case "identity":
                return null;
            case "gzip":
            case "x-gzip":
                return new Inflation(true, maxInflatedBytes, maxInflationRatio);
            case "deflate":
                return new Inflation(false, maxInflatedBytes, maxInflationRatio);
            default:
                throw new IllegalArgumentException("Content-Encoding " + contentEncoding + " is not supported:"
                        + " gzip, deflate or none");
        }
    }

    private final boolean gzip;
    private final Inflater inflater;
    private final CRC32 crc = new CRC32();
    /** CRC-32 of the member's header bytes so far, for the optional header check (FHCRC). */
    private final CRC32 headerCrc = new CRC32();
    private final long maxInflatedBytes;
    private final int maxInflationRatio;
    /** Compressed bytes given to {@link #setInput}, each buffer counted whole when given, as a server counts them. */
    private long compressedBytes;
    private long inflatedBytes;

    // gzip framing state: which part of a member is being read, and how much of it is left
    private static final int HEADER = 0;
    private static final int EXTRA_LENGTH = 1;
    private static final int EXTRA = 2;
    private static final int NAME = 3;
    private static final int COMMENT = 4;
    private static final int HEADER_CRC = 5;
    private static final int DATA = 6;
    private static final int TRAILER = 7;
    private static final int BETWEEN_MEMBERS = 8;
    private int part = HEADER;
    private int flags;
    private int left = GZIP_FIXED_HEADER;
    private final byte[] fixed = new byte[GZIP_FIXED_HEADER];
    private long trailer;
    private long memberOut;
    private boolean started;
    /** The input buffer being read from (the caller's), or null. */
    private ByteBuffer input;
    /**
     * The last {@link #inflate} left bytes of the input: a new input now would drop them. Kept apart from the buffer,
     * which a caller may refill and give again (a server reading into one pooled buffer does).
     */
    private boolean inputLeft;
    /** {@link #end()} was called: the native inflater is gone. */
    private boolean ended;

    private Inflation(boolean gzip, long maxInflatedBytes, int maxInflationRatio) {
        this.gzip = gzip;
        this.maxInflatedBytes = maxInflatedBytes;
        this.maxInflationRatio = maxInflationRatio;
        this.inflater = new Inflater(gzip); // gzip: raw deflate inside the framing parsed here; deflate: zlib
        if (!gzip) {
            part = DATA;
        }
    }

    /**
     * Gives the next compressed bytes: those between the buffer's position and its limit, all counted now as
     * compressed bytes received. The buffer's position moves as they are used; see "Buffers" above.
     *
     * @param compressed the next bytes of the body; the caller's, not to be changed until {@link #inflate} returns 0
     * @throws IllegalStateException if the buffer given before still has bytes to inflate, or after {@link #end()}
     */
    public void setInput(ByteBuffer compressed) {
        requireNotEnded();
        if (inputLeft) {
            throw new IllegalStateException("the previous input is not used up: inflate until it returns 0");
        }
        input = compressed;
        inputLeft = compressed.hasRemaining();
        compressedBytes += compressed.remaining();
        started |= compressed.hasRemaining();
    }

    /**
     * Inflates what it can of the input given into {@code out}, from its position to at most its limit, and checks
     * the bomb limits.
     *
     * @param out where the inflated bytes go; must have room; its position moves past what was written
     * @return the number of bytes written to {@code out}; 0 once the input given is used up and more is needed
     * @throws InflationLimitException when the body has inflated past {@code maxInflatedBytes} or
     *     {@code maxInflationRatio} (what this call wrote is then not to be used)
     * @throws DataFormatException when the compressed bytes are not valid gzip or zlib, or fail their checks
     * @throws IllegalArgumentException if {@code out} has no room
     * @throws IllegalStateException after {@link #end()}
     */
    public int inflate(ByteBuffer out) throws DataFormatException {
        requireNotEnded();
        if (!out.hasRemaining()) {
            throw new IllegalArgumentException("the output buffer has no room");
        }
        int written = inflateAvailable(out);
        inputLeft = input != null && input.hasRemaining();
        inflatedBytes += written;
        if (inflatedBytes > maxInflatedBytes) {
            throw new InflationLimitException("the body inflates to more than the limit of " + maxInflatedBytes
                    + " bytes", InflationLimitException.MAX_INFLATED_BYTES, maxInflatedBytes);
        }
        if (maxInflationRatio > 0 && inflatedBytes > RATIO_GRACE_BYTES
                && inflatedBytes > maxInflationRatio * compressedBytes) {
            throw new InflationLimitException("the body inflates to more than " + maxInflationRatio
                    + " times its compressed size", InflationLimitException.MAX_INFLATION_RATIO, maxInflationRatio);
        }
        return written;
    }

    /**
     * The compressed bytes given so far.
     *
     * @return the sum of the bytes each buffer given to {@link #setInput} held when given
     */
    public long compressedBytes() {
        return compressedBytes;
    }

    /**
     * The bytes inflated so far.
     *
     * @return the sum of what {@link #inflate} wrote, including the call that went past a limit
     */
    public long inflatedBytes() {
        return inflatedBytes;
    }

    /** Inflates until {@code out} is full or the input is used up; {@link #inflate} checks the limits after it. */
    private int inflateAvailable(ByteBuffer out) throws DataFormatException {
        int written = 0;
        while (out.hasRemaining()) {
            if (part == DATA) {
                if (inflater.needsInput()) {
                    if (input == null || !input.hasRemaining()) {
                        return written;
                    }
                    inflater.setInput(input);
                }
                int before = out.position();
                int n = inflater.inflate(out);
                if (gzip && n > 0) {
                    ByteBuffer produced = out.duplicate();
                    produced.limit(out.position()).position(before);
                    crc.update(produced);
                }
                written += n;
                memberOut += n;
                if (inflater.finished()) {
                    if (!gzip) {
                        part = BETWEEN_MEMBERS; // zlib: one stream; anything after it is an error
                        continue;
                    }
                    part = TRAILER;
                    left = 8;
                    trailer = 0;
                    continue;
                }
                if (n == 0 && inflater.needsDictionary()) {
                    throw new DataFormatException("a preset dictionary is needed, which HTTP bodies do not have");
                }
                if (n == 0 && inflater.needsInput() && (input == null || !input.hasRemaining())) {
                    return written;
                }
                continue;
            }
            if (input == null || !input.hasRemaining()) {
                return written;
            }
            framingByte(input.get() & 0xFF);
        }
        return written;
    }

    private void framingByte(int b) throws DataFormatException {
        if (part >= HEADER && part <= COMMENT) {
            headerCrc.update(b);
        }
        switch (part) {
            case BETWEEN_MEMBERS:
                if (!gzip) {
                    throw new DataFormatException("data after the end of the deflate stream");
                }
                part = HEADER;
                left = GZIP_FIXED_HEADER;
                headerCrc.reset();
                framingByte(b);
                return;
            case HEADER:
                fixed[GZIP_FIXED_HEADER - left] = (byte) b;
                if (--left == 0) {
                    if ((fixed[0] & 0xFF) != 0x1F || (fixed[1] & 0xFF) != 0x8B) {
                        throw new DataFormatException("not in gzip format (no 1F 8B magic number)");
                    }
                    if (fixed[2] != 8) {
                        throw new DataFormatException("gzip compression method " + fixed[2] + " is not deflate");
                    }
                    flags = fixed[3] & 0xFF;
                    if ((flags & 0xE0) != 0) { // RFC 1952: a decompressor must refuse reserved flags
                        throw new DataFormatException("gzip header has reserved flag bits set");
                    }
                    nextHeaderPart(EXTRA_LENGTH);
                }
                return;
            case EXTRA_LENGTH:
                trailer |= (long) b << (8 * (2 - left));
                if (--left == 0) {
                    left = (int) trailer;
                    trailer = 0;
                    part = EXTRA;
                    if (left == 0) {
                        nextHeaderPart(NAME);
                    }
                }
                return;
            case EXTRA:
                if (--left == 0) {
                    nextHeaderPart(NAME);
                }
                return;
            case NAME:
                if (b == 0) {
                    nextHeaderPart(COMMENT);
                }
                return;
            case COMMENT:
                if (b == 0) {
                    nextHeaderPart(HEADER_CRC);
                }
                return;
            case HEADER_CRC:
                trailer |= (long) b << (8 * (2 - left));
                if (--left == 0) {
                    if (trailer != (headerCrc.getValue() & 0xFFFF)) {
                        throw new DataFormatException("gzip header CRC mismatch: the body is corrupt");
                    }
                    trailer = 0;
                    nextHeaderPart(DATA);
                }
                return;
            case TRAILER:
                trailer |= (long) b << (8 * (8 - left));
                if (--left == 0) {
                    long expectedCrc = trailer & 0xFFFFFFFFL;
                    long expectedSize = trailer >>> 32;
                    if (expectedCrc != crc.getValue()) {
                        throw new DataFormatException("gzip CRC-32 mismatch: the body is corrupt");
                    }
                    if (expectedSize != (memberOut & 0xFFFFFFFFL)) {
                        throw new DataFormatException("gzip length mismatch: the body is corrupt");
                    }
                    part = BETWEEN_MEMBERS;
                    crc.reset();
                    memberOut = 0;
                    inflater.reset();
                }
                return;
            default:
                throw new IllegalStateException("part " + part);
        }
    }

    /** Moves on from the header part just done to the next one the flags ask for, starting at {@code from}. */
    private void nextHeaderPart(int from) {
        for (int p = from; p <= DATA; p++) {
            if (p == EXTRA_LENGTH && (flags & 4) != 0) {
                part = EXTRA_LENGTH;
                left = 2;
                trailer = 0;
                return;
            }
            if (p == NAME && (flags & 8) != 0) {
                part = NAME;
                return;
            }
            if (p == COMMENT && (flags & 16) != 0) {
                part = COMMENT;
                return;
            }
            if (p == HEADER_CRC && (flags & 2) != 0) {
                part = HEADER_CRC;
                left = 2;
                trailer = 0;
                return;
            }
            if (p == DATA) {
                part = DATA;
                return;
            }
        }
    }

    /**
     * Checks, at the end of the body, that it ended where a gzip member or the zlib stream ends. Call it once every
     * input given has been inflated ({@link #inflate} returned 0).
     *
     * @throws DataFormatException when the body is cut inside a gzip member or the zlib stream, or is empty
     * @throws IllegalStateException after {@link #end()}
     */
    public void finish() throws DataFormatException {
        requireNotEnded();
        boolean complete = gzip ? part == BETWEEN_MEMBERS : inflater.finished() || part == BETWEEN_MEMBERS;
        if (!complete) {
            throw new DataFormatException(started ? "the compressed body ends before its end marker"
                    : "the compressed body is empty");
        }
    }

    /**
     * Frees the native inflater and lets go of the input buffer; the other methods then throw
     * {@link IllegalStateException}. Idempotent; call it on every path once the body is done with, failed or not.
     */
    public void end() {
        ended = true;
        inflater.end();
        input = null;
    }

    private void requireNotEnded() {
        if (ended) {
            throw new IllegalStateException("the inflation has ended");
        }
    }
}
