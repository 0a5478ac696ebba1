package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Pulls the tokens Jackson can make of what it holds, keeps the path and the counts, checks the per-token limits,
 * and hands each token to the handler through the cursor; a handler may pause it between two tokens.
 *
 * <p>This is the per-token path: a switch, a few array writes on the path stack, counter checks, no allocation
 * unless the handler asks for Strings, pointers, big numbers or an end token's location.
 */
final class TokenPump {
    // Kinds as ordinals: constants the JIT folds, where an enum's ordinal is a field load per token.
    private static final int END_ROOT = TokenKind.END_ROOT.ordinal();
    private static final int FIELD_NAME = TokenKind.FIELD_NAME.ordinal();
    private static final int STRING = TokenKind.STRING.ordinal();
    private static final int INT = TokenKind.INT.ordinal();
    private static final int FLOAT = TokenKind.FLOAT.ordinal();
    private static final int TRUE = TokenKind.TRUE.ordinal();
    private static final int FALSE = TokenKind.FALSE.ordinal();
    private static final int NULL = TokenKind.NULL.ordinal();
    private static final int START_OBJECT = TokenKind.START_OBJECT.ordinal();
    private static final int START_ARRAY = TokenKind.START_ARRAY.ordinal();
    private static final int END_OBJECT = TokenKind.END_OBJECT.ordinal();
    private static final int END_ARRAY = TokenKind.END_ARRAY.ordinal();

    private final TokenHandler handler;
    private final ParserFeed feed;
    private final PathStack path;
    private final SegmentFeeder segments;
    private final FramingRules framing;
    private final TokenErrors errors;
    private final DecodeErrors decodeErrors;
    /** The capture a selection keeps of the input, or null: plain decoding pays one null check per token. */
    private final CaptureTee capture;
    final DecoderCursor cursor;

    private final long maxTokens;
    private final long maxRootValues;
    private final int maxDepth;
    private final int maxStringLength;
    private final int maxNameLength;

    private long tokenCount;
    private long rootCount;
    /** A handler asked for a pause, not yet resumed. */
    private boolean paused;
    /** The input has ended: pauses are no longer honoured (everything left is delivered). */
    private boolean ending;
    /**
     * The decoder is closed: held as a pause that nothing lifts, so that the per-token check stays one test, while
     * {@link #paused()} reports no pause.
     */
    private boolean halted;

    TokenPump(DecodeLimits limits, TokenHandler handler, ParserFeed feed, PathStack path, SegmentFeeder segments,
            FramingRules framing, TokenErrors errors, DecodeErrors decodeErrors, LineIndex lines, Region region,
            CaptureTee capture) {
        this.handler = handler;
        this.feed = feed;
        this.path = path;
        this.segments = segments;
        this.framing = framing;
        this.errors = errors;
        this.decodeErrors = decodeErrors;
        this.capture = capture;
        this.cursor = new DecoderCursor(this, feed, path, lines, region, framing);
        this.maxTokens = limits.get(Limit.MAX_TOKENS);
        this.maxRootValues = limits.get(Limit.MAX_ROOT_VALUES);
        this.maxDepth = (int) limits.get(Limit.MAX_DEPTH);
        this.maxStringLength = (int) limits.get(Limit.MAX_STRING_LENGTH);
        this.maxNameLength = (int) limits.get(Limit.MAX_NAME_LENGTH);
    }

    boolean paused() {
        return paused && !halted;
    }

    void pause() {
        paused = true;
    }

    void resume() {
        paused = halted;
    }

    /** From now on every token is delivered, whatever the handler asks. */
    void ending() {
        ending = !halted;
    }

    /** Nothing more is delivered: the decoder is closed. */
    void halt() {
        halted = true;
        paused = true;
        ending = false;
    }

    /** Whether the pump stops for a pause now. */
    boolean holding() {
        return paused && !ending;
    }

    long rootCount() {
        return rootCount;
    }

    /** The ordinal of the last kind delivered, or -1 before the first token. */
    int lastKind() {
        return tokenCount == 0 ? -1 : cursor.kindOrdinal;
    }

    /** Delivers the tokens Jackson can make of what it holds; false if a handler paused. */
    boolean drain() {
        while (true) {
            if (framing.attention()) {
                if (framing.takeEndRoot()) {
                    deliver(END_ROOT, 0, 0);
                    if (paused && !ending) {
                        return false;
                    }
                    continue;
                }
                framing.checkTailIfDue();
                if (framing.singleValueDone()) {
                    return true; // Jackson is asked for nothing after the root value; trailing bytes are scanned
                }
            }
            int id = nextTokenId();
            if (id <= JsonTokenId.ID_NO_TOKEN) {
                return true; // NOT_AVAILABLE, or the end of the input
            }
            onToken(id);
            if (paused && !ending) {
                return false;
            }
        }
    }

