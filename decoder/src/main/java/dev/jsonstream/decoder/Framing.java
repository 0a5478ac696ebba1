package dev.jsonstream.decoder;

/** How root values are laid out in the input. */
public enum Framing {
    /**
     * Exactly one root value, with only whitespace around it (RFC 8259). Anything else after the value is an
     * error at its first byte, reported as soon as that byte arrives, whose detail starts with "more than one JSON
     * value" (a program may tell it from other syntax errors by that). (Jackson's own streaming parser accepts
     * {@code [][]}; this framing does not.)
     */
    SINGLE,
    /**
     * Any number of root values, one after the other, separated by whitespace where the grammar needs it. This
     * covers NDJSON / JSON Lines and the output of {@code jq -c}. Empty input is zero values, not an error.
     */
    CONCATENATED,
    /**
     * RFC 7464 JSON text sequences: each record is {@code RS (0x1E)}, one JSON text, {@code LF}. Records that
     * hold only whitespace (such as consecutive RS bytes) are skipped. Non-whitespace before the first RS, more
     * than one value in a record, a record whose text is cut short by the next RS or the end, and a record not
     * ending in LF are errors: this decoder reports truncation rather than silently recovering from it.
     */
    JSON_SEQ
}
