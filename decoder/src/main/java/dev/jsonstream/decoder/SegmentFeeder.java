package dev.jsonstream.decoder;

/**
 * Scans each region and gives Jackson the segment the scan passed: the bytes up to where the scanner stopped (invalid
 * UTF-8, an RS, trailing data), whole characters only. What stopped it is kept as the pending stop, to be acted on
 * once Jackson has delivered everything before it ({@link FramingRules#handleStop}); that ordering is what makes
 * every event and every error the same whatever the buffer boundaries are.
 *
 * <p>A character that the region ends inside of is held back ({@link #carry}) and fed whole, as a segment of its
 * own, once the next region completes it. Jackson holds a fed segment until it is drained to {@code NOT_AVAILABLE}
 * ({@link #draining}); only then may the next be fed.
 */
final class SegmentFeeder {
    /** A pending stop of the decoder's own: the RS's stand-in was drained, so the record before it has ended. */
    static final int STOP_RECORD_END = 100;

    private final InputWindow window;
    private final Region region;
    private final InputScanner scanner;
    private final LineIndex lines;
    private final ParserFeed feed;

    /**
     * LFs, by who counted them. The scanner counts in its byte-by-byte modes; elsewhere Jackson counts those it skips
     * (every LF of valid JSON is in whitespace), read after each segment ({@link #drained()}), and after a SINGLE
     * value the bytes Jackson held but was not asked to read are counted here ({@link #significantFrom}). Under
     * JSON_SEQ the scanner counts everything, so Jackson's count is not used.
     */
    private final boolean parserCountsLines;
    private long parserLineFeeds;
    private int parserMark;
    private long tailLineFeeds;
    /** The last LF found among the bytes the scanner did not count, or -1. */
    private long lastUncountedLf = -1;

    /** Jackson holds a segment it has not yet drained to NOT_AVAILABLE. */
    boolean draining;
    /** Input offset just past the last byte given to Jackson. */
    private long givenEnd;
    /** The region bytes Jackson was last given, as input offsets (held-back characters and stand-ins are not). */
    private long segmentStart;
    private long segmentEnd;
    /** Up to three bytes of a character that the region ended inside of, and the input offset of the first. */
    private final byte[] carry = new byte[4];
    private int carryLength;
    private long carryOffset;
    /** The last non-whitespace byte of the segments before the current one, or -1. */
    private int lastSignificantByte = -1;
    /** That byte is a comma or a colon, and no end of an object has been checked against it yet. */
    private boolean separatorUnchecked;
    /**
     * The last byte of a held-back character or replacement fed as a segment of its own, or -1: it becomes
     * {@link #lastSignificantByte} once that segment is drained (until then, what lies before it is asked about).
     */
    private int ownSegmentLastByte = -1;
    /** What stopped the scan at the end of the segment (InputScanner.STOP_*, or STOP_RECORD_END), and where. */
    private int pendingStop;
    private long stopOffset;

    SegmentFeeder(InputWindow window, Region region, InputScanner scanner, LineIndex lines, ParserFeed feed) {
        this.window = window;
        this.region = region;
        this.scanner = scanner;
        this.lines = lines;
        this.feed = feed;
        this.parserCountsLines = !scanner.countsEveryLineFeed();
        this.parserMark = feed.lineFeedMark();
    }

    /** Lines are counted from here on: what the scanner counted so far all lies before {@code offset}. */
    void checkpointLines(long offset) {
        lines.checkpoint(offset, scanner.lfCount + parserLineFeeds + tailLineFeeds,
                Math.max(scanner.lastLf, lastUncountedLf));
    }

    /** Makes the window's next stretch of input the region; false when the feed has nothing more for now. */
    boolean nextRegion() {
        boolean wasSniffed = window.sniffed();
        if (!window.next(region)) {
            return false;
        }
        if (!wasSniffed) {
            feed.bomLength(window.bomLength());
        }
        regionSet();
        return true;
    }

    /** At the end of the input: decides the encoding on what was held. */
    void sniffAtEnd() {
        window.sniffNow(region);
        feed.bomLength(window.bomLength());
        regionSet();
    }

