package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;

/**
 * The {@link Match} a {@link Selector} hands to a pattern's {@link MatchHandler}: one flyweight per selection, valid
 * during the callback only; a parser lent by {@link #parser()} is closed when the callback returns.
 */
final class SelectedMatch implements Match {
    /** The selection whose match this is, for the call; null between calls. */
    private Selector owner;
    private boolean valid;
    private int pattern;
    private long index;
    private long start;
    private long end;
    private ByteBuffer bytes;
    private Object value;
    private TokenCursor cursor;
    /** The parser last lent by {@link #parser()}, closed when the callback returns. */
    private JsonParser lent;

    void deliver(Selector owner, int p, long index, long start, long end, ByteBuffer bytes, Object value,
            TokenCursor cursor) {
        this.bytes = bytes;
        this.value = value;
        call(owner, p, index, start, end, cursor, null, null, null);
    }

    /** A BOUND match: the binder's outcome to its handler. */
    void deliverBound(Selector owner, int p, long index, long start, long end, TokenCursor cursor,
            BoundPattern<?> bound, Object item, Exception failure) {
        call(owner, p, index, start, end, cursor, bound, item, failure);
    }

    /** Makes the match valid for one handler call (a BOUND pattern's when {@code bound} is set), then stale. */
    private void call(Selector owner, int p, long index, long start, long end, TokenCursor cursor,
            BoundPattern<?> bound, Object item, Exception failure) {
        this.owner = owner;
        this.pattern = p;
        this.index = index;
        this.start = start;
        this.end = end;
        this.cursor = cursor;
        this.valid = true;
        try {
            if (bound != null) {
                bound.deliver(this, item, failure);
            } else {
                owner.matchHandler(p).onMatch(this);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            this.valid = false;
            this.bytes = null;
            this.value = null;
            this.cursor = null;
            closeLent();
            this.owner = null;
        }
    }

    private void check() {
        if (!valid) {
            throw new IllegalStateException("this match was used after its callback returned;"
                    + " copy what you need during the callback");
        }
    }

    @Override
    public PathPattern pattern() {
        check();
        return owner.pattern(pattern);
    }

    @Override
    public String pointer() {
        check();
        return owner.matchPointer(pattern); // the path is still at the match's last token
    }

    @Override
    public long index() {
        check();
        return index;
    }

    @Override
    public long byteOffset() {
        check();
        return start;
    }

    @Override
    public long endByteOffset() {
        check();
        return end;
    }

    @Override
    public ByteBuffer bytes() {
        return rawBytes().asReadOnlyBuffer();
    }

    @Override
    public JsonParser parser() {
        ByteBuffer b = rawBytes();
        closeLent();
        lent = owner.input().bytesParser(b);
        return lent;
    }

    @Override
    public InputStream inputStream() {
        ByteBuffer b = rawBytes();
        return b.hasArray() ? new ByteArrayInputStream(b.array(), b.arrayOffset() + b.position(), b.remaining())
                : new ByteBufferInput(b);
    }

    private ByteBuffer rawBytes() {
        check();
        if (bytes == null) {
            throw new IllegalStateException("not a RAW match: " + (owner.form(pattern) == Selection.Form.VALUE
                    ? "use value()" : owner.form(pattern) == Selection.Form.BOUND
                    ? "the value was bound (Selection.Builder.bind)"
                    : "use a RAW pattern (Selection.Builder.raw) for the bytes"));
        }
        return bytes.duplicate();
    }

    @Override
    public BigDecimal decimalValue() {
        check();
        TokenKind kind = cursor.kind();
        if (start != cursor.byteOffset() || (kind != TokenKind.INT && kind != TokenKind.FLOAT)) {
            throw new IllegalStateException("not a number: the value at " + pointer() + " is "
                    + (start != cursor.byteOffset() ? "an object or an array" : "a " + kind));
        }
        return cursor.decimalValue(); // a number's match ends on its one token: the cursor is on it
    }

    private void closeLent() {
        if (lent != null) {
            try {
                lent.close();
            } catch (IOException ignored) {
                // closing a parser over bytes only gives its buffers back
            }
            lent = null;
        }
    }

    @Override
    public byte[] toByteArray() {
        ByteBuffer b = bytes();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    @Override
    public Object value() {
        check();
        if (owner.form(pattern) != Selection.Form.VALUE) {
            throw new IllegalStateException("not a VALUE match: use " + (owner.form(pattern) == Selection.Form.RAW
                    ? "bytes()" : "a VALUE pattern (Selection.Builder.value) for the value"));
        }
        return value;
    }

    @Override
    public void pause() {
        check();
        cursor.pause();
    }

    @Override
    public String toString() {
        return valid ? "Match(" + owner.pattern(pattern) + " at " + pointer() + ")" : "Match(stale)";
    }
}
