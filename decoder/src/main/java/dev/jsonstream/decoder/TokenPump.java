package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Pulls the tokens Jackson can make of what it holds, keeps the path and the counts, checks the per-token limits,
 * and hands each token to the handler through the cursor; a handler may pause it between two tokens.
 *
 * <p>This is the per-token path: a few tests on Jackson's token id, a few array writes on the path stack, counter
 * checks, no allocation unless the handler asks for Strings, pointers, big numbers or an end token's location.
 */
final class TokenPump implements TokenSource {
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
    private final JsonParser parser;
    private final PathStack path;
    private final NameTableGuard names;
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
    /**
     * A binder is pulling one token ({@link #pull()}): the drain stops after it as it would for a pause, and a pause a
     * handler asks for meanwhile is kept in {@link #pausedInPull}, to be honoured once the binder is done.
     */
    private boolean pullingOne;
    private boolean pausedInPull;
    /**
     * Tokens are pulled for a binder and not delivered ({@link #quiet}): their count, the budget, and the last one's
     * kind, depth and pointer frames, to put the cursor on it afterwards.
     */
    private boolean quiet;
    private long quietTokens;
    private long quietBudget;
    private Supplier<RuntimeException> overBudget;
    private int quietKind;
    private int quietDepth;
    private int quietFrames;

    TokenPump(DecodeLimits limits, TokenHandler handler, ParserFeed feed, PathStack path, SegmentFeeder segments,
            FramingRules framing, TokenErrors errors, DecodeErrors decodeErrors, LineIndex lines, Region region,
            CaptureTee capture) {
        this.handler = handler;
        this.feed = feed;
        this.parser = feed.parser;
        this.names = feed.names;
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
        if (pullingOne) {
            pausedInPull = true;
        }
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
        if (tokenCount == 0) {
            return -1;
        }
        return quiet && quietTokens > 0 ? quietKind : cursor.kindOrdinal; // errors word what may follow it
    }

    /**
     * Delivers the tokens Jackson can make of what it holds; false if a handler paused.
     *
     * <p>Per token: Jackson's ids are small and dense (from FIELD_NAME on, names and scalars; below it, the four
     * container tokens), and every token ends in the one call to {@link #deliver}.
     *
     * <p>Shaped for the JIT: the loop keeps only the common path, and everything rare (limits, errors, root values,
     * framing) is in methods of its own. The per-token work is {@link #take}, shared with a binder's quiet pulls:
     * C2 compiles it on its own and calls it from here ("already compiled into a big method"). Measured in pairs
     * against the body inline in this loop: binding in place 0.57 against 0.47 of databind's speed, tokens alone
     * within the noise of this machine (RESULTS.md part 5).
     */
    boolean drain() {
        while (true) {
            if (framing.attention()) {
                int next = attend();
                if (next != NEXT_TOKEN) {
                    if (next == AGAIN) {
                        continue;
                    }
                    return next == DRAINED;
                }
            }
            JsonToken token;
            try {
                token = parser.nextToken();
            } catch (IOException e) {
                throw failure(e);
            }
            if (token == null) {
                return true; // the end of the input
            }
            int id = token.id();
            if (id == JsonTokenId.ID_NOT_AVAILABLE) {
                return true;
            }
            take(id);
            if (paused && pausedNow()) {
                return false;
            }
        }
    }

    /**
     * Everything the decoder does with one token Jackson made: limits, counts, the path, the delivery, the end of a
     * root value. Called from {@link #drain} and, for a binder reading quietly, from {@link #pull}: one body for
     * both (see drain on what the JIT makes of it).
     */
    private void take(int id) {
        if (++tokenCount > maxTokens) {
            throw tooManyTokens(id);
        }
        int depth = path.depth();
        int cursorDepth = depth;
        int pointerFrames = depth;
        int kind = KIND_OF_ID[id];
        if (kind < 0) {
            throw new IllegalStateException("unexpected token from the parser: " + id);
        }
        if (id >= JsonTokenId.ID_FIELD_NAME) {
            if (id == JsonTokenId.ID_FIELD_NAME) {
                memberName();
            } else {
                if (depth == 0) {
                    rootValueStarts(id);
                }
                if (id == JsonTokenId.ID_STRING && feed.textLengthBound() > maxStringLength
                        && feed.textLength() > maxStringLength) {
                    throw errors.stringTooLong(tokenStart(id));
                }
                if (path.inArray()) {
                    path.nextIndex();
                }
            }
        } else if (id == JsonTokenId.ID_START_OBJECT || id == JsonTokenId.ID_START_ARRAY) {
            openContainer(id, depth);
            cursorDepth = depth + 1;
        } else {
            if (id == JsonTokenId.ID_END_OBJECT && segments.takeSeparatorCheck()) {
                checkSeparatorBefore(id);
            }
            pointerFrames = depth - 1;
        }
        deliver(kind, cursorDepth, pointerFrames);
        if (pointerFrames < depth) {
            path.pop();
        }
        // A root scalar, or the end of a root container. Read from the token, not the path: a binder reading in
        // place during the delivery of a START token has moved the path on (and completed the root itself).
        if (pointerFrames == 0 && cursorDepth == depth) {
            if (quiet) {
                cursor.point(kind, cursorDepth, pointerFrames); // undelivered: the cursor is still on the value's START
            }
            framing.rootCompleted(cursor.endByteOffset0());
        }
    }

