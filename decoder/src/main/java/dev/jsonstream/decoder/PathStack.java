package dev.jsonstream.decoder;

import java.util.Arrays;

/**
 * The decoder's own record of where it is: one frame per open container, holding the current member name (in an
 * object) or element index (in an array). JSON Pointers are built from it only when asked, so keeping it costs a
 * few array writes per token and no allocation (names are the parser's own Strings, canonical while they repeat).
 */
final class PathStack {
    /** Frames made with the stack, enough for most bodies; it doubles as a body goes deeper (a decoder per body). */
    private static final int INITIAL_FRAMES = 8;
    /** Open containers; frames are 1..depth (index 0 is unused, so frame d describes depth d). */
    private int depth;
    private boolean[] isArray = new boolean[INITIAL_FRAMES];
    /** In an object frame, the name of the member being decoded, or null before the first. */
    private String[] names = new String[INITIAL_FRAMES];
    /** In an array frame, the index of the element being decoded, or -1 before the first. */
    private int[] indexes = new int[INITIAL_FRAMES];
    /** The offset of each open container's first byte, for an error that the input ends before it closes. */
    private long[] starts = new long[INITIAL_FRAMES];
    /** Whether the innermost frame is an array; kept apart since every value token asks. */
    private boolean topIsArray;

    int depth() {
        return depth;
    }

    void push(boolean array, long start) {
        if (++depth == isArray.length) {
            int n = depth * 2;
            isArray = Arrays.copyOf(isArray, n);
            names = Arrays.copyOf(names, n);
            indexes = Arrays.copyOf(indexes, n);
            starts = Arrays.copyOf(starts, n);
        }
        isArray[depth] = array;
        starts[depth] = start;
        names[depth] = null;
        indexes[depth] = -1;
        topIsArray = array;
    }

    void pop() {
        depth--; // the frame's name stays until a push reuses it: a store per container saved, held by this body only
        topIsArray = depth > 0 && isArray[depth];
    }

    boolean inArray() {
        return topIsArray;
    }

    boolean inObject() {
        return depth > 0 && !isArray[depth];
    }

    /** The offset where the innermost open container began; -1 at the top level. */
    long innermostStart() {
        return depth > 0 ? starts[depth] : -1;
    }

    /** Moves the innermost array to its next element and returns that element's index. */
    int nextIndex() {
        return ++indexes[depth];
    }

    void setName(String name) {
        names[depth] = name;
    }

    /** The member name under which frame {@code d}'s current value sits, or null in an array frame. */
    String nameAt(int d) {
        return d > 0 && !isArray[d] ? names[d] : null;
    }

    /** The element index that frame {@code d} is at, or -1 in an object frame. */
    int indexAt(int d) {
        return d > 0 && isArray[d] ? indexes[d] : -1;
    }

    /**
     * Appends the pointer made of frames 1..{@code frames}; with {@code nextElement}, the innermost frame, if an
     * array, contributes the index after its current one (the element being parsed but not yet delivered).
     */
    void appendPointer(StringBuilder out, int frames, boolean nextElement) {
        appendPointer(out, 0, frames, nextElement);
    }

    /** Appends the pointer made of frames {@code first + 1 .. frames} (a pointer relative to frame {@code first}). */
    void appendPointer(StringBuilder out, int first, int frames) {
        appendPointer(out, first, frames, false);
    }

    private void appendPointer(StringBuilder out, int first, int frames, boolean nextElement) {
        for (int d = first + 1; d <= frames; d++) {
            if (isArray[d]) {
                out.append('/').append(d == frames && nextElement ? indexes[d] + 1 : indexes[d]);
            } else if (names[d] != null) { // an object before its first member is named by its own pointer
                out.append('/');
                appendEscaped(out, names[d]);
            }
        }
    }

    String pointer(int frames, boolean nextElement) {
        if (frames == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder(frames * 8);
        appendPointer(sb, frames, nextElement);
        return sb.toString();
    }

    /** RFC 6901: '~' is written "~0" and '/' is written "~1". */
    static void appendEscaped(StringBuilder out, String name) {
        for (int i = 0, n = name.length(); i < n; i++) {
            char c = name.charAt(i);
            if (c == '~') {
                out.append("~0");
            } else if (c == '/') {
                out.append("~1");
            } else {
                out.append(c);
            }
        }
    }
}