    private void regionSet() {
        checkpointLines(region.startOffset()); // everything before the new region has been scanned
        segmentStart = region.startOffset(); // the last segment's bytes are gone with the last region
        segmentEnd = segmentStart;
    }

    /** Every byte of the current segment is delivered and its last significant byte carried over. */
    void feedConsumed() {
        segmentStart = segmentEnd;
        if (window.sniffed()) {
            checkpointLines(window.taken()); // and scanned: its LFs are counted
        }
    }

    /**
     * Scans the rest of the region and, unless {@code scanOnly}, gives Jackson what the scan passed. Returns false
     * when nothing was fed and the stop is to be handled at once.
     */
    boolean startSegment(boolean scanOnly) {
        if (carryLength > 0) {
            completeCarriedCharacter();
            return true;
        }
        int from = region.pos;
        long start = region.posOffset();
        long delta = region.delta();
        checkpointLines(start);
        int end = region.end();
        int stop = region.array() != null ? scanner.scan(region.array(), from, end, delta)
                : scanner.scan(region.buffer(), from, end, delta);
        pendingStop = stop < end ? scanner.stopReason : InputScanner.STOP_NONE;
        stopOffset = stop + delta;
        region.pos = stop;
        if (scanOnly) {
            return false; // the root value is complete: the rest may only be whitespace, and Jackson needs none of it
        }
        int feedTo = stop;
        if (pendingStop == InputScanner.STOP_REPLACE) {
            feedTo = region.index(scanner.replaceStart); // the ill-formed bytes themselves are not fed
        } else if (pendingStop == InputScanner.STOP_NONE && scanner.inSequence()) {
            // The region ends inside a character. Jackson gets only whole characters (its messages quote the
            // character it sees, so half of one would make errors depend on where buffers split): hold it back.
            feedTo = Math.max(from, region.index(scanner.sequenceStart()));
            carryOffset = feedTo + delta;
            for (int i = feedTo; i < stop; i++) {
                carry[carryLength++] = (byte) region.get(i + delta);
            }
        }
        if (feedTo > from) {
            feed.feed(region.array(), region.parserView(), from, feedTo);
            givenEnd = start + (feedTo - from);
        }
        segmentStart = start;
        segmentEnd = start + (feedTo - from);
        draining = true;
        return true;
    }

    /** Adds the region's first bytes to the held-back character until it is whole (or broken), then feeds it. */
    private void completeCarriedCharacter() {
        int i = region.pos;
        long delta = region.delta();
        while (i < region.end() && scanner.inSequence()) {
            int stop = region.array() != null ? scanner.scan(region.array(), i, i + 1, delta)
                    : scanner.scan(region.buffer(), i, i + 1, delta);
            if (stop == i) {
                pendingStop = scanner.stopReason;
                stopOffset = i + delta;
                if (pendingStop == InputScanner.STOP_REPLACE) {
                    carryLength = 0; // the carried bytes are the ill-formed subsequence: U+FFFD stands for them
                    region.pos = i;
                    draining = true;
                    return;
                }
                break;
            }
            carry[carryLength++] = (byte) region.get(i + delta);
            i++;
        }
        region.pos = i;
        if (scanner.inSequence() && pendingStop == InputScanner.STOP_NONE) {
            return; // still incomplete: wait for the next region
        }
        feedCarry();
    }

    /**
     * Gives Jackson the held-back bytes as a segment of their own: a whole character, or a broken one before its
     * error.
     */
    private void feedCarry() {
        checkpointLines(carryOffset);
        feed.feed(carry, feed.buffersOnly() ? java.nio.ByteBuffer.wrap(carry) : null, 0, carryLength);
        givenEnd = carryOffset + carryLength;
        segmentStart = givenEnd; // the carried bytes are not in the region; checkTail looks at them itself
        segmentEnd = givenEnd;
        ownSegmentLastByte = carry[carryLength - 1] & 0xFF;
        carryLength = 0;
        draining = true;
    }

