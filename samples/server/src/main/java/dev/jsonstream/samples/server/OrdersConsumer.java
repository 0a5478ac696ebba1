package dev.jsonstream.samples.server;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsonstream.decoder.Match;
import dev.jsonstream.decoder.Selection;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.http.BodyConsumer;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code POST /orders}: an embedded REST endpoint in miniature. The body
 * {@code {"orders":[{"id":…,"currency":…,"lines":[{"sku":…,"qty":…,"price":…}]}]}} may be of any size: each order is
 * picked out alone (RAW), bound to a record with jackson-databind, added to the totals per currency and dropped.
 */
final class OrdersConsumer implements BodyConsumer {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record Line(String sku, long qty, BigDecimal price) {
    }

    record Order(String id, String currency, List<Line> lines) {
    }

    private final Map<String, BigDecimal> totals = new TreeMap<>();
    private long orders;
    private long lines;

    @Override
    public TokenHandler tokens() {
        return Selection.builder().raw("/orders/*", this::onOrder).build();
    }

    private void onOrder(Match m) {
        ByteBuffer bytes = m.bytes();
        Order order;
        try {
            if (bytes.hasArray()) {
                order = MAPPER.readValue(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(),
                        Order.class);
            } else {
                order = MAPPER.readValue(m.toByteArray(), Order.class);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        orders++;
        for (Line line : order.lines() == null ? List.<Line>of() : order.lines()) {
            lines++;
            totals.merge(order.currency(), line.price().multiply(BigDecimal.valueOf(line.qty())), BigDecimal::add);
        }
    }

    @Override
    public void onComplete(HttpServerExchange exchange) {
        StringBuilder sb = new StringBuilder("{\"orders\":").append(orders).append(",\"lines\":").append(lines)
                .append(",\"totals\":{");
        boolean first = true;
        for (Map.Entry<String, BigDecimal> e : totals.entrySet()) {
            sb.append(first ? "" : ",").append('"').append(e.getKey()).append("\":\"")
                    .append(e.getValue().toPlainString()).append('"');
            first = false;
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
        exchange.getResponseSender().send(sb.append("}}").toString());
    }
}
