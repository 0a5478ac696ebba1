package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.FormatSchema;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.async.NonBlockingInputFeeder;
import com.fasterxml.jackson.core.util.JsonParserDelegate;
import java.io.IOException;

/**
 * The decoder's own parser, bounded to one value, lent to a {@link ValueBinder} so that the value is parsed once, in
 * place: every token the binder reads is decoded then and there, through the decoder's path, limits and counts
 * ({@link TokenSource}), and the binder reads its text and numbers straight from the parser.
 *
 * <p>A binder cannot leave the value: after its last token {@code nextToken()} returns null, and the tokens it
 * leaves unread are decoded as usual once it returns. Nor can it see the input run out: when the input fed so far
 * ends inside the value, the read throws {@link Abandoned} and the try is given up (the decoder keeps the value's
 * bytes and binds it again once they have all arrived); Jackson's {@code NOT_AVAILABLE} never reaches a binder,
 * whose deserializers would take it for a token. Settings a binder makes (features, codec) stay on this view
 * and never reach the decoder's parser.
 *
 * <p>States: {@link #IDLE} while not lent; {@link #LENT} while the current token is the decoder's; {@link #PAST}
 * once the binder read past the value or closed the parser; {@link #GIVEN_UP} when the input ran out inside the
 * value; {@link #FAILED} when decoding failed during a read ({@link #failure()} is the decoder's error, which the
 * decoder throws once the binder has returned). One binder at a time: a view is lent again only after
 * {@link #giveBack()}.
 */
final class InPlaceParser extends JsonParserDelegate {
    static final int IDLE = 0;
    static final int LENT = 1;
    static final int PAST = 2;
    static final int GIVEN_UP = 3;
    static final int FAILED = 4;

    /** Null for a view over scalars, which never reads on. */
    private final TokenSource source;
    private int state = IDLE;
    /** The value's containers open after the current token. */
    private int open;
    /** The value's containers around the current token: 0 on its first and last tokens. */
    private int level;
    /** The current token as the binder sees it; null past the value or once cleared. */
    private JsonToken token;
    private JsonToken lastCleared;
    private ObjectCodec codec;
    /** The decoder's error during a read, kept for the decoder. */
    private Throwable failure;
    /**
     * Names the binder read, interned, by the parser's canonical String for them, in slots by hash. Databind finds a
     * member's property in a HashMap keyed by interned names, and compares a name that is not the same String by
     * its characters (3% of binding small records). The decoder's parser does not intern, because interning every
     * new name is most of the cost of a body keyed by ids: here a name is interned only when its canonical String
     * comes back to its slot, that is when it repeats; names that are not canonical are never the same String again,
     * and so never interned.
     */
    private final String[] canonicalNames = new String[NAME_SLOTS];
    private final String[] internedNames = new String[NAME_SLOTS];
    private static final int NAME_SLOTS = 64;

    InPlaceParser(JsonParser parser, TokenSource source) {
        super(parser);
        this.source = source;
    }

    /** Lends the view; the parser stands on the value's first token (a START, or the scalar). */
    void lend() {
        JsonToken first = delegate.currentToken();
        state = LENT;
        token = first;
        lastCleared = null;
        level = 0;
        open = first == JsonToken.START_OBJECT || first == JsonToken.START_ARRAY ? 1 : 0;
        codec = null;
        failure = null;
        _features = delegate.getFeatureMask();
    }

    /** Ends the loan; returns the state it ended in. */
    int giveBack() {
        int s = state;
        state = IDLE;
        token = null;
        codec = null;
        return s;
    }

    /** Whether the binder read the value's last token. */
    boolean readWhole() {
        return open == 0;
    }

    Throwable failure() {
        return failure;
    }

    @Override
    public JsonToken nextToken() throws IOException {
        if (state != LENT) {
            return notLent();
        }
        if (open == 0) {
            state = PAST;
            token = null;
            return null;
        }
        JsonToken t;
        try {
            t = source.pull();
        } catch (RuntimeException | Error e) {
            failure = e;
            state = FAILED;
            throw Abandoned.FAILED;
        }
        if (t == JsonToken.NOT_AVAILABLE) {
            state = GIVEN_UP;
            throw Abandoned.RUNS_ON;
        }
        int id = t.id();
        if (id == JsonTokenId.ID_START_OBJECT || id == JsonTokenId.ID_START_ARRAY) {
            level = open++;
        } else if (id == JsonTokenId.ID_END_OBJECT || id == JsonTokenId.ID_END_ARRAY) {
            level = --open;
        } else {
            level = open;
        }
        token = t;
        return t;
    }

    private JsonToken notLent() {
        if (state == GIVEN_UP) {
            throw Abandoned.RUNS_ON;
        }
        if (state == FAILED) {
            throw Abandoned.FAILED;
        }
        return null; // past the value, closed, or used after the binder returned: the end
    }

