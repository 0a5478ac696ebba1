package dev.jsonstream.http;

import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.ErrorKind;
import dev.jsonstream.decoder.JsonDecodeException;
import dev.jsonstream.decoder.JsonDecoder;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * One request's body on its way through the decoder: a read listener on the request channel, run on the IO thread.
 *
 * <p>Buffers: each burst of reads takes one buffer from the connection's pool and gives it back when the channel
 * has nothing more for now ({@code read} returned 0), at the end, or on an error, exactly once ({@link #release}).
 * While the consumer has paused, the decoder still reads that buffer, so it is kept ({@link #held}) with channel
 * reads suspended, and given back when a resume has consumed it. Undertow's pool hands the same ByteBuffer to the
 * next {@code allocate()} on the thread, so an early return would let the parser read another request's bytes.
 *
 * <p>State only changes on the IO thread; {@link #resume()} hops there.
 */
final class BodyReading implements ChannelListener<StreamSourceChannel>, BodyControl {
    private static final int READING = 0;
    private static final int PAUSED = 1;
    private static final int DONE = 2;
    /** A body still this far from its end after an error is not drained: the connection is closed instead. */
    private static final long DRAIN_AT_MOST = 64 * 1024;

    private final HttpServerExchange exchange;
    private final BodyLimits limits;
    private final BodyErrorHook errorHook;
    private final ByteBufferPool pool;
    /** Inflates a gzip or deflate body; null for an identity one. Owned: ended with the request. */
    private final BodyInflation inflation;
    /** With inflation: the pooled buffer inflated bytes go to (the decoder reads it); kept while paused. */
    private PooledByteBuffer heldOut;
    private long bytesInflated;
    private BodyConsumer consumer;
    private JsonDecoder decoder;
    private StreamSourceChannel channel;
    private int state = READING;
    /** The pooled buffer of the current burst of reads, or the one kept while paused; null otherwise. */
    private PooledByteBuffer held;
    private long bytesRead;
    // Pace: when reading started, time spent paused, and the window being measured.
    private long startedNanos;
    private long pausedNanos;
    private long pausedSince = -1;
    private long windowStartBytes;
    private XnioExecutor.Key paceCheck;
    private ConnectionWatch watch;

    BodyReading(HttpServerExchange exchange, BodyLimits limits, BodyErrorHook errorHook, BodyInflation inflation) {
        this.exchange = exchange;
        this.limits = limits;
        this.errorHook = errorHook;
        this.inflation = inflation;
        this.pool = exchange.getConnection().getByteBufferPool();
    }

    void start(BodyConsumer consumer, DecoderConfig config) {
        this.consumer = consumer;
        try {
            this.decoder = config.newDecoder(consumer.tokens());
        } catch (RuntimeException e) {
            fail(500, "Internal Server Error", "the body's consumer failed", Map.of(), e);
            return;
        }
        // Undertow's own entity limit (2 MiB by default) would cut chunked bodies off with a reset before ours can
        // answer; ours is the one that counts, so Undertow's sits one buffer above it.
        exchange.setMaxEntitySize(limits.maxBodyBytes() + pool.getBufferSize() + 1);
        channel = exchange.getRequestChannel();
        if (channel == null) {
            fail(500, "Internal Server Error", "the request body was already taken", Map.of(), null);
            return;
        }
        channel.getReadSetter().set(this);
        watch = ConnectionWatch.of(exchange.getConnection());
        watch.add(this);
        startedNanos = System.nanoTime();
        schedulePaceCheck();
        channel.resumeReads();
    }

    private void schedulePaceCheck() {
        long window = limits.rateWindow().toNanos();
        long untilDeadline = limits.bodyDeadline().toNanos() - activeNanos(System.nanoTime());
        long delay = Math.max(1, Math.min(window, untilDeadline));
        paceCheck = exchange.getIoThread().executeAfter(this::checkPace, delay, TimeUnit.NANOSECONDS);
    }

    /** Time spent reading so far, the consumer's pauses left out. */
    private long activeNanos(long now) {
        long paused = pausedNanos + (pausedSince >= 0 ? now - pausedSince : 0);
        return now - startedNanos - paused;
    }

    /** Runs every rate window on the IO thread: the body's deadline, then its pace over the last window. */
    private void checkPace() {
        if (state == DONE) {
            return;
        }
        long now = System.nanoTime();
        if (activeNanos(now) >= limits.bodyDeadline().toNanos()) {
            timeout("the body did not arrive within " + limits.bodyDeadline().toMillis() + " ms");
            return;
        }
        if (state == READING && limits.minBytesPerSecond() > 0) {
            long windowMillis = limits.rateWindow().toMillis();
            long got = bytesRead - windowStartBytes;
            if (got * 1000 < limits.minBytesPerSecond() * windowMillis) {
                timeout("the client sent " + got + " bytes in " + windowMillis + " ms, below the minimum of "
                        + limits.minBytesPerSecond() + " bytes per second");
                return;
            }
        }
        windowStartBytes = bytesRead; // a pause restarts the window too
        schedulePaceCheck();
    }

    private void timeout(String detail) {
        exchange.setPersistent(false);
        fail(408, "Request Timeout", detail, Map.of(), null, false);
    }

    @Override
    public void handleEvent(StreamSourceChannel ch) {
        if (state != READING) {
            ch.suspendReads();
            return;
        }
        readAvailable();
    }

    /** Reads and decodes until the channel has nothing more for now, the body ends, or the consumer pauses. */
    private void readAvailable() {
        guarded(this::readLoop);
    }

    private void readLoop() throws IOException, DataFormatException {
        while (true) {
            if (held == null) {
                held = pool.allocate();
            }
            ByteBuffer buf = held.getBuffer();
            buf.clear();
            int n = channel.read(buf);
            if (n == 0) {
                release();
                channel.resumeReads();
                return;
            }
            if (n < 0) {
                release();
                finish();
                return;
            }
            bytesRead += n;
            if (bytesRead > limits.maxBodyBytes()) {
                fail(413, "Content Too Large", "the body is larger than the limit of " + limits.maxBodyBytes()
                        + " bytes", Map.of("limit", "maxBodyBytes", "value", limits.maxBodyBytes()), null);
                return;
            }
            buf.flip();
            if (!decode(buf)) {
                return;
            }
        }
    }

    /** A step of reading or decoding, which may fail in any of the ways {@link #guarded} answers. */
    private interface Step {
        void run() throws IOException, DataFormatException;
    }

    /** Runs a step and turns what it throws into the answer: 400, 413, 500, or a client gone. */
    private void guarded(Step step) {
        try {
            step.run();
        } catch (JsonDecodeException e) {
            failDecoding(e);
        } catch (DataFormatException e) {
            corrupt(e);
        } catch (IOException e) {
            clientGone(e);
        } catch (RuntimeException e) {
            fail(500, "Internal Server Error", "the body's consumer failed", Map.of(), e);
        }
    }

    /** Decodes a buffer of body bytes (inflating it first if need be); false when paused or failed. */
    private boolean decode(ByteBuffer buf) throws DataFormatException {
        if (inflation != null) {
            inflation.setInput(buf);
            return inflateAvailable();
        }
        decoder.feed(buf);
        return !pausedNow();
    }

    /** Inflates and decodes what the inflater can make of its input; false when paused or failed. */
    private boolean inflateAvailable() throws DataFormatException {
        if (heldOut == null) {
            heldOut = pool.allocate();
        }
        ByteBuffer out = heldOut.getBuffer();
        while (true) {
            out.clear();
            int n = inflation.inflate(out);
            if (n == 0) {
                return true;
            }
            bytesInflated += n;
            if (bytesInflated > limits.maxInflatedBytes()) {
                fail(413, "Content Too Large", "the body inflates to more than the limit of "
                        + limits.maxInflatedBytes() + " bytes", Map.of("limit", "maxInflatedBytes", "value",
                        limits.maxInflatedBytes()), null);
                return false;
            }
            if (limits.maxInflationRatio() > 0 && bytesInflated > BodyLimits.INFLATION_RATIO_GRACE
                    && bytesInflated > limits.maxInflationRatio() * bytesRead) {
                fail(413, "Content Too Large", "the body inflates to more than " + limits.maxInflationRatio()
                        + " times its compressed size", Map.of("limit", "maxInflationRatio", "value",
                        limits.maxInflationRatio()), null);
                return false;
            }
            out.flip();
            decoder.feed(out);
            if (pausedNow()) {
                return false;
            }
        }
    }

    /** If the consumer paused: keep the buffers the decoder still reads, stop reading, and say so. */
    private boolean pausedNow() {
        if (!decoder.isPaused()) {
            return false;
        }
        state = PAUSED;
        pausedSince = System.nanoTime();
        channel.suspendReads();
        return true;
    }

    private void corrupt(DataFormatException e) {
        fail(400, "Bad Request", "the compressed body is corrupt: " + e.getMessage(), Map.of(), e);
    }

    @Override
    public long receivedBytes() {
        return bytesRead;
    }

    @Override
    public long decodedBytes() {
        return decoder == null ? 0 : decoder.bytesFed();
    }

    @Override
    public void resume() {
        exchange.getIoThread().execute(this::resumeOnIoThread);
    }

    private void resumeOnIoThread() {
        if (state != PAUSED) {
            return;
        }
        guarded(() -> {
            decoder.resume();
            if (decoder.isPaused()) {
                return;
            }
            state = READING;
            pausedNanos += System.nanoTime() - pausedSince;
            pausedSince = -1;
            if (inflation != null && !inflateAvailable()) {
                return; // the rest of the held input paused it again (or failed)
            }
            release();
            readLoop();
        });
    }

    private void finish() throws DataFormatException {
        cancelPaceCheck();
        if (inflation != null) {
            inflation.finish();
            inflation.end();
        }
        stopReading();
        // Not DONE before the decoder has ended: an error it only finds at the end (a value cut short) must still
        // reach fail(), which answers nothing once DONE.
        decoder.end();
        state = DONE;
        try {
            consumer.onComplete(exchange);
        } catch (RuntimeException e) {
            notifyFailure(new BodyFailure(500, "Internal Server Error", e));
            if (!exchange.isResponseStarted()) {
                ProblemResponse.send(exchange, 500, "Internal Server Error", "the body's consumer failed", Map.of());
            }
        }
    }

    private void failDecoding(JsonDecodeException e) {
        boolean tooLarge = e.kind() == ErrorKind.LIMIT_EXCEEDED;
        fail(tooLarge ? 413 : 400, tooLarge ? "Content Too Large" : "Bad Request", e.getMessage(),
                ProblemResponse.members(e), e);
    }

    /** Answers (when the client can still hear it) and gives up the body. */
    private void fail(int status, String title, String detail, Map<String, Object> members, Throwable cause) {
        fail(status, title, detail, members, cause, true);
    }

    /** As above; {@code linger} false closes at once after the answer (for clients too slow to wait for). */
    private void fail(int status, String title, String detail, Map<String, Object> members, Throwable cause,
            boolean linger) {
        if (state == DONE) {
            return;
        }
        state = DONE;
        cancelPaceCheck();
        release();
        if (decoder != null) {
            decoder.close();
        }
        if (inflation != null) {
            inflation.end();
        }
        stopReading();
        try {
            notifyFailure(new BodyFailure(status, title, cause)); // first: known before the client has the answer
        } finally {
            answer(status, title, detail, members, linger);
        }
    }

    private void answer(int status, String title, String detail, Map<String, Object> members, boolean linger) {
        if (!exchange.isResponseStarted()) {
            long declared = exchange.getRequestContentLength();
            if (!linger) {
                exchange.setPersistent(false);
                ProblemResponse.send(exchange, status, title, detail, members);
            } else if (declared >= 0 && declared - bytesRead <= DRAIN_AT_MOST) {
                ProblemResponse.send(exchange, status, title, detail, members); // Undertow drains the rest
            } else {
                // Too much may be left to read just to keep the connection: close it, but only after reading (and
                // dropping) what the client is still sending for a moment, since closing with unread bytes resets
                // the connection and can make the client lose the answer.
                exchange.setPersistent(false);
                ProblemResponse.send(exchange, status, title, detail, members, new LingeringClose(exchange, channel));
            }
        }
    }

    private void clientGone(IOException e) {
        if (state == DONE) {
            return;
        }
        state = DONE;
        cancelPaceCheck();
        release();
        decoder.close();
        if (inflation != null) {
            inflation.end();
        }
        stopReading();
        IoUtils.safeClose(exchange.getConnection());
        notifyFailure(new BodyFailure(0, "client went away", e));
    }

    private void notifyFailure(BodyFailure failure) {
        try {
            if (consumer != null) {
                consumer.onFailure(exchange, failure);
            }
        } finally {
            errorHook.onError(exchange, failure);
        }
    }

    private void cancelPaceCheck() {
        if (paceCheck != null) {
            paceCheck.remove();
            paceCheck = null;
        }
        if (watch != null) {
            watch.remove(this); // every way to DONE passes here
            watch = null;
        }
    }

    /** The connection closed under a body still being read (paused, or an HTTP/2 stream that was reset). */
    void connectionClosed(IOException cause) {
        clientGone(cause);
    }

    private void stopReading() {
        if (channel != null) {
            channel.getReadSetter().set(null);
            channel.suspendReads();
        }
    }

    /** Gives the buffers back to the pool; the only place that does, so it happens once for each. */
    private void release() {
        PooledByteBuffer in = held;
        PooledByteBuffer out = heldOut;
        held = null;
        heldOut = null;
        if (in != null) {
            in.close();
        }
        if (out != null) {
            out.close();
        }
    }
}
