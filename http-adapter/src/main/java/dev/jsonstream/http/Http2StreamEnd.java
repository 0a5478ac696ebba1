package dev.jsonstream.http;

import io.undertow.protocols.http2.Http2Channel;
import io.undertow.protocols.http2.Http2StreamSourceChannel;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.protocol.http2.Http2ServerConnection;
import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Map;

/**
 * Ends an HTTP/2 request stream whose answer is complete but whose body the client is still sending: RST_STREAM
 * with NO_ERROR, which RFC 9113 §8.1 provides for exactly this ("a server can send a complete response prior to the
 * client sending an entire request ... the server MAY request that the client abort transmission of a request
 * without error"), and the rest of the stream's DATA is dropped without harm to the connection's other streams.
 *
 * <p>Why not Undertow's own ways (2.4.4): {@code ServerConnection.close()} on an HTTP/2 exchange sends
 * RST_STREAM(CANCEL) ({@code Http2ServerConnection.close()}), as does an entity-size overflow
 * ({@code handleStreamTooLarge} closes the source channel, whose {@code channelForciblyClosed} resets with CANCEL);
 * curl reports "stream was not closed cleanly: CANCEL" and drops the response, the JDK client throws "Received
 * RST_STREAM: Stream cancelled". {@code Http2Channel.sendRstStream(id, code)} is public, but nothing public leads
 * from an exchange to its HTTP/2 channel or stream.
 *
 * <p>Two more things go wrong after a server-side reset in Undertow 2.4.4, both fixed here:
 * <ul>
 *   <li>DATA already on its way: Undertow keeps the reset stream in its {@code StreamCache}, but its
 *   {@code find(id)} only returns streams this side opened ({@code StreamHolder.sent}), so a DATA frame that
 *   arrives for a reset client stream is taken for a frame on no stream, a connection error: GOAWAY, and every
 *   other stream on the connection dies (seen with the JDK client, which keeps sending until it reads the reset).
 *   The stream's holder is marked {@code sent}, so that such frames reach the reset stream and are dropped
 *   ({@code dataReady} on a broken stream), for the cache's 60 s; its source channel is told to ignore the forced
 *   close at eviction, which would send a second, CANCEL, reset.</li>
 *   <li>Credit: Undertow credits the connection only for bytes read, and those dropped frames are never read, so
 *   each reset would leave the client that much short of connection-level credit for good, and a few would stall
 *   every other stream on the connection. The client can still send at most the stream's remaining window (which
 *   also covers DATA that arrived and was not read), so that much is given back to the connection at once with a
 *   WINDOW_UPDATE. If the client stops sooner, the connection's window ends up larger than Undertow thinks, which is
 *   harmless: at most one stream window per reset, and Undertow caps sent resets per connection
 *   ({@code MAX_RST_FRAMES_PER_WINDOW}, 200 per 30 s by default).</li>
 * </ul>
 *
 * <p>The private fields are looked up once, here. Where one is missing (another Undertow), {@link #available()} is
 * false and the adapter falls back to closing, as Undertow's public API does.
 */
final class Http2StreamEnd {
    private static final Field CHANNEL = field(Http2ServerConnection.class, "channel");
    private static final Field REQUEST_CHANNEL = field(Http2ServerConnection.class, "requestChannel");
    private static final Field STREAM_WINDOW = field(Http2StreamSourceChannel.class, "flowControlWindow");
    private static final Field RESET_STREAMS = field(Http2Channel.class, "resetStreamTracker");
    private static final Field RESET_HOLDERS = nestedField("Http2Channel$StreamCache", "streamHolders");
    private static final Field HOLDER_SENT = nestedField("Http2Channel$StreamHolder", "sent");

    private Http2StreamEnd() {
    }

    static boolean isHttp2(HttpServerExchange exchange) {
        return exchange.getConnection() instanceof Http2ServerConnection;
    }

    /** Whether this Undertow lets a stream be ended this way (false: only a CANCEL is possible). */
    static boolean available() {
        return CHANNEL != null && REQUEST_CHANNEL != null && STREAM_WINDOW != null && RESET_STREAMS != null
                && RESET_HOLDERS != null && HOLDER_SENT != null;
    }

    /**
     * Sends RST_STREAM(NO_ERROR) for the exchange's stream, keeps its late DATA from breaking the connection, and
     * gives its unused credit back to the connection. Runs on the connection's IO thread, which is also the one that
     * reads its frames: no frame can slip in between. False when this cannot be done here (not HTTP/2, another
     * Undertow, a connection already closed): the caller falls back to closing.
     */
    static boolean resetWithoutError(HttpServerExchange exchange) {
        if (!isHttp2(exchange) || !available()) {
            return false;
        }
        try {
            Http2Channel channel = (Http2Channel) CHANNEL.get(exchange.getConnection());
            Http2StreamSourceChannel stream = (Http2StreamSourceChannel) REQUEST_CHANNEL.get(exchange.getConnection());
            if (channel == null || stream == null || !channel.isOpen()) {
                return false;
            }
            int window = STREAM_WINDOW.getInt(stream);
            stream.setIgnoreForceClose(true);
            channel.sendRstStream(stream.getStreamId(), Http2Channel.ERROR_NO_ERROR);
            Object holder = ((Map<?, ?>) RESET_HOLDERS.get(RESET_STREAMS.get(channel))).get(stream.getStreamId());
            if (holder != null) {
                HOLDER_SENT.setBoolean(holder, true);
            }
            if (window > 0 && channel.isOpen()) {
                channel.sendUpdateWindowSize(0, window);
            }
            return true;
        } catch (IllegalAccessException | IOException | RuntimeException e) {
            return false;
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field f = owner.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field nestedField(String simpleName, String name) {
        try {
            return field(Class.forName("io.undertow.protocols.http2." + simpleName), name);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
