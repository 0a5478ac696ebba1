package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.core.async.ByteBufferFeeder;
import com.fasterxml.jackson.core.base.ParserBase;
import com.fasterxml.jackson.core.util.BufferRecycler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Jackson's non-blocking parser and what it was last fed, with its offsets turned into the input's.
 *
 * <p>Jackson counts the bytes it was fed: no BOM (the decoder feeds what follows it), and three bytes for each U+FFFD
 * that stands in for ill-formed input under {@link MalformedUtf8#REPLACE}. "Jackson offsets" below include the BOM,
 * so they differ from input offsets by the replacements alone ({@link ReplacementShifts}). Jackson's token offsets
 * are 1-based, and its end tokens keep the previous token's location; {@link #tokenStart(boolean)} corrects both.
 *
 * <p>Jackson keeps a reference to a fed segment and reads it lazily: what was last fed stays borrowed until the
 * parser says it needs more input. It is also where a syntax error's character is read ({@link #characterAt}).
 */
final class ParserFeed {
    private static final byte[] SPACE = {' '};
    /** U+FFFD in UTF-8: what Jackson reads in place of malformed bytes under {@link MalformedUtf8#REPLACE}. */
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};

    final JsonParser parser;
    private final ParserBase parserBase;
    /** One of the two is set: BYTE_BUFFER feeding uses Jackson's buffer parser, every other mode its array parser. */
    private final ByteArrayFeeder arrayFeeder;
    private final ByteBufferFeeder bufferFeeder;
    private final DecoderJsonFactory.ParserPosition position;
    final NameTableGuard names;
    /** Non-null under {@link MalformedUtf8#REPLACE}. */
    private final ReplacementShifts shifts;
    private int bomLength;

    /** Bytes given to Jackson so far, in Jackson offsets (BOM included): the end of what it holds. */
    private long fedEnd;
    /**
     * What Jackson was last fed: {@code lastArray} or {@code lastBuffer} from index {@code lastFrom} on, its first
     * byte at Jackson offset {@code lastStart}, up to {@link #fedEnd}. Whole characters always (but for the first
     * bytes of one that the scanner found broken). Null once the caller's input is released.
     */
    private byte[] lastArray;
    private ByteBuffer lastBuffer;
    private int lastFrom;
    private long lastStart;
    /** The last feed was the space that stands in for an RS. */
    private boolean lastWasRs;
    private boolean endOfInputSent;

    ParserFeed(DecoderConfig config) {
        boolean buffers = config.directBufferFeeding() == DirectBufferFeeding.BYTE_BUFFER;
        this.parser = buffers ? config.jsonFactory.createNonBlockingByteBufferParser()
                : config.jsonFactory.createNonBlockingByteArrayParser();
        this.parserBase = (ParserBase) parser;
        this.position = (DecoderJsonFactory.ParserPosition) parser;
        this.names = new NameTableGuard(config.jsonFactory.canonicalizes()
                ? (DecoderJsonFactory.NameTables) parser : null);
        this.arrayFeeder = buffers ? null : (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
        this.bufferFeeder = buffers ? (ByteBufferFeeder) parser.getNonBlockingInputFeeder() : null;
        this.shifts = config.malformedUtf8() == MalformedUtf8.REPLACE ? new ReplacementShifts() : null;
    }

    BufferRecycler bufferRecycler() {
        return position.bufferRecycler();
    }

    boolean buffersOnly() {
        return bufferFeeder != null;
    }

    void bomLength(int bomLength) {
        this.bomLength = bomLength;
    }

    int bomLength() {
        return bomLength;
    }

    /** Gives Jackson {@code [from, to)} of the array, or of the buffer under BYTE_BUFFER feeding. */
    void feed(byte[] array, ByteBuffer buffer, int from, int to) {
        if (shifts != null) {
            shifts.newSegment(tokenMark() - 1 + bomLength);
        }
        lastArray = array;
        lastBuffer = buffer;
        lastFrom = from;
        lastStart = fedEnd;
        lastWasRs = false;
        fedEnd += to - from;
        try {
            if (bufferFeeder != null) {
                buffer.limit(to).position(from);
                bufferFeeder.feedInput(buffer);
            } else {
                arrayFeeder.feedInput(array, from, to);
            }
        } catch (IOException e) {
            throw new IllegalStateException("parser refused input it should have accepted", e);
        }
    }

    /** Gives Jackson a space in place of an RS: it ends a root number and keeps offsets. */
    void feedRs() {
        feed(SPACE, bufferFeeder != null ? ByteBuffer.wrap(SPACE) : null, 0, 1);
        lastWasRs = true;
    }

    /** Gives Jackson U+FFFD in place of {@code inputLength} ill-formed input bytes. */
    void feedReplacement(int inputLength) {
        feed(REPLACEMENT, bufferFeeder != null ? ByteBuffer.wrap(REPLACEMENT) : null, 0, 3);
        shifts.add(fedEnd, inputLength);
    }

    void endOfInput() {
        names.beforeRelease(); // Jackson releases its name table when it reaches the end
        endOfInputSent = true;
        if (bufferFeeder != null) {
            bufferFeeder.endOfInput();
        } else {
            arrayFeeder.endOfInput();
        }
    }

    boolean endOfInputSent() {
        return endOfInputSent;
    }

    /** The caller's input is about to be reused: forget where the last feed came from. */
    void release() {
        lastArray = null;
        lastBuffer = null;
    }

    void close() {
        release();
        names.beforeRelease();
        try {
            parser.close();
        } catch (IOException ignored) {
            // Closing a non-blocking parser only returns its buffers; there is nothing to report.
        }
    }

    /** Jackson's count of the LFs it has skipped, plus one; an int that wraps: only differences count. */
    int lineFeedMark() {
        return position.lineFeedMark();
    }

    /** Jackson's 1-based offset of the current token (or of the token in progress); changes with each token. */
    long tokenMark() {
        return parserBase.getTokenCharacterOffset();
    }

    /** Jackson offset (BOM included) of the current token's first byte, for a token that is not an end token. */
    long tokenStartJackson() {
        return tokenMark() - 1 + bomLength;
    }

    /** Input offset of the current token's first byte. */
    long tokenStart(boolean endToken) {
        if (endToken) {
            return position() - 1; // Jackson leaves the previous token's location on end tokens
        }
        return toInput(tokenStartJackson());
    }

    /** Input offset of a Jackson offset. */
    long toInput(long jacksonOffset) {
        return shifts == null ? jacksonOffset : shifts.toInput(jacksonOffset);
    }

    /** Input offset of the next byte Jackson will read. */
    long position() {
        return toInput(jacksonPosition());
    }

    /** Jackson offset of the next byte it will read. */
    long jacksonPosition() {
        return position.position() + bomLength; // as currentLocation() has it, without the object it makes
    }

    String currentName() {
        try {
            return parser.currentName();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * At least the length in chars of the string token just read: the bytes Jackson read for it, quotes and all (a
     * char takes at least one byte). Two field reads, where the exact length asks the text buffer which of its four
     * forms it holds.
     */
    long textLengthBound() {
        return position.position() - tokenMark() + 1; // both in what Jackson was fed, without the BOM
    }

    int textLength() {
        try {
            return parser.getTextLength();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's offset {@code at} moved back to the first byte of the character it lies in. */
    long characterStart(long at) {
        while (at > lastStart && holds(at) && (fedByte(at) & 0xC0) == 0x80) {
            at--;
        }
        return at;
    }

    /** The character at Jackson's offset {@code at}: a code point, END past the end, BROKEN or UNKNOWN. */
    int characterAt(long at) {
        if (at >= fedEnd) {
            return endOfInputSent ? SyntaxMessages.END : SyntaxMessages.UNKNOWN;
        }
        if (!holds(at)) {
            return SyntaxMessages.UNKNOWN;
        }
        if (lastWasRs) {
            return InputScanner.RS; // Jackson read a space; the input has the RS it stands in for
        }
        int b = fedByte(at);
        if (b < 0x80) {
            return b;
        }
        int n = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
        if (n > fedEnd - at) {
            return SyntaxMessages.BROKEN;
        }
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) fedByte(at + i);
            if (i > 0 && (bytes[i] & 0xC0) != 0x80) {
                return SyntaxMessages.BROKEN;
            }
        }
        return new String(bytes, StandardCharsets.UTF_8).codePointAt(0);
    }

    /** Whether Jackson's offset {@code at} lies in what it was last fed, and that is still held. */
    private boolean holds(long at) {
        return at >= lastStart && at < fedEnd && (lastArray != null || lastBuffer != null);
    }

    private int fedByte(long at) {
        int i = lastFrom + (int) (at - lastStart);
        return (lastArray != null ? lastArray[i] : lastBuffer.get(i)) & 0xFF;
    }
}
