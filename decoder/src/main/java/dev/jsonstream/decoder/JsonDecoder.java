package dev.jsonstream.decoder;

import java.nio.ByteBuffer;

/**
 * One body's decoder: bytes are pushed in as they arrive, tokens come out synchronously to the handler.
 * Made by {@link DecoderConfig#newDecoder(TokenHandler)}; not thread-safe (one thread at a time, but which
 * thread may change between calls, as on an event loop).
 *
 * <pre>{@code
 * JsonDecoder decoder = DecoderConfig.defaults().newDecoder(token -> System.out.println(token.kind() + " " + token.pointer()));
 * decoder.feed(ByteBuffer.wrap("{\"a\": [1, tr".getBytes(UTF_8)));   // START_OBJECT, FIELD_NAME /a, START_ARRAY /a, INT /a/0
 * decoder.feed(ByteBuffer.wrap("ue]}".getBytes(UTF_8)));              // TRUE /a/1, END_ARRAY /a, END_OBJECT, END_ROOT
 * decoder.end();                                                        // throws if the body was incomplete
 * }</pre>
 *
 * <h2>Buffers</h2>
 * {@code feed} reads the bytes between the buffer's position and limit and never changes the buffer: not its
 * position, limit, mark or content. Heap, direct and read-only buffers and {@code byte[]} slices are accepted.
 * When {@code feed} returns and {@link #isPaused()} is false, the decoder holds no reference to the buffer: the
 * caller may release or reuse it at once.
 *
 * <h2>Pausing (backpressure)</h2>
 * A handler may call {@link TokenCursor#pause()}. The running {@code feed} then returns after that token with
 * the number of bytes consumed so far, and {@link #isPaused()} is true. <b>While paused the decoder still reads
 * the rest of that buffer</b>, so a caller holding a pooled buffer must keep it: not release it to its pool, not
 * read new data into it, not compact it. It must also not feed more input (that throws). Later, from the
 * decoder's thread, it calls {@link #resume()}, which goes on from the next byte without losing or re-reading
 * any; when that returns with {@link #isPaused()} false the buffer is done and may be released. An adapter
 * therefore stops reading from its channel on pause and resumes reading after a {@code resume()} that finished
 * the buffer. {@link #close()} abandons a paused decoder and drops its reference to the buffer.
 */
public interface JsonDecoder extends AutoCloseable {

    /**
     * Decodes all remaining bytes of {@code src}, delivering every token they complete.
     *
     * @param src the bytes between its position and limit; the buffer is not changed, and is still read after
     *     this returns if the handler paused (see "Buffers" and "Pausing" above)
     * @return the number of bytes of {@code src} consumed: all of {@code src.remaining()} unless the handler
     *     paused
     * @throws JsonDecodeException on bad input; the decoder is then closed
     * @throws IllegalStateException when paused, ended, closed or failed
     */
    int feed(ByteBuffer src);

    /**
     * {@link #feed(ByteBuffer)} for {@code len} bytes of {@code src} from {@code off}, read in place.
     *
     * @param src the array holding the input; its bytes must stay as they are while the decoder is paused
     * @param off the index of the first byte to decode
     * @param len the number of bytes to decode
     * @return the number of those bytes consumed: all {@code len} unless the handler paused
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not lie within {@code src}
     * @throws JsonDecodeException on bad input; the decoder is then closed
     * @throws IllegalStateException when paused, ended, closed or failed
     */
    int feed(byte[] src, int off, int len);

    /**
     * Goes on after a pause with the rest of the buffer of the paused {@code feed}.
     *
     * @return the further number of bytes of that buffer consumed
     * @throws IllegalStateException when not paused
     */
    int resume();

    /**
     * True after a handler paused, until {@link #resume()} is called.
     *
     * @return true while the last {@code feed} or {@code resume} stopped at a pause: the caller's buffer is then
     *     still in use, and {@code feed} and {@code end} throw until {@link #resume()}
     */
    boolean isPaused();

    /**
     * Signals the end of input and delivers what it completes (a root number, for instance). A pause asked for
     * during {@code end()} is ignored: what remains is delivered at once.
     *
     * @throws JsonDecodeException if the input is incomplete ({@link ErrorKind#INCOMPLETE}), empty in
     *     {@link Framing#SINGLE}, or otherwise bad
     */
    void end();

    /**
     * Bytes accepted so far, including any held while paused.
     *
     * @return the total length of the input given to {@code feed}, in bytes, a BOM included: a paused feed's
     *     buffer counts whole, consumed or not
     */
    long bytesFed();

    /** Abandons decoding (for example when the client went away) and releases the parser's buffers. Idempotent. */
    @Override
    void close();
}
