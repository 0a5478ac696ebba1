package dev.jsonstream.decoder;

import java.nio.ByteBuffer;

/**
 * One value a {@link Selection} picked out, handed to a {@link MatchHandler} when the value ends. A flyweight like
 * {@link TokenCursor}: valid only during the callback (afterwards every method throws
 * {@link IllegalStateException}); copy out what you keep ({@link #toByteArray()}).
 */
public interface Match {

    /**
     * The pattern that matched.
     *
     * @return the pattern as given to (or compiled by) the {@link Selection.Builder}; a value that several patterns
     *     match is handed over once for each
     */
    PathPattern pattern();

    /**
     * The value's JSON Pointer in the whole document.
     *
     * @return the pointer from the root of the document ({@code ""} for the root value itself), never relative
     */
    String pointer();

    /**
     * How many values this pattern matched before this one, from 0.
     *
     * @return the count of this pattern's earlier matches in the body, over all its root values
     */
    long index();

    /**
     * Offset of the value's first byte in the input.
     *
     * @return the offset in bytes, from the first byte of the input (a BOM counts)
     */
    long byteOffset();

    /**
     * Offset just past the value's last byte.
     *
     * @return the offset in bytes; {@code endByteOffset() - byteOffset()} is the value's length in the input
     */
    long endByteOffset();

    /**
     * RAW matches: the value's exact bytes as they stood in the input, a read-only view (no copy when the value lay
     * in one buffer). Valid during the callback only.
     *
     * @return a new read-only buffer on each call, from position 0 to a limit of the value's length
     * @throws IllegalStateException for VALUE matches
     */
    ByteBuffer bytes();

    /**
     * RAW matches: a copy of {@link #bytes()}.
     *
     * @return a new array of the value's exact bytes, which may be kept after the callback
     * @throws IllegalStateException for VALUE matches
     */
    byte[] toByteArray();

    /**
     * VALUE matches: the value as plain Java objects: {@code Map<String, Object>} (insertion order), {@code List},
     * {@code String}, {@code Long} (or {@code BigInteger} when it does not fit), {@code Double} (or
     * {@code BigDecimal} with {@link Selection.Builder#exactDecimals(boolean)}), {@code Boolean}, or null.
     *
     * @return the value, built for this match and the caller's to keep; null for a JSON {@code null}
     * @throws IllegalStateException for RAW matches
     */
    Object value();

    /** Asks the decoder to pause after this value; see {@link TokenCursor#pause()}. */
    void pause();
}
