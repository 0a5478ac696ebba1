package dev.jsonstream.decoder;

import java.math.BigDecimal;
import java.math.BigInteger;

/**
 * The token being delivered to a {@link TokenHandler}: a flyweight that the decoder re-points at each token.
 *
 * <p><b>Valid only during the callback.</b> Once {@code onToken} returns, every method throws
 * {@link IllegalStateException}, so stale data is never read by mistake; copy out what you keep. The same
 * object is handed to the next callback, where it describes the next token. The {@link #textChars()} view
 * follows the same rule.
 *
 * <p><b>Where.</b> {@link #pointer()} is the JSON Pointer (RFC 6901) of the value the token belongs to: a
 * container's start and end tokens carry the container's own pointer, a {@code FIELD_NAME} carries the pointer of
 * the member it names, a scalar its own. It is built only when asked, from the decoder's own path stack.
 * {@link #byteOffset()} is where the token starts, counted from the first byte of the input (a BOM counts);
 * {@link #line()} and {@link #column()} locate the same byte (lines by LF, columns in bytes, both from 1).
 *
 * <p><b>Numbers are lossless.</b> {@link #numberText()} is the number exactly as written
 * ({@code 18446744073709551616}, {@code 1e400}, {@code -0.0}); {@link #bigIntegerValue()} and
 * {@link #decimalValue()} are exact; {@link #longValue()} refuses what does not fit rather than wrap;
 * {@link #doubleValue()} rounds as {@link Double#parseDouble} does.
 *
 * <pre>{@code
 * TokenHandler ids = t -> {
 *     if (t.kind() == TokenKind.INT && "id".equals(t.fieldName())) {
 *         System.out.println(t.pointer() + " = " + t.numberText() + " at byte " + t.byteOffset());
 *     }
 * };
 * }</pre>
 */
public interface TokenCursor {

    /**
     * What this token is; the methods below say which kinds they apply to.
     *
     * @return the kind, never null
     */
    TokenKind kind();

    /**
     * Containers open around this token. A container's own start and end tokens count it: the top-level
     * object's {@code START_OBJECT} is depth 1, a top-level scalar depth 0, a member of the top-level object 1.
     *
     * @return the depth, from 0; 0 for {@code END_ROOT}
     */
    int depth();

    /**
     * For {@code FIELD_NAME}, the name; for a value (or container) that is a member of an object, the member's
     * name; otherwise (array elements, root values, {@code END_ROOT}) null.
     *
     * @return the name with its escapes resolved, or null
     */
    String fieldName();

    /**
     * The index of this value in its enclosing array, or -1 when the value is not an array element.
     *
     * @return the index from 0, or -1 (also for {@code FIELD_NAME} and {@code END_ROOT})
     */
    int arrayIndex();

    /**
     * The JSON Pointer of this token's value; {@code ""} is the root. Allocates a new String on each call.
     *
     * @return the pointer, with {@code ~} and {@code /} in names escaped as {@code ~0} and {@code ~1}
     */
    String pointer();

    /**
     * Appends {@link #pointer()} to {@code out} without building an intermediate String.
     *
     * @param out receives the pointer after what it already holds; nothing is appended for the root
     */
    void appendPointer(StringBuilder out);

    /**
     * How many root values came before the current one (0 for the first).
     *
     * @return the index from 0 of the root value this token belongs to (for {@code END_ROOT}, the one that ended);
     *     for the tokens a {@link Selection} streams to an {@code events} handler, the match's index
     */
    long rootIndex();

    /**
     * The text of a {@code STRING} or {@code FIELD_NAME}; for numbers their source text; for literals
     * {@code "true"}, {@code "false"}, {@code "null"}; null for structural tokens and {@code END_ROOT}.
     *
     * @return the text, with the escapes of strings and names resolved, or null
     */
    String text();

    /**
     * Like {@link #text()} without copying: a view over the decoder's buffer, valid during the callback only.
     * For structural tokens, an empty sequence.
     *
     * @return the view, never null; call {@code toString()} on it to keep the text
     */
    CharSequence textChars();

    /**
     * The number exactly as written in the input. Only for {@code INT} and {@code FLOAT}.
     *
     * @return the text, sign, fraction and exponent as they stand ({@code -0.0}, {@code 1E+2})
     * @throws IllegalStateException if the token is not a number
     */
    String numberText();

    /**
     * True when this is an {@code INT} whose value fits in a {@code long}.
     *
     * @return whether {@link #longValue()} will succeed; false for every other kind
     */
    boolean fitsInLong();

    /**
     * The value of an {@code INT} that {@link #fitsInLong() fits}; otherwise {@link ArithmeticException}.
     *
     * @return the exact value, never wrapped
     * @throws ArithmeticException if the {@code INT} does not fit in a {@code long} (use {@link #bigIntegerValue()})
     * @throws IllegalStateException if the token is not an {@code INT}
     */
    long longValue();

    /**
     * The exact value of an {@code INT}.
     *
     * @return the value, of any size the number limit lets through
     * @throws IllegalStateException if the token is not an {@code INT} (for a {@code FLOAT}, see
     *     {@link #decimalValue()})
     */
    BigInteger bigIntegerValue();

    /**
     * The exact value of an {@code INT} or {@code FLOAT}; {@link NumberFormatException} when the exponent is beyond
     * what {@link BigDecimal} can hold (such as {@code 0.4e006699999999999999999999}). {@link #numberText()} always
     * works.
     *
     * @return the value with the scale as written: {@code 1.50} has scale 2, {@code 1E+2} scale -2
     * @throws NumberFormatException if the exponent is beyond what {@link BigDecimal} can hold
     * @throws IllegalStateException if the token is not a number
     */
    BigDecimal decimalValue();

    /**
     * The nearest double of an {@code INT} or {@code FLOAT} (infinite when out of range, as Java parses it).
     *
     * @return the value rounded to a double: infinite beyond its range, zero (signed as written) below it
     * @throws IllegalStateException if the token is not a number
     */
    double doubleValue();

    /**
     * The value of {@code TRUE} or {@code FALSE}.
     *
     * @return true for {@code TRUE}, false for {@code FALSE}
     * @throws IllegalStateException for any other kind ({@code NULL} included)
     */
    boolean booleanValue();

    /**
     * Offset of the token's first byte from the first byte of the input (for {@code END_ROOT}: of the root value's
     * last byte).
     *
     * @return the offset in bytes, from 0, a BOM counted
     */
    long byteOffset();

    /**
     * Offset just past the token's last byte (for {@code END_ROOT}: past the root value's last byte).
     *
     * @return the offset in bytes; {@code endByteOffset() - byteOffset()} is the token's length in the input,
     *     quotes and escapes included
     */
    long endByteOffset();

    /**
     * 1-based line of {@link #byteOffset()}, counting LF bytes.
     *
     * @return the line, from 1; a CR alone does not start a line
     */
    long line();

    /**
     * 1-based column of {@link #byteOffset()}, in bytes from the last LF.
     *
     * @return the column, from 1, counting bytes: a character of several bytes counts for each
     */
    long column();

    /**
     * Asks the decoder to stop after this token: the {@code feed} or {@code resume} call that is delivering it
     * returns as soon as this callback does, and the decoder delivers nothing more until
     * {@link JsonDecoder#resume()}. See {@link JsonDecoder} for what the caller must do with its buffer meanwhile.
     */
    void pause();
}
