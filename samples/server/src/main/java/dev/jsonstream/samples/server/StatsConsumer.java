package dev.jsonstream.samples.server;

import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.http.BodyConsumer;
import dev.jsonstream.http.BodyControl;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;

/**
 * {@code POST /stats}: counts computed while the body streams through. {@code tokens} counts every token (names and
 * end markers included), {@code strings} only string values ({@code fields} the names), {@code literals} true, false
 * and null, {@code maxDepth} the deepest nesting (a top-level container is 1, a top-level scalar 0), {@code bytes}
 * the decoded body bytes (after any inflation) and {@code documents} the root values.
 */
final class StatsConsumer implements BodyConsumer, TokenHandler {
    private final BodyControl control;
    /** With --measure-allocation: the IO thread's allocated bytes when the body started, else -1. */
    private final long allocatedAtStart;
    private long documents;
    private long tokens;
    private long objects;
    private long arrays;
    private long fields;
    private long strings;
    private long numbers;
    private long literals;
    private int maxDepth;

    StatsConsumer(BodyControl control, boolean measureAllocation) {
        this.control = control;
        this.allocatedAtStart = measureAllocation ? allocated() : -1;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getCurrentThreadAllocatedBytes();
    }

    @Override
    public TokenHandler tokens() {
        return this;
    }

    @Override
    public void onToken(dev.jsonstream.decoder.TokenCursor t) {
        switch (t.kind()) {
            case END_ROOT:
                documents++;
                return;
            case START_OBJECT:
                objects++;
                maxDepth = Math.max(maxDepth, t.depth());
                break;
            case START_ARRAY:
                arrays++;
                maxDepth = Math.max(maxDepth, t.depth());
                break;
            case FIELD_NAME:
                fields++;
                break;
            case STRING:
                strings++;
                break;
            case INT:
            case FLOAT:
                numbers++;
                break;
            case TRUE:
            case FALSE:
            case NULL:
                literals++;
                break;
            default:
                break;
        }
        tokens++;
    }

    @Override
    public void onComplete(HttpServerExchange exchange) {
        if (allocatedAtStart >= 0) {
            // One HTTP/1.1 connection is served by one IO thread: what it allocated meanwhile is this body's.
            exchange.getResponseHeaders().put(new io.undertow.util.HttpString("X-Allocated-Bytes"),
                    Long.toString(allocated() - allocatedAtStart));
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send("{\"bytes\":" + control.decodedBytes() + ",\"documents\":" + documents
                + ",\"tokens\":" + tokens + ",\"objects\":" + objects + ",\"arrays\":" + arrays + ",\"fields\":"
                + fields + ",\"strings\":" + strings + ",\"numbers\":" + numbers + ",\"literals\":" + literals
                + ",\"maxDepth\":" + maxDepth + "}");
    }
}
