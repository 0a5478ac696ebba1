package dev.jsonstream.decoder;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The engine behind {@link JsonDecoder}: Jackson's non-blocking parser, fed in place from the caller's buffers, with
 * the decoder's own byte scan, path stack, line index, framing and limits around it. This class is the lifecycle and
 * the loop; each stage is a class of its own.
 *
 * <h2>Design</h2>
 * Input moves through a pipeline:
 * <ol>
 * <li>{@link InputWindow}: the caller's buffer of the running feed, held across a pause, handed out as
 *     {@link Region}s (the input itself, a chunk of it copied to scratch, or the first bytes while
 *     {@link EncodingSniff} decides the encoding), within the input byte limit;</li>
 * <li>{@link SegmentFeeder}: the {@link InputScanner} reads each region first, and Jackson ({@link ParserFeed}) is
 *     fed the segment the scan passed; it ends where the scanner stopped (invalid UTF-8, an RS, trailing data), so
 *     Jackson never sees a byte the decoder must answer itself;</li>
 * <li>{@link TokenPump}: drains Jackson's tokens into the {@link PathStack} and the handler, through the
 *     {@link DecoderCursor}; {@link FramingRules} then acts on the scan's stop, after everything before it has been
 *     delivered. That ordering is what makes every event and every error the same whatever the buffer boundaries
 *     are.</li>
 * </ol>
 * Around them: {@link LineIndex} locates offsets, {@link DecodeErrors} and {@link TokenErrors} build errors, and a
 * {@link CaptureTee} exists only when the handler captures values ({@link CaptureClient}).
 *
 * <p>Jackson keeps a reference to a fed segment and reads it lazily; it may be replaced only once Jackson says it
 * needs more input. So a segment is always drained to {@code NOT_AVAILABLE} before the next is fed, and a pause
 * in the middle of a segment keeps the caller's buffer held (see {@link JsonDecoder}).
 *
 * <p>Binding in place turns the loop inside out for one value: a {@link Selection}'s binder, called during the
 * delivery of the value's START token, reads an {@link InPlaceParser} whose every read asks the pump for one more
 * token ({@link TokenSource}), through the same per-token work. The pump is then re-entered, never the segment
 * machinery: a read that finds the segment drained gives the try up, and the loop carries on as before.
 *
 * <h2>Costs</h2>
 * Per token: see {@link TokenPump}. Per buffer: one scan (eight bytes per step while ASCII), and under
 * COPY_TO_SCRATCH one bounded copy.
 */
final class StreamingDecoder implements JsonDecoder {
    private final boolean replaceMalformed;
    private final InputScanner scanner;
    private final Region region = new Region();
    private final InputWindow window;
    private final ParserFeed feed;
    private final SegmentFeeder segments;
    private final FramingRules framing;
    private final TokenPump pump;
    private final DecodeErrors errors;
    /** Null unless the handler captures values. */
    private final CaptureTee capture;

    private boolean ending;
    private boolean closed;
    private RuntimeException failure;

    StreamingDecoder(DecoderConfig config, TokenHandler handler, CaptureClient captureClient) {
        DecodeLimits limits = config.limits();
        Framing framingMode = config.framing();
        this.replaceMalformed = config.malformedUtf8() == MalformedUtf8.REPLACE;
        this.scanner = new InputScanner(replaceMalformed, framingMode == Framing.JSON_SEQ);
        LineIndex lines = new LineIndex();
        PathStack path = new PathStack();
        this.errors = new DecodeErrors(lines, region, path);
        this.feed = new ParserFeed(config);
        this.window = new InputWindow(config, errors, feed.bufferRecycler());
        this.segments = new SegmentFeeder(window, region, scanner, lines, feed);
        this.framing = new FramingRules(framingMode, segments, scanner, region, lines, errors);
        TokenErrors tokenErrors = new TokenErrors(limits, errors, feed, segments, scanner, path);
        this.capture = captureClient == null ? null
                : new CaptureTee(captureClient, limits, region, feed, path, errors, config.jsonFactory);
        this.pump = new TokenPump(limits, handler, feed, path, segments, framing, tokenErrors, errors, lines, region,
                capture);
        if (capture != null) {
            capture.pullFrom(pump);
        }
    }

    // ---- the public API ----

