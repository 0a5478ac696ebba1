package dev.jsonstream.decoder;

import java.util.Arrays;

/**
 * Maps byte offsets to 1-based line and column from the LF positions that {@link InputScanner} saw.
 *
 * <p>Jackson's own line numbers go wrong after a lone CR in the non-blocking parser, so lines are counted here.
 * Only the LFs of the window still in use are kept: {@link #forgetBefore} folds older ones into two numbers.
 * That is exact for every offset asked about, because nothing asks about an offset before the last folded LF:
 * queries are for tokens still being delivered and errors at the parser's position, and a token that began in
 * an earlier buffer cannot contain a raw LF (strings, numbers and literals never do).
 */
final class LineIndex {
    /** LFs folded out of {@link #lfs}: all of them lie before every offset still asked about. */
    private long linesFolded;
    /** Offset of the last folded LF, or -1. */
    private long lastFoldedLf = -1;
    /** Offsets of the LFs seen since the last fold, ascending. */
    private long[] lfs = new long[64];
    private int count;

    // Filled by locate().
    long line;
    long column;

    void addLf(long offset) {
        if (count == lfs.length) {
            lfs = Arrays.copyOf(lfs, count * 2);
        }
        lfs[count++] = offset;
    }

    /** Folds the LFs before {@code offset}; call when nothing before it will be asked about any more. */
    void forgetBefore(long offset) {
        int n = countBefore(offset);
        if (n == 0) {
            return;
        }
        linesFolded += n;
        lastFoldedLf = lfs[n - 1];
        System.arraycopy(lfs, n, lfs, 0, count - n);
        count -= n;
    }

    /** Sets {@link #line} and {@link #column} for the byte at {@code offset}. */
    void locate(long offset) {
        int n = countBefore(offset);
        long lastLf = n == 0 ? lastFoldedLf : lfs[n - 1];
        line = linesFolded + n + 1;
        column = offset - lastLf;
    }

    private int countBefore(long offset) {
        int lo = 0;
        int hi = count;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (lfs[mid] < offset) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
