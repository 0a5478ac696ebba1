package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * The errors met while tokens are made: Jackson's syntax and constraint errors reworded in the decoder's terms, and
 * the limits on one token. Jackson's message only tells which problem it met ({@link SyntaxMessages#classify}); what
 * was expected comes from the decoder's state, and what was found from the bytes Jackson was fed.
 */
final class TokenErrors {
    private static final TokenKind[] KINDS = TokenKind.values();

    private final DecodeErrors errors;
    private final ParserFeed feed;
    private final SegmentFeeder segments;
    private final InputScanner scanner;
    private final PathStack path;
    private final int maxDepth;
    private final int maxStringLength;
    private final int maxNumberLength;
    private final int maxNameLength;

    TokenErrors(DecodeLimits limits, DecodeErrors errors, ParserFeed feed, SegmentFeeder segments,
            InputScanner scanner, PathStack path) {
        this.errors = errors;
        this.feed = feed;
        this.segments = segments;
        this.scanner = scanner;
        this.path = path;
        this.maxDepth = (int) limits.get(Limit.MAX_DEPTH);
        this.maxStringLength = (int) limits.get(Limit.MAX_STRING_LENGTH);
        this.maxNumberLength = (int) limits.get(Limit.MAX_NUMBER_LENGTH);
        this.maxNameLength = (int) limits.get(Limit.MAX_NAME_LENGTH);
    }

    /**
     * Jackson's syntax error, reworded. {@code lastKind} is the ordinal of the last token delivered, or -1.
     */
    JsonDecodeException syntax(boolean endOfInputError, JsonProcessingException e, int lastKind) {
        SyntaxMessages.Problem problem = SyntaxMessages.classify(e.getOriginalMessage());
        JsonLocation loc = e.getLocation();
        long at = loc != null && loc.getByteOffset() >= 0 ? loc.getByteOffset() + feed.bomLength()
                : feed.jacksonPosition();
        if (problem == SyntaxMessages.Problem.DIGIT_AFTER_SIGN
                && segments.byteBefore(feed.toInput(at)) == '+') {
            // Jackson words a '+' followed by anything but a digit as a missing digit; the sign itself is the error.
            problem = SyntaxMessages.Problem.PLUS_SIGN;
        }
        switch (problem.where) {
            case ONE_PAST:
                at = Math.max(feed.bomLength(), at - 1);
                break;
            case TOKEN_START:
                at = feed.tokenStartJackson();
                break;
            case INPUT_START:
                at = feed.bomLength();
                break;
            default:
                break;
        }
        at = feed.characterStart(at);
        boolean atEnd = endOfInputError || feed.endOfInputSent();
        int found = endOfInputError ? SyntaxMessages.END : feed.characterAt(at);
        if (found == SyntaxMessages.BROKEN && segments.pendingStop() == InputScanner.STOP_INVALID_UTF8) {
            // Jackson met the first bytes of a character that the scanner found broken (it is fed what came
            // before the bad byte): the bytes, not the grammar, are what is wrong, as inside a string.
            segments.clearStop();
            return errors.malformed(scanner.invalidDetail, segments.stopOffset(), null);
        }
        long offset = Math.min(feed.toInput(at), segments.givenEnd());
        String word = problem == SyntaxMessages.Problem.WORD || problem == SyntaxMessages.Problem.NON_NUMERIC_WORD
                ? SyntaxMessages.word(String.valueOf(e.getOriginalMessage())) : null;
        SyntaxMessages.Situation s = situation(found, atEnd, offset, word, lastKind);
        ErrorKind kind = SyntaxMessages.cutShort(problem, s) ? ErrorKind.INCOMPLETE : ErrorKind.MALFORMED;
        // Cut short: name the innermost open container. Malformed: name the value being parsed.
        String pointer = kind == ErrorKind.INCOMPLETE ? path.pointer(Math.max(0, path.depth() - 1), false)
                : errors.pendingPointer();
        return errors.error(kind, SyntaxMessages.detail(problem, s), null, -1, offset, pointer, e);
    }

    /** A character where the decoder's state allows another, at {@code offset}: "expected X, found Y". */
    JsonDecodeException unexpected(long offset, int found, int lastKind) {
        SyntaxMessages.Situation s = situation(found, false, offset, null, lastKind);
        return errors.malformed(SyntaxMessages.detail(SyntaxMessages.Problem.UNEXPECTED, s), offset, null);
    }

    private SyntaxMessages.Situation situation(int found, boolean atEnd, long offset, String word, int lastKind) {
        return new SyntaxMessages.Situation(found, atEnd, path.depth(), path.inArray(), path.innermostStart(),
                lastKind < 0 ? null : KINDS[lastKind], segments.byteBefore(offset), feed.tokenStart(false), word);
    }

    /**
     * Jackson's guard fired while a token was still arriving. Report it exactly as the decoder's own check would
     * have at the token's end: same limit, same message, the token's first byte.
     */
    JsonDecodeException constraint(StreamConstraintsException e) {
        long start = feed.tokenStart(false);
        String m = String.valueOf(e.getOriginalMessage());
        if (m.startsWith("String value length")) {
            return stringTooLong(start);
        }
        if (m.startsWith("Number value length")) {
            return errors.limit(Limit.MAX_NUMBER_LENGTH, maxNumberLength, start, errors.pendingPointer());
        }
        if (m.startsWith("Name length")) {
            return nameTooLong(start);
        }
        if (m.contains("nesting depth")) {
            return errors.limit(Limit.MAX_DEPTH, maxDepth, start, errors.pendingPointer());
        }
        // A constraint the decoder does not configure: never expected, and never worded in Jackson's terms.
        return errors.error(ErrorKind.LIMIT_EXCEEDED, "a value larger than the decoder accepts", null, -1, start,
                errors.pendingPointer(), e);
    }

    JsonDecodeException stringTooLong(long start) {
        return errors.limit(Limit.MAX_STRING_LENGTH, maxStringLength, start, errors.pendingPointer());
    }

    JsonDecodeException nameTooLong(long start) {
        return errors.limit(Limit.MAX_NAME_LENGTH, maxNameLength, start, path.pointer(path.depth() - 1, false));
    }

    JsonDecodeException tooDeep(long start) {
        return errors.limit(Limit.MAX_DEPTH, maxDepth, start, path.pointer(path.depth() - 1, false));
    }
}
