package dev.jsonstream.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.jsonstream.decoder.JsonDecodeException;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Map;

/** An RFC 9457 {@code application/problem+json} response: status, title, detail and extension members. */
final class ProblemResponse {
    static final String CONTENT_TYPE = "application/problem+json";

    private ProblemResponse() {
    }

    /** The body of a problem: {@code members} values are written as JSON numbers (Number) or strings. */
    static String json(int status, String title, String detail, Map<String, Object> members) {
        StringBuilder sb = new StringBuilder(128);
        sb.append("{\"type\":\"about:blank\",\"title\":");
        string(sb, title);
        sb.append(",\"status\":").append(status);
        if (detail != null) {
            sb.append(",\"detail\":");
            string(sb, detail);
        }
        for (Map.Entry<String, Object> m : members.entrySet()) {
            sb.append(',');
            string(sb, m.getKey());
            sb.append(':');
            if (m.getValue() instanceof Number) {
                sb.append(m.getValue());
            } else {
                string(sb, String.valueOf(m.getValue()));
            }
        }
        return sb.append('}').toString();
    }

    private static void string(StringBuilder sb, String s) {
        sb.append('"');
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        sb.append('"');
    }

    /** The members a decode error contributes: where, and for limits which and its value. */
    static Map<String, Object> members(JsonDecodeException e) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("kind", e.kind().name());
        m.put("offset", e.byteOffset());
        m.put("line", e.line());
        m.put("column", e.column());
        m.put("pointer", e.pointer());
        if (e.limit() != null) {
            m.put("limit", e.limit().configName());
            m.put("value", e.limitValue());
        }
        return m;
    }

    static void send(HttpServerExchange exchange, int status, String title, String detail,
            Map<String, Object> members) {
        send(exchange, status, title, detail, members, io.undertow.io.IoCallback.END_EXCHANGE);
    }

    static void send(HttpServerExchange exchange, int status, String title, String detail,
            Map<String, Object> members, io.undertow.io.IoCallback then) {
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        exchange.getResponseSender().send(json(status, title, detail, members), then);
    }
}
