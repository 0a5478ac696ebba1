package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonParser;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;

/**
 * One value a {@link Selection} picked out, handed to a {@link MatchHandler} when the value ends. A flyweight like
 * {@link TokenCursor}: valid only during the callback (afterwards every method throws
 * {@link IllegalStateException}); copy out what you keep ({@link #toByteArray()}), or bind it during the callback
 * ({@link #parser()}).
 *
 * <pre>{@code
 * ObjectMapper mapper = new ObjectMapper();                       // jackson-databind, on your class path
 * Selection items = Selection.builder()
 *         .raw("/items/*", m -> store(mapper.readValue(m.parser(), Item.class)))
 *         .build();
 * }</pre>
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
     * How many values this pattern matched before this one in the body, from 0: {@code index() + 1} is the count so
     * far (a {@link Selection.Builder#located located} pattern counts at no cost).
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
     * @throws IllegalStateException for other forms than RAW
     */
    ByteBuffer bytes();

    /**
     * RAW matches: a copy of {@link #bytes()}.
     *
     * @return a new array of the value's exact bytes, which may be kept after the callback
     * @throws IllegalStateException for other forms than RAW
     */
    byte[] toByteArray();

    /**
     * RAW matches: a Jackson parser over the value's bytes, read in place (no copy), already on the value's first
     * token: hand it to a binder, as in {@code mapper.readValue(match.parser(), Item.class)} with jackson-databind,
     * which then parses the value once. It has the decoder's limits, and Jackson's blocking parser's speed.
     *
     * <p>Valid during the callback only, like the match: the decoder closes it when the callback returns (its
     * buffers go back to the configuration's pool). Each call makes a new parser and closes the one before.
     *
     * @return a parser whose current token is the value's first
     * @throws IllegalStateException for other forms than RAW
     */
    JsonParser parser();

    /**
     * RAW matches: the value's bytes as a stream, read in place (no copy), for binders that read streams. Valid
     * during the callback only.
     *
     * @return a new stream over the value's exact bytes
     * @throws IllegalStateException for other forms than RAW
     */
    InputStream inputStream();

    /**
     * VALUE matches: the value as plain Java objects: {@code Map<String, Object>} (insertion order), {@code List},
     * {@code String}, {@code Boolean}, null, and for numbers:
     * <ul>
     * <li>an integer ({@code 12}, {@code -3}): {@code Long}, or {@code BigInteger} when it does not fit;</li>
     * <li>a number with a fraction or an exponent ({@code 12.5}, {@code 1e3}): {@code Double}, or
     * {@code BigDecimal} (exact) with {@link Selection.Builder#exactDecimals(boolean)}.</li>
     * </ul>
     * All are {@code Number}s. To compare a number match without an {@code instanceof} chain or a loss of
     * precision, use {@link #decimalValue()}.
     *
     * @return the value, built for this match and the caller's to keep; null for a JSON {@code null}
     * @throws IllegalStateException for other forms than VALUE
     */
    Object value();

    /**
     * A number's exact value, whatever the form and however VALUE matches give numbers: compare with
     * {@code compareTo} ({@code m.decimalValue().compareTo(BigDecimal.TEN) > 0}) and no precision is lost.
     *
     * @return the number as written, as a {@code BigDecimal} (scale and all: {@code 1.50} keeps its scale 2)
     * @throws IllegalStateException when the value is not a number
     * @throws NumberFormatException when the exponent is beyond what {@code BigDecimal} can hold
     */
    BigDecimal decimalValue();

    /** Asks the decoder to pause after this value; see {@link TokenCursor#pause()}. */
    void pause();
}
