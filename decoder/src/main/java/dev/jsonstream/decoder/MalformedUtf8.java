package dev.jsonstream.decoder;

/** What the decoder does with bytes that are not well-formed UTF-8. */
public enum MalformedUtf8 {
    /**
     * The default: a {@link ErrorKind#MALFORMED} error at the first offending byte, naming what is wrong (overlong
     * form, encoded surrogate, code point above U+10FFFF, a byte that never appears in UTF-8, a sequence cut short).
     */
    REJECT,
    /**
     * Decode anyway: each maximal ill-formed subsequence becomes one U+FFFD REPLACEMENT CHARACTER, as
     * {@code new String(bytes, UTF_8)} and the WHATWG decoder do. Inside strings and names the text then carries
     * U+FFFD; elsewhere JSON allows no such character and the error names it. Offsets, lines and columns keep
     * counting the input's own bytes.
     */
    REPLACE
}
