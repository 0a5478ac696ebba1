package dev.jsonstream.decoder;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.zip.DataFormatException;

/**
 * The buffers one item of a {@link DecoderSubscriber} gives the decoder, one at a time: the item's own buffers
 * ({@link AsPublished}), or what they inflate to ({@link Inflated}). The subscriber asks for the next buffer only
 * once the decoder has taken the whole of the last one, so the buffer it was given stays untouched meanwhile, pause
 * or not.
 */
interface ItemBuffers {
    /**
     * Starts on an item; the buffers of the item before are done with.
     *
     * @param item the publisher's buffers, in order; read, never changed
     */
    void take(List<ByteBuffer> item);

    /**
     * The next buffer to feed.
     *
     * @return the buffer, to be left as it is until the decoder has taken it; null when the item has no more
     * @throws DataFormatException when the compressed bytes are corrupt or inflate past a limit
     */
    ByteBuffer next() throws DataFormatException;

    /**
     * At the publisher's end, once the last item is done.
     *
     * @throws DataFormatException when the body ended where it could not (inside a gzip member)
     */
    void finish() throws DataFormatException;

    /** Lets go of the item and frees what is held (a native inflater), on every way to the end. Idempotent. */
    void release();

    /** The item's buffers as the publisher published them. */
    final class AsPublished implements ItemBuffers {
        private List<ByteBuffer> item;
        private int next;

        @Override
        public void take(List<ByteBuffer> item) {
            this.item = item;
            next = 0;
        }

        @Override
        public ByteBuffer next() {
            if (next == item.size()) {
                item = null; // not kept past the item
                return null;
            }
            return item.get(next++);
        }

        @Override
        public void finish() {
            // nothing framed here: whether the body is whole is the decoder's end to say
        }

        @Override
        public void release() {
            item = null;
        }
    }

    /**
     * What the item's compressed buffers inflate to, in one heap buffer of its own that is refilled only when
     * {@link #next()} is asked again, that is once the decoder has taken all of it: a pause in the middle of it
     * holds both the inflated buffer and the rest of the compressed item, and inflating goes on where it stopped.
     */
    final class Inflated implements ItemBuffers {
        /** The inflated buffer's size: that of the JDK HttpClient's own buffers, and of Undertow's. */
        static final int INFLATED_BUFFER_BYTES = 16 * 1024;

        private final Inflation inflation;
        private final ByteBuffer inflated = ByteBuffer.allocate(INFLATED_BUFFER_BYTES);
        private List<ByteBuffer> item;
        /** The index of the compressed buffer the inflation takes next. */
        private int next;

        Inflated(Inflation inflation) {
            this.inflation = inflation;
        }

        @Override
        public void take(List<ByteBuffer> item) {
            this.item = item;
            next = 0;
        }

        @Override
        public ByteBuffer next() throws DataFormatException {
            while (true) {
                if (inflation.inflate(inflated.clear()) > 0) {
                    return inflated.flip();
                }
                if (next == item.size()) {
                    item = null;
                    return null;
                }
                // a view of the publisher's buffer: the inflation moves its position, the publisher's stays put
                inflation.setInput(item.get(next++).duplicate());
            }
        }

        @Override
        public void finish() throws DataFormatException {
            inflation.finish();
        }

        @Override
        public void release() {
            item = null;
            inflation.end();
        }
    }
}
