package dev.jsonstream.http;

import io.undertow.server.ServerConnection;
import io.undertow.util.AttachmentKey;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * One per connection: the bodies being read on it, told when the connection closes. A body whose consumer has
 * paused has its reads suspended, so it would never hear that the client went away, and would keep its buffer
 * forever; on HTTP/2 a reset stream may not wake the read listener either. One close listener per connection (not
 * one per request, which would pile up on a long keep-alive connection) reaches them all.
 *
 * <p>It also knows which of those bodies are paused. On HTTP/2 a paused body holds unread DATA, and with it part of
 * the connection's flow-control window, which the other streams' clients may need to send at all: their pace is
 * not judged while that lasts ({@link #creditWithheldSince}).
 *
 * <p>Touched only on the connection's IO thread.
 */
final class ConnectionWatch implements ServerConnection.CloseListener {
    private static final AttachmentKey<ConnectionWatch> KEY = AttachmentKey.create(ConnectionWatch.class);

    private final Set<BodyReading> open = new LinkedHashSet<>();
    private final Set<BodyReading> paused = new LinkedHashSet<>();
    private final boolean sharesFlowControl;
    /** When the last pause on this connection ended (System.nanoTime), or how long ago nothing paused. */
    private long lastPauseEnded = System.nanoTime() - (1L << 62);

    /** Body bytes read on this connection so far, by every body and linger: whether it is making progress. */
    private long delivered;

    private ConnectionWatch(boolean sharesFlowControl) {
        this.sharesFlowControl = sharesFlowControl;
    }

    static ConnectionWatch of(ServerConnection connection) {
        // One per HTTP/2 connection too: Http2ServerConnection keeps attachments and close listeners on its channel.
        ConnectionWatch watch = connection.getAttachment(KEY);
        if (watch == null) {
            watch = new ConnectionWatch(connection instanceof io.undertow.server.protocol.http2.Http2ServerConnection);
            connection.putAttachment(KEY, watch);
            connection.addCloseListener(watch);
        }
        return watch;
    }

    void add(BodyReading reading) {
        open.add(reading);
    }

    void remove(BodyReading reading) {
        open.remove(reading);
        resumed(reading);
    }

    void delivered(long bytes) {
        delivered += bytes;
    }

    long deliveredTotal() {
        return delivered;
    }

    void paused(BodyReading reading) {
        paused.add(reading);
    }

    void resumed(BodyReading reading) {
        if (paused.remove(reading)) {
            lastPauseEnded = System.nanoTime();
        }
    }

    /**
     * Whether, on a connection whose streams share a window, the other bodies on it together kept the pace during
     * an interval in which this one got too little. The client is sending then; what it sends goes through one
     * connection window that the server replenishes only as fast as its IO thread reads, so a stream starved behind
     * its siblings (measured: JDK h2c streams waiting seconds behind 2 MB uploads on a loaded machine) is held back
     * by the server's credit, not by its client. A real trickle on a busy connection is then left to the deadline.
     */
    boolean othersKeptPace(long othersBytes, long nanos, long minBytesPerSecond) {
        return sharesFlowControl && minBytesPerSecond > 0 && nanos > 0
                && othersBytes * 1_000_000_000L >= minBytesPerSecond * nanos;
    }

    /** Whether, on a connection whose streams share a window, another body was paused at any time since then. */
    boolean creditWithheldSince(BodyReading reading, long since) {
        if (!sharesFlowControl) {
            return false;
        }
        return paused.size() > (paused.contains(reading) ? 1 : 0) || lastPauseEnded - since > 0;
    }

    @Override
    public void closed(ServerConnection connection) {
        for (BodyReading reading : new ArrayList<>(open)) {
            reading.connectionClosed(new ClosedChannelException());
        }
        open.clear();
    }
}
