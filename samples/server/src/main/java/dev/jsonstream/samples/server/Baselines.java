package dev.jsonstream.samples.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.InputStream;

/**
 * The two ways a service would take a JSON body without this project, for the benchmarks to measure against:
 * Undertow's {@code receiveFullBytes} then Jackson over the byte[], and a blocking InputStream on a worker thread
 * then Jackson over the stream. Both answer {@code {"tokens":N}}. Not for production: the first holds the whole body.
 */
final class Baselines {
    private static final JsonFactory JSON = new JsonFactory();

    private Baselines() {
    }

    static long countTokens(JsonParser p) throws IOException {
        long tokens = 0;
        while (p.nextToken() != null) {
            tokens++;
        }
        return tokens;
    }

    /** {@code POST /baseline/full-bytes}. */
    static HttpHandler fullBytes() {
        return exchange -> exchange.getRequestReceiver().receiveFullBytes((ex, bytes) -> {
            try (JsonParser p = JSON.createParser(bytes)) {
                respond(ex, countTokens(p));
            } catch (IOException e) {
                ex.setStatusCode(400);
                ex.getResponseSender().send(String.valueOf(e.getMessage()));
            }
        });
    }

    /** {@code POST /baseline/blocking}. */
    static HttpHandler blockingStream() {
        return onWorker((exchange, in) -> {
            try (JsonParser p = JSON.createParser(in)) {
                respond(exchange, countTokens(p));
            }
        });
    }

    /**
     * {@code POST /baseline/orders-iterator}: the {@code /orders} body as a service binds it without this project,
     * on a worker thread: jackson-databind's {@code MappingIterator} over the request's stream, one order at a time,
     * each dropped (the work a no-op). Answers {@code {"orders":N}}.
     */
    static HttpHandler ordersIterator() {
        ObjectReader reader = OrdersConsumer.MAPPER.readerFor(OrdersConsumer.Order.class);
        return onWorker((exchange, in) -> {
            long orders = 0;
            try (JsonParser p = reader.createParser(in)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    throw new IOException("not an object");
                }
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    boolean ordersMember = "orders".equals(p.currentName());
                    p.nextToken();
                    if (!ordersMember || !p.isExpectedStartArrayToken()) {
                        p.skipChildren();
                    } else if (p.nextToken() != JsonToken.END_ARRAY) {
                        // On the first element: the iterator reads elements until the end of the array.
                        try (MappingIterator<Object> it = reader.readValues(p)) {
                            while (it.hasNextValue()) {
                                it.nextValue();
                                orders++;
                            }
                        }
                    }
                }
            }
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
            exchange.getResponseSender().send("{\"orders\":" + orders + "}");
        });
    }

    /** Reads a request's body from its stream. */
    private interface BlockingRead {
        void read(HttpServerExchange exchange, InputStream in) throws IOException;
    }

    /** A handler that reads the body on a worker thread, blocking; a body it cannot read is a 400 with the reason. */
    private static HttpHandler onWorker(BlockingRead read) {
        return new HttpHandler() {
            @Override
            public void handleRequest(HttpServerExchange exchange) throws Exception {
                if (exchange.isInIoThread()) {
                    exchange.dispatch(this);
                    return;
                }
                exchange.startBlocking();
                try (InputStream in = exchange.getInputStream()) {
                    read.read(exchange, in);
                } catch (IOException | RuntimeException e) {
                    exchange.setStatusCode(400);
                    exchange.getResponseSender().send(String.valueOf(e.getMessage()));
                }
            }
        };
    }

    private static void respond(HttpServerExchange exchange, long tokens) {
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send("{\"tokens\":" + tokens + "}");
    }
}
