package dev.jsonstream.decoder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The words of every syntax error: what was found and what was expected, in JSON's terms, with at most a short
 * escaped excerpt of the input.
 *
 * <p>Jackson's own messages are never passed on: they name its classes and features, word one error differently
 * depending on where buffers split, and quote a non-ASCII character by its first byte. What was expected comes from
 * the decoder's own state (the open container, the last token delivered, the last significant byte), what was found
 * from the input bytes at the error. Jackson's message is used only to tell which kind of problem it met inside a
 * token, where the decoder cannot see: {@link #classify} is the one place that reads it, and anything it does not
 * recognise is worded from the decoder's state alone.
 */
final class SyntaxMessages {
    /**
     * What was found, when it is not a character: the end of the input, a character the decoder no longer holds
     * (never expected), and the first bytes of a character whose next byte is not UTF-8.
     */
    static final int END = -1;
    static final int UNKNOWN = -2;
    static final int BROKEN = -3;
    /** Jackson collects at most this many characters of an unrecognized word (the decoder configures it so). */
    static final int MAX_WORD = 32;

    private SyntaxMessages() {
    }

    /** Where Jackson's location for a problem lies relative to the character the message must point at. */
    enum Where {
        /** At the character. */
        AT,
        /** Just past the character (Jackson has consumed it). */
        ONE_PAST,
        /** At the first byte of the token in progress (a word, a signed number). */
        TOKEN_START,
        /** At the first byte of the input (Jackson took the first character for the start of a byte order mark). */
        INPUT_START
    }

    /**
     * The problems Jackson reports, each with the fragments of its messages that name it (as Jackson 2.23 words
     * them, in the order {@link #classify} tries them) and where it locates them.
     */
    enum Problem {
        /** "JSON spec does not allow numbers to have plus signs", and a sign not followed by a digit (see below). */
        PLUS_SIGN(Where.TOKEN_START, "plus signs"),
        /** "Non-standard token 'NaN'" (also 'Infinity', '-Infinity', '+Infinity'). */
        NON_NUMERIC_WORD(Where.TOKEN_START, "Non-standard token '"),
        /** "Unrecognized token 'trux'": a word that is not true, false or null. */
        WORD(Where.TOKEN_START, "Unrecognized token '"),
        /** "Invalid numeric value: Leading zeroes not allowed", located past the digit after the zero. */
        LEADING_ZERO(Where.ONE_PAST, "Leading zero"),
        /** "Decimal point not followed by a digit". */
        DIGIT_AFTER_POINT(Where.AT, "Decimal point not followed"),
        /** "Exponent indicator not followed by a digit", "was expecting fraction/digits after exponent marker". */
        DIGIT_IN_EXPONENT(Where.AT, "Exponent indicator", "after exponent marker"),
        /**
         * "expected digit (0-9) to follow minus sign", worded without the sign when the sign ended a buffer, and
         * "Unexpected end-of-input in a Number value". Which sign it was is read from the input: a plus sign is
         * {@link #PLUS_SIGN} whatever follows it.
         */
        DIGIT_AFTER_SIGN(Where.AT, "expected digit (0-9)", "in a Number value"),
        /** "Expected space separating root-level values": a top-level number followed by anything but whitespace. */
        ROOT_NUMBER_UNSEPARATED(Where.AT, "separating root-level values"),
        /** "Illegal unquoted character ((CTRL-CHAR, code 1)): has to be escaped ... in string value / in name". */
        CONTROL_IN_STRING(Where.AT, "Illegal unquoted character"),
        /** "Unrecognized character escape 'x' (code 120)", located at the last byte of the character. */
        INVALID_ESCAPE(Where.AT, "Unrecognized character escape"),
        /** "expected a hex-digit for character escape sequence". */
        HEX_DIGIT(Where.AT, "hex-digit"),
        /** "Unexpected low surrogate character (0xdc00) in field name" (in names only: strings keep them). */
        LOW_SURROGATE(Where.AT, "low surrogate character"),
        /** "Broken surrogate pair in field name: ...". */
        BROKEN_SURROGATE_PAIR(Where.AT, "Broken surrogate pair"),
        /** "Unexpected end-of-input in character escape sequence". */
        END_IN_ESCAPE(Where.AT, "end-of-input in character escape"),
        /** "Unexpected end-of-input in a String value", "Unexpected end-of-input in field name". */
        END_IN_STRING(Where.AT, "end-of-input in a String value", "end-of-input in field name"),
        /** "Unexpected end-of-input: expected close marker for Array (start marker at ...)". */
        END_IN_CONTAINER(Where.AT, "expected close marker for"),
        /** "Illegal character ((CTRL-CHAR, code 1)): only regular white space ... between tokens", located past it. */
        CONTROL_BETWEEN_TOKENS(Where.ONE_PAST, "Illegal character ((CTRL-CHAR"),
        /** "Unexpected byte 0xbf following 0xEF; should get 0xBB as second byte UTF-8 BOM". */
        BOM_LOOKALIKE(Where.INPUT_START, "byte UTF-8 BOM", "byte of UTF-8 BOM"),
        /**
         * Everything else: "Unexpected character ('}' (code 125)): was expecting comma to separate Array entries",
         * "Unexpected close marker", "expected a valid value", "was expecting a colon", "maybe a (non-standard)
         * comment?", and any wording a later Jackson may bring. Worded from the decoder's state alone.
         */
        UNEXPECTED(Where.AT);

        final Where where;
        private final String[] fragments;

        Problem(Where where, String... fragments) {
            this.where = where;
            this.fragments = fragments;
        }
    }

    /** The problem Jackson's message names; {@link Problem#UNEXPECTED} when it names none of the others. */
    static Problem classify(String jacksonMessage) {
        String m = jacksonMessage == null ? "" : jacksonMessage;
        for (Problem p : Problem.values()) {
            for (String f : p.fragments) {
                if (m.contains(f)) {
                    return p;
                }
            }
        }
        return Problem.UNEXPECTED;
    }

    /** The word of a {@link Problem#WORD} or {@link Problem#NON_NUMERIC_WORD} message, as Jackson collected it. */
    static String word(String jacksonMessage) {
        int from = jacksonMessage.indexOf("token '");
        int to = from < 0 ? -1 : jacksonMessage.indexOf('\'', from + 7);
        return to < 0 ? "" : jacksonMessage.substring(from + 7, to);
    }

    /**
     * What the decoder knows where a syntax error was found.
     *
     * @param found the character there (a code point), {@link #END}, {@link #UNKNOWN} or {@link #BROKEN}
     * @param atEnd whether Jackson had been told the input ended
     * @param depth open containers; {@code inArray} and {@code containerStart} describe the innermost
     * @param last the last token delivered, or null before the first
     * @param before the last non-whitespace byte before the error, or -1
     * @param tokenStart the first byte of the token in progress
     * @param word what Jackson collected of an unrecognized word, or null
     */
    record Situation(int found, boolean atEnd, int depth, boolean inArray, long containerStart, TokenKind last,
            int before, long tokenStart, String word) {

        /** Whether the token in progress is a member name (in an object, no name waits for its value). */
        boolean inName() {
            return depth > 0 && !inArray && last != TokenKind.FIELD_NAME;
        }

        private String stringKind() {
            return inName() ? "member name" : "string";
        }
    }

    /** True when the problem is input cut short (what came so far may still begin a valid text). */
    static boolean cutShort(Problem p, Situation s) {
        switch (p) {
            case PLUS_SIGN:
            case NON_NUMERIC_WORD:
                return false; // no continuation makes them JSON
            case WORD:
                return s.atEnd() && literalStartingWith(s.word()) != null;
            default:
                return s.atEnd();
        }
    }

    /** The detail for a syntax error. */
    static String detail(Problem p, Situation s) {
        int found = s.found();
        switch (p) {
            case WORD:
            case NON_NUMERIC_WORD:
                String literal = literalStartingWith(s.word());
                if (s.atEnd() && literal != null) {
                    return "the input ends inside the word " + quote(s.word()) + ": expected '" + literal + "'";
                }
                return "expected a value, found the word " + quote(s.word())
                        + (p == Problem.NON_NUMERIC_WORD ? " (JSON has no NaN or Infinity)" : "");
            case PLUS_SIGN:
                return "expected a value, found '+' (a number may not begin with '+')";
            case LEADING_ZERO:
                return "expected '.', 'e' or the end of the number after a leading 0, found " + describe(found);
            case DIGIT_AFTER_POINT:
                return inNumber("a digit after the decimal point", found);
            case DIGIT_IN_EXPONENT:
                return inNumber("a digit in the exponent", found);
            case DIGIT_AFTER_SIGN:
                return inNumber("a digit after '-'", found);
            case ROOT_NUMBER_UNSEPARATED:
                return "expected whitespace or the end of the input after a top-level number, found "
                        + describe(found);
            case CONTROL_IN_STRING:
                return "a " + s.stringKind() + " may not hold " + describe(found) + " unescaped";
            case INVALID_ESCAPE:
                if (found > 0x20 && found < 0x7F) {
                    return "invalid escape '\\" + (char) found + "' in a " + s.stringKind();
                }
                return "invalid escape in a " + s.stringKind() + ": '\\' followed by " + describe(found);
            case HEX_DIGIT:
                return "invalid escape in a " + s.stringKind() + ": expected four hex digits after '\\u', found "
                        + describe(found);
            case LOW_SURROGATE:
                return "invalid escape in a member name: a low surrogate (\\uDC00 to \\uDFFF) without a high"
                        + " surrogate before it";
            case BROKEN_SURROGATE_PAIR:
                return "invalid escape in a member name: expected a low surrogate (\\uDC00 to \\uDFFF) after a high"
                        + " surrogate";
            case END_IN_ESCAPE:
                return "the input ends inside an escape in the " + s.stringKind() + " that began at byte "
                        + s.tokenStart();
            case END_IN_STRING:
                return "the input ends inside the " + s.stringKind() + " that began at byte " + s.tokenStart();
            case END_IN_CONTAINER: // found is END: worded below, as any other problem at the end of the input
            default:
                if (found != END) {
                    return "expected " + expected(s) + (found == UNKNOWN ? "" : ", found " + describe(found));
                }
                if (s.depth() > 0) {
                    return "the input ends before the " + (s.inArray() ? "array" : "object") + " that began at byte "
                            + s.containerStart() + " is closed: expected " + expected(s);
                }
                return "the input ends before the JSON value is complete: expected " + expected(s);
        }
    }

    private static String inNumber(String expected, int found) {
        return found == END ? "the input ends inside a number: expected " + expected
                : "expected " + expected + ", found " + describe(found);
    }

    /** What may come next where no token is in progress, from the tokens delivered and the byte before. */
    static String expected(Situation s) {
        if (s.depth() == 0) {
            return "a value";
        }
        TokenKind last = s.last();
        int before = s.before();
        if (s.inArray()) {
            if (last == TokenKind.START_ARRAY) {
                return "a value or ']'";
            }
            return before == ',' ? "a value" : "',' or ']' after an array element";
        }
        if (last == TokenKind.START_OBJECT) {
            return "a member name in double quotes or '}'";
        }
        if (last == TokenKind.FIELD_NAME) {
            return before == ':' ? "a value" : "':' after a member name";
        }
        return before == ',' ? "a member name in double quotes" : "',' or '}' after an object member";
    }

    /** The literal that {@code word} is a proper beginning of ("tru": "true"), or null. */
    private static String literalStartingWith(String word) {
        for (String literal : new String[] {"true", "false", "null"}) {
            if (word != null && !word.isEmpty() && word.length() < literal.length() && literal.startsWith(word)) {
                return literal;
            }
        }
        return null;
    }

    /**
     * Jackson's word in quotes, escaped. Jackson collects a word byte by byte, so a non-ASCII character reaches it
     * as one char per byte, sign-extended (0xC3 as U+FFC3); those are decoded back into the character.
     */
    private static String quote(String word) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StringBuilder decoded = new StringBuilder();
        for (int i = 0; i <= word.length(); i++) {
            char c = i < word.length() ? word.charAt(i) : 0;
            if (i < word.length() && c >= 0xFF80) {
                bytes.write(c & 0xFF);
                continue;
            }
            if (bytes.size() > 0) {
                decoded.append(new String(bytes.toByteArray(), StandardCharsets.UTF_8));
                bytes.reset();
            }
            if (i < word.length()) {
                decoded.append(c);
            }
        }
        return "'" + escape(decoded) + (word.length() >= MAX_WORD ? "..." : "") + "'";
    }

    /** Control and non-ASCII characters as {@code \}{@code uXXXX}, so that a message is one plain ASCII line. */
    static String escape(CharSequence s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7F) {
                sb.append(String.format("\\u%04X", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** A character found where it may not be, in words: {@code ']'}, "a line feed (U+000A)", "U+00E9". */
    static String describe(int c) {
        switch (c) {
            case END:
                return "the end of the input";
            case UNKNOWN:
                return "another character";
            case BROKEN:
                return "an incomplete UTF-8 sequence";
            case ' ':
                return "a space";
            case '\t':
                return "a tab (U+0009)";
            case '\n':
                return "a line feed (U+000A)";
            case '\r':
                return "a carriage return (U+000D)";
            case InputScanner.RS:
                return "the record separator RS (U+001E)";
            default:
                if (c > 0x20 && c < 0x7F) {
                    return "'" + (char) c + "'";
                }
                if (c < 0x20 || (c >= 0x7F && c < 0xA0)) {
                    return String.format("the control character U+%04X", c);
                }
                return String.format("U+%04X", c);
        }
    }

    /** A byte the scanner stopped at (a character may not be whole yet): as {@link #describe}, or its value. */
    static String describeByte(int b) {
        return b < 0x80 ? describe(b) : String.format("byte 0x%02X", b);
    }

    // ---- the decoder's own checks ----

    /** SINGLE framing: something after the root value. Other modules match on the first words. */
    static String afterRoot(int b) {
        return "more than one JSON value: expected the end of the input after the root value, found "
                + describeByte(b);
    }

    /** JSON_SEQ: something after the value of a record. */
    static String afterRecordValue(long recordStart, int b) {
        return "more than one JSON value in the record that began at byte " + recordStart
                + ": expected only whitespace after its value, found " + describeByte(b);
    }

    /** JSON_SEQ: something other than whitespace before the first record separator. */
    static String beforeFirstRecord(int b) {
        return "expected the record separator RS (0x1E) before the first record, found " + describeByte(b);
    }

    /** JSON_SEQ: a record whose JSON text is cut short by the next RS, or by the end of the input. */
    static String recordCutShort(long recordStart, boolean atEnd) {
        return "expected the rest of the JSON text of the record that began at byte " + recordStart + ", found "
                + (atEnd ? "the end of the input" : "the next record separator RS");
    }

    /** JSON_SEQ: a record whose text does not end with LF. */
    static String recordWithoutLf(long recordStart, boolean atEnd) {
        return "expected LF at the end of the record that began at byte " + recordStart + ", found "
                + (atEnd ? "the end of the input" : "the next record separator RS");
    }

    /** SINGLE framing: the input ended without any value. */
    static String noValue(boolean empty) {
        return "expected a JSON value, found " + (empty ? "an empty input" : "only whitespace");
    }
}
