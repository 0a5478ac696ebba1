package dev.jsonstream.samples.server;

import dev.jsonstream.decoder.Match;
import dev.jsonstream.decoder.PathPattern;
import dev.jsonstream.decoder.Selection;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.http.BodyConsumer;
import dev.jsonstream.http.BodyControl;
import dev.jsonstream.http.BodyFailure;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSinkChannel;

/**
 * {@code POST /select?path=PATTERN}: each selected value as compact JSON (its bytes less the whitespace between
 * tokens: {@link NdjsonLines}), or with {@code raw=true} exactly as in the input, one per line of an
 * {@code application/x-ndjson} response written while the request is still arriving. When the client reads slower
 * than it sends, a line the response channel cannot take yet is kept and the body is paused until the channel has
 * written it: backpressure from the response to the request, without a thread blocked.
 */
final class SelectConsumer implements BodyConsumer {
    private final HttpServerExchange exchange;
    private final BodyControl control;
    private final Selection selection;
    private final boolean raw;
    private final NdjsonLines lines = new NdjsonLines();
    private StreamSinkChannel out;
    /**
     * A line the channel has not taken yet, or null. The body is paused meanwhile, so no match comes that would
     * reuse the array it lies in (see {@link NdjsonLines}).
     */
    private ByteBuffer pending;

    SelectConsumer(HttpServerExchange exchange, BodyControl control, PathPattern pattern, boolean raw) {
        this.exchange = exchange;
        this.control = control;
        this.raw = raw;
        this.selection = Selection.builder().raw(pattern, this::onMatch).build();
    }

    @Override
    public TokenHandler tokens() {
        return selection;
    }

    private void onMatch(Match m) {
        ByteBuffer line = lines.line(m.bytes(), raw);
        if (!write(line)) {
            pending = line;
            m.pause();
            out.getWriteSetter().set(ch -> {
                if (write(pending)) {
                    pending = null;
                    ch.suspendWrites();
                    control.resume();
                }
            });
            out.resumeWrites();
        }
    }

    /** Writes what the channel takes; true when all of {@code line} is written. */
    private boolean write(ByteBuffer line) {
        if (out == null) {
            exchange.setStatusCode(200);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/x-ndjson");
            out = exchange.getResponseChannel();
        }
        try {
            while (line.hasRemaining()) {
                if (out.write(line) == 0) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            IoUtils.safeClose(exchange.getConnection());
            return true; // the client is gone; the body will fail on its own
        }
    }

    @Override
    public void onComplete(HttpServerExchange ex) {
        if (out == null) {
            write(ByteBuffer.allocate(0)); // nothing matched: an empty 200
        }
        try {
            out.shutdownWrites();
            if (out.flush()) {
                exchange.endExchange();
                return;
            }
            out.getWriteSetter().set(ChannelListeners.flushingChannelListener(ch -> exchange.endExchange(),
                    (ch, e) -> IoUtils.safeClose(exchange.getConnection())));
            out.resumeWrites();
        } catch (IOException e) {
            IoUtils.safeClose(exchange.getConnection());
        }
    }

    @Override
    public void onFailure(HttpServerExchange ex, BodyFailure failure) {
        if (out != null) {
            // Lines are out already, so no error status can follow: cutting the response short says it failed.
            IoUtils.safeClose(exchange.getConnection());
        }
    }
}
