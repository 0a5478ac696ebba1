package dev.jsonstream.decoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A compiled path pattern: JSON Pointer syntax (RFC 6901) where a segment may also be a wildcard.
 *
 * <ul>
 *   <li>{@code ""} is the root value; otherwise the pattern starts with {@code /} and each segment names a member
 *       or an array index ({@code /items/0}; {@code 0} also matches a member named "0", as in JSON Pointer);</li>
 *   <li>{@code *} matches any one segment: any member name or array index ({@code /items/*});</li>
 *   <li>{@code **} matches any number of segments, none included ({@code /**}{@code /id} finds {@code id} at any
 *       depth, the root's own included);</li>
 *   <li>escapes: {@code ~0} is {@code ~}, {@code ~1} is {@code /} (RFC 6901), and {@code ~2} is a literal {@code *}
 *       (so {@code /~2} names a member called "*", where {@code /*} would be the wildcard).</li>
 * </ul>
 *
 * <p>Compiled once, immutable and thread-safe. Matching runs as a small automaton whose states are the bits of a
 * {@code long} (one per pattern position), advanced one path segment at a time as the decoder descends: no
 * allocation and no string building per token, and at most {@value #MAX_SEGMENTS} segments.
 */
public final class PathPattern {
    /** The most segments a pattern may have (one state bit each, and the accepting one). */
    public static final int MAX_SEGMENTS = 62;

    private static final int LITERAL = 0;
    private static final int ANY = 1;
    private static final int ANY_DEPTH = 2;

    private final String source;
    private final int[] kinds;
    /** For literal segments: the unescaped name, and its value as a canonical array index (or -1). */
    private final String[] names;
    private final int[] indexes;

    private PathPattern(String source, int[] kinds, String[] names, int[] indexes) {
        this.source = source;
        this.kinds = kinds;
        this.names = names;
        this.indexes = indexes;
    }

    /**
     * Compiles a pattern.
     *
     * @param pattern the pattern as written, e.g. {@code /items/*}; not null
     * @return the compiled pattern, immutable and shareable; equal to any other compiled from the same text
     * @throws PathPatternException naming the character and the reason when the pattern is not valid
     */
    public static PathPattern compile(String pattern) {
        Objects.requireNonNull(pattern, "pattern");
        if (pattern.isEmpty()) {
            return new PathPattern(pattern, new int[0], new String[0], new int[0]);
        }
        if (pattern.charAt(0) != '/') {
            throw new PathPatternException(pattern, 0, "a pattern is empty (the root) or starts with '/'");
        }
        List<Integer> kinds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        int i = 1;
        while (true) {
            int end = pattern.indexOf('/', i);
            if (end < 0) {
                end = pattern.length();
            }
            String raw = pattern.substring(i, end);
            if (raw.equals("*")) {
                kinds.add(ANY);
                names.add(null);
            } else if (raw.equals("**")) {
                if (!kinds.isEmpty() && kinds.get(kinds.size() - 1) == ANY_DEPTH) {
                    throw new PathPatternException(pattern, i, "'**' right after '**' is redundant");
                }
                kinds.add(ANY_DEPTH);
                names.add(null);
            } else {
                kinds.add(LITERAL);
                names.add(unescape(pattern, i, raw));
            }
            if (kinds.size() > MAX_SEGMENTS) {
                throw new PathPatternException(pattern, i, "more than " + MAX_SEGMENTS + " segments");
            }
            if (end == pattern.length()) {
                break;
            }
            i = end + 1;
        }
        int n = kinds.size();
        int[] k = new int[n];
        String[] nm = new String[n];
        int[] idx = new int[n];
        for (int s = 0; s < n; s++) {
            k[s] = kinds.get(s);
            nm[s] = names.get(s);
            idx[s] = nm[s] == null ? -1 : canonicalIndex(nm[s]);
        }
        return new PathPattern(pattern, k, nm, idx);
    }

    private static String unescape(String pattern, int start, String raw) {
        if (raw.indexOf('*') >= 0) {
            throw new PathPatternException(pattern, start + raw.indexOf('*'),
                    "'*' may only stand alone as a segment ('*' or '**'); write ~2 for a literal '*'");
        }
        if (raw.indexOf('~') < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder(raw.length());
        for (int j = 0; j < raw.length(); j++) {
            char c = raw.charAt(j);
            if (c != '~') {
                sb.append(c);
                continue;
            }
            char next = j + 1 < raw.length() ? raw.charAt(j + 1) : 0;
            if (next == '0') {
                sb.append('~');
            } else if (next == '1') {
                sb.append('/');
            } else if (next == '2') {
                sb.append('*');
            } else {
                throw new PathPatternException(pattern, start + j,
                        "'~' must be followed by 0 (for ~), 1 (for /) or 2 (for *)");
            }
            j++;
        }
        return sb.toString();
    }

    /** The array index a segment names ("0", "17"; not "01", "-1" or "-"), or -1. */
    private static int canonicalIndex(String s) {
        if (s.isEmpty() || s.length() > 9 || (s.length() > 1 && s.charAt(0) == '0')) {
            return -1;
        }
        int v = 0;
        for (int j = 0; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The pattern as written. */
    @Override
    public String toString() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PathPattern && ((PathPattern) o).source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    /**
     * Whether a concrete JSON Pointer (RFC 6901, as {@link TokenCursor#pointer()} gives) matches. A convenience for
     * tests and tools: it splits the pointer, so it allocates; the decoder never calls it.
     *
     * @param pointer a JSON Pointer with RFC 6901 escapes ({@code ~0}, {@code ~1}); empty for the root
     * @return whether a value at {@code pointer} fits the pattern. A {@link Selection} also skips values inside one
     *     it is already matching, which this does not consider
     * @throws IllegalArgumentException if {@code pointer} is neither empty nor starts with {@code /}
     */
    public boolean matches(String pointer) {
        long state = rootState();
        if (!pointer.isEmpty()) {
            if (pointer.charAt(0) != '/') {
                throw new IllegalArgumentException("not a JSON Pointer: " + pointer);
            }
            for (String raw : pointer.substring(1).split("/", -1)) {
                String name = raw.replace("~1", "/").replace("~0", "~");
                state = step(state, name, canonicalIndex(name));
            }
        }
        return accepts(state);
    }

    // ---- the automaton: bit i set means "i segments matched so far" ----

    /** The state for the root value: nothing matched yet, or anything a leading {@code **} may skip. */
    long rootState() {
        return closure(1L);
    }

    /**
     * The state after one more segment: a member {@code name} (index -1), or an array element {@code index}
     * (name null). Zero means no match is possible any more below this point.
     */
    long step(long state, String name, int index) {
        long next = 0;
        for (long s = state; s != 0; s &= s - 1) {
            int i = Long.numberOfTrailingZeros(s);
            if (i == kinds.length) {
                continue;
            }
            switch (kinds[i]) {
                case ANY_DEPTH:
                    next |= 1L << i; // ** consumes this segment and stays
                    break;
                case ANY:
                    next |= 1L << (i + 1);
                    break;
                default:
                    boolean match = name != null ? name.equals(names[i]) : index == indexes[i];
                    if (match) {
                        next |= 1L << (i + 1);
                    }
            }
        }
        return closure(next);
    }

    /** Adds the positions after each {@code **}, since it may also match no segment at all. */
    private long closure(long state) {
        for (int i = 0; i < kinds.length; i++) {
            if (kinds[i] == ANY_DEPTH && (state & (1L << i)) != 0) {
                state |= 1L << (i + 1);
            }
        }
        return state;
    }

    /** Whether a value in this state matches the whole pattern. */
    boolean accepts(long state) {
        return (state & (1L << kinds.length)) != 0;
    }
}