    // What drain() does after the framing asked for attention.
    private static final int NEXT_TOKEN = 0;
    private static final int AGAIN = 1;
    private static final int DRAINED = 2;
    private static final int PAUSED = 3;

    private int attend() {
        if (framing.takeEndRoot()) {
            callHandler(END_ROOT, 0, 0); // the decoder's own token: not the capture's
            return paused && pausedNow() ? PAUSED : AGAIN;
        }
        framing.checkTailIfDue();
        // SINGLE: Jackson is asked for nothing after the root value; trailing bytes are scanned
        return framing.singleValueDone() ? DRAINED : NEXT_TOKEN;
    }

    /** A handler paused during the last callback: notes where, and says whether the pump stops for it. */
    private boolean pausedNow() {
        if (pullingOne) {
            return true; // one token for a binder: back to it
        }
        if (!halted) {
            cursor.rememberEnd();
        }
        return !ending;
    }

    private RuntimeException failure(IOException e) {
        if (e instanceof StreamConstraintsException) {
            return errors.constraint((StreamConstraintsException) e);
        }
        if (e instanceof JsonEOFException) {
            return errors.syntax(true, (JsonEOFException) e, lastKind());
        }
        if (e instanceof JsonProcessingException) {
            return errors.syntax(false, (JsonProcessingException) e, lastKind());
        }
        return new UncheckedIOException(e);
    }

    /** TokenKind ordinals by Jackson token id (-1 where no kind is delivered). */
    private static final int[] KIND_OF_ID = kindsById();

    private static int[] kindsById() {
        int[] kinds = new int[JsonTokenId.ID_EMBEDDED_OBJECT + 1]; // Jackson's JSON parsers make no embedded objects
        java.util.Arrays.fill(kinds, -1);
        kinds[JsonTokenId.ID_START_OBJECT] = START_OBJECT;
        kinds[JsonTokenId.ID_END_OBJECT] = END_OBJECT;
        kinds[JsonTokenId.ID_START_ARRAY] = START_ARRAY;
        kinds[JsonTokenId.ID_END_ARRAY] = END_ARRAY;
        kinds[JsonTokenId.ID_FIELD_NAME] = FIELD_NAME;
        kinds[JsonTokenId.ID_STRING] = STRING;
        kinds[JsonTokenId.ID_NUMBER_INT] = INT;
        kinds[JsonTokenId.ID_NUMBER_FLOAT] = FLOAT;
        kinds[JsonTokenId.ID_TRUE] = TRUE;
        kinds[JsonTokenId.ID_FALSE] = FALSE;
        kinds[JsonTokenId.ID_NULL] = NULL;
        return kinds;
    }

    private RuntimeException tooManyTokens(int id) {
        return decodeErrors.limit(Limit.MAX_TOKENS, maxTokens, tokenStart(id), decodeErrors.pendingPointer());
    }

    private void memberName() {
        String name = feed.currentName();
        if (names.nameIsNew()) {
            newName(name);
        }
        path.setName(name);
    }

    /** A name the config's tables did not hold: checked here once, while it repeats canonical it is not again. */
    private void newName(String name) {
        int length = name.length();
        if (length > maxNameLength) {
            throw errors.nameTooLong(tokenStart(JsonTokenId.ID_FIELD_NAME));
        }
        names.nameAdded(length);
    }

    /** A value begins at the top level: counted against the root-value limit. */
    private void rootValueStarts(int id) {
        if (++rootCount > maxRootValues) {
            throw decodeErrors.limit(Limit.MAX_ROOT_VALUES, maxRootValues, tokenStart(id), "");
        }
    }

