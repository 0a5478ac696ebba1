package dev.jsonstream.decoder;

import java.util.Arrays;

/**
 * Maps offsets in the byte stream Jackson was fed back to input offsets, when malformed UTF-8 is replaced: each
 * replaced subsequence of k bytes (1 to 3) reaches Jackson as the three bytes of U+FFFD, so everything after it
 * is 3 - k bytes further along in Jackson's count than in the input.
 *
 * <p>Only what can still be asked is kept: the shift at the start of the token that was in progress when the
 * current segment began (a long string may have begun many segments ago), and the replacements of the current
 * segment. Nothing asks about offsets in between, so memory stays bounded by one segment whatever the input.
 */
final class ReplacementShifts {
    /** Jackson offset where the token in progress at the segment's start began, and the shift there. */
    private long tokenStart = -1;
    private long tokenStartShift;
    /** The shift before the current segment's replacements. */
    private long baseShift;
    /** The current segment's replacements: the Jackson offset just past each, and the shift from there on. */
    private long[] after = new long[8];
    private long[] shiftAfter = new long[8];
    private int count;

    /** A new segment is about to be fed; {@code tokenStart} is where Jackson's token in progress began. */
    void newSegment(long tokenStart) {
        this.tokenStartShift = shiftAt(tokenStart);
        this.tokenStart = tokenStart;
        this.baseShift = current();
        this.count = 0;
    }

    /** A replacement of {@code inputLength} bytes was fed to Jackson, ending at Jackson offset {@code end}. */
    void add(long end, int inputLength) {
        if (count == after.length) {
            after = Arrays.copyOf(after, count * 2);
            shiftAfter = Arrays.copyOf(shiftAfter, count * 2);
        }
        long shift = current() + (3 - inputLength);
        after[count] = end;
        shiftAfter[count++] = shift;
    }

    private long current() {
        return count == 0 ? baseShift : shiftAfter[count - 1];
    }

    /** Input offset of Jackson offset {@code j}. */
    long toInput(long j) {
        return j - shiftAt(j);
    }

    private long shiftAt(long j) {
        if (j <= tokenStart) {
            return tokenStartShift;
        }
        long shift = baseShift;
        for (int i = 0; i < count && after[i] <= j; i++) {
            shift = shiftAfter[i];
        }
        return shift;
    }
}
