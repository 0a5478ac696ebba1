package dev.jsonstream.http;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a gzip (RFC 1952, several members allowed) or deflate (zlib, RFC 1950) request body as it arrives, one
 * buffer at a time, straight out of the pooled input buffer into a caller's output buffer: no copy of the body, no
 * stream. The gzip header and trailer are parsed here byte by byte, since either may be split between reads; the
 * trailer's CRC-32 and length are checked.
 *
 * <p>Not thread-safe; owned by one request. {@link #end()} frees the native inflater.
 */
final class BodyInflation {
    private static final int GZIP_FIXED_HEADER = 10;

    /** The codings {@link #forEncoding} takes besides identity, as an Accept-Encoding value. */
    static final String ACCEPTED_CODINGS = "gzip, deflate";

    /** The encodings understood, or null for identity; throws for any other. */
    static BodyInflation forEncoding(String contentEncoding) {
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
                return new BodyInflation(true);
            case "deflate":
                return new BodyInflation(false);
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
    /** The input buffer being read from (not owned), or null. */
    private ByteBuffer input;

    private BodyInflation(boolean gzip) {
        this.gzip = gzip;
        this.inflater = new Inflater(gzip); // gzip: raw deflate inside the framing parsed here; deflate: zlib
        if (!gzip) {
            part = DATA;
        }
    }

    /** Takes a buffer of compressed bytes; the buffer is read (its position moves) until {@link #needsInput()}. */
    void setInput(ByteBuffer compressed) {
        input = compressed;
        started |= compressed.hasRemaining();
    }

    /**
     * Inflates what it can into {@code out} (from its position to its limit).
     *
     * @return bytes written to {@code out}; 0 when all the input given has been used and more is needed (the input
     *     buffer may then be reused: nothing of it is kept)
     */
    int inflate(ByteBuffer out) throws DataFormatException {
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

    /** At the end of the body: complete unless cut inside a member (or an empty body). */
    void finish() throws DataFormatException {
        boolean complete = gzip ? part == BETWEEN_MEMBERS : inflater.finished() || part == BETWEEN_MEMBERS;
        if (!complete) {
            throw new DataFormatException(started ? "the compressed body ends before its end marker"
                    : "the compressed body is empty");
        }
    }

    void end() {
        inflater.end();
    }
}