    /** Feeds U+FFFD for the ill-formed input bytes {@code [start, end)}, as a segment of its own. */
    void feedReplacement(long start, long end) {
        checkpointLines(start);
        feed.feedReplacement((int) (end - start));
        givenEnd = end;
        segmentStart = end; // not region bytes, and never whitespace
        segmentEnd = end;
        ownSegmentLastByte = 0xBD;
        carryLength = 0;
        draining = true;
    }

    /** Feeds the stand-in for the RS at the pending stop; the record before it ends once that is drained. */
    void feedRecordSeparator() {
        region.pos++;
        checkpointLines(stopOffset);
        feed.feedRs();
        givenEnd = stopOffset + 1;
        pendingStop = STOP_RECORD_END;
        draining = true;
    }

    /** Whether a character is held back, and its first input offset. */
    boolean carrying() {
        return carryLength > 0;
    }

    long carryOffset() {
        return carryOffset;
    }

    int carryLength() {
        return carryLength;
    }

    /** The first byte of the held-back character: never whitespace. */
    int carryFirstByte() {
        return carry[0] & 0xFF;
    }

    /** The stop to act on now; it is cleared. */
    int takeStop() {
        int stop = pendingStop;
        pendingStop = InputScanner.STOP_NONE;
        return stop;
    }

    int pendingStop() {
        return pendingStop;
    }

    void clearStop() {
        pendingStop = InputScanner.STOP_NONE;
    }

    long stopOffset() {
        return stopOffset;
    }

    long givenEnd() {
        return givenEnd;
    }

    /** Jackson has drained the segment: carry its last significant byte over to the next. */
    void drained() {
        draining = false;
        if (parserCountsLines) {
            int mark = feed.lineFeedMark();
            if (mark != parserMark) {
                parserLineFeeds += mark - parserMark; // int difference: right across a wrap
                parserMark = mark;
                lastUncountedLf = Math.max(lastUncountedLf, lastLineFeedIn(segmentStart, segmentEnd));
            }
        }
        if (ownSegmentLastByte >= 0) {
            lastSignificantByte = ownSegmentLastByte;
            ownSegmentLastByte = -1;
        } else {
            for (long off = segmentEnd - 1; off >= segmentStart; off--) {
                int b = region.get(off);
                if (!isWhitespace(b)) {
                    lastSignificantByte = b;
                    break;
                }
            }
        }
        separatorUnchecked = lastSignificantByte == ',' || lastSignificantByte == ':';
    }

    /**
     * Whether the end of an object now delivered must be checked against a comma or colon that ended an earlier
     * segment; true at most once per segment (only the first end of an object can follow it directly: Jackson judges
     * what lies within a segment itself).
     */
    boolean takeSeparatorCheck() {
        boolean check = separatorUnchecked;
        separatorUnchecked = false;
        return check;
    }

    /** The last non-whitespace byte before {@code offset}, which lies in the segment Jackson holds. */
    int significantByteBefore(long offset) {
        for (long off = offset - 1; off >= segmentStart; off--) {
            int b = region.get(off);
            if (!isWhitespace(b)) {
                return b;
            }
        }
        return lastSignificantByte;
    }

    /** The last non-whitespace byte before {@code offset}, wherever the decoder is in its input. */
    int byteBefore(long offset) {
        return region.held() ? significantByteBefore(Math.min(offset, segmentEnd)) : lastSignificantByte;
    }

    /**
     * The offset of the first non-whitespace byte Jackson holds at or after {@code from} (the end of a value it is
     * not asked to read past), or -1; the LFs before it are counted, since Jackson will not.
     */
    long significantFrom(long from) {
        for (long off = Math.max(from, segmentStart); off < segmentEnd; off++) {
            int b = region.get(off);
            if (b == '\n' && parserCountsLines) {
                tailLineFeeds++;
                lastUncountedLf = Math.max(lastUncountedLf, off);
            } else if (!isWhitespace(b)) {
                return off;
            }
        }
        return -1;
    }

    /** The offset of the last LF in the region's bytes {@code [from, to)}, or -1. */
    private long lastLineFeedIn(long from, long to) {
        for (long off = to - 1; off >= from; off--) {
            if (region.get(off) == '\n') {
                return off;
            }
        }
        return -1;
    }

    static boolean isWhitespace(int b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }
}
