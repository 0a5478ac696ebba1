package dev.jsonstream.decoder;

/** What a token is. Every kind but {@link #END_ROOT} corresponds to one JSON token in the input. */
public enum TokenKind {
    /** The opening brace of an object; the token carries the object's own pointer and depth. */
    START_OBJECT,
    /** The closing brace of an object, with the same pointer and depth as its {@link #START_OBJECT}. */
    END_OBJECT,
    /** The opening bracket of an array; the token carries the array's own pointer and depth. */
    START_ARRAY,
    /** The closing bracket of an array, with the same pointer and depth as its {@link #START_ARRAY}. */
    END_ARRAY,
    /** A member name; the cursor's pointer already names the member ({@code /a} for {@code "a":}). */
    FIELD_NAME,
    /** A string value; {@link TokenCursor#text()} is its text with the escapes resolved. */
    STRING,
    /** A number written without fraction or exponent, of any size. */
    INT,
    /** A number written with a fraction or an exponent, of any size and precision. */
    FLOAT,
    /** The literal {@code true}. */
    TRUE,
    /** The literal {@code false}. */
    FALSE,
    /** The literal {@code null}: a value, not an absent one ({@link TokenCursor#text()} is {@code "null"}). */
    NULL,
    /**
     * Not a token of the input: the root value that the previous token completed has ended. Sent once per
     * root value in every {@link Framing}, so a handler counts documents the same way in all of them.
     */
    END_ROOT;

    /**
     * True for the kinds that carry a scalar value: strings, numbers and the three literals.
     *
     * @return true for {@link #STRING}, {@link #INT}, {@link #FLOAT}, {@link #TRUE}, {@link #FALSE} and
     *     {@link #NULL}; false for the structural kinds, {@link #FIELD_NAME} (a name is not a value) and
     *     {@link #END_ROOT}
     */
    public boolean isScalarValue() {
        return this == STRING || this == INT || this == FLOAT || this == TRUE || this == FALSE || this == NULL;
    }

    /**
     * True for {@link #INT} and {@link #FLOAT}.
     *
     * @return whether {@link TokenCursor#numberText()}, {@link TokenCursor#decimalValue()} and
     *     {@link TokenCursor#doubleValue()} apply to a token of this kind
     */
    public boolean isNumber() {
        return this == INT || this == FLOAT;
    }
}
