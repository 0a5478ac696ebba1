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
 * <p>Touched only on the connection's IO thread.
 */
final class ConnectionWatch implements ServerConnection.CloseListener {
    private static final AttachmentKey<ConnectionWatch> KEY = AttachmentKey.create(ConnectionWatch.class);

    private final Set<BodyReading> open = new LinkedHashSet<>();

    static ConnectionWatch of(ServerConnection connection) {
        ConnectionWatch watch = connection.getAttachment(KEY);
        if (watch == null) {
            watch = new ConnectionWatch();
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
    }

    @Override
    public void closed(ServerConnection connection) {
        for (BodyReading reading : new ArrayList<>(open)) {
            reading.connectionClosed(new ClosedChannelException());
        }
        open.clear();
    }
}