    private void openContainer(int id, int depth) {
        if (depth == 0) {
            rootValueStarts(id);
        } else if (path.inArray()) {
            path.nextIndex();
        }
        long start = tokenStart(id);
        path.push(id == JsonTokenId.ID_START_ARRAY, start);
        if (depth + 1 > maxDepth) {
            throw errors.tooDeep(start);
        }
    }

    /**
     * Jackson 2.23's non-blocking parser accepts "{"a":1,}" and "{"a":}" when a buffer ends right after the comma or
     * the colon (whole, it rejects them). Refuse them here as an unexpected '}', as the whole input is refused. Only
     * a comma or colon that ended an earlier segment can trigger it, and only for the segment's first end of an
     * object, so the check is skipped otherwise.
     */
    private void checkSeparatorBefore(int id) {
        long start = tokenStart(id);
        int before = segments.significantByteBefore(start);
        if (before == ',' || before == ':') {
            throw errors.unexpected(start, '}', lastKind());
        }
    }

    private long tokenStart(int id) {
        return feed.tokenStart(id == JsonTokenId.ID_END_ARRAY || id == JsonTokenId.ID_END_OBJECT);
    }

    private void deliver(int kind, int depth, int pointerFrames) {
        if (capture == null) {
            callHandler(kind, depth, pointerFrames);
            return;
        }
        if (quiet) {
            quietToken(kind, depth, pointerFrames);
            return;
        }
        long count = tokenCount;
        callHandler(kind, depth, pointerFrames);
        if (tokenCount == count) {
            capture.tokenDelivered(kind); // else a binder read on, and each token it pulled was told already
        }
    }

    /** One token for a binder, delivered to nobody: no handler runs, so nothing can pause or close meanwhile. */
    private JsonToken pullQuietly() {
        JsonToken token;
        try {
            token = parser.nextToken();
        } catch (IOException e) {
            throw failure(e);
        }
        if (token == null || token == JsonToken.NOT_AVAILABLE) {
            return JsonToken.NOT_AVAILABLE;
        }
        take(token.id());
        return token;
    }

    private void quietToken(int kind, int depth, int pointerFrames) {
        if (++quietTokens > quietBudget) {
            throw overBudget.get();
        }
        quietKind = kind;
        quietDepth = depth;
        quietFrames = pointerFrames;
    }

    @Override
    public void quiet(long budget, Supplier<RuntimeException> overBudget) {
        cursor.endByteOffset0(); // while the parser stands on it: a pause after the binder counts from here
        this.quiet = true;
        this.quietTokens = 0;
        this.quietBudget = budget;
        this.overBudget = overBudget;
    }

    @Override
    public long speak(boolean onLastToken) {
        quiet = false;
        overBudget = null;
        if (onLastToken && quietTokens > 0) {
            cursor.point(quietKind, quietDepth, quietFrames);
            capture.tokenDelivered(quietKind);
        } else if (quietTokens > 0) {
            // The parser has moved into the next token: the cursor keeps the offsets it had, and takes the last
            // token's kind, which the wording of a syntax error met next depends on.
            cursor.kindOrdinal = quietKind;
        }
        return quietTokens;
    }

    /**
     * One more token for a binder reading in place, during the delivery of an earlier one: taken through the same
     * path as every token (limits, counts, path, delivery to the handler), with the cursor left on it.
     */
    @Override
    public JsonToken pull() {
        if (quiet) {
            return pullQuietly();
        }
        if (halted) {
            return JsonToken.NOT_AVAILABLE; // closed by a handler: nothing more is read
        }
        // The end of the token the cursor is on, taken while the parser still stands on it: if the input runs out
        // now, the parser moves on into the next token, and a pause after this one counts from here.
        cursor.endByteOffset0();
        long before = tokenCount;
        boolean wasPaused = paused;
        pullingOne = true;
        paused = true;
        try {
            drain();
        } finally {
            pullingOne = false;
            paused = wasPaused || pausedInPull || halted;
            pausedInPull = false;
        }
        if (tokenCount == before || halted) {
            return JsonToken.NOT_AVAILABLE;
        }
        cursor.revalidate();
        return parser.currentToken();
    }

    private void callHandler(int kind, int depth, int pointerFrames) {
        cursor.point(kind, depth, pointerFrames);
        try {
            handler.onToken(cursor);
        } finally {
            cursor.invalidate();
        }
    }
}
