package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Keeps the input bytes that a {@link CaptureClient}'s captures still need when a region goes (the "tee"), and
 * checks open captures against {@link Limit#MAX_CAPTURE_BYTES} at every region. Exists only when the handler
 * captures: plain decoding pays nothing for it.
 *
 * <p>The tee holds input bytes {@code [teeStart, teeStart + teeLength)}, copied out of each region as it is
 * released, while a RAW capture is open or while a token in progress may become one. Owned; it shrinks back once a
 * value over 1 MiB has been handed over, so memory stays bounded by what is in use.
 */
final class CaptureTee implements CaptureInput {
    private final CaptureClient client;
    private final Region region;
    private final ParserFeed feed;
    private final PathStack path;
    private final DecodeErrors errors;
    private final long maxCaptureBytes;
    /** The config's factory, for parsers over a match's bytes. */
    private final JsonFactory valueParsers;
    /** Views of the decoder's parser for binders, made on first use; the pump feeds the first ({@link #pullFrom}). */
    private TokenSource tokens;
    private InPlaceParser inPlace;
    private InPlaceParser scalar;

    private byte[] tee = new byte[0];
    private int teeLength;
    /** -1: off. */
    private long teeStart = -1;
    /** Start of the earliest open RAW capture, or -1 (then a tee is only speculative). */
    private long rawCaptureStart = -1;
    /** The earliest open capture of any form, and its pointer's frames. */
    private long captureStart = -1;
    private int captureFrames;
    /** Jackson's token mark when the last token was delivered: a different one means a token is in progress. */
    private long lastTokenMark;
    /** Ordinal of the last kind delivered, or -1. */
    private int lastKind = -1;

    CaptureTee(CaptureClient client, DecodeLimits limits, Region region, ParserFeed feed, PathStack path,
            DecodeErrors errors, JsonFactory valueParsers) {
        this.valueParsers = valueParsers;
        this.client = client;
        this.region = region;
        this.feed = feed;
        this.path = path;
        this.errors = errors;
        this.maxCaptureBytes = limits.get(Limit.MAX_CAPTURE_BYTES);
        client.attach(this, limits);
    }

    /** A token was delivered (to the client among others). */
    void tokenDelivered(int kindOrdinal) {
        lastKind = kindOrdinal;
        lastTokenMark = feed.tokenMark();
        if (teeStart >= 0 && rawCaptureStart < 0) {
            dropTee(); // the token it was kept for has been delivered, and no capture wants more
        }
    }

    @Override
    public void captures(long start, int frames, long rawStart) {
        captureStart = start;
        captureFrames = frames;
        rawCaptureStart = rawStart;
        if (rawStart >= 0 && teeStart < 0) {
            teeStart = rawStart;
            teeLength = 0;
        } else if (rawStart < 0 && teeStart >= 0) {
            // The last RAW capture closed (a value bound in place closes its capture after its last token was
            // delivered, so tokenDelivered kept the tee for it): nothing wants the bytes any more. Kept, the tee
            // would run on into the next capture's and grow with every element that arrived in a feed of its own.
            dropTee();
        }
    }

    /** Where a binder reading in place gets its tokens: the decoder's pump, made after this tee. */
    void pullFrom(TokenSource source) {
        this.tokens = source;
    }

    @Override
    public JsonParser bytesParser(ByteBuffer b) {
        try {
            JsonParser p = b.hasArray()
                    ? valueParsers.createParser(b.array(), b.arrayOffset() + b.position(), b.remaining())
                    : valueParsers.createParser(new ByteBufferInput(b));
            p.nextToken();
            return p;
        } catch (IOException e) {
            // The bytes were decoded whole already: Jackson finds nothing new to refuse in them.
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InPlaceParser inPlaceParser() {
        if (inPlace == null) {
            inPlace = new InPlaceParser(feed.parser, tokens);
        }
        return inPlace;
    }

    @Override
    public TokenSource tokens() {
        return tokens;
    }

    @Override
    public InPlaceParser scalarParser() {
        if (scalar == null) {
            scalar = new InPlaceParser(feed.parser, null);
        }
        return scalar;
    }

    @Override
    public ByteBuffer rawBytes(long from, long to) {
        int len = (int) (to - from);
        // After the last region has gone (a root scalar ends only at end()), everything is in the tee.
        if (region.held() && from >= region.startOffset()) {
            return region.view(from, len); // all of it in the region: no copy
        }
        appendTee(teeStart + teeLength, to); // the rest of it, from the region
        return ByteBuffer.wrap(tee, (int) (from - teeStart), len).slice();
    }

    @Override
    public String pointerOfFrames(int frames) {
        return path.pointer(frames, false);
    }

    @Override
    public void appendRelativePointer(StringBuilder out, int firstFrame, int frames) {
        path.appendPointer(out, firstFrame, frames);
    }

    @Override
    public JsonDecodeException limitError(Limit limit, long value, long offset, String pointer) {
        return errors.limit(limit, value, offset, pointer);
    }

    /**
     * The region is about to go (to its pool, or overwritten): keep what captures still need of it, check the
     * captures against their size limit, and start keeping a token in progress that a RAW pattern will want.
     * {@code parserOpen}: the parser may still be asked where its token in progress began.
     */
    void regionEnds(boolean parserOpen) {
        if (!region.held()) {
            return;
        }
        long regionStart = region.startOffset();
        long regionEnd = region.endOffset();
        if (teeStart < 0 && parserOpen && feed.tokenMark() != lastTokenMark
                && client.wantsPendingRaw(path, lastKind)) {
            long tokenStart = feed.tokenStart(false);
            if (tokenStart >= regionStart) {
                teeStart = tokenStart;
                teeLength = 0;
            }
        }
        if (teeStart >= 0) {
            appendTee(Math.max(teeStart + teeLength, regionStart), regionEnd);
        }
        long start = captureStart >= 0 ? captureStart : teeStart;
        if (start >= 0 && regionEnd - start > maxCaptureBytes) {
            throw errors.limit(Limit.MAX_CAPTURE_BYTES, maxCaptureBytes, start,
                    captureStart >= 0 ? path.pointer(captureFrames, false) : errors.pendingPointer());
        }
    }

    /** Copies input bytes {@code [from, to)} of the current region onto the end of the tee. */
    private void appendTee(long from, long to) {
        if (to <= from) {
            return;
        }
        int n = (int) (to - from);
        if (teeLength + n > tee.length) {
            tee = Arrays.copyOf(tee, Math.max(teeLength + n, Math.max(256, tee.length * 2)));
        }
        region.copy(from, tee, teeLength, n);
        teeLength += n;
    }

    private void dropTee() {
        teeStart = -1;
        teeLength = 0;
        if (tee.length > 1 << 20) {
            tee = new byte[0];
        }
    }
}
