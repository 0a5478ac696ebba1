package dev.jsonstream.decoder;

/** The class of a {@link JsonDecodeException}. */
public enum ErrorKind {
    /** The bytes are not JSON (syntax, invalid UTF-8, data after the root value, a bad JSON text sequence). */
    MALFORMED,
    /** A configured {@link Limit} was exceeded; {@link JsonDecodeException#limit()} names it. */
    LIMIT_EXCEEDED,
    /** The input ended (or a JSON_SEQ record ended) before the JSON text did. */
    INCOMPLETE,
    /** The input is not UTF-8: it starts like UTF-16 or UTF-32. */
    ENCODING
}
