package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What a strict decoder of one JSON text ({@link Framing#SINGLE}, default limits, malformed UTF-8 rejected) must
 * accept, and the tokens it must report: Jackson's blocking parser over the whole byte[], with the adjustments
 * below for what the decoder documents differently. Independent of the decoder's code.
 */
final class StrictReference {
    /**
     * Jackson's defaults for depth (1000), number digits (1000) and name length (50,000) are the decoder's; its
     * string limit is set to the decoder's 5,000,000 characters so that the two refuse the same strings.
     */
    private static final JsonFactory BLOCKING = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth((int) Limit.MAX_DEPTH.defaultValue())
                    .maxNumberLength((int) Limit.MAX_NUMBER_LENGTH.defaultValue())
                    .maxNameLength((int) Limit.MAX_NAME_LENGTH.defaultValue())
                    .maxStringLength((int) Limit.MAX_STRING_LENGTH.defaultValue())
                    .build())
            .build();

    private StrictReference() {
    }

    /** Whether the input is one JSON text, and why not. */
    record Verdict(boolean accepted, String reason) {
    }

    static Verdict judge(byte[] input) {
        // The decoder documents that it refuses malformed UTF-8 anywhere: the JDK's strict decoder says what that
        // is, independently of Jackson. (Jackson 2.23's blocking parser refuses all that the mutations make too:
        // encoded surrogates, overlong forms, code points past U+10FFFF and cut sequences, in strings and names;
        // removing this check changed no verdict. It is kept so that the reference does not rest on that.)
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(input));
        } catch (CharacterCodingException e) {
            return new Verdict(false, "malformed UTF-8 (JDK decoder): " + e);
        }
        // A NUL byte is never JSON (not whitespace, and a control character must be escaped in a string), so
        // refusing it up front is the grammar itself. It keeps Jackson's encoding detection, which takes NULs in
        // the first four bytes for UTF-16 or UTF-32 (the decoder answers those with an ENCODING error), out of the
        // verdict; in practice Jackson then refuses the input as well (removing this changed no verdict).
        for (byte b : input) {
            if (b == 0) {
                return new Verdict(false, "NUL byte");
            }
        }
        try (JsonParser p = BLOCKING.createParser(input)) {
            int depth = 0;
            int roots = 0;
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (depth == 0 && t != JsonToken.END_ARRAY && t != JsonToken.END_OBJECT) {
                    // Framing SINGLE: Jackson reads further root values ([][] or 1 2); the decoder refuses them.
                    // (The count below would refuse them too; stopping here names the reason.)
                    if (++roots > 1) {
                        return new Verdict(false, "a second root value at " + p.currentTokenLocation());
                    }
                }
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                } else if (t == JsonToken.VALUE_STRING) {
                    p.getText(); // Jackson reads a string lazily; this makes it check all of it
                }
            }
            // Empty or whitespace-only input is no JSON text (Jackson just reports no token).
            return roots == 1 ? new Verdict(true, "one JSON text") : new Verdict(false, "no value");
        } catch (JsonProcessingException e) {
            return new Verdict(false, "Jackson: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Jackson's tokens for an accepted input, described as {@link JacksonOracleTest#describe(TokenCursor)}
     * describes the decoder's. One documented difference is accounted for: after a lone CR (one not followed by
     * LF) Jackson counts a new line, the decoder counts lines by LF only (TokenCursor, README), so for such inputs
     * line and column are derived from Jackson's byte offset by the decoder's rule. (A UTF-8 BOM needs nothing:
     * Jackson's blocking parser counts it in offsets and columns, as the decoder does.)
     */
    static List<String> tokens(byte[] input) {
        boolean loneCr = hasLoneCr(input);
        try (JsonParser p = BLOCKING.createParser(input)) {
            return JacksonOracleTest.blocking(p, loc -> loc.getByteOffset() + " " + (loneCr
                    ? lineAndColumnByLf(input, loc.getByteOffset()) : loc.getLineNr() + ":" + loc.getColumnNr()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Line and column of a byte as the decoder documents them: lines by LF, columns in bytes, both from 1. */
    static String lineAndColumnByLf(byte[] input, long offset) {
        int line = 1;
        long lineStart = 0;
        for (int i = 0; i < offset && i < input.length; i++) {
            if (input[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return line + ":" + (offset - lineStart + 1);
    }

    private static boolean hasLoneCr(byte[] input) {
        for (int i = 0; i < input.length; i++) {
            if (input[i] == '\r' && (i + 1 == input.length || input[i + 1] != '\n')) {
                return true;
            }
        }
        return false;
    }
}
