package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The engine behind {@link JsonDecoder}: Jackson's non-blocking parser, fed in place from the caller's buffers,
 * with the decoder's own byte scan, path stack, line index, framing and limits around it.
 *
 * <h2>Design</h2>
 * Input moves through three stages. <em>Input</em> is the caller's buffer of the running {@code feed}
 * ({@code in*}), held across a pause. A <em>region</em> ({@code reg*}) is a stretch of it that can be read as an
 * array or a buffer: the input itself (heap arrays, or any buffer under BYTE_BUFFER feeding), a chunk of it copied
 * into {@link #scratch} (direct and read-only buffers under COPY_TO_SCRATCH), or the first bytes held in
 * {@link #head} while the encoding is sniffed. A <em>segment</em> is the part of a region that the
 * {@link InputScanner} passed, and is what Jackson is given; it ends where the scanner stopped (invalid UTF-8, an
 * RS, trailing data) so Jackson never sees a byte the decoder must answer itself, and each stop is handled after
 * Jackson has delivered everything before it. That ordering is what makes every event and every error the same
 * whatever the buffer boundaries are.
 *
 * <p>Jackson keeps a reference to a fed segment and reads it lazily; it may be replaced only once Jackson says it
 * needs more input. So a segment is always drained to {@code NOT_AVAILABLE} before the next is fed, and a pause
 * in the middle of a segment keeps the caller's buffer held (see {@link JsonDecoder}).
 *
 * <h2>Costs</h2>
 * Per token: a switch, a few array writes on the path stack, counter checks. No allocation unless the handler
 * asks for Strings, pointers, big numbers or the location of an end token (Jackson builds a location object for
 * those). Per buffer: one scan (eight bytes per step while ASCII), and under COPY_TO_SCRATCH one bounded copy.
 *
 * <h2>Offsets</h2>
 * Jackson's non-blocking offsets exclude a BOM, its token offsets are 1-based, and its end tokens keep the previous
 * token's location; the accessors below correct all three. Lines and columns come from {@link LineIndex}.
 */
final class StreamingDecoder implements JsonDecoder {
    private static final byte[] SPACE = {' '};
    private static final TokenKind[] KINDS = TokenKind.values();
    /** U+FFFD in UTF-8: what Jackson reads in place of malformed bytes under {@link MalformedUtf8#REPLACE}. */
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    // ---- configuration (fixed) ----
    private final TokenHandler handler;
    private final Framing framing;
    private final long maxInputBytes;
    private final long maxTokens;
    private final long maxRootValues;
    private final int maxDepth;
    private final int maxStringLength;
    private final int maxNumberLength;
    private final int maxNameLength;
    /** BYTE_BUFFER feeding: the parser reads ByteBuffers and every region is one. Otherwise it reads arrays. */
    private final boolean bufferParser;
    /** Non-null under {@link MalformedUtf8#REPLACE}: where Jackson's offsets differ from the input's. */
    private final ReplacementShifts shifts;
    /** Bytes given to Jackson so far (its own count, plus any BOM). */
    private long parserFed;
    /** Owned by this decoder; under COPY_TO_SCRATCH, direct and read-only input is copied here chunk by chunk. */
    private final byte[] scratch;

    // ---- collaborators (owned) ----
    private final JsonParser parser;
    private final ParserBase parserBase;
    private final ByteArrayFeeder arrayFeeder;
    private final ByteBufferFeeder bufferFeeder;
    private final LineIndex lines = new LineIndex();
    private final LineIndex.Bytes heldBytes = this::heldByte;
    private final InputScanner scanner;
    private final PathStack path = new PathStack();
    private final Cursor cursor = new Cursor();

    // ---- capture support, when the handler is a Selection (all unused otherwise) ----
    /** The selection's engine, or null. */
    private final Selector selector;
    private final long maxCaptureBytes;
    /**
     * Raw capture ("tee"): input bytes {@code [teeStart, teeStart + teeLength)} copied out of each region as it is
     * released, while a RAW capture is open or a token in progress may become one. {@code teeStart} -1: off.
     */
    private byte[] tee = new byte[0];
    private int teeLength;
    private long teeStart = -1;
    /** Start of the earliest open RAW capture, or -1 (then a tee is only speculative). */
    private long rawCaptureStart = -1;
    /** The earliest open capture of any form, and its pointer's frames, for {@link Limit#MAX_CAPTURE_BYTES}. */
    private long captureStart = -1;
    private int captureFrames;
    /** Jackson's token offset when the last token was delivered: a different one means a token is in progress. */
    private long lastTokenMark;
    /** Ordinal of the last kind delivered, or -1. */
    private int lastKind = -1;

    // ---- lifecycle ----
    private boolean paused;
    private boolean ending;
    private boolean endOfInputSent;
    private boolean closed;
    private RuntimeException failure;

    // ---- input: the caller's bytes of the running feed; referenced until consumed ----
    private byte[] inArray;
    private ByteBuffer inBuffer;
    /** Next input index not yet taken into a region, and the input's end. */
    private int inPos;
    private int inEnd;
    /** True when the input is copied to {@link #scratch} chunk by chunk. */
    private boolean inCopied;
    /** Offset of the input's first byte, and bytes of it reported consumed so far. */
    private long inStartOffset;
    /** Bytes passed to feed so far. */
    private long accepted;
    private long inReported;
    private int inLength;

    // ---- region: what is being scanned and fed; index i is input offset i + regDelta ----
    private byte[] regArray;
    private ByteBuffer regBuffer;
    /** BYTE_BUFFER feeding: a view of the region whose position and limit frame the segment Jackson holds. */
    private ByteBuffer parserView;
    private int regStart;
    private int regPos;
    private int regEnd;
    private long regDelta;

    // ---- segment: what Jackson holds ----
    private boolean draining;
    /** Offset just past the last byte given to Jackson. */
    private long fedEnd;
    /** The region bytes Jackson was last given, as offsets (the RS stand-in is not one of them). */
    private long segmentStart;
    private long segmentEnd;
    /** Up to three bytes of a character that the region ended inside of, and the offset of the first. */
    private final byte[] carry = new byte[4];
    private final ByteBuffer carryView = ByteBuffer.wrap(carry);
    private int carryLength;
    private long carryOffset;
    /** The last non-whitespace byte of the segments before the current one, or -1. */
    private int lastSignificantByte = -1;
    /**
     * The last byte of a held-back character or replacement fed as a segment of its own, or -1: it becomes
     * {@link #lastSignificantByte} once that segment is drained (until then, what lies before it is asked about).
     */
    private int ownSegmentLastByte = -1;
    /**
     * What Jackson was last fed: {@code lastFedArray} or {@code lastFedBuffer} from index {@code lastFedFrom} on, the
     * first byte at Jackson offset {@code lastFedStart} (BOM included), up to {@link #parserFed}. A syntax error's
     * character is read here: Jackson reports it while it holds those bytes, which always hold whole characters
     * (but for the first bytes of one that the scanner found broken).
     */
    private byte[] lastFedArray;
    private ByteBuffer lastFedBuffer;
    private int lastFedFrom;
    private long lastFedStart;
    /** The last feed was the space that stands in for an RS. */
    private boolean lastFedRs;
    /** What stopped the scan at the end of the segment (InputScanner.STOP_*, or STOP_RECORD_END), and where. */
    private int pendingStop;
    private long stopOffset;
    private static final int STOP_RECORD_END = 100;

    // ---- input totals and encoding ----
    /** Bytes taken from input so far (offset of the next byte). */
    private long taken;
    private final byte[] head = new byte[4];
    private int headLength;
    private boolean sniffed;
    private int bomLength;

    // ---- tokens and framing ----
    private long tokenCount;
    private long rootCount;
    private boolean endRootPending;
    private boolean tailCheckPending;
    /** SINGLE: the root value is complete. JSON_SEQ: the current record's value is complete. */
    private boolean rootDone;
    /** JSON_SEQ: an RS has been seen (a record is open), and the offset of the last one. */
    private boolean inRecord;
    private long lastRsOffset = -1;
    /** End offset of the last root value, for END_ROOT. */
    private long rootEndOffset;
    private long rootEndLine;
    private long rootEndColumn;

    StreamingDecoder(DecoderConfig config, TokenHandler handler) {
        this.handler = handler;
        this.framing = config.framing();
        DecodeLimits limits = config.limits();
        this.maxInputBytes = limits.get(Limit.MAX_INPUT_BYTES);
        this.maxTokens = limits.get(Limit.MAX_TOKENS);
        this.maxRootValues = limits.get(Limit.MAX_ROOT_VALUES);
        this.maxDepth = (int) limits.get(Limit.MAX_DEPTH);
        this.maxStringLength = (int) limits.get(Limit.MAX_STRING_LENGTH);
        this.maxNumberLength = (int) limits.get(Limit.MAX_NUMBER_LENGTH);
        this.maxNameLength = (int) limits.get(Limit.MAX_NAME_LENGTH);
        this.bufferParser = config.directBufferFeeding() == DirectBufferFeeding.BYTE_BUFFER;
        this.shifts = config.malformedUtf8() == MalformedUtf8.REPLACE ? new ReplacementShifts() : null;
        this.scratch = bufferParser ? null : new byte[config.scratchBytes()];
        this.scanner = new InputScanner(shifts != null, framing == Framing.JSON_SEQ);
        this.scanner.whitespaceOnly = framing == Framing.JSON_SEQ; // only whitespace before the first RS
        try {
            this.parser = bufferParser ? config.jsonFactory.createNonBlockingByteBufferParser()
                    : config.jsonFactory.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.parserBase = (ParserBase) parser;
        this.arrayFeeder = bufferParser ? null : (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        this.bufferFeeder = bufferParser ? (ByteBufferFeeder) parser.getNonBlockingInputFeeder() : null;
        this.maxCaptureBytes = limits.get(Limit.MAX_CAPTURE_BYTES);
        this.selector = handler instanceof Selection ? ((Selection) handler).attach(this, limits) : null;
    }

    // =====================================================================================================
    // Public API
    // =====================================================================================================

    @Override
    public int feed(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        checkFeedable();
        int n = src.remaining();
        if (bufferParser) {
            ByteBuffer view = src.duplicate(); // Jackson reads absolute indexes; a view keeps the caller's marks
            beginInput(null, view, src.position(), src.limit(), false);
        } else if (src.hasArray() && !src.isReadOnly()) {
            int base = src.arrayOffset();
            beginInput(src.array(), null, base + src.position(), base + src.limit(), false);
        } else {
            beginInput(null, src, src.position(), src.limit(), true);
        }
        return (int) runInput(n);
    }

    @Override
    public int feed(byte[] src, int off, int len) {
        Objects.checkFromIndexSize(off, len, src.length);
        checkFeedable();
        if (bufferParser) {
            beginInput(null, ByteBuffer.wrap(src), off, off + len, false);
        } else {
            beginInput(src, null, off, off + len, false);
        }
        return (int) runInput(len);
    }

    @Override
    public int resume() {
        checkUsable();
        if (!paused) {
            throw new IllegalStateException("not paused");
        }
        paused = false;
        return (int) runInput(inLength);
    }

    @Override
    public boolean isPaused() {
        return paused;
    }

    @Override
    public void end() {
        checkFeedable();
        ending = true;
        try {
            inLength = 0;
            if (!sniffed) {
                sniff();
            }
            run();
            if (carryLength > 0) {
                if (shifts == null) {
                    throw malformed(scanner.truncatedDetail(), taken, null);
                }
                scanner.abandonSequence(); // the input ends inside a character: it is replaced as a whole
                feedReplacement(carryOffset, carryOffset + carryLength);
                run();
            }
            if (!(framing == Framing.SINGLE && rootDone)) {
                parserEndOfInput();
                draining = true;
                run();
            }
            if (framing == Framing.SINGLE && rootCount == 0) {
                throw error(ErrorKind.INCOMPLETE, SyntaxMessages.noValue(taken == bomLength), null, -1, taken, "",
                        null);
            }
            if (framing == Framing.JSON_SEQ) {
                checkRecordEnd(taken);
            }
        } catch (RuntimeException e) {
            throw fail(e);
        }
        close();
    }

    @Override
    public long bytesFed() {
        return accepted;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        paused = false;
        inArray = null;
        inBuffer = null;
        regArray = null;
        regBuffer = null;
        parserView = null;
        lastFedArray = null;
        lastFedBuffer = null;
        try {
            parser.close();
        } catch (IOException ignored) {
            // Closing a non-blocking parser only returns its buffers; there is nothing to report.
        }
    }

    // =====================================================================================================
    // Driving
    // =====================================================================================================

    private void beginInput(byte[] array, ByteBuffer buffer, int from, int to, boolean copied) {
        inArray = array;
        inBuffer = buffer;
        inPos = from;
        inEnd = to;
        inCopied = copied;
        inStartOffset = taken;
        inReported = 0;
        inLength = to - from;
        accepted += inLength;
    }

    /** Runs until the input is consumed or a handler pauses; returns the input bytes consumed by this call. */
    private long runInput(int length) {
        try {
            run();
        } catch (RuntimeException e) {
            throw fail(e);
        }
        long consumed;
        if (paused) {
            consumed = Math.max(0, Math.min(length, consumedOffset() - inStartOffset));
        } else {
            consumed = length;
            segmentStart = segmentEnd; // every byte of it is delivered and its last significant byte carried
            if (sniffed) {
                checkpointLines(taken); // and scanned: its LFs are counted
            }
            try {
                releaseRegion();
            } catch (RuntimeException e) {
                throw fail(e);
            }
            inArray = null; // the caller may now reuse its buffer: drop every reference to it
            inBuffer = null;
            regArray = null;
            regBuffer = null;
            parserView = null;
            lastFedArray = null;
            lastFedBuffer = null;
        }
        long delta = consumed - inReported;
        inReported = consumed;
        return delta;
    }

    private void run() {
        while (!paused || ending) {
            if (draining) {
                if (!drain()) {
                    return; // paused
                }
                draining = false;
                rememberLastSignificantByte();
                handleStop();
            } else if (regPos < regEnd) {
                startSegment();
            } else if (!nextRegion()) {
                return; // input consumed
            }
        }
    }

    /** Makes the next region current; false when the input has nothing more for now. */
    private boolean nextRegion() {
        releaseRegion();
        if (!sniffed) {
            int room = (int) Math.min(head.length - headLength, Math.min(inEnd - inPos, maxInputBytes - taken));
            for (int i = 0; i < room; i++) {
                head[headLength++] = inputByte(inPos++);
            }
            taken += room;
            boolean limitHit = inPos < inEnd && taken == maxInputBytes;
            if (!limitHit && !encodingKnown()) {
                return false;
            }
            sniff();
            return true;
        }
        if (inPos >= inEnd) {
            return false;
        }
        long allowed = maxInputBytes - taken;
        if (allowed <= 0) {
            throw limit(Limit.MAX_INPUT_BYTES, maxInputBytes, taken, pendingPointer());
        }
        int n = (int) Math.min(inEnd - inPos, allowed);
        if (inCopied) {
            n = Math.min(n, scratch.length);
            inBuffer.get(inPos, scratch, 0, n);
            setRegion(scratch, null, 0, n, taken);
        } else {
            setRegion(inArray, inBuffer, inPos, inPos + n, taken - inPos);
        }
        inPos += n;
        taken += n;
        return true;
    }

    private byte inputByte(int i) {
        return inArray != null ? inArray[i] : inBuffer.get(i);
    }

    /** Lines are counted from here on: what the scanner counted so far all lies before {@code offset}. */
    private void checkpointLines(long offset) {
        lines.checkpoint(offset, scanner.lfCount, scanner.lastLf);
    }

    /** The region's bytes, for {@link LineIndex} to count LFs in; -1 outside it. */
    private int heldByte(long offset) {
        long idx = offset - regDelta;
        if (!regionHeld() || idx < regStart || idx >= regEnd) {
            return -1;
        }
        return regionByte(offset);
    }

    private void setRegion(byte[] array, ByteBuffer buffer, int from, int to, long delta) {
        checkpointLines(from + delta); // everything before the new region has been scanned
        regStart = from;
        segmentStart = from + delta; // the last segment's bytes are gone with the last region
        segmentEnd = segmentStart;
        regArray = array;
        regBuffer = buffer;
        parserView = buffer == null ? null : buffer.duplicate();
        regPos = from;
        regEnd = to;
        regDelta = delta;
    }

    /**
     * True when the bytes in {@link #head} decide the encoding: two bytes do, unless they may begin a UTF-16 or
     * UTF-32 BOM or character (then four are needed to name which) or a UTF-8 BOM (three).
     */
    private boolean encodingKnown() {
        return headLength >= bytesToDecideEncoding();
    }

    /** How many first bytes decide the encoding, given those already held (at least two, at most four). */
    private int bytesToDecideEncoding() {
        if (headLength < 2) {
            return 2;
        }
        int b0 = head[0] & 0xFF;
        int b1 = head[1] & 0xFF;
        if (b0 == 0xFF || b1 == 0 || (b0 == 0 && b1 == 0)) {
            return 4; // FF FE is UTF-16LE or UTF-32LE, xx 00 likewise, 00 00 is UTF-32BE with or without a BOM
        }
        return b0 == 0xEF && b1 == 0xBB ? 3 : 2;
    }

    /**
     * Decides the encoding from the first bytes (up to four, held in {@link #head}) and makes them the current
     * region. UTF-16 and UTF-32 are recognised by their BOMs or by the zero bytes that ASCII characters have in them.
     */
    private void sniff() {
        sniffed = true;
        int n = headLength;
        int b0 = n > 0 ? head[0] & 0xFF : -1;
        int b1 = n > 1 ? head[1] & 0xFF : -1;
        int b2 = n > 2 ? head[2] & 0xFF : -1;
        int b3 = n > 3 ? head[3] & 0xFF : -1;
        String seen = null;
        boolean bom = false;
        if (b0 == 0xFE && b1 == 0xFF) {
            seen = "UTF-16BE";
            bom = true;
        } else if (b0 == 0xFF && b1 == 0xFE) {
            seen = b2 == 0 && b3 == 0 ? "UTF-32LE" : "UTF-16LE";
            bom = true;
        } else if (b0 == 0 && b1 == 0) {
            bom = b2 == 0xFE && b3 == 0xFF;
            seen = "UTF-32BE";
        } else if (b0 == 0 && b1 > 0) {
            seen = "UTF-16BE";
        } else if (b0 > 0 && b1 == 0) {
            seen = b2 == 0 && b3 == 0 ? "UTF-32LE" : "UTF-16LE";
        }
        if (seen != null) {
            StringBuilder hex = new StringBuilder();
            for (int i = 0, quoted = Math.min(n, bytesToDecideEncoding()); i < quoted; i++) {
                hex.append(String.format(" %02X", head[i] & 0xFF));
            }
            throw error(ErrorKind.ENCODING, "expected UTF-8, found " + (bom ? "the " + seen + " byte order mark"
                    : "bytes that look like " + seen) + " (the input begins" + hex + ")", null, -1, 0, "", null);
        }
        bomLength = b0 == 0xEF && b1 == 0xBB && b2 == 0xBF ? 3 : 0;
        setRegion(bufferParser ? null : head, bufferParser ? ByteBuffer.wrap(head) : null, 0, n, 0);
    }

    /** Scans the rest of the region and gives Jackson what the scan passed. */
    private void startSegment() {
        if (carryLength > 0) {
            completeCarriedCharacter();
            return;
        }
        int from = regPos;
        long segmentStart = from + regDelta;
        checkpointLines(segmentStart);
        int stop = regArray != null ? scanner.scan(regArray, from, regEnd, regDelta)
                : scanner.scan(regBuffer, from, regEnd, regDelta);
        pendingStop = stop < regEnd ? scanner.stopReason : InputScanner.STOP_NONE;
        stopOffset = stop + regDelta;
        regPos = stop;
        if (framing == Framing.SINGLE && rootDone) {
            // The root value is complete: the rest may only be whitespace, and Jackson needs none of it.
            handleStop();
            return;
        }
        int feedTo = stop;
        if (pendingStop == InputScanner.STOP_REPLACE) {
            feedTo = (int) (scanner.replaceStart - regDelta); // the ill-formed bytes themselves are not fed
        } else if (pendingStop == InputScanner.STOP_NONE && scanner.inSequence()) {
            // The region ends inside a character. Jackson gets only whole characters (its messages quote the
            // character it sees, so half of one would make errors depend on where buffers split): hold it back.
            feedTo = (int) Math.max(from, scanner.sequenceStart() - regDelta);
            carryOffset = feedTo + regDelta;
            for (int i = feedTo; i < stop; i++) {
                carry[carryLength++] = (byte) regionByte(i + regDelta);
            }
        }
        if (feedTo > from) {
            feedParser(regArray, parserView, from, feedTo);
            fedEnd = segmentStart + (feedTo - from);
        }
        this.segmentStart = segmentStart;
        this.segmentEnd = segmentStart + (feedTo - from);
        draining = true;
    }

    /** Adds the region's first bytes to the held-back character until it is whole (or broken), then feeds it. */
    private void completeCarriedCharacter() {
        int i = regPos;
        while (i < regEnd && scanner.inSequence()) {
            int stop = regArray != null ? scanner.scan(regArray, i, i + 1, regDelta)
                    : scanner.scan(regBuffer, i, i + 1, regDelta);
            if (stop == i) {
                pendingStop = scanner.stopReason;
                stopOffset = i + regDelta;
                if (pendingStop == InputScanner.STOP_REPLACE) {
                    carryLength = 0; // the carried bytes are the ill-formed subsequence: U+FFFD stands for them
                    regPos = i;
                    draining = true;
                    return;
                }
                break;
            }
            carry[carryLength++] = (byte) regionByte(i + regDelta);
            i++;
        }
        regPos = i;
        if (scanner.inSequence() && pendingStop == InputScanner.STOP_NONE) {
            return; // still incomplete: wait for the next region
        }
        feedCarry();
    }

    /** Feeds U+FFFD for the ill-formed input bytes {@code [start, end)}, as a segment of its own. */
    private void feedReplacement(long start, long end) {
        checkpointLines(start);
        feedParser(REPLACEMENT, bufferParser ? ByteBuffer.wrap(REPLACEMENT) : null, 0, 3);
        shifts.add(parserFed, (int) (end - start));
        fedEnd = end;
        segmentStart = end; // not region bytes, and never whitespace
        segmentEnd = end;
        ownSegmentLastByte = 0xBD;
        carryLength = 0;
        draining = true;
    }

    /** Gives Jackson the held-back bytes as a segment of their own: a whole character, or a broken one before its error. */
    private void feedCarry() {
        checkpointLines(carryOffset);
        feedParser(carry, carryView, 0, carryLength);
        fedEnd = carryOffset + carryLength;
        segmentStart = fedEnd; // the carried bytes are not in the region; checkTail looks at them itself
        segmentEnd = fedEnd;
        ownSegmentLastByte = carry[carryLength - 1] & 0xFF;
        carryLength = 0;
        draining = true;
    }

    private void feedParser(byte[] array, ByteBuffer buffer, int from, int to) {
        if (shifts != null) {
            shifts.newSegment(parserBase.getTokenCharacterOffset() - 1 + bomLength);
        }
        lastFedArray = array;
        lastFedBuffer = buffer;
        lastFedFrom = from;
        lastFedStart = parserFed;
        lastFedRs = false;
        parserFed += to - from;
        try {
            if (bufferParser) {
                buffer.limit(to).position(from);
                bufferFeeder.feedInput(buffer);
            } else {
                arrayFeeder.feedInput(array, from, to);
            }
        } catch (IOException e) {
            throw new IllegalStateException("parser refused input it should have accepted", e);
        }
    }

    private void parserEndOfInput() {
        endOfInputSent = true;
        if (bufferParser) {
            bufferFeeder.endOfInput();
        } else {
            arrayFeeder.endOfInput();
        }
    }

    /** Acts on what stopped the scan, once Jackson has delivered everything before it. */
    private void handleStop() {
        int stop = pendingStop;
        pendingStop = InputScanner.STOP_NONE;
        switch (stop) {
            case InputScanner.STOP_NONE:
                return;
            case InputScanner.STOP_INVALID_UTF8:
                if (afterValue()) {
                    throw trailingData(stopOffset, scanner.stopByte);
                }
                throw malformed(scanner.invalidDetail, stopOffset, null);
            case InputScanner.STOP_REPLACE:
                if (afterValue()) {
                    throw trailingData(scanner.replaceStart, regionByte(scanner.replaceStart));
                }
                feedReplacement(scanner.replaceStart, scanner.replaceEnd);
                regPos = (int) (scanner.replaceEnd - regDelta);
                return;
            case InputScanner.STOP_NON_WS:
                throw trailingData(stopOffset, scanner.stopByte);
            case InputScanner.STOP_RS:
                regPos++; // the RS itself: Jackson gets a space in its place, which ends a root number and keeps offsets
                checkpointLines(stopOffset);
                feedParser(SPACE, bufferParser ? ByteBuffer.wrap(SPACE) : null, 0, 1);
                lastFedRs = true;
                fedEnd = stopOffset + 1;
                pendingStop = STOP_RECORD_END;
                draining = true;
                return;
            case STOP_RECORD_END:
                checkRecordEnd(stopOffset);
                inRecord = true;
                lastRsOffset = stopOffset;
                rootDone = false;
                scanner.whitespaceOnly = false;
                return;
            default:
                throw new IllegalStateException("unknown stop " + stop);
        }
    }

    /** True when only whitespace may follow: SINGLE after its value, JSON_SEQ after the record's value. */
    private boolean afterValue() {
        return framing != Framing.CONCATENATED && (rootDone || (framing == Framing.JSON_SEQ && !inRecord));
    }

    /** JSON_SEQ: the record that ends at {@code offset} (an RS or the end) must hold a whole value and end in LF. */
    private void checkRecordEnd(long offset) {
        if (!inRecord) {
            return;
        }
        boolean hasContent = scanner.lastNonWhitespace > lastRsOffset;
        boolean atEnd = offset >= taken && ending;
        if (hasContent && !rootDone) {
            throw error(ErrorKind.INCOMPLETE, SyntaxMessages.recordCutShort(lastRsOffset, atEnd), null, -1, offset,
                    currentPointer(), null);
        }
        if (rootDone && scanner.lastByte != '\n') {
            throw malformed(SyntaxMessages.recordWithoutLf(lastRsOffset, atEnd), offset, "");
        }
    }

    // =====================================================================================================
    // Tokens
    // =====================================================================================================

    /** Delivers the tokens Jackson can make of what it holds; false if a handler paused. */
    private boolean drain() {
        while (true) {
            if (endRootPending) {
                endRootPending = false;
                deliverEndRoot();
                if (paused && !ending) {
                    return false;
                }
                continue;
            }
            if (tailCheckPending) {
                tailCheckPending = false;
                checkTail();
            }
            if (framing == Framing.SINGLE && rootDone) {
                return true; // Jackson is asked for nothing after the root value; trailing bytes are scanned
            }
            JsonToken t = nextToken();
            if (t == null || t == JsonToken.NOT_AVAILABLE) {
                return true;
            }
            onToken(t);
            if (paused && !ending) {
                return false;
            }
        }
    }

    private JsonToken nextToken() {
        try {
            return parser.nextToken();
        } catch (StreamConstraintsException e) {
            throw jacksonLimit(e);
        } catch (JsonEOFException e) {
            throw jacksonError(true, e);
        } catch (JsonProcessingException e) {
            throw jacksonError(false, e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void onToken(JsonToken t) {
        if (++tokenCount > maxTokens) {
            throw limit(Limit.MAX_TOKENS, maxTokens, tokenStart(t), pendingPointer());
        }
        int depth = path.depth();
        if (depth == 0 && t != JsonToken.END_ARRAY && t != JsonToken.END_OBJECT) {
            if (++rootCount > maxRootValues) {
                throw limit(Limit.MAX_ROOT_VALUES, maxRootValues, tokenStart(t), "");
            }
        }
        TokenKind kind;
        switch (t) {
            case START_OBJECT:
            case START_ARRAY:
                kind = t == JsonToken.START_OBJECT ? TokenKind.START_OBJECT : TokenKind.START_ARRAY;
                if (path.inArray()) {
                    path.nextIndex();
                }
                path.push(t == JsonToken.START_ARRAY, tokenStart(t));
                if (path.depth() > maxDepth) {
                    throw limit(Limit.MAX_DEPTH, maxDepth, tokenStart(t), path.pointer(path.depth() - 1, false));
                }
                deliver(kind, path.depth(), path.depth() - 1);
                return;
            case END_OBJECT:
            case END_ARRAY:
                if (t == JsonToken.END_OBJECT && (lastSignificantByte == ',' || lastSignificantByte == ':')) {
                    // Jackson 2.23's non-blocking parser accepts "{"a":1,}" and "{"a":}" when a buffer ends right
                    // after the comma or the colon (whole, it rejects them). Refuse them here as an unexpected '}',
                    // as the whole input is refused. Only a comma or colon that ended an earlier segment can
                    // trigger it, so the check is skipped otherwise.
                    int before = significantByteBefore(tokenStart(t));
                    if (before == ',' || before == ':') {
                        throw unexpected(tokenStart(t), '}');
                    }
                }
                kind = t == JsonToken.END_OBJECT ? TokenKind.END_OBJECT : TokenKind.END_ARRAY;
                deliver(kind, depth, depth - 1);
                path.pop();
                if (depth == 1) {
                    rootCompleted();
                }
                return;
            case FIELD_NAME:
                String name = currentName();
                if (name.length() > maxNameLength) {
                    throw nameTooLong(tokenStart(t));
                }
                path.setName(name);
                deliver(TokenKind.FIELD_NAME, depth, depth);
                return;
            case VALUE_STRING:
                kind = TokenKind.STRING;
                if (textLength() > maxStringLength) {
                    throw stringTooLong(tokenStart(t));
                }
                break;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                // The number's length was checked by Jackson (its count is this limit's definition).
                kind = t == JsonToken.VALUE_NUMBER_INT ? TokenKind.INT : TokenKind.FLOAT;
                break;
            case VALUE_TRUE:
                kind = TokenKind.TRUE;
                break;
            case VALUE_FALSE:
                kind = TokenKind.FALSE;
                break;
            case VALUE_NULL:
                kind = TokenKind.NULL;
                break;
            default:
                throw new IllegalStateException("unexpected token from the parser: " + t);
        }
        if (path.inArray()) {
            path.nextIndex();
        }
        deliver(kind, depth, depth);
        if (depth == 0) {
            rootCompleted();
        }
    }

    private void rootCompleted() {
        // The root's end, and where trailing bytes start, are read while the parser is still on its last token.
        rootEndOffset = cursor.endByteOffset0();
        lines.locate(rootEndOffset - 1, heldBytes);
        rootEndLine = lines.line;
        rootEndColumn = lines.column;
        endRootPending = true;
        if (framing != Framing.CONCATENATED) {
            rootDone = true;
            scanner.whitespaceOnly = true;
            tailCheckPending = true;
        }
    }

    private int regionByte(long offset) {
        int idx = (int) (offset - regDelta);
        return (regArray != null ? regArray[idx] : regBuffer.get(idx)) & 0xFF;
    }

    private static boolean isWhitespace(int b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** The last non-whitespace byte before {@code offset}, which lies in the segment Jackson holds. */
    private int significantByteBefore(long offset) {
        for (long off = offset - 1; off >= segmentStart; off--) {
            int b = regionByte(off);
            if (!isWhitespace(b)) {
                return b;
            }
        }
        return lastSignificantByte;
    }

    /** Carries the segment's last non-whitespace byte over to the next, for {@link #significantByteBefore}. */
    private void rememberLastSignificantByte() {
        if (ownSegmentLastByte >= 0) {
            lastSignificantByte = ownSegmentLastByte;
            ownSegmentLastByte = -1;
            return;
        }
        for (long off = segmentEnd - 1; off >= segmentStart; off--) {
            int b = regionByte(off);
            if (!isWhitespace(b)) {
                lastSignificantByte = b;
                return;
            }
        }
    }

    /** After the root (or record) value: what Jackson already holds past it may only be whitespace. */
    private void checkTail() {
        for (long off = Math.max(rootEndOffset, segmentStart); off < segmentEnd; off++) {
            int b = regionByte(off);
            if (!isWhitespace(b)) {
                throw trailingData(off, b);
            }
        }
        if (carryLength > 0) {
            throw trailingData(carryOffset, carry[0] & 0xFF); // the start of a character: never whitespace
        }
    }

    private void deliver(TokenKind kind, int depth, int pointerFrames) {
        cursor.point(kind, depth, pointerFrames);
        try {
            handler.onToken(cursor);
        } finally {
            cursor.invalidate();
        }
        if (selector != null) {
            lastKind = kind.ordinal();
            lastTokenMark = parserBase.getTokenCharacterOffset();
            if (teeStart >= 0 && rawCaptureStart < 0) {
                dropTee(); // the token it was kept for has been delivered, and no capture wants more
            }
        }
    }

    private void deliverEndRoot() {
        cursor.point(TokenKind.END_ROOT, 0, 0);
        try {
            handler.onToken(cursor);
        } finally {
            cursor.invalidate();
        }
    }

    private String currentName() {
        try {
            return parser.currentName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int textLength() {
        try {
            return parser.getTextLength();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // =====================================================================================================
    // Capture support for Selection
    // =====================================================================================================

    /**
     * The selection's open captures changed: {@code start} is the first byte of the earliest one of any form (-1:
     * none), {@code frames} the frames of its pointer, {@code rawStart} that of the earliest RAW one (-1: none). Bytes of a RAW capture are
     * kept from its start on, which is always in the current region or already kept.
     */
    void captures(long start, int frames, long rawStart) {
        captureStart = start;
        captureFrames = frames;
        rawCaptureStart = rawStart;
        if (rawStart >= 0 && teeStart < 0) {
            teeStart = rawStart;
            teeLength = 0;
        }
    }

    /** Whether the decoder still holds the region it last gave Jackson (it lets go when the caller's buffer goes). */
    private boolean regionHeld() {
        return regArray != null || regBuffer != null;
    }

    /** The input bytes {@code [from, to)} of a RAW capture ending in the current token, as a read-only view. */
    ByteBuffer rawBytes(long from, long to) {
        int len = (int) (to - from);
        long regionStart = regStart + regDelta;
        // After the last region has gone (a root scalar ends only at end()), everything is in the tee.
        if (regionHeld() && from >= regionStart) { // all of it in the region: a view, no copy
            int idx = (int) (from - regDelta);
            if (regArray != null) {
                return ByteBuffer.wrap(regArray, idx, len).slice().asReadOnlyBuffer();
            }
            ByteBuffer view = regBuffer.duplicate();
            view.limit(idx + len).position(idx);
            return view.slice().asReadOnlyBuffer();
        }
        appendTee(teeStart + teeLength, to); // the rest of it, from the region
        return ByteBuffer.wrap(tee, (int) (from - teeStart), len).slice().asReadOnlyBuffer();
    }

    /**
     * The region is about to go (to its pool, or overwritten): keep what captures still need of it, check the
     * captures against their size limit, and start keeping a token in progress that a RAW pattern will want.
     */
    private void releaseRegion() {
        if (selector == null || !regionHeld()) {
            return;
        }
        long regionStart = regStart + regDelta;
        long regionEnd = regEnd + regDelta;
        if (teeStart < 0 && !closed && parserBase.getTokenCharacterOffset() != lastTokenMark
                && selector.wantsPendingRaw(path, lastKind)) {
            long tokenStart = toInput(parserBase.getTokenCharacterOffset() - 1 + bomLength);
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
            throw limit(Limit.MAX_CAPTURE_BYTES, maxCaptureBytes, start,
                    captureStart >= 0 ? path.pointer(captureFrames, false) : pendingPointer());
        }
    }

    /** Copies input bytes {@code [from, to)} of the current region onto the end of the tee. */
    private void appendTee(long from, long to) {
        if (to <= from) {
            return;
        }
        int n = (int) (to - from);
        if (teeLength + n > tee.length) {
            tee = java.util.Arrays.copyOf(tee, Math.max(teeLength + n, Math.max(256, tee.length * 2)));
        }
        int idx = (int) (from - regDelta);
        if (regArray != null) {
            System.arraycopy(regArray, idx, tee, teeLength, n);
        } else {
            regBuffer.get(idx, tee, teeLength, n);
        }
        teeLength += n;
    }

    private void dropTee() {
        teeStart = -1;
        teeLength = 0;
        if (tee.length > 1 << 20) {
            tee = new byte[0]; // memory stays bounded by what is in use, not by the largest value ever kept
        }
    }

    /** The pointer of the value a cursor is on, from frame {@code firstFrame + 1} only (relative to a match). */
    void appendRelativePointer(StringBuilder out, int firstFrame, int frames) {
        path.appendPointer(out, firstFrame, frames);
    }

    /** The pointer made of the path's first {@code frames} frames (a match's pointer while it is open). */
    String pointerOfFrames(int frames) {
        return path.pointer(frames, false);
    }

    /** A limit error at an offset of the caller's choosing (a capture's first byte). */
    JsonDecodeException captureLimit(Limit limit, long value, long offset, String pointer) {
        return limit(limit, value, offset, pointer);
    }

    // =====================================================================================================
    // Locations
    // =====================================================================================================

    /** Offset of the current token's first byte. */
    private long tokenStart(JsonToken t) {
        return tokenStart(t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT);
    }

    private long tokenStart(boolean endToken) {
        if (endToken) {
            return parserPosition() - 1; // Jackson leaves the previous token's location on end tokens
        }
        return toInput(parserBase.getTokenCharacterOffset() - 1 + bomLength);
    }

    /** Input offset of an offset in what Jackson was fed (BOM included). */
    private long toInput(long parserOffset) {
        return shifts == null ? parserOffset : shifts.toInput(parserOffset);
    }

    /** Offset of the next byte Jackson will read. */
    private long parserPosition() {
        return toInput(parser.currentLocation().getByteOffset() + bomLength);
    }

    /** Input offset up to which everything has been delivered, for a paused feed's count. */
    private long consumedOffset() {
        if (framing == Framing.SINGLE && rootDone && !draining) {
            return regPos + regDelta;
        }
        return Math.min(taken, cursor.lastEnd);
    }

    /** The pointer of the value being parsed but not yet delivered (where a parse error is). */
    private String pendingPointer() {
        return path.pointer(path.depth(), true);
    }

    private String currentPointer() {
        return path.pointer(path.depth(), false);
    }

    // =====================================================================================================
    // Errors
    // =====================================================================================================

    /**
     * Words Jackson's syntax error in the decoder's terms (see {@link SyntaxMessages}): its message only tells
     * which problem it met; what was expected comes from the decoder's state and what was found from the bytes.
     */
    private JsonDecodeException jacksonError(boolean endOfInputError, JsonProcessingException e) {
        SyntaxMessages.Problem problem = SyntaxMessages.classify(e.getOriginalMessage());
        JsonLocation loc = e.getLocation();
        long at = loc != null && loc.getByteOffset() >= 0 ? loc.getByteOffset() + bomLength : rawParserPosition();
        if (problem == SyntaxMessages.Problem.DIGIT_AFTER_SIGN && byteBefore(toInput(at)) == '+') {
            // Jackson words a '+' followed by anything but a digit as a missing digit; the sign itself is the error.
            problem = SyntaxMessages.Problem.PLUS_SIGN;
        }
        switch (problem.where) {
            case ONE_PAST:
                at = Math.max(bomLength, at - 1);
                break;
            case TOKEN_START:
                at = parserBase.getTokenCharacterOffset() - 1 + bomLength;
                break;
            case INPUT_START:
                at = bomLength;
                break;
            default:
                break;
        }
        at = characterStart(at);
        boolean atEnd = endOfInputError || endOfInputSent;
        int found = endOfInputError ? SyntaxMessages.END : characterAt(at);
        if (found == SyntaxMessages.BROKEN && pendingStop == InputScanner.STOP_INVALID_UTF8) {
            // Jackson met the first bytes of a character that the scanner found broken (it is fed what came
            // before the bad byte): the bytes, not the grammar, are what is wrong, as inside a string.
            pendingStop = InputScanner.STOP_NONE;
            return malformed(scanner.invalidDetail, stopOffset, null);
        }
        long offset = Math.min(toInput(at), fedEnd);
        String word = problem == SyntaxMessages.Problem.WORD || problem == SyntaxMessages.Problem.NON_NUMERIC_WORD
                ? SyntaxMessages.word(String.valueOf(e.getOriginalMessage())) : null;
        SyntaxMessages.Situation s = situation(found, atEnd, offset, word);
        ErrorKind kind = SyntaxMessages.cutShort(problem, s) ? ErrorKind.INCOMPLETE : ErrorKind.MALFORMED;
        // Cut short: name the innermost open container. Malformed: name the value being parsed.
        String pointer = kind == ErrorKind.INCOMPLETE ? path.pointer(Math.max(0, path.depth() - 1), false)
                : pendingPointer();
        return error(kind, SyntaxMessages.detail(problem, s), null, -1, offset, pointer, e);
    }

    /** A character where the decoder's state allows another, at {@code offset}: "expected X, found Y". */
    private JsonDecodeException unexpected(long offset, int found) {
        SyntaxMessages.Situation s = situation(found, false, offset, null);
        return malformed(SyntaxMessages.detail(SyntaxMessages.Problem.UNEXPECTED, s), offset, null);
    }

    private SyntaxMessages.Situation situation(int found, boolean atEnd, long offset, String word) {
        return new SyntaxMessages.Situation(found, atEnd, path.depth(), path.inArray(), path.innermostStart(),
                tokenCount == 0 ? null : KINDS[cursor.kindOrdinal], byteBefore(offset), tokenStart(false), word);
    }

    /** The last non-whitespace byte before {@code offset}, wherever the decoder is in its input. */
    private int byteBefore(long offset) {
        return regionHeld() ? significantByteBefore(Math.min(offset, segmentEnd)) : lastSignificantByte;
    }

    /** Jackson's offset {@code at} moved back to the first byte of the character it lies in. */
    private long characterStart(long at) {
        while (at > lastFedStart && holdsFed(at) && (fedByte(at) & 0xC0) == 0x80) {
            at--;
        }
        return at;
    }

    /** The character at Jackson's offset {@code at}: a code point, END past the end, BROKEN or UNKNOWN. */
    private int characterAt(long at) {
        if (at >= parserFed) {
            return endOfInputSent ? SyntaxMessages.END : SyntaxMessages.UNKNOWN;
        }
        if (!holdsFed(at)) {
            return SyntaxMessages.UNKNOWN;
        }
        if (lastFedRs) {
            return InputScanner.RS; // Jackson read a space; the input has the RS it stands in for
        }
        int b = fedByte(at);
        if (b < 0x80) {
            return b;
        }
        int n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (n > parserFed - at) {
            return SyntaxMessages.BROKEN;
        }
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) fedByte(at + i);
            if (i > 0 && (bytes[i] & 0xC0) != 0x80) {
                return SyntaxMessages.BROKEN;
            }
        }
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8).codePointAt(0);
    }

    /** Whether Jackson's offset {@code at} lies in what it was last fed, and the decoder still holds that. */
    private boolean holdsFed(long at) {
        return at >= lastFedStart && at < parserFed && (lastFedArray != null || lastFedBuffer != null);
    }

    /** The byte at Jackson's offset {@code at}, which lies in what it was last fed. */
    private int fedByte(long at) {
        int i = lastFedFrom + (int) (at - lastFedStart);
        return (lastFedArray != null ? lastFedArray[i] : lastFedBuffer.get(i)) & 0xFF;
    }

    /** Jackson's offset (BOM included) of the next byte it will read. */
    private long rawParserPosition() {
        return parser.currentLocation().getByteOffset() + bomLength;
    }

    /**
     * Jackson's guard fired while a token was still arriving. Report it exactly as the decoder's own check would
     * have at the token's end: same limit, same message, the token's first byte.
     */
    private JsonDecodeException jacksonLimit(StreamConstraintsException e) {
        long start = toInput(parserBase.getTokenCharacterOffset() - 1 + bomLength);
        String m = String.valueOf(e.getOriginalMessage());
        if (m.startsWith("String value length")) {
            return stringTooLong(start);
        }
        if (m.startsWith("Number value length")) {
            return numberTooLong(start);
        }
        if (m.startsWith("Name length")) {
            return nameTooLong(start);
        }
        if (m.contains("nesting depth")) {
            return limit(Limit.MAX_DEPTH, maxDepth, start, pendingPointer());
        }
        // A constraint the decoder does not configure: never expected, and never worded in Jackson's terms.
        return error(ErrorKind.LIMIT_EXCEEDED, "a value larger than the decoder accepts", null, -1, start,
                pendingPointer(), e);
    }

    private JsonDecodeException stringTooLong(long start) {
        return limit(Limit.MAX_STRING_LENGTH, maxStringLength, start, pendingPointer());
    }

    private JsonDecodeException numberTooLong(long start) {
        return limit(Limit.MAX_NUMBER_LENGTH, maxNumberLength, start, pendingPointer());
    }

    private JsonDecodeException nameTooLong(long start) {
        return limit(Limit.MAX_NAME_LENGTH, maxNameLength, start, path.pointer(path.depth() - 1, false));
    }

    /** A byte where only whitespace may follow (SINGLE after its value, JSON_SEQ outside a record's value). */
    private JsonDecodeException trailingData(long offset, int b) {
        String detail = framing != Framing.JSON_SEQ ? SyntaxMessages.afterRoot(b)
                : inRecord ? SyntaxMessages.afterRecordValue(lastRsOffset, b) : SyntaxMessages.beforeFirstRecord(b);
        return malformed(detail, offset, "");
    }

    private JsonDecodeException malformed(String detail, long offset, String pointer) {
        return error(ErrorKind.MALFORMED, detail, null, -1, offset, pointer == null ? pendingPointer() : pointer,
                null);
    }

    private JsonDecodeException limit(Limit limit, long value, long offset, String pointer) {
        return error(ErrorKind.LIMIT_EXCEEDED, limit.excess(value), limit, value, offset, pointer, null);
    }

    private JsonDecodeException error(ErrorKind kind, String detail, Limit limit, long limitValue, long offset,
            String pointer, Throwable cause) {
        lines.locate(offset, heldBytes);
        return new JsonDecodeException(kind, detail, limit, limitValue, offset, lines.line, lines.column, pointer,
                cause);
    }

    /** Closes the decoder after an exception and remembers it, so that later calls fail clearly. */
    private RuntimeException fail(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
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
        if (paused) {
            throw new IllegalStateException("the decoder is paused: call resume() before feeding more input");
        }
    }

    // =====================================================================================================
    // The cursor
    // =====================================================================================================

    /** The flyweight handed to the handler. Fields describe the token being delivered; valid only meanwhile. */
    private final class Cursor implements TokenCursor, CharSequence {
        private boolean valid;
        /**
         * The token's kind. Set for every token, so kept a primitive: reference stores cost a GC write barrier each,
         * which showed in profiles of number-heavy input.
         */
        private int kindOrdinal;
        private int depth;
        private int pointerFrames;
        /** Start and end offsets, computed on first use for this token (-1 until then). */
        private long start = -1;
        private long end = -1;
        /** End offset of the last token delivered; kept after the callback for a paused feed's count. */
        long lastEnd;

        void point(TokenKind kind, int depth, int pointerFrames) {
            this.kindOrdinal = kind.ordinal();
            this.depth = depth;
            this.pointerFrames = pointerFrames;
            this.start = -1;
            this.end = -1;
            this.valid = true;
        }

        void invalidate() {
            if (paused) {
                lastEnd = k() == TokenKind.END_ROOT ? rootEndOffset : endByteOffset0();
            }
            valid = false;
        }

        private void check() {
            if (!valid) {
                throw new IllegalStateException("this cursor was used after its callback returned;"
                        + " copy what you need during the callback");
            }
        }

        @Override
        public TokenKind kind() {
            check();
            return k();
        }

        private TokenKind k() {
            return KINDS[kindOrdinal];
        }

        @Override
        public int depth() {
            check();
            return depth;
        }

        @Override
        public String fieldName() {
            check();
            if (k() == TokenKind.END_ROOT) {
                return null;
            }
            return path.nameAt(pointerFrames);
        }

        @Override
        public int arrayIndex() {
            check();
            if (k() == TokenKind.END_ROOT || k() == TokenKind.FIELD_NAME) {
                return -1;
            }
            return path.indexAt(pointerFrames);
        }

        @Override
        public String pointer() {
            check();
            return path.pointer(pointerFrames, false);
        }

        @Override
        public void appendPointer(StringBuilder out) {
            check();
            path.appendPointer(out, pointerFrames, false);
        }

        @Override
        public long rootIndex() {
            check();
            return rootCount - 1;
        }

        @Override
        public String text() {
            check();
            switch (k()) {
                case FIELD_NAME:
                    return currentName();
                case STRING:
                case INT:
                case FLOAT:
                    try {
                        return parser.getText();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                case TRUE:
                    return "true";
                case FALSE:
                    return "false";
                case NULL:
                    return "null";
                default:
                    return null;
            }
        }

        @Override
        public CharSequence textChars() {
            check();
            return k() == TokenKind.FIELD_NAME ? currentName() : this;
        }

        @Override
        public String numberText() {
            check();
            requireNumber();
            return text();
        }

        private void requireNumber() {
            if (!k().isNumber()) {
                throw new IllegalStateException("not a number: " + k());
            }
        }

        private void requireInt() {
            if (k() != TokenKind.INT) {
                throw new IllegalStateException("not an INT: " + k());
            }
        }

        @Override
        public boolean fitsInLong() {
            check();
            if (k() != TokenKind.INT) {
                return false;
            }
            try {
                JsonParser.NumberType nt = parser.getNumberType();
                return nt == JsonParser.NumberType.INT || nt == JsonParser.NumberType.LONG;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public long longValue() {
            check();
            requireInt();
            if (!fitsInLong()) {
                throw new ArithmeticException("integer out of long range: " + text());
            }
            try {
                return parser.getLongValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public BigInteger bigIntegerValue() {
            check();
            requireInt();
            try {
                return parser.getBigIntegerValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public BigDecimal decimalValue() {
            check();
            requireNumber();
            try {
                return parser.getDecimalValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public double doubleValue() {
            check();
            requireNumber();
            try {
                return parser.getDoubleValue();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public boolean booleanValue() {
            check();
            if (k() != TokenKind.TRUE && k() != TokenKind.FALSE) {
                throw new IllegalStateException("not a boolean: " + k());
            }
            return k() == TokenKind.TRUE;
        }

        @Override
        public long byteOffset() {
            check();
            return byteOffset0();
        }

        long byteOffset0() {
            if (start < 0) {
                TokenKind k = k();
                start = k == TokenKind.END_ROOT ? rootEndOffset - 1
                        : tokenStart(k == TokenKind.END_ARRAY || k == TokenKind.END_OBJECT);
            }
            return start;
        }

        @Override
        public long endByteOffset() {
            check();
            return endByteOffset0();
        }

        long endByteOffset0() {
            if (end < 0) {
                switch (k()) {
                    case END_ROOT:
                        end = rootEndOffset;
                        break;
                    case START_OBJECT:
                    case START_ARRAY:
                    case END_OBJECT:
                    case END_ARRAY:
                        end = byteOffset0() + 1;
                        break;
                    case FIELD_NAME:
                    case STRING:
                        end = parserPosition(); // just past the closing quote
                        break;
                    case INT:
                    case FLOAT:
                        end = byteOffset0() + textLength(); // numbers are ASCII: one byte per character
                        break;
                    case TRUE:
                    case NULL:
                        end = byteOffset0() + 4;
                        break;
                    case FALSE:
                        end = byteOffset0() + 5;
                        break;
                    default:
                        throw new IllegalStateException(String.valueOf(k()));
                }
            }
            return end;
        }

        @Override
        public long line() {
            check();
            if (k() == TokenKind.END_ROOT) {
                return rootEndLine;
            }
            lines.locate(byteOffset0(), heldBytes);
            return lines.line;
        }

        @Override
        public long column() {
            check();
            if (k() == TokenKind.END_ROOT) {
                return rootEndColumn;
            }
            lines.locate(byteOffset0(), heldBytes);
            return lines.column;
        }

        @Override
        public void pause() {
            check();
            paused = true;
        }

        // ---- CharSequence over the parser's text buffer (STRING and numbers) ----

        @Override
        public int length() {
            check();
            if (k() != TokenKind.STRING && !k().isNumber()) {
                String s = text();
                return s == null ? 0 : s.length();
            }
            return textLength();
        }

        @Override
        public char charAt(int index) {
            check();
            if (k() != TokenKind.STRING && !k().isNumber()) {
                String s = text();
                if (s == null) {
                    throw new IndexOutOfBoundsException(index);
                }
                return s.charAt(index);
            }
            try {
                Objects.checkIndex(index, parser.getTextLength());
                return parser.getTextCharacters()[parser.getTextOffset() + index];
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public CharSequence subSequence(int from, int to) {
            check();
            String s = text();
            return s == null ? "".subSequence(from, to) : s.subSequence(from, to);
        }

        @Override
        public String toString() {
            if (!valid) {
                return "TokenCursor(stale)";
            }
            String s = text();
            return s == null ? "" : s;
        }
    }
}
