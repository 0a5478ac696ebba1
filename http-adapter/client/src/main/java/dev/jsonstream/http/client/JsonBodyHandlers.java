package dev.jsonstream.http.client;

import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.Framing;
import dev.jsonstream.decoder.JsonDecoder;
import dev.jsonstream.decoder.TokenHandler;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link HttpResponse.BodyHandler}s that decode a JSON response as it arrives, shaped as the JDK's
 * {@link HttpResponse.BodyHandlers} are:
 *
 * <pre>{@code
 * Selection items = Selection.builder().raw("/items/*", m -> store(m.toByteArray())).build();
 * HttpResponse<Void> r = client.send(request, JsonBodyHandlers.ofTokens(DecoderConfig.defaults(), items));
 * }</pre>
 *
 * <p>What a response must be, before a byte of it is decoded:
 * <ul>
 * <li>a 2xx status; another is a {@link JsonResponseException} naming the status and the media type, with the
 * {@code title} and {@code detail} of an {@code application/problem+json} answer (read up to 16 KiB), never a
 * syntax error about the first byte of an HTML page;</li>
 * <li>a JSON media type, which gives the framing: {@code application/json} and {@code application/*+json} one
 * value, {@code application/x-ndjson} and {@code application/jsonl} a stream of values, {@code application/json-seq}
 * RFC 7464 records; a charset other than UTF-8 is refused;</li>
 * <li>no content coding: {@code gzip} and {@code deflate} are refused by name for now, rather than decoded as
 * bytes.</li>
 * </ul>
 * The body is then fed to the decoder as the client receives it ({@code DecoderSubscriber}): the limits of the
 * config apply, a handler may pause it (the client then reads no more from the connection), and a response that ends
 * early, whether the server closed mid-value or the connection broke, is an {@code INCOMPLETE}
 * {@code JsonDecodeException} (the transport's exception added as suppressed), never a success.
 */
public final class JsonBodyHandlers {
    /** How much of a problem answer is read for its title and detail. */
    static final int MAX_PROBLEM_BYTES = 16 * 1024;

    private JsonBodyHandlers() {
    }

    /**
     * Decodes the body into {@code handler} (a {@link TokenHandler} or a {@code Selection}) as it arrives; the body
     * completes once the response has ended whole. The handler is for one response: make a handler per request.
     *
     * @param config the limits and settings; its framing is replaced by the one the media type gives
     * @param handler what the tokens go to
     * @return the body handler
     */
    public static HttpResponse.BodyHandler<Void> ofTokens(DecoderConfig config, TokenHandler handler) {
        Objects.requireNonNull(handler, "handler");
        ConfigsByFraming configs = new ConfigsByFraming(config);
        return info -> {
            String contentType = info.headers().firstValue("Content-Type").orElse(null);
            int status = info.statusCode();
            if (status < 200 || status > 299) {
                return ProblemBodySubscriber.forStatus(status, contentType);
            }
            Framing framing = framingOf(contentType);
            if (framing == null) {
                return RefusedBodySubscriber.of(new JsonResponseException("not a JSON body", status, contentType,
                        null, null));
            }
            String coding = info.headers().firstValue("Content-Encoding").orElse("identity").trim();
            if (!coding.equalsIgnoreCase("identity")) {
                return RefusedBodySubscriber.of(new JsonResponseException("content coding " + coding
                        + " is not decoded", status, contentType, null, null));
            }
            JsonDecoder decoder = configs.forFraming(framing).newDecoder(handler);
            return new DecodingBodySubscriber(decoder);
        };
    }

    /**
     * The framing a Content-Type gives a response, or null when it is not a JSON type in UTF-8.
     *
     * @param contentType the header, or null
     * @return the framing, or null
     */
    static Framing framingOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        String[] parts = contentType.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param.length == 2 && param[0].trim().equalsIgnoreCase("charset")) {
                String charset = param[1].trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return null;
                }
            }
        }
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        switch (type) {
            case "application/json":
                return Framing.SINGLE;
            case "application/x-ndjson":
            case "application/jsonl":
                return Framing.CONCATENATED;
            case "application/json-seq":
                return Framing.JSON_SEQ;
            default:
                return type.startsWith("application/") && type.endsWith("+json") ? Framing.SINGLE : null;
        }
    }

    /**
     * The config with each framing a response asks for, made once per handler (a config holds pooled buffers, so
     * it is not remade per response).
     */
    private static final class ConfigsByFraming {
        private final DecoderConfig base;
        private final Map<Framing, DecoderConfig> configs = new ConcurrentHashMap<>();

        ConfigsByFraming(DecoderConfig base) {
            this.base = Objects.requireNonNull(base, "config");
        }

        DecoderConfig forFraming(Framing framing) {
            return framing == base.framing() ? base
                    : configs.computeIfAbsent(framing, f -> base.toBuilder().framing(f).build());
        }
    }
}
