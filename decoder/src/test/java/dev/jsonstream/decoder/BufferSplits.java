package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Random ways of cutting an input into buffers, each piece with its own kind: heap, direct and read-only buffers
 * (from {@link Feeds#wrap}, at a non-zero position between guard bytes), {@code byte[]} slices with guard bytes
 * (fed through {@code feed(byte[], off, len)}), and any of the buffer kinds as a {@link ByteBuffer#slice()} view,
 * whose index 0 is not its backing array's.
 */
final class BufferSplits {
    private BufferSplits() {
    }

    /** One piece: {@code length} bytes (the last piece takes whatever remains), carried as {@code kind}. */
    record Piece(int length, Feeds.Kind kind, boolean sliceView) {
        @Override
        public String toString() {
            return length + ":" + kind + (sliceView ? "/slice()" : "");
        }
    }

    /** Pieces in input order. Applied to any input: pieces past its end are dropped, the last one is stretched. */
    record Split(List<Piece> pieces) {
        int[] cuts(int length) {
            List<Integer> cuts = new ArrayList<>();
            int pos = 0;
            for (int i = 0; i < pieces.size() && pos < length; i++) {
                pos = i == pieces.size() - 1 ? length : Math.min(length, pos + pieces.get(i).length());
                cuts.add(pos);
            }
            if (pos < length) {
                cuts.add(length);
            }
            return cuts.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The split for the input less bytes {@code [at, at + size)}: the pieces that held them are shorter. */
        Split without(int at, int size) {
            List<Piece> out = new ArrayList<>();
            long start = 0;
            for (Piece p : pieces) {
                long end = start + p.length();
                long overlap = Math.max(0, Math.min(end, at + (long) size) - Math.max(start, at));
                if (p.length() - overlap > 0) {
                    out.add(new Piece((int) (p.length() - overlap), p.kind(), p.sliceView()));
                }
                start = end;
            }
            return new Split(out);
        }

        Piece piece(int i) {
            return pieces.isEmpty() ? new Piece(0, Feeds.Kind.HEAP, false) : pieces.get(Math.min(i, pieces.size() - 1));
        }

        @Override
        public String toString() {
            return pieces.toString();
        }
    }

    /** A split for about {@code length} bytes: pieces mostly tiny, sometimes a few hundred bytes or the rest. */
    static Split split(Random r, int length) {
        List<Piece> pieces = new ArrayList<>();
        int covered = 0;
        int style = r.nextInt(4); // one byte at a time, tiny pieces, mixed, or whole
        while (covered < length || pieces.isEmpty()) {
            int len;
            switch (style) {
                case 0:
                    len = 1;
                    break;
                case 1:
                    len = 1 + r.nextInt(4);
                    break;
                case 2:
                    len = r.nextInt(3) == 0 ? 1 + r.nextInt(300) : 1 + r.nextInt(16);
                    break;
                default:
                    len = Math.max(1, length);
            }
            Feeds.Kind kind = Feeds.Kind.values()[r.nextInt(Feeds.Kind.values().length)];
            pieces.add(new Piece(len, kind, kind != Feeds.Kind.SLICE && r.nextInt(3) == 0));
            covered += len;
        }
        return new Split(pieces);
    }

    /** Fewer pieces (neighbours merged), then plainer kinds. */
    static List<Split> shrink(Split s) {
        List<Split> out = new ArrayList<>();
        List<Piece> ps = s.pieces();
        if (ps.size() > 1) {
            out.add(new Split(List.of(new Piece(Integer.MAX_VALUE, Feeds.Kind.HEAP, false))));
            for (int i = 0; i + 1 < ps.size(); i++) {
                List<Piece> merged = new ArrayList<>(ps);
                Piece a = merged.remove(i);
                Piece b = merged.get(i);
                merged.set(i, new Piece(a.length() + b.length(), b.kind(), b.sliceView()));
                out.add(new Split(merged));
            }
        }
        for (int i = 0; i < ps.size(); i++) {
            Piece p = ps.get(i);
            if (p.kind() != Feeds.Kind.HEAP || p.sliceView()) {
                List<Piece> plain = new ArrayList<>(ps);
                plain.set(i, new Piece(p.length(), Feeds.Kind.HEAP, false));
                out.add(new Split(plain));
            }
        }
        return out;
    }

    /** What a feeder tells its caller on the way. */
    interface FeedListener {
        FeedListener NONE = new FeedListener() {
        };

        /**
         * A feed or resume returned paused, having consumed the input up to {@code consumed} (an offset) by then,
         * and the current piece starts at {@code pieceStart}; the feeder resumes when this returns.
         */
        default void paused(long consumed, long pieceStart) {
        }

        /** All input is fed; {@code end()} comes next. */
        default void ending() {
        }
    }

    /**
     * Feeds {@code input} as the split says, then ends the decoder, telling {@code listener} of each pause. Checks that each piece was consumed exactly, over its feed and
     * resumes, and that the caller's buffers and arrays were left as they were.
     *
     * @return the decode error, or null when the input was accepted
     */
    static JsonDecodeException run(JsonDecoder decoder, byte[] input, Split split, FeedListener listener) {
        try {
            int from = 0;
            int[] cuts = split.cuts(input.length);
            for (int i = 0; i < cuts.length; i++) {
                feedPiece(decoder, input, from, cuts[i], split.piece(i), listener);
                from = cuts[i];
            }
            listener.ending();
            decoder.end();
            return null;
        } catch (JsonDecodeException e) {
            return e;
        }
    }

    private static void feedPiece(JsonDecoder decoder, byte[] input, int from, int to, Piece piece,
            FeedListener listener) {
        int len = to - from;
        long consumed;
        if (piece.kind() == Feeds.Kind.SLICE) {
            byte[] arr = new byte[len + 6];
            Arrays.fill(arr, (byte) '#');
            System.arraycopy(input, from, arr, 3, len);
            byte[] before = arr.clone();
            consumed = decoder.feed(arr, 3, len);
            consumed += resumeAll(decoder, listener, from, consumed);
            assertThat(arr).as("the caller's array is unchanged").isEqualTo(before);
        } else {
            ByteBuffer buf = Feeds.wrap(input, from, to, piece.kind());
            if (piece.sliceView()) {
                buf = buf.slice();
            }
            int pos = buf.position();
            int lim = buf.limit();
            ByteBuffer content = ByteBuffer.allocate(len).put(buf.duplicate()).flip();
            consumed = decoder.feed(buf);
            consumed += resumeAll(decoder, listener, from, consumed);
            assertThat(buf.position()).as("position unchanged").isEqualTo(pos);
            assertThat(buf.limit()).as("limit unchanged").isEqualTo(lim);
            assertThat(buf.duplicate()).as("content unchanged").isEqualTo(content);
        }
        assertThat(consumed).as("bytes consumed over feed and resumes").isEqualTo(len);
    }

    private static long resumeAll(JsonDecoder decoder, FeedListener listener, int pieceStart, long fed) {
        long n = 0;
        while (decoder.isPaused()) {
            listener.paused(pieceStart + fed + n, pieceStart);
            n += decoder.resume();
        }
        return n;
    }
}
