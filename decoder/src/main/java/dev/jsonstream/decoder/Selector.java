package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonParser;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.function.Supplier;

/**
 * The engine of a {@link Selection}: runs each pattern's automaton along the decoder's path, opens a match at each
 * outermost matching value, feeds it the value's tokens, and hands it over when the value ends.
 *
 * <p>Per token and pattern: one automaton step for a value (a few bit operations and, for a literal segment, one
 * String comparison with the parser's canonical name), nothing for tokens below a point where the pattern can no
 * longer match. Per pattern it keeps one {@code long} state per open container ({@link #states}).
 */
final class Selector implements CaptureClient {
    private final PathPattern[] patterns;
    private final Selection.Form[] forms;
    private final Object[] handlers;
    private final boolean exactDecimals;

    private CaptureInput decoder;
    private long maxCaptureBytes;
    private long maxCaptureTokens;

    /** states[p][d]: pattern p's automaton state for the children of the open container at depth d. */
    private long[][] states;
    /** Per pattern, the open match: the depth of the container being matched (-1: none), and its facts. */
    private final int[] openDepth;
    private final int[] openBase;
    private final long[] openStart;
    private final long[] openTokens;
    private final long[] matchCount;
    private final ValueBuilder[] builders;
    /**
     * BOUND patterns: whether the open match's outcome is known (its binder ran in place and returned or threw before
     * the value ended; the rest of the value is then only decoded), and that outcome. Without one, the value is bound
     * from its kept bytes when it ends.
     */
    private final boolean[] resolved;
    private final Object[] boundItem;
    private final Exception[] boundFailure;
    /** The BOUND pattern whose binder is reading in place now, or -1. */
    private int inPlace = -1;
    private final Supplier<RuntimeException> captureTokensExceeded;

    private final SelectedMatch match = new SelectedMatch();
    private final RelativeCursor relative = new RelativeCursor();

    Selector(PathPattern[] patterns, Selection.Form[] forms, Object[] handlers, boolean exactDecimals) {
        this.patterns = patterns;
        this.forms = forms;
        this.handlers = handlers;
        this.exactDecimals = exactDecimals;
        int n = patterns.length;
        this.states = new long[n][16];
        this.openDepth = new int[n];
        Arrays.fill(openDepth, -1);
        this.openBase = new int[n];
        this.openStart = new long[n];
        this.openTokens = new long[n];
        this.matchCount = new long[n];
        this.builders = new ValueBuilder[n];
        this.resolved = new boolean[n];
        this.boundItem = new Object[n];
        this.boundFailure = new Exception[n];
        this.captureTokensExceeded = this::inPlaceOverTokenLimit;
        for (int p = 0; p < n; p++) {
            if (forms[p] == Selection.Form.VALUE) {
                builders[p] = new ValueBuilder();
            }
        }
    }

    @Override
    public void attach(CaptureInput decoder, DecodeLimits limits) {
        if (this.decoder != null) {
            throw new IllegalStateException("a Selection serves one decoder; build one per body");
        }
        this.decoder = decoder;
        this.maxCaptureBytes = limits.get(Limit.MAX_CAPTURE_BYTES);
        this.maxCaptureTokens = limits.get(Limit.MAX_CAPTURE_TOKENS);
    }