    @Override
    public JsonToken nextValue() throws IOException {
        JsonToken t = nextToken();
        return t == JsonToken.FIELD_NAME ? nextToken() : t;
    }

    @Override
    public JsonParser skipChildren() throws IOException {
        if (token != JsonToken.START_OBJECT && token != JsonToken.START_ARRAY) {
            return this;
        }
        int depth = 1;
        while (depth > 0) {
            JsonToken t = nextToken();
            if (t == null) {
                break;
            }
            if (t.isStructStart()) {
                depth++;
            } else if (t.isStructEnd()) {
                depth--;
            }
        }
        return this;
    }

    @Override
    public JsonToken currentToken() {
        return token;
    }

    @Override
    public JsonToken getCurrentToken() {
        return token;
    }

    @Override
    public int currentTokenId() {
        return token == null ? JsonTokenId.ID_NO_TOKEN : token.id();
    }

    @Override
    public int getCurrentTokenId() {
        return currentTokenId();
    }

    @Override
    public boolean hasCurrentToken() {
        return token != null;
    }

    @Override
    public boolean hasTokenId(int id) {
        return token == null ? id == JsonTokenId.ID_NO_TOKEN : token.id() == id;
    }

    @Override
    public boolean hasToken(JsonToken t) {
        return token == t;
    }

    @Override
    public boolean isExpectedStartArrayToken() {
        return token == JsonToken.START_ARRAY;
    }

    @Override
    public boolean isExpectedStartObjectToken() {
        return token == JsonToken.START_OBJECT;
    }

    @Override
    public boolean isExpectedNumberIntToken() {
        return token == JsonToken.VALUE_NUMBER_INT;
    }

    @Override
    public void clearCurrentToken() {
        if (token != null) {
            lastCleared = token;
            token = null;
        }
    }

    @Override
    public JsonToken getLastClearedToken() {
        return lastCleared;
    }

    /** The value's own first and last tokens have no name: the value is a root to its binder. */
    @Override
    public String currentName() throws IOException {
        return level == 0 || token == null ? null : interned(delegate.currentName());
    }

    private String interned(String name) {
        if (name == null) {
            return null;
        }
        int slot = name.hashCode() & (NAME_SLOTS - 1);
        if (canonicalNames[slot] != name) {
            canonicalNames[slot] = name;
            internedNames[slot] = null;
            return name;
        }
        String interned = internedNames[slot];
        if (interned == null) {
            interned = name.intern();
            internedNames[slot] = interned;
        }
        return interned;
    }

    @Override
    public String getCurrentName() throws IOException {
        return currentName();
    }

    @Override
    public JsonStreamContext getParsingContext() {
        return delegate.getParsingContext();
    }

    @Override
    public void close() {
        if (state == LENT) {
            state = PAST;
            token = null;
        }
    }

    @Override
    public boolean isClosed() {
        return state != LENT;
    }

    // ---- settings stay on the view ----

    @Override
    public void setCodec(ObjectCodec c) {
        codec = c;
    }

    @Override
    public ObjectCodec getCodec() {
        return codec;
    }

    @Override
    public JsonParser enable(Feature f) {
        _features |= f.getMask();
        return this;
    }

    @Override
    public JsonParser disable(Feature f) {
        _features &= ~f.getMask();
        return this;
    }

    @Override
    public boolean isEnabled(Feature f) {
        return f.enabledIn(_features);
    }

    @Override
    public int getFeatureMask() {
        return _features;
    }

    @Override
    public JsonParser setFeatureMask(int mask) {
        _features = mask;
        return this;
    }

    @Override
    public JsonParser overrideStdFeatures(int values, int mask) {
        _features = (_features & ~mask) | (values & mask);
        return this;
    }

    @Override
    public JsonParser overrideFormatFeatures(int values, int mask) {
        return this; // JSON has no format features
    }

    @Override
    public void setSchema(FormatSchema schema) {
        throw new UnsupportedOperationException("JSON takes no schema");
    }

    @Override
    public boolean canParseAsync() {
        return false;
    }

    @Override
    public NonBlockingInputFeeder getNonBlockingInputFeeder() {
        return null;
    }

    @Override
    public Object getInputSource() {
        return null;
    }

    /**
     * Why a read stopped: the input ran out inside the value, or decoding failed; the decoder catches it when the
     * binder returns. An {@code Error}, so that jackson-databind lets it through as it is: its deserializers catch
     * exceptions to add the path (a new exception, with a stack trace, at every level), and they would take one
     * thrown here for a failure to bind. Shared and without a stack trace: it only unwinds the binder.
     */
    static final class Abandoned extends Error {
        private static final long serialVersionUID = 1L;
        static final Abandoned RUNS_ON = new Abandoned(
                "the value runs past the input fed so far: it is bound again once it has arrived whole");
        static final Abandoned FAILED = new Abandoned("decoding failed inside the value");

        private Abandoned(String message) {
            super(message, null, false, false);
        }
    }
}