    private int nextTokenId() {
        try {
            JsonToken t = feed.nextToken();
            return t == null ? JsonTokenId.ID_NO_TOKEN : t.id();
        } catch (StreamConstraintsException e) {
            throw errors.constraint(e);
        } catch (JsonEOFException e) {
            throw errors.syntax(true, e, lastKind());
        } catch (JsonProcessingException e) {
            throw errors.syntax(false, e, lastKind());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Jackson's token ids are small and dense: a switch on them is a jump table, with no enum lookup in between. */
    private void onToken(int id) {
        if (++tokenCount > maxTokens) {
            throw decodeErrors.limit(Limit.MAX_TOKENS, maxTokens, tokenStart(id), decodeErrors.pendingPointer());
        }
        int depth = path.depth();
        if (depth == 0 && id != JsonTokenId.ID_END_ARRAY && id != JsonTokenId.ID_END_OBJECT) {
            if (++rootCount > maxRootValues) {
                throw decodeErrors.limit(Limit.MAX_ROOT_VALUES, maxRootValues, tokenStart(id), "");
            }
        }
        int kind;
        switch (id) {
            case JsonTokenId.ID_FIELD_NAME:
                String name = feed.currentName();
                if (name.length() > maxNameLength) {
                    throw errors.nameTooLong(tokenStart(id));
                }
                feed.names.nameSeen(name.length());
                path.setName(name);
                deliver(FIELD_NAME, depth, depth);
                return;
            case JsonTokenId.ID_STRING:
                kind = STRING;
                if (feed.textLength() > maxStringLength) {
                    throw errors.stringTooLong(tokenStart(id));
                }
                break;
            case JsonTokenId.ID_NUMBER_INT:
                // The number's length was checked by Jackson (its count is this limit's definition).
                kind = INT;
                break;
            case JsonTokenId.ID_NUMBER_FLOAT:
                kind = FLOAT;
                break;
            case JsonTokenId.ID_TRUE:
                kind = TRUE;
                break;
            case JsonTokenId.ID_FALSE:
                kind = FALSE;
                break;
            case JsonTokenId.ID_NULL:
                kind = NULL;
                break;
            case JsonTokenId.ID_START_OBJECT:
            case JsonTokenId.ID_START_ARRAY:
                startContainer(id, depth);
                return;
            case JsonTokenId.ID_END_OBJECT:
            case JsonTokenId.ID_END_ARRAY:
                endContainer(id, depth);
                return;
            default:
                throw new IllegalStateException("unexpected token from the parser: " + id);
        }
        if (path.inArray()) {
            path.nextIndex();
        }
        deliver(kind, depth, depth);
        if (depth == 0) {
            framing.rootCompleted(cursor.endByteOffset0());
        }
    }

    private void startContainer(int id, int depth) {
        boolean array = id == JsonTokenId.ID_START_ARRAY;
        if (path.inArray()) {
            path.nextIndex();
        }
        long start = tokenStart(id);
        path.push(array, start);
        if (depth + 1 > maxDepth) {
            throw errors.tooDeep(start);
        }
        deliver(array ? START_ARRAY : START_OBJECT, depth + 1, depth);
    }

    private void endContainer(int id, int depth) {
        boolean object = id == JsonTokenId.ID_END_OBJECT;
        if (object && segments.takeSeparatorCheck()) {
            // Jackson 2.23's non-blocking parser accepts "{"a":1,}" and "{"a":}" when a buffer ends right after
            // the comma or the colon (whole, it rejects them). Refuse them here as an unexpected '}', as the whole
            // input is refused. Only a comma or colon that ended an earlier segment can trigger it, and only for
            // the segment's first end of an object, so the check is skipped otherwise.
            int before = segments.significantByteBefore(tokenStart(id));
            if (before == ',' || before == ':') {
                throw errors.unexpected(tokenStart(id), '}', lastKind());
            }
        }
        deliver(object ? END_OBJECT : END_ARRAY, depth, depth - 1);
        path.pop();
        if (depth == 1) {
            framing.rootCompleted(cursor.endByteOffset0());
        }
    }

    private long tokenStart(int id) {
        return feed.tokenStart(id == JsonTokenId.ID_END_ARRAY || id == JsonTokenId.ID_END_OBJECT);
    }

    private void deliver(int kind, int depth, int pointerFrames) {
        cursor.point(kind, depth, pointerFrames);
        try {
            handler.onToken(cursor);
        } finally {
            cursor.invalidate();
        }
        if (capture != null && kind != END_ROOT) {
            capture.tokenDelivered(kind);
        }
    }
}