    void onToken(TokenCursor t) {
        if (decoder == null) {
            throw new IllegalStateException("a Selection must be given to DecoderConfig.newDecoder");
        }
        TokenKind kind = t.kind();
        if (kind == TokenKind.END_ROOT) {
            return; // every match has ended with its own last token
        }
        boolean start = kind == TokenKind.START_OBJECT || kind == TokenKind.START_ARRAY;
        boolean end = kind == TokenKind.END_OBJECT || kind == TokenKind.END_ARRAY;
        boolean value = start || kind.isScalarValue();
        int depth = t.depth();
        int parent = start ? depth - 1 : depth; // containers around the value
        boolean changed = false;
        int bindHere = -1;
        for (int p = 0; p < patterns.length; p++) {
            boolean opened = false;
            if (value && openDepth[p] < 0) {
                long state = parent == 0 ? patterns[p].rootState()
                        : stepFrom(p, parent, t.fieldName(), t.arrayIndex());
                if (start) {
                    setState(p, depth, state);
                }
                if (state != 0 && patterns[p].accepts(state)) {
                    open(p, t, start ? depth : -2, parent);
                    opened = true;
                    changed = true;
                    if (start && forms[p] == Selection.Form.BOUND && inPlace < 0 && bindHere < 0) {
                        bindHere = p; // once every pattern has seen this token
                    }
                }
            }
            if (openDepth[p] == -1 && !opened) {
                continue;
            }
            if (++openTokens[p] > maxCaptureTokens && forms[p] != Selection.Form.LOCATED) {
                throw decoder.limitError(Limit.MAX_CAPTURE_TOKENS, maxCaptureTokens, openStart[p],
                        decoder.pointerOfFrames(openBase[p]));
            }
            feed(p, t, kind);
            boolean done = openDepth[p] == -2 || (end && depth == openDepth[p]);
            if (done) {
                if (p != inPlace) { // else handed over once its binder returns
                    finish(p, t);
                    changed = true;
                }
            }
        }
        if (changed) {
            reportCaptures();
        }
        if (bindHere >= 0) {
            bindInPlace(bindHere, t);
        }
    }

    /**
     * Runs pattern {@code p}'s binder on the decoder's own parser, from the START token being delivered: each token
     * it reads is decoded now, and delivered to this selection as any other (so every other pattern sees it). When
     * the input fed so far ends inside the value the try is given up, and the value is bound from its kept bytes when
     * it ends (the match stays open as a RAW one until then).
     */
    private void bindInPlace(int p, TokenCursor t) {
        InPlaceParser view = decoder.inPlaceParser();
        view.lend();
        inPlace = p;
        boolean quiet = aloneInside(p, t.depth());
        if (quiet) {
            decoder.tokens().quiet(maxCaptureTokens - openTokens[p], captureTokensExceeded);
        }
        Object item = null;
        Exception failure = null;
        int outcome;
        try {
            item = bound(p).binder.bind(view);
        } catch (InPlaceParser.Abandoned e) {
            // the view says why
        } catch (Exception e) {
            failure = e;
        } finally {
            inPlace = -1;
            outcome = view.giveBack();
            if (quiet) {
                openTokens[p] += decoder.tokens().speak(outcome != InPlaceParser.GIVEN_UP
                        && outcome != InPlaceParser.FAILED);
            }
        }
        if (outcome == InPlaceParser.FAILED) {
            throw rethrow(view.failure()); // the decoder's own error, whatever the binder made of it
        }
        if (outcome == InPlaceParser.GIVEN_UP) {
            return;
        }
        resolved[p] = true;
        boundItem[p] = item;
        boundFailure[p] = failure;
        if (view.readWhole()) {
            finish(p, t); // the cursor stands on the value's last token
        }
        reportCaptures(); // its bytes are no longer needed
    }

    /**
     * Whether pattern {@code p}'s value, whose START at {@code depth} is being delivered, is all that any pattern
     * wants of the tokens inside it: no other match is open, and no other pattern can match below it. Its tokens
     * then go to its binder alone, without a delivery each.
     */
    private boolean aloneInside(int p, int depth) {
        for (int q = 0; q < patterns.length; q++) {
            if (q != p && (openDepth[q] != -1 || depth < states[q].length && states[q][depth] != 0)) {
                return false;
            }
        }
        return true;
    }

