package dev.jsonstream.decoder;

/** What a token is. Every kind but {@link #END_ROOT} corresponds to one JSON token in the input. */
public enum TokenKind {
    START_OBJECT,
    END_OBJECT,
    START_ARRAY,
    END_ARRAY,
    /** A member name; the cursor's pointer already names the member ({@code /a} for {@code "a":}). */
    FIELD_NAME,
    STRING,
    /** A number written without fraction or exponent, of any size. */
    INT,
    /** A number written with a fraction or an exponent, of any size and precision. */
    FLOAT,
    TRUE,
    FALSE,
    NULL,
    /**
     * Not a token of the input: the root value that the previous token completed has ended. Sent once per
     * root value in every {@link Framing}, so a handler counts documents the same way in all of them.
     */
    END_ROOT;

    /** True for the kinds that carry a scalar value: strings, numbers and the three literals. */
    public boolean isScalarValue() {
        return this == STRING || this == INT || this == FLOAT || this == TRUE || this == FALSE || this == NULL;
    }

    /** True for {@link #INT} and {@link #FLOAT}. */
    public boolean isNumber() {
        return this == INT || this == FLOAT;
    }
}