    @Override
    public int feed(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        checkFeedable();
        int n = src.remaining();
        if (feed.buffersOnly()) {
            ByteBuffer view = src.duplicate(); // Jackson reads absolute indexes; a view keeps the caller's marks
            window.begin(null, view, src.position(), src.limit(), false);
        } else if (src.hasArray() && !src.isReadOnly()) {
            int base = src.arrayOffset();
            window.begin(src.array(), null, base + src.position(), base + src.limit(), false);
        } else {
            window.begin(null, src, src.position(), src.limit(), true);
        }
        return runFeed();
    }

    @Override
    public int feed(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        checkFeedable();
        if (feed.buffersOnly()) {
            window.begin(null, ByteBuffer.wrap(src), off, off + len, false);
        } else {
            window.begin(src, null, off, off + len, false);
        }
        return runFeed();
    }

    @Override
    public int resume() {
        checkUsable();
        if (!pump.paused()) {
            throw new IllegalStateException("not paused");
        }
        pump.resume();
        return runFeed();
    }

    @Override
    public boolean isPaused() {
        return pump.paused();
    }

    @Override
    public void end() {
        checkFeedable();
        ending = true;
        pump.ending();
        try {
            window.beginEnd();
            if (!window.sniffed()) {
                segments.sniffAtEnd();
            }
            run();
            if (segments.carrying()) {
                if (!replaceMalformed) {
                    throw errors.malformed(scanner.truncatedDetail(), window.taken(), null);
                }
                scanner.abandonSequence(); // the input ends inside a character: it is replaced as a whole
                long from = segments.carryOffset();
                segments.feedReplacement(from, from + segments.carryLength());
                run();
            }
            if (!framing.singleValueDone()) {
                feed.endOfInput();
                segments.draining = true;
                run();
            }
            framing.checkEnd(window.taken(), pump.rootCount(), feed.bomLength());
        } catch (RuntimeException e) {
            throw fail(e);
        }
        close();
    }

    @Override
    public long bytesFed() {
        return window.received();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        pump.halt(); // closed from a handler, the running feed delivers nothing more and reads no more input
        releaseInput();
        window.close();
        feed.close();
    }

    /** Whether member names are still canonicalized in this body (see {@link NameTableGuard}); for tests. */
    boolean namesCanonical() {
        return !feed.names.stopped();
    }

    // ---- the loop ----

    /** Runs until the running feed is consumed or a handler pauses; returns the feed's bytes newly consumed. */
    private int runFeed() {
        try {
            run();
        } catch (RuntimeException e) {
            throw fail(e);
        }
        if (pump.paused()) {
            return (int) window.report(false, consumedOffset());
        }
        segments.feedConsumed();
        try {
            if (capture != null) {
                capture.regionEnds(!closed);
            }
        } catch (RuntimeException e) {
            throw fail(e);
        }
        releaseInput(); // the caller may now reuse its buffer
        return (int) window.report(true, 0);
    }

    private void run() {
        while (!pump.holding()) {
            if (segments.draining) {
                if (!pump.drain()) {
                    return; // paused
                }
                segments.drained();
                framing.handleStop(ending, window.taken());
            } else if (region.hasUnscanned()) {
                if (!segments.startSegment(framing.singleValueDone())) {
                    framing.handleStop(ending, window.taken());
                }
            } else {
                if (capture != null) {
                    capture.regionEnds(!closed);
                }
                if (!segments.nextRegion()) {
                    return; // input consumed
                }
            }
        }
    }

    /** Input offset up to which everything has been delivered, for a paused feed's count. */
    private long consumedOffset() {
        if (framing.singleValueDone() && !segments.draining) {
            return region.posOffset();
        }
        return Math.min(window.taken(), pump.cursor.lastEnd);
    }

    /** Drops every reference to the caller's bytes. */
    private void releaseInput() {
        window.release();
        region.release();
        feed.release();
    }

    // ---- lifecycle ----

    /** Closes the decoder after an exception and remembers it, so that later calls fail clearly. */
    private RuntimeException fail(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        feed.names.discard();
        close();
        return e;
    }

    private void checkUsable() {
        if (failure != null) {
            throw new IllegalStateException("the decoder failed earlier: " + failure.getMessage(), failure);
        }
        if (closed) {
            throw new IllegalStateException(ending ? "the decoder has ended" : "the decoder is closed");
        }
    }

    private void checkFeedable() {
        checkUsable();
        if (ending) {
            throw new IllegalStateException("end() was called already");
        }
        if (pump.paused()) {
            throw new IllegalStateException("the decoder is paused: call resume() before feeding more input");
        }
    }
}
