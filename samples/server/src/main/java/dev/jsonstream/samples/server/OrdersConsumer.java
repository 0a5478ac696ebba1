package dev.jsonstream.samples.server;

import com.fasterxml.jackson.databind.DatabindException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.jsonstream.decoder.BoundHandler;
import dev.jsonstream.decoder.Match;
import dev.jsonstream.decoder.Selection;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.http.BodyConsumer;
import dev.jsonstream.http.BodyControl;
import dev.jsonstream.http.MatchWorkers;
import dev.jsonstream.http.ProblemResponse;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * {@code POST /orders}: an embedded REST endpoint in miniature. The body
 * {@code {"orders":[{"id":…,"currency":…,"lines":[{"sku":…,"qty":…,"price":…}]}]}} may be of any size: each order is
 * picked out alone and bound to a record with jackson-databind as it is decoded, added to the totals per currency and
 * dropped. Binding in place parses each order once, except an order that runs past the end of the bytes received so
 * far (a few per buffer): that one is bound again from its kept bytes once it has all arrived, so its bytes are
 * parsed twice, and the first, abandoned, binding is dropped.
 * An order that does not bind ({@code "qty":"many"}) ends the body with 422 and the JSON Pointer of the member that
 * failed, at once, while the rest of the body may still be on its way.
 */
final class OrdersConsumer implements BodyConsumer, BoundHandler<OrdersConsumer.Order> {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record Line(String sku, long qty, BigDecimal price) {
    }

    record Order(String id, String currency, List<Line> lines) {
    }

    private final BodyControl control;
    private final Map<String, BigDecimal> totals = new TreeMap<>();
    private long orders;
    private long lines;
    /** Set once an order did not bind: the rest of the body is no longer looked at. */
    private boolean rejected;

    OrdersConsumer(BodyControl control) {
        this.control = control;
    }

    @Override
    public TokenHandler tokens() {
        return Selection.builder().bind("/orders/*", p -> MAPPER.readValue(p, Order.class), this).build();
    }

    @Override
    public void onFailure(Match m, Exception failure) {
        if (rejected) {
            return;
        }
        if (failure instanceof DatabindException) {
            reject(unbound(m.pointer(), (DatabindException) failure));
            return;
        }
        if (failure instanceof IOException) {
            throw new UncheckedIOException((IOException) failure); // the bytes are one whole JSON value: not expected
        }
        throw (RuntimeException) failure;
    }

    @Override
    public void onBound(Match m, Order order) {
        if (rejected) {
            return;
        }
        String missing = missingMember(order);
        if (missing != null) {
            String pointer = m.pointer() + missing;
            reject(ProblemResponse.of(422, "Unprocessable Content", "the member at " + pointer + " is missing")
                    .with("pointer", pointer));
            return;
        }
        orders++;
        for (Line line : order.lines() == null ? List.<Line>of() : order.lines()) {
            lines++;
            totals.merge(order.currency(), line.price().multiply(BigDecimal.valueOf(line.qty())), BigDecimal::add);
        }
    }

    /** Ends the body with this answer; the orders still to come are not looked at. */
    private void reject(ProblemResponse problem) {
        rejected = true;
        control.reject(problem);
    }

    /** The pointer, relative to the order, of a member the totals need and the order lacks; null if none. */
    private static String missingMember(Order order) {
        List<Line> lines = order.lines() == null ? List.of() : order.lines();
        if (order.currency() == null && !lines.isEmpty()) {
            return "/currency";
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i) == null) {
                return "/lines/" + i;
            }
            if (lines.get(i).price() == null) {
                return "/lines/" + i + "/price";
            }
        }
        return null;
    }

    /** A 422 naming, by JSON Pointer, the member of the order that did not bind and what it should have held. */
    static ProblemResponse unbound(String orderPointer, DatabindException e) {
        StringBuilder pointer = new StringBuilder(orderPointer);
        if (e instanceof JsonMappingException jme) {
            for (JsonMappingException.Reference ref : jme.getPath()) {
                pointer.append('/');
                if (ref.getFieldName() != null) {
                    pointer.append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
                } else {
                    pointer.append(ref.getIndex());
                }
            }
        }
        String expected = e instanceof MismatchedInputException mie ? expected(mie.getTargetType()) : null;
        String detail = expected == null ? "the order does not bind at " + pointer
                : "the member at " + pointer + " must hold " + expected;
        return ProblemResponse.of(422, "Unprocessable Content", detail).with("pointer", pointer.toString());
    }

    /**
     * {@code POST /orders/workers}: each order bound as it is decoded and handed to {@code pool} through
     * {@link MatchWorkers} (at most 64 in flight), where the work drops it; answers {@code {"orders":N}}. The
     * jsonstream side of the end-to-end binding benchmark, against {@code /baseline/orders-iterator}.
     */
    static MatchWorkers<Order> workers(Executor pool) {
        ObjectReader reader = MAPPER.readerFor(Order.class);
        return MatchWorkers.<Order>binding("/orders/*", reader::readValue)
                .work(order -> { })
                .executor(pool, 64)
                .onComplete((exchange, n) -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
                    exchange.getResponseSender().send("{\"orders\":" + n + "}");
                })
                .build();
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return null;
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
            return "an integer";
        }
        if (type == BigDecimal.class || Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        return "an object";
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