    /** The in-place match went over its token limit while its tokens were not delivered. */
    private RuntimeException inPlaceOverTokenLimit() {
        return decoder.limitError(Limit.MAX_CAPTURE_TOKENS, maxCaptureTokens, openStart[inPlace],
                decoder.pointerOfFrames(openBase[inPlace]));
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof Error) {
            throw (Error) t;
        }
        return (RuntimeException) t;
    }

    private BoundPattern<?> bound(int p) {
        return (BoundPattern<?>) handlers[p];
    }

    /**
     * A BOUND value has ended: its outcome as found in place, or else bound now, in place for a scalar (the parser
     * stands on it) and from the kept bytes for a container whose in-place try was given up.
     */
    private void finishBound(int p, long index, long start, long end, TokenCursor t) {
        Object item = null;
        Exception failure = null;
        if (resolved[p]) {
            item = boundItem[p];
            failure = boundFailure[p];
            resolved[p] = false;
            boundItem[p] = null;
            boundFailure[p] = null;
        } else if (start == t.byteOffset() && t.kind().isScalarValue()) {
            InPlaceParser view = decoder.scalarParser();
            view.lend();
            try {
                item = bound(p).binder.bind(view);
            } catch (Exception e) {
                failure = e;
            } finally {
                view.giveBack();
            }
        } else {
            try (JsonParser parser = decoder.bytesParser(decoder.rawBytes(start, end))) {
                item = bound(p).binder.bind(parser);
            } catch (Exception e) {
                failure = e;
            }
        }
        match.deliverBound(this, p, index, start, end, t, bound(p), item, failure);
    }

    // ---- what a SelectedMatch asks of the selection it serves ----

    PathPattern pattern(int p) {
        return patterns[p];
    }

    Selection.Form form(int p) {
        return forms[p];
    }

    MatchHandler matchHandler(int p) {
        return (MatchHandler) handlers[p];
    }

    /** The pointer of pattern {@code p}'s open match (the path is still at its last token). */
    String matchPointer(int p) {
        return decoder.pointerOfFrames(openBase[p]);
    }

    CaptureInput input() {
        return decoder;
    }

    private long stepFrom(int p, int parent, String name, int index) {
        long[] s = states[p];
        long state = parent < s.length ? s[parent] : 0;
        return state == 0 ? 0 : patterns[p].step(state, name, index);
    }

    private void setState(int p, int depth, long state) {
        if (depth >= states[p].length) {
            states[p] = Arrays.copyOf(states[p], Math.max(depth + 1, states[p].length * 2));
        }
        states[p][depth] = state;
    }

    private void open(int p, TokenCursor t, int depth, int base) {
        openDepth[p] = depth; // -2: a scalar, ending with this very token
        openBase[p] = base;
        openStart[p] = t.byteOffset();
        openTokens[p] = 0;
        if (forms[p] == Selection.Form.VALUE) {
            builders[p].reset();
        }
    }

    private void feed(int p, TokenCursor t, TokenKind kind) {
        switch (forms[p]) {
            case VALUE:
                builders[p].add(t, kind, exactDecimals);
                break;
            case EVENTS:
                relative.deliver((TokenHandler) handlers[p], t, openBase[p], matchCount[p], false);
                break;
            default:
                break; // RAW: the bytes are taken at the end
        }
    }

    private void finish(int p, TokenCursor t) {
        long end = t.endByteOffset();
        long start = openStart[p];
        openDepth[p] = -1;
        if (end - start > maxCaptureBytes && forms[p] != Selection.Form.LOCATED) {
            throw decoder.limitError(Limit.MAX_CAPTURE_BYTES, maxCaptureBytes, start,
                    decoder.pointerOfFrames(openBase[p]));
        }
        long index = matchCount[p]++;
        switch (forms[p]) {
            case EVENTS:
                relative.deliver((TokenHandler) handlers[p], t, openBase[p], index, true);
                break;
            case RAW:
                match.deliver(this, p, index, start, end, decoder.rawBytes(start, end), null, t);
                break;
            case LOCATED:
                match.deliver(this, p, index, start, end, null, null, t);
                break;
            case BOUND:
                finishBound(p, index, start, end, t);
                break;
            default:
                match.deliver(this, p, index, start, end, null, builders[p].result(), t);
                builders[p].reset();
        }
    }

    /** Tells the decoder where the earliest open capture starts (for its size limit and for keeping RAW bytes). */
    private void reportCaptures() {
        long earliest = -1;
        int frames = 0;
        long earliestRaw = -1;
        for (int p = 0; p < patterns.length; p++) {
            if (openDepth[p] < 0 || forms[p] == Selection.Form.LOCATED) {
                continue; // nothing is held for a located match, so no capture limit applies to it
            }
            if (earliest < 0 || openStart[p] < earliest) {
                earliest = openStart[p];
                frames = openBase[p];
            }
            boolean raw = forms[p] == Selection.Form.RAW || forms[p] == Selection.Form.BOUND && !resolved[p];
            if (raw && (earliestRaw < 0 || openStart[p] < earliestRaw)) {
                earliestRaw = openStart[p];
            }
        }
        decoder.captures(earliest, frames, earliestRaw);
    }

    /**
     * Whether the value Jackson is in the middle of (at the decoder's pending position) will open a RAW match, so
     * that its bytes must be kept before it is delivered.
     */
    @Override
    public boolean wantsPendingRaw(PathStack path, int lastKind) {
        int depth = path.depth();
        String name = null;
        int index = -1;
        if (depth > 0) {
            if (path.inArray()) {
                index = path.indexAt(depth) + 1;
            } else if (lastKind == TokenKind.FIELD_NAME.ordinal()) {
                name = path.nameAt(depth);
            } else {
                return false; // a member name is in progress, not a value
            }
        }
        for (int p = 0; p < patterns.length; p++) {
            if (forms[p] != Selection.Form.RAW || openDepth[p] != -1) {
                continue;
            }
            long state = depth == 0 ? patterns[p].rootState() : stepFrom(p, depth, name, index);
            if (state != 0 && patterns[p].accepts(state)) {
                return true;
            }
        }
        return false;
    }


    /**
     * The cursor an EVENTS handler sees: the decoder's cursor with depth, pointer, name and index taken relative to
     * the match, and an END_ROOT after the match's last token.
     */
    private final class RelativeCursor implements TokenCursor {
        private boolean valid;
        private TokenCursor c;
        private int base;
        private long index;
        private boolean endRoot;

        void deliver(TokenHandler handler, TokenCursor c, int base, long index, boolean endRoot) {
            this.c = c;
            this.base = base;
            this.index = index;
            this.endRoot = endRoot;
            this.valid = true;
            try {
                handler.onToken(this);
            } finally {
                this.valid = false;
                this.c = null;
            }
        }

        private void check() {
            if (!valid) {
                throw new IllegalStateException("this cursor was used after its callback returned;"
                        + " copy what you need during the callback");
            }
        }

        /** Frames of the current token's pointer, as the decoder counts them. */
        private int frames() {
            TokenKind k = c.kind();
            boolean container = k == TokenKind.START_OBJECT || k == TokenKind.START_ARRAY
                    || k == TokenKind.END_OBJECT || k == TokenKind.END_ARRAY;
            return container ? c.depth() - 1 : c.depth();
        }

        private boolean atMatchRoot() {
            return endRoot || frames() == base;
        }

        @Override
        public TokenKind kind() {
            check();
            return endRoot ? TokenKind.END_ROOT : c.kind();
        }

        @Override
        public int depth() {
            check();
            return endRoot ? 0 : c.depth() - base;
        }

        @Override
        public String fieldName() {
            check();
            return atMatchRoot() ? null : c.fieldName();
        }

        @Override
        public int arrayIndex() {
            check();
            return atMatchRoot() ? -1 : c.arrayIndex();
        }

        @Override
        public String pointer() {
            StringBuilder sb = new StringBuilder();
            appendPointer(sb);
            return sb.toString();
        }

        @Override
        public void appendPointer(StringBuilder out) {
            check();
            if (!endRoot) {
                decoder.appendRelativePointer(out, base, frames());
            }
        }

        @Override
        public long rootIndex() {
            check();
            return index;
        }

        @Override
        public String text() {
            check();
            return endRoot ? null : c.text();
        }

        @Override
        public CharSequence textChars() {
            check();
            return endRoot ? "" : c.textChars();
        }

        @Override
        public String numberText() {
            check();
            return c.numberText();
        }

        @Override
        public boolean fitsInLong() {
            check();
            return !endRoot && c.fitsInLong();
        }

        @Override
        public long longValue() {
            check();
            return c.longValue();
        }

        @Override
        public BigInteger bigIntegerValue() {
            check();
            return c.bigIntegerValue();
        }

        @Override
        public BigDecimal decimalValue() {
            check();
            return c.decimalValue();
        }

        @Override
        public double doubleValue() {
            check();
            return c.doubleValue();
        }

        @Override
        public boolean booleanValue() {
            check();
            return c.booleanValue();
        }

        @Override
        public long byteOffset() {
            check();
            return endRoot ? c.endByteOffset() - 1 : c.byteOffset();
        }

        @Override
        public long endByteOffset() {
            check();
            return c.endByteOffset();
        }

        @Override
        public long line() {
            check();
            return c.line();
        }

        @Override
        public long column() {
            check();
            return c.column();
        }

        @Override
        public void pause() {
            check();
            c.pause();
        }
    }
}
