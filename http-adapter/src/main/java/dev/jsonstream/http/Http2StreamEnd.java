package dev.jsonstream.http;

import io.undertow.protocols.http2.Http2Channel;
import io.undertow.protocols.http2.Http2StreamSourceChannel;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.io.IOException;
import java.lang.reflect.Field;

/**
 * Ends an HTTP/2 request stream whose answer is complete but whose body the client is still sending: RST_STREAM
 * with NO_ERROR, which RFC 9113 §8.1 provides for exactly this ("a server can send a complete response prior to the
 * client sending an entire request ... the server MAY request that the client abort transmission of a request
 * without error"), and clients (curl, the JDK's) keep the response they already have.
 *
 * <p>Why not Undertow's own ways: {@code ServerConnection.close()} on an HTTP/2 exchange sends RST_STREAM(CANCEL)
 * ({@code Http2ServerConnection.close()}), as does an entity-size overflow ({@code handleStreamTooLarge} closes the
 * source channel, whose {@code channelForciblyClosed} resets with CANCEL); curl reports "stream was not closed
 * cleanly: CANCEL" and drops the response, and the JDK client throws "Received RST_STREAM: Stream cancelled".
 * Undertow 2.4.4 has {@code Http2Channel.sendRstStream(id, code)} public, but no public way from an exchange to its
 * HTTP/2 channel or stream, so the two private fields of {@code Http2ServerConnection} are read once, here.
 *
 * <p>Flow control: after a reset Undertow drops the stream's DATA frames unread ({@code dataReady} on a broken
 * stream), so their bytes are never credited back to the connection, and a few such resets would leave the client
 * without connection-level credit: every other stream on the connection would stall. The client can still send at
 * most the stream's remaining window, so that much is given back to the connection at once with a WINDOW_UPDATE.
 * If the client stops sooner, the connection's window ends up larger than Undertow thinks, which is harmless
 * (Undertow caps sent resets per connection, {@code MAX_RST_FRAMES_PER_WINDOW}, 200 per 30 s by default).
 */
final class Http2StreamEnd {
    private static final Field CHANNEL = field("channel");
    private static final Field REQUEST_CHANNEL = field("requestChannel");
    private static final Field STREAM_WINDOW = streamWindowField();

    private Http2StreamEnd() {
    }

    static boolean isHttp2(HttpServerExchange exchange) {
        return exchange.getConnection() instanceof Http2ServerConnection;
    }

    /** Whether this Undertow lets the stream be ended without error (false: only a CANCEL is possible). */
    static boolean available() {
        return CHANNEL != null && REQUEST_CHANNEL != null;
    }

    /**
     * Sends RST_STREAM(NO_ERROR) for the exchange's stream and returns its unused credit to the connection. False
     * when that cannot be done here (not HTTP/2, or an Undertow without the fields): the caller falls back to
     * closing.
     */
    static boolean resetWithoutError(HttpServerExchange exchange) {
        if (!isHttp2(exchange) || !available()) {
            return false;
        }
        try {
            Http2Channel channel = (Http2Channel) CHANNEL.get(exchange.getConnection());
            Http2StreamSourceChannel stream = (Http2StreamSourceChannel) REQUEST_CHANNEL.get(exchange.getConnection());
            if (channel == null || stream == null) {
                return false;
            }
            int window = STREAM_WINDOW == null ? 0 : STREAM_WINDOW.getInt(stream);
            channel.sendRstStream(stream.getStreamId(), Http2Channel.ERROR_NO_ERROR);
            if (window > 0 && channel.isOpen()) {
                channel.sendUpdateWindowSize(0, window);
            }
            return true;
        } catch (IllegalAccessException | IOException | ClassCastException e) {
            return false;
        }
    }

    private static Field field(String name) {
        try {
            Field f = Http2ServerConnection.class.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The stream's receive window as Undertow tracks it: what the client may still send on it. */
    private static Field streamWindowField() {
        try {
            Field f = Http2StreamSourceChannel.class.getDeclaredField("flowControlWindow");
            f.setAccessible(true);
            return f.getType() == int.class ? f : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
