package dev.jsonstream.http;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.jsonstream.decoder.JsonDecodeException;
import io.undertow.io.IoCallback;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An RFC 9457 {@code application/problem+json} answer: status, title, detail and extension members. Immutable.
 *
 * <p>A consumer ends a body with one through {@link BodyControl#reject}, e.g. when an element does not bind:
 * <pre>{@code
 * control.reject(ProblemResponse.of(422, "Unprocessable Content", "qty must be a number")
 *         .with("pointer", match.pointer()));
 * }</pre>
 * The adapter answers its own errors with the same shape: {@code kind}, {@code offset}, {@code line},
 * {@code column}, {@code pointer}, and for limits {@code limit} and {@code value}. An HTTP/1.1 status line carries
 * RFC 9110's name for the status ("413 Content Too Large"), where Undertow's own is older.
 */
public final class ProblemResponse {
    static final String CONTENT_TYPE = "application/problem+json";

    private final int status;
    private final String title;
    private final String detail;
    private final Map<String, Object> members;

    private ProblemResponse(int status, String title, String detail, Map<String, Object> members) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem's status is 4xx or 5xx, was " + status);
        }
        this.status = status;
        this.title = Objects.requireNonNull(title, "title");
        this.detail = detail;
        this.members = members;
    }

    /**
     * A problem with this status (4xx or 5xx), title (e.g. "Unprocessable Content") and detail (may be null).
     *
     * @param status the HTTP status, 400 to 599
     * @param title a short summary of the kind of problem, the same for every occurrence; not null
     * @param detail what went wrong in this request, for the client to read; null for none
     * @return a problem without extension members
     * @throws IllegalArgumentException if {@code status} is not 4xx or 5xx
     */
    public static ProblemResponse of(int status, String title, String detail) {
        return new ProblemResponse(status, title, detail, Map.of());
    }

    /**
     * This problem with one more extension member: a {@link Number} is written as a JSON number, anything else as
     * a string. Names taken by RFC 9457 ({@code type}, {@code title}, {@code status}, {@code detail},
     * {@code instance}) are refused.
     *
     * @param name the member's name; a name added before is given the new value, in its old place
     * @param value written as a JSON number if it is a {@link Number}, else as a JSON string of its
     *     {@code toString()}; not null
     * @return a new problem; this one is unchanged
     * @throws IllegalArgumentException if {@code name} is one of RFC 9457's
     */
    public ProblemResponse with(String name, Object value) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.equals("type") || name.equals("title") || name.equals("status") || name.equals("detail")
                || name.equals("instance")) {
            throw new IllegalArgumentException("\"" + name + "\" is a standard member, not an extension");
        }
        Map<String, Object> m = new LinkedHashMap<>(members);
        m.put(name, value);
        return new ProblemResponse(status, title, detail, Collections.unmodifiableMap(m));
    }

    /**
     * The HTTP status the client is answered with.
     *
     * @return the status, 400 to 599
     */
    public int status() {
        return status;
    }

    /**
     * The short summary of the kind of problem, e.g. "Unprocessable Content".
     *
     * @return the title, never null
     */
    public String title() {
        return title;
    }

    /**
     * The detail for the client, or null.
     *
     * @return the detail, or null, and then the JSON has no {@code detail} member
     */
    public String detail() {
        return detail;
    }

    /**
     * The extension members, in the order they were added.
     *
     * @return an unmodifiable map of name to value, empty when there are none
     */
    public Map<String, Object> members() {
        return members;
    }

    /**
     * The problem as the JSON the client receives.
     *
     * @return one JSON object: {@code type} ({@code "about:blank"}), {@code title}, {@code status}, {@code detail}
     *     when there is one, then the extension members in order
     */
    public String toJson() {
        return json(status, title, detail, members);
    }

    @Override
    public String toString() {
        return toJson();
    }

    /** A limit's members, {@code limit} then {@code value}, in that order in every answer ({@code Map.of}'s is not). */
    static Map<String, Object> limitMembers(String limit, long value) {
        return putLimit(new LinkedHashMap<>(4), limit, value);
    }

    /** Adds a limit's members to {@code m}, in the order {@link #limitMembers} gives; returns {@code m}. */
    private static Map<String, Object> putLimit(Map<String, Object> m, String limit, long value) {
        m.put("limit", limit);
        m.put("value", value);
        return m;
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
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", e.kind().name());
        m.put("offset", e.byteOffset());
        m.put("line", e.line());
        m.put("column", e.column());
        m.put("pointer", e.pointer());
        if (e.limit() != null) {
            putLimit(m, e.limit().configName(), e.limitValue());
        }
        return m;
    }

    /**
     * RFC 9110's name for a status that Undertow (2.4) still names in an older form ("Request Entity Too Large",
     * "Request Time-out", "Unprocessable Entity", ...), or null where Undertow's name is RFC 9110's. Without it the
     * HTTP/1.1 status line would contradict the title the adapter gives its problems. Looked up by status, not
     * copied from the title: a title is the caller's free text, and a status line must not hold a line break.
     */
    private static String reasonPhrase(int status) {
        switch (status) {
            case 408:
                return "Request Timeout";
            case 413:
                return "Content Too Large";
            case 414:
                return "URI Too Long";
            case 416:
                return "Range Not Satisfiable";
            case 422:
                return "Unprocessable Content";
            case 504:
                return "Gateway Timeout";
            case 505:
                return "HTTP Version Not Supported";
            default:
                return null;
        }
    }

    static void send(HttpServerExchange exchange, int status, String title, String detail,
            Map<String, Object> members) {
        send(exchange, status, title, detail, members, IoCallback.END_EXCHANGE);
    }

    static void send(HttpServerExchange exchange, int status, String title, String detail,
            Map<String, Object> members, IoCallback then) {
        byte[] body = json(status, title, detail, members).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.setStatusCode(status);
        String phrase = reasonPhrase(status);
        if (phrase != null) {
            exchange.setReasonPhrase(phrase);
        }
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, CONTENT_TYPE);
        // Undertow sets the length itself only when the exchange ends with the send; an early answer is followed by
        // the linger, and a client that knows the answer's length need not wait for the connection's end.
        exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, body.length);
        exchange.getResponseSender().send(java.nio.ByteBuffer.wrap(body), then);
    }
}
