package dev.jsonstream.decoder;

/**
 * The configured {@link Framing}'s rules: where root values may begin and end, and what may lie between them (only
 * whitespace after a SINGLE value; under JSON_SEQ, an RS before each record and an LF ending it).
 */
final class FramingRules {
    private final Framing framing;
    private final SegmentFeeder segments;
    private final InputScanner scanner;
    private final Region region;
    private final LineIndex lines;
    private final DecodeErrors errors;

    /** SINGLE: the root value is complete. JSON_SEQ: the current record's value is complete. */
    private boolean rootDone;
    /** JSON_SEQ: an RS has been seen (a record is open), and the offset of the last one. */
    private boolean inRecord;
    private long lastRsOffset = -1;
    /** A root value ended: END_ROOT is still to be delivered, and what Jackson holds past it to be checked. */
    private boolean endRootPending;
    private boolean tailCheckPending;
    /** Any of the above, or a SINGLE value done: the token pump has something to ask before its next token. */
    private boolean attention;
    /** End offset of the last root value, and the line and column of its last byte, for END_ROOT. */
    private long rootEndOffset;
    private long rootEndLine;
    private long rootEndColumn;

    FramingRules(Framing framing, SegmentFeeder segments, InputScanner scanner, Region region, LineIndex lines,
            DecodeErrors errors) {
        this.framing = framing;
        this.segments = segments;
        this.scanner = scanner;
        this.region = region;
        this.lines = lines;
        this.errors = errors;
        scanner.whitespaceOnly = framing == Framing.JSON_SEQ; // only whitespace before the first RS
    }

    /** Whether the pump must look at the rules before its next token (one test per token otherwise). */
    boolean attention() {
        return attention;
    }

    private void updateAttention() {
        attention = endRootPending || tailCheckPending || singleValueDone();
    }

    /** SINGLE, once its value is complete: Jackson is asked for nothing more, and the rest is only scanned. */
    boolean singleValueDone() {
        return framing == Framing.SINGLE && rootDone;
    }

    /**
     * A root value ended at {@code endOffset} (read while the parser is still on its last token): END_ROOT is due,
     * and where the framing allows only whitespace, the scan is told so.
     */
    void rootCompleted(long endOffset) {
        rootEndOffset = endOffset;
        lines.locate(endOffset - 1, region);
        rootEndLine = lines.line;
        rootEndColumn = lines.column;
        endRootPending = true;
        if (framing != Framing.CONCATENATED) {
            rootDone = true;
            scanner.whitespaceOnly = true;
            tailCheckPending = true;
        }
        updateAttention();
    }

    /** True once per root value, when its END_ROOT is to be delivered. */
    boolean takeEndRoot() {
        boolean due = endRootPending;
        endRootPending = false;
        updateAttention();
        return due;
    }

    long rootEndOffset() {
        return rootEndOffset;
    }

    long rootEndLine() {
        return rootEndLine;
    }

    long rootEndColumn() {
        return rootEndColumn;
    }

    /** After the root (or record) value: what Jackson already holds past it may only be whitespace. */
    void checkTailIfDue() {
        if (!tailCheckPending) {
            return;
        }
        tailCheckPending = false;
        updateAttention();
        long off = segments.significantFrom(rootEndOffset);
        if (off >= 0) {
            throw trailingData(off, region.get(off));
        }
        if (segments.carrying()) {
            throw trailingData(segments.carryOffset(), segments.carryFirstByte());
        }
    }

    /** Acts on what stopped the scan, once Jackson has delivered everything before it. */
    void handleStop(boolean inputEnded, long inputLength) {
        int stop = segments.takeStop();
        switch (stop) {
            case InputScanner.STOP_NONE:
                return;
            case InputScanner.STOP_INVALID_UTF8:
                if (afterValue()) {
                    throw trailingData(segments.stopOffset(), scanner.stopByte);
                }
                throw errors.malformed(scanner.invalidDetail, segments.stopOffset(), null);
            case InputScanner.STOP_REPLACE:
                if (afterValue()) {
                    throw trailingData(scanner.replaceStart, region.get(scanner.replaceStart));
                }
                segments.feedReplacement(scanner.replaceStart, scanner.replaceEnd);
                region.pos = region.index(scanner.replaceEnd);
                return;
            case InputScanner.STOP_NON_WS:
                throw trailingData(segments.stopOffset(), scanner.stopByte);
            case InputScanner.STOP_RS:
                segments.feedRecordSeparator();
                return;
            case SegmentFeeder.STOP_RECORD_END:
                checkRecordEnd(segments.stopOffset(), inputEnded, inputLength);
                inRecord = true;
                lastRsOffset = segments.stopOffset();
                rootDone = false;
                scanner.whitespaceOnly = false;
                updateAttention();
                return;
            default:
                throw new IllegalStateException("unknown stop " + stop);
        }
    }

    /** True when only whitespace may follow: SINGLE after its value, JSON_SEQ after the record's value. */
    private boolean afterValue() {
        return framing != Framing.CONCATENATED && (rootDone || (framing == Framing.JSON_SEQ && !inRecord));
    }

    /**
     * At the end of the input (of {@code inputLength} bytes, {@code rootCount} root values): SINGLE needs its value,
     * and JSON_SEQ's last record must be whole.
     */
    void checkEnd(long inputLength, long rootCount, int bomLength) {
        if (framing == Framing.SINGLE && rootCount == 0) {
            throw errors.error(ErrorKind.INCOMPLETE, SyntaxMessages.noValue(inputLength == bomLength), null, -1,
                    inputLength, "", null);
        }
        if (framing == Framing.JSON_SEQ) {
            checkRecordEnd(inputLength, true, inputLength);
        }
    }

    /** JSON_SEQ: the record that ends at {@code offset} (an RS or the end) must hold a whole value and end in LF. */
    private void checkRecordEnd(long offset, boolean inputEnded, long inputLength) {
        if (!inRecord) {
            return;
        }
        boolean hasContent = scanner.lastNonWhitespace > lastRsOffset;
        boolean atEnd = offset >= inputLength && inputEnded;
        if (hasContent && !rootDone) {
            throw errors.error(ErrorKind.INCOMPLETE, SyntaxMessages.recordCutShort(lastRsOffset, atEnd), null, -1,
                    offset, errors.currentPointer(), null);
        }
        if (rootDone && scanner.lastByte != '\n') {
            throw errors.malformed(SyntaxMessages.recordWithoutLf(lastRsOffset, atEnd), offset, "");
        }
    }

    /** A byte where only whitespace may follow (SINGLE after its value, JSON_SEQ outside a record's value). */
    private JsonDecodeException trailingData(long offset, int b) {
        String detail = framing != Framing.JSON_SEQ ? SyntaxMessages.afterRoot(b)
                : inRecord ? SyntaxMessages.afterRecordValue(lastRsOffset, b) : SyntaxMessages.beforeFirstRecord(b);
        return errors.malformed(detail, offset, "");
    }
}
