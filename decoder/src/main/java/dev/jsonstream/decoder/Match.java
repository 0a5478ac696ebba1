package dev.jsonstream.decoder;

import java.nio.ByteBuffer;

/**
 * One value a {@link Selection} picked out, handed to a {@link MatchHandler} when the value ends. A flyweight like
 * {@link TokenCursor}: valid only during the callback (afterwards every method throws
 * {@link IllegalStateException}); copy out what you keep ({@link #toByteArray()}).
 */
public interface Match {

    /** The pattern that matched. */
    PathPattern pattern();

    /** The value's JSON Pointer in the whole document. */
    String pointer();

    /** How many values this pattern matched before this one, from 0. */
    long index();

    /** Offset of the value's first byte in the input. */
    long byteOffset();

    /** Offset just past the value's last byte. */
    long endByteOffset();

    /**
     * RAW matches: the value's exact bytes as they stood in the input, a read-only view (no copy when the value lay
     * in one buffer). Valid during the callback only.
     *
     * @throws IllegalStateException for VALUE matches
     */
    ByteBuffer bytes();

    /** RAW matches: a copy of {@link #bytes()}. */
    byte[] toByteArray();

    /**
     * VALUE matches: the value as plain Java objects: {@code Map<String, Object>} (insertion order), {@code List},
     * {@code String}, {@code Long} (or {@code BigInteger} when it does not fit), {@code Double} (or
     * {@code BigDecimal} with {@link Selection.Builder#exactDecimals(boolean)}), {@code Boolean}, or null.
     *
     * @throws IllegalStateException for RAW matches
     */
    Object value();

    /** Asks the decoder to pause after this value; see {@link TokenCursor#pause()}. */
    void pause();
}
