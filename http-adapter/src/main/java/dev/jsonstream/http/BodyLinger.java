package dev.jsonstream.http;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.Connectors;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * What follows an early answer (one sent before the request body ended): the response is completed, then the rest
 * of the body is read and dropped within {@link BodyLimits}' linger bounds, then the exchange ends.
 *
 * <p>Why: a client that writes its whole body before it reads (Python's {@code http.client}, many SDKs) is still
 * sending when the answer goes out. Closing a socket with unread bytes sends a TCP reset, and the reset makes the
 * client's stack drop the answer it has not read yet; on HTTP/2 Undertow's own ways of giving up a stream reset it
 * with CANCEL, which curl and the JDK client report as a failed request. Reading the rest costs little at network
 * speed, so, like nginx's lingering close, the server reads and drops it for a bounded time.
 *
 * <p>Ends, one of:
 * <ul>
 *   <li>the body was drained whole: the exchange ends normally, and an HTTP/1.1 connection stays open unless the
 *   answer said {@code Connection: close};</li>
 *   <li>a bound was reached ({@code lingerBytes} more bytes, {@code lingerTime} in all, {@code lingerIdle} without a
 *   byte): an HTTP/2 stream gets RST_STREAM(NO_ERROR) after its complete response ({@link Http2StreamEnd}), and the
 *   connection goes on; an HTTP/1.1 connection is closed;</li>
 *   <li>the client reset or left: the connection (HTTP/1.1) or stream (HTTP/2) is given up.</li>
 * </ul>
 *
 * <p>Runs on the exchange's IO thread. Buffers: one pooled buffer per burst of reads, given back before the burst
 * returns; none is held between events.
 */
final class BodyLinger implements IoCallback, ChannelListener<StreamSourceChannel> {
    private final HttpServerExchange exchange;
    /** The request channel to drain; null when the body must not be read (a refused {@code Expect: 100-continue}). */
    private final StreamSourceChannel channel;
    private final long maxBytes;
    private final long totalNanos;
    private final long idleNanos;
    private long dropped;
    private long startedNanos;
    private long lastByteNanos;
    private XnioExecutor.Key timer;
    private boolean ended;
    private final boolean http2;
    /** The connection's watch, told of the bytes dropped (they are progress the connection makes). */
    private final ConnectionWatch watch;

    /**
     * The linger for a body of which {@code declaredRest} bytes are still to come (-1: not known, as for a chunked
     * body). A rest the bounds will not drain whole (over {@code lingerBytes}, or lingering off) means the HTTP/1.1
     * connection is to close, and the answer, not yet sent, says so.
     */
    static BodyLinger forRest(HttpServerExchange exchange, StreamSourceChannel channel, BodyLimits limits,
            long declaredRest) {
        if (limits.lingerBytes() == 0 || limits.lingerTime().isZero() || declaredRest > limits.lingerBytes()) {
            exchange.setPersistent(false);
        }
        return new BodyLinger(exchange, channel, limits.lingerBytes(), limits.lingerTime().toNanos(),
                limits.lingerIdle().toNanos());
    }

    /** With no linger at all: the answer, then the end, and the connection closes (clients too slow to wait for). */
    static BodyLinger none(HttpServerExchange exchange) {
        exchange.setPersistent(false);
        return new BodyLinger(exchange, null, 0, 0, 1);
    }

    private BodyLinger(HttpServerExchange exchange, StreamSourceChannel channel, long maxBytes, long totalNanos,
            long idleNanos) {
        this.exchange = exchange;
        this.channel = channel;
        this.maxBytes = maxBytes;
        this.totalNanos = totalNanos;
        this.idleNanos = idleNanos;
        this.http2 = Http2StreamEnd.isHttp2(exchange);
        this.watch = ConnectionWatch.of(exchange.getConnection());
    }

    /** The answer is written: complete the response (END_STREAM on HTTP/2) before anything else. */
    @Override
    public void onComplete(HttpServerExchange ex, Sender sender) {
        sender.close(new IoCallback() {
            @Override
            public void onComplete(HttpServerExchange e, Sender s) {
                drain();
            }

            @Override
            public void onException(HttpServerExchange e, Sender s, IOException cause) {
                giveUp();
            }
        });
    }

    @Override
    public void onException(HttpServerExchange ex, Sender sender, IOException e) {
        giveUp();
    }

    private void drain() {
        startedNanos = System.nanoTime();
        lastByteNanos = startedNanos;
        if (exchange.isRequestComplete()) {
            end();
            exchange.endExchange();
            return;
        }
        if (channel == null || maxBytes == 0 || totalNanos == 0) {
            boundReached();
            return;
        }
        scheduleCheck(Math.min(idleNanos, totalNanos));
        channel.getReadSetter().set(this);
        handleEvent(channel);
    }

    @Override
    public void handleEvent(StreamSourceChannel ch) {
        if (ended) {
            return;
        }
        PooledByteBuffer pooled = exchange.getConnection().getByteBufferPool().allocate();
        int outcome; // 0: wait for more, -1: drained whole, 1: a bound reached, 2: the client is gone
        try {
            ByteBuffer buf = pooled.getBuffer();
            while (true) {
                buf.clear();
                int n = ch.read(buf);
                if (n == 0) {
                    outcome = 0;
                    break;
                }
                if (n < 0) {
                    outcome = -1;
                    break;
                }
                dropped += n;
                watch.delivered(n);
                lastByteNanos = System.nanoTime();
                if (dropped > maxBytes) {
                    outcome = 1;
                    break;
                }
            }
        } catch (IOException e) {
            outcome = 2;
        } finally {
            pooled.close();
        }
        switch (outcome) {
            case 0 -> ch.resumeReads();
            case -1 -> drained();
            case 1 -> boundReached();
            default -> giveUp();
        }
    }

    private void scheduleCheck(long delayNanos) {
        timer = exchange.getIoThread().executeAfter(this::check, Math.max(1, delayNanos), TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (ended) {
            return;
        }
        long now = System.nanoTime();
        long idleLeft = idleNanos - (now - lastByteNanos);
        long totalLeft = totalNanos - (now - startedNanos);
        if (idleLeft <= 0 || totalLeft <= 0) {
            boundReached();
        } else {
            scheduleCheck(Math.min(idleLeft, totalLeft));
        }
    }

    /**
     * The client sent its last byte. The request is over (Undertow saw its end as the read returned -1), so the
     * exchange ends as any other; the channel is Undertow's again, for the connection's next request.
     */
    private void drained() {
        end();
        exchange.endExchange();
    }

    /**
     * A bound was reached: an HTTP/1.1 connection closes; an HTTP/2 stream is reset with NO_ERROR after its complete
     * response ({@link Http2StreamEnd}), and the connection goes on.
     */
    private void boundReached() {
        end();
        stopReading();
        if (http2 && Http2StreamEnd.resetWithoutError(exchange)) {
            endWithoutTheRest();
            return;
        }
        IoUtils.safeClose(exchange.getConnection());
    }

    /**
     * The client reset or left. HTTP/1.1: the connection is done. HTTP/2: only this stream is (curl resets a stream
     * whose response is complete rather than send the rest), so the exchange ends, and the connection goes on.
     */
    private void giveUp() {
        end();
        stopReading();
        if (http2) {
            endWithoutTheRest();
        } else {
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    /** An HTTP/2 exchange whose stream will not be read any more: its request is over, so the exchange may end. */
    private void endWithoutTheRest() {
        Connectors.terminateRequest(exchange);
        exchange.endExchange();
    }

    private void end() {
        ended = true;
        if (timer != null) {
            timer.remove();
            timer = null;
        }
    }

    private void stopReading() {
        if (channel != null) {
            channel.getReadSetter().set(null);
            channel.suspendReads();
        }
    }
}
