package dev.jsonstream.http;

import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.Framing;
import dev.jsonstream.decoder.Inflation;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.server.protocol.http.HttpContinue;
import io.undertow.util.Headers;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * An Undertow {@link HttpHandler} that decodes each request's JSON body as it arrives, from Undertow's own pooled
 * buffers, on the IO thread, and hands the tokens to a {@link BodyConsumer} made for that request.
 *
 * <pre>{@code
 * HttpHandler stats = JsonBodyHandler.builder((exchange, control) -> new BodyConsumer() {
 *     long tokens;
 *     public TokenHandler tokens() { return t -> tokens++; }
 *     public void onComplete(HttpServerExchange ex) { ex.getResponseSender().send("{\"tokens\":" + tokens + "}"); }
 * }).limits(BodyLimits.defaults().withMaxBodyBytes(100 << 20)).build();
 * Undertow.builder().addHttpListener(8080, "127.0.0.1", stats).build().start();
 * }</pre>
 *
 * <p>What it does for every request: picks the framing from the Content-Type ({@code application/json} and
 * {@code application/*+json}: one value; {@code application/x-ndjson}, {@code application/jsonl}: a stream;
 * {@code application/json-seq}: RFC 7464), or answers 415; answers 413 at once when Content-Length is over
 * {@link BodyLimits#maxBodyBytes()} and as soon as a chunked body goes over it; sends "100 Continue" to a client
 * that asks for it, when it starts reading (never for a request it refuses); inflates gzip and deflate bodies
 * itself, counting the inflated bytes against {@link BodyLimits#maxInflatedBytes()} and their ratio to the
 * received bytes against {@link BodyLimits#maxInflationRatio()} (other encodings: 415); reads with a read listener,
 * one pooled buffer per burst of reads (returned to the pool exactly once, and only when the decoder is done with
 * it; kept while a consumer has paused); answers a malformed body with 400 as soon as the error is known, before
 * the rest arrives. Errors are RFC 9457 {@code application/problem+json} with the decoder's {@code offset},
 * {@code line}, {@code column}, {@code pointer}, and for limits {@code limit} and {@code value}.
 *
 * <p>Set {@code UndertowOptions.MAX_ENTITY_SIZE} on the Undertow builder to 0 (no limit of Undertow's own):
 * measured on 2.4.4.Final, its default of 2 MiB cuts chunked bodies off with a reset, and raising it per exchange
 * does not help chunked bodies. This handler's {@link BodyLimits} then decide, with a proper 413.
 */
public final class JsonBodyHandler implements HttpHandler {
    private final BodyConsumerFactory factory;
    private final BodyLimits limits;
    private final BodyMediaTypes mediaTypes;
    private final Map<Framing, DecoderConfig> configs;
    private final BodyErrorHook errorHook;
    /**
     * Undertow core never sends "100 Continue" by itself, and a client that asked for it waits. This wrapper sends
     * it on the first read of the body, so a request refused from its headers (413, 415) gets its final answer
     * without the client ever sending the body.
     */
    private final HttpHandler withContinue = new HttpContinueReadHandler(this::handleAccepted);

    private JsonBodyHandler(Builder b) {
        this.factory = b.factory;
        this.limits = b.limits;
        this.mediaTypes = b.mediaTypes;
        this.errorHook = b.errorHook;
        this.configs = new EnumMap<>(Framing.class);
        for (Framing f : Framing.values()) {
            configs.put(f, b.decoderConfig.toBuilder().framing(f).build());
        }
    }

    /**
     * A builder around the factory that makes each request's consumer.
     *
     * @param factory called once per request whose headers are accepted, to make its consumer; not null
     * @return a builder with {@link BodyLimits#defaults()}, {@link DecoderConfig#defaults()}, the media types listed
     *     above and an error hook that does nothing
     */
    public static Builder builder(BodyConsumerFactory factory) {
        return new Builder(factory);
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        withContinue.handleRequest(exchange);
    }

    private void handleAccepted(HttpServerExchange exchange) {
        BodyMediaTypes.Verdict verdict = mediaTypes.judge(exchange.getRequestHeaders().getFirst(Headers.CONTENT_TYPE));
        if (verdict.framing() == null) {
            refuse(exchange, 415, "Unsupported Media Type", verdict.refusal(), Map.of());
            return;
        }
        long declared = exchange.getRequestContentLength();
        if (declared > limits.maxBodyBytes()) {
            errorHook.onError(exchange, new BodyFailure(413, "Content Too Large", null));
            ProblemResponse.send(exchange, 413, "Content Too Large", "the body (" + declared + " bytes, by"
                    + " Content-Length) is larger than the limit of " + limits.maxBodyBytes() + " bytes",
                    ProblemResponse.limitMembers("maxBodyBytes", limits.maxBodyBytes()), lingerAfterRefusal(exchange,
                    declared));
            return;
        }
        Inflation inflation;
        try {
            inflation = Inflation.forEncoding(exchange.getRequestHeaders().getFirst(Headers.CONTENT_ENCODING),
                    limits.maxInflatedBytes(), limits.maxInflationRatio());
        } catch (IllegalArgumentException e) {
            // RFC 9110, section 15.5.16: a 415 for the coding names the codings that would have done.
            exchange.getResponseHeaders().put(Headers.ACCEPT_ENCODING, Inflation.ACCEPTED_CODINGS);
            refuse(exchange, 415, "Unsupported Media Type", e.getMessage(), Map.of());
            return;
        }
        BodyReading reading = new BodyReading(exchange, limits, errorHook, inflation);
        BodyConsumer consumer = factory.open(exchange, reading);
        reading.start(consumer, configs.get(verdict.framing()));
    }

    /**
     * After a refusal by Content-Length: a client that waits for "100 Continue" has sent nothing and must not be
     * asked for the body (reading would send the 100), so the exchange ends at once and the connection closes; any
     * other client may be sending the body already, and it is read and dropped within the linger bounds. A body
     * that cannot be drained whole closes its connection, and the answer says so.
     */
    private BodyLinger lingerAfterRefusal(HttpServerExchange exchange, long declared) {
        if (HttpContinue.requiresContinueResponse(exchange.getRequestHeaders())) {
            return BodyLinger.none(exchange);
        }
        exchange.setMaxEntitySize(0); // Undertow would cut the drain off at its own limit
        return BodyLinger.forRest(exchange, exchange.getRequestChannel(), limits, declared);
    }

    /** Tells the hook first, so that whoever watches it knows by the time the client has the answer. */
    private void refuse(HttpServerExchange exchange, int status, String title, String detail,
            Map<String, Object> members) {
        errorHook.onError(exchange, new BodyFailure(status, title, null));
        ProblemResponse.send(exchange, status, title, detail, members);
    }

    /** Configures a {@link JsonBodyHandler}. */
    public static final class Builder {
        private final BodyConsumerFactory factory;
        private BodyLimits limits = BodyLimits.defaults();
        private BodyMediaTypes mediaTypes = BodyMediaTypes.defaults();
        private DecoderConfig decoderConfig = DecoderConfig.defaults();
        private BodyErrorHook errorHook = (exchange, failure) -> { };

        private Builder(BodyConsumerFactory factory) {
            this.factory = Objects.requireNonNull(factory, "factory");
        }

        /**
         * The limits on the bytes read, their pace and the linger; default {@link BodyLimits#defaults()}.
         *
         * @param limits the limits for every request this handler takes; not null
         * @return this builder
         */
        public Builder limits(BodyLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * The decoder's limits and UTF-8 handling; its framing is chosen per request by media type.
         *
         * @param config the decoder settings; its framing is ignored. Default {@link DecoderConfig#defaults()}
         * @return this builder
         */
        public Builder decoderConfig(DecoderConfig config) {
            this.decoderConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        /**
         * Decodes {@code type} (e.g. {@code application/vnd.acme+json}) in {@code framing}; null stops accepting it.
         *
         * @param type a media type without parameters, compared ignoring case; not null
         * @param framing the framing for bodies of that type, or null to answer them 415. A {@code +json} type is
         *     still taken as one value while {@link #acceptStructuredJsonSuffix(boolean)} is on
         * @return this builder
         */
        public Builder mediaType(String type, Framing framing) {
            this.mediaTypes = mediaTypes.with(type, framing);
            return this;
        }

        /**
         * Whether {@code application/*+json} types not named otherwise are accepted as one value (default yes).
         *
         * @param accept false to answer 415 to the {@code +json} types that {@link #mediaType} did not name
         * @return this builder
         */
        public Builder acceptStructuredJsonSuffix(boolean accept) {
            this.mediaTypes = mediaTypes.withStructuredSuffix(accept);
            return this;
        }

        /**
         * Told of every body that fails, whatever the stage (for logs and metrics).
         *
         * @param hook called once per failed body on the IO thread, so it must not block; not null. Default: a hook
         *     that does nothing
         * @return this builder
         */
        public Builder errorHook(BodyErrorHook hook) {
            this.errorHook = Objects.requireNonNull(hook, "hook");
            return this;
        }

        /**
         * A handler with the settings made so far. The builder may go on to build others.
         *
         * @return a new handler, which keeps no state between requests and may serve any number of them at once
         */
        public JsonBodyHandler build() {
            return new JsonBodyHandler(this);
        }
    }
}
