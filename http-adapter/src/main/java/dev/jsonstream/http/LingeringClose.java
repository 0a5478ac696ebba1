package dev.jsonstream.http;

import io.undertow.connector.PooledByteBuffer;
import io.undertow.io.IoCallback;
import io.undertow.io.Sender;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;

/**
 * After an early error answer on a connection that will close: reads and drops what the client is still sending,
 * for at most {@link #MAX_BYTES} or {@link #MAX_MILLIS}, then ends the exchange (which closes the connection).
 * Closing a socket with unread bytes sends a reset, and a reset can make the client drop the answer it has not
 * read yet; a short linger lets a client that is still sending a modest remainder see the answer and a clean close.
 */
final class LingeringClose implements IoCallback, ChannelListener<StreamSourceChannel> {
    static final long MAX_BYTES = 256 * 1024;
    static final long MAX_MILLIS = 1000;

    private final HttpServerExchange exchange;
    private final StreamSourceChannel channel;
    private long dropped;
    private boolean closed;

    LingeringClose(HttpServerExchange exchange, StreamSourceChannel channel) {
        this.exchange = exchange;
        this.channel = channel;
    }

    @Override
    public void onComplete(HttpServerExchange ex, Sender sender) {
        if (channel == null) {
            close();
            return;
        }
        exchange.getIoThread().executeAfter(this::close, MAX_MILLIS, TimeUnit.MILLISECONDS);
        channel.getReadSetter().set(this);
        handleEvent(channel);
    }

    @Override
    public void onException(HttpServerExchange ex, Sender sender, IOException e) {
        close();
    }

    @Override
    public void handleEvent(StreamSourceChannel ch) {
        if (closed) {
            return;
        }
        PooledByteBuffer pooled = exchange.getConnection().getByteBufferPool().allocate();
        try {
            ByteBuffer buf = pooled.getBuffer();
            while (dropped <= MAX_BYTES) {
                buf.clear();
                int n = ch.read(buf);
                if (n == 0) {
                    ch.resumeReads();
                    return;
                }
                if (n < 0) {
                    break; // the client has sent everything: a clean close
                }
                dropped += n;
            }
        } catch (IOException e) {
            // the client is gone already
        } finally {
            pooled.close();
        }
        close();
    }

    private void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            channel.getReadSetter().set(null);
            channel.suspendReads();
        }
        if (dropped > MAX_BYTES) {
            IoUtils.safeClose(exchange.getConnection());
        } else {
            exchange.endExchange();
        }
    }
}
