package dev.jsonstream.http.client;

import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.Framing;
import dev.jsonstream.decoder.Inflation;
import dev.jsonstream.decoder.PathPattern;
import dev.jsonstream.decoder.Selection;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.ValueBinder;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

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
 * <li>no content coding, or {@code gzip} ({@code x-gzip}) or {@code deflate}, which are inflated on the way to the
 * decoder with the request side's bomb limit: a response that inflates to more than {@value #MAX_INFLATION_RATIO}
 * times its compressed size (past the first MiB) is refused as it inflates, and the inflated bytes are the
 * decoder's input, so the config's {@code maxInputBytes} bounds them; any other coding is refused by name.</li>
 * </ul>
 * The body is then fed to the decoder as the client receives it ({@code DecoderSubscriber}): the limits of the
 * config apply, a handler may pause it (the client then reads no more from the connection), and a response that ends
 * early, whether the server closed mid-value or the connection broke, is an {@code INCOMPLETE}
 * {@code JsonDecodeException} (the transport's exception added as suppressed), never a success.
 */
public final class JsonBodyHandlers {
    /** How much of a problem answer is read for its title and detail. */
    static final int MAX_PROBLEM_BYTES = 16 * 1024;
    /**
     * The most bytes a gzip or deflate response may inflate to per compressed byte, once more than
     * {@link Inflation#RATIO_GRACE_BYTES} have been inflated: the request side's default, which no real JSON comes
     * near and a bomb (zeros, or spaces, compressed 1000 to 1) passes at once.
     */
    public static final int MAX_INFLATION_RATIO = 200;
    /** How many bound elements may wait for a slow consumer before the decoder pauses. */
    public static final int ELEMENTS_AHEAD = 128;

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
        return ofTokens(config, handler, UnaryOperator.identity());
    }

    /**
     * As {@link #ofTokens(DecoderConfig, TokenHandler)}, but a JSON response is read in the framing that
     * {@code framing} gives for the one its media type names: for a program whose user decides, where a server sends
     * NDJSON as {@code application/json}, say. What is decoded at all still follows the status, the media type and
     * the coding.
     *
     * @param config the limits and settings; its framing is replaced by the one {@code framing} gives
     * @param handler what the tokens go to
     * @param framing the framing to read with, given the one the response's media type names ({@link #framingOf})
     * @return the body handler
     */
    public static HttpResponse.BodyHandler<Void> ofTokens(DecoderConfig config, TokenHandler handler,
            UnaryOperator<Framing> framing) {
        Objects.requireNonNull(handler, "handler");
        ConfigsByFraming configs = new ConfigsByFraming(config, framing);
        return info -> decodedOrRefused(info, configs, handler, body -> body);
    }

    /**
     * The values at {@code pattern}, each bound by {@code binder}, as a lazy {@link Stream} that the response
     * completes with at once, as {@link HttpResponse.BodyHandlers#ofLines()} does:
     *
     * <pre>{@code
     * try (Stream<Item> items = client.send(request, JsonBodyHandlers.ofStream(DecoderConfig.defaults(), "/items/*",
     *         p -> mapper.readValue(p, Item.class))).body()) {
     *     items.forEach(store::add);
     * }
     * }</pre>
     *
     * <p>The response is decoded and bound on the client's thread while the stream is consumed on the caller's; at
     * most {@value #ELEMENTS_AHEAD} elements wait between them, and while they do the decoder is paused, so the
     * client reads no more from the connection: a slow consumer holds the server back instead of filling memory.
     * Each value is parsed once, in place, as {@code Selection.Builder.bind} explains; the binder must be a pure
     * function of its tokens.
     *
     * <p>Close the stream (try-with-resources) when it is not consumed to its end: closing it early cancels the
     * response, and the client closes its connection. A failure is thrown by the stream's terminal operation once the
     * elements before it have been taken: the decoder's {@code JsonDecodeException} (an {@code INCOMPLETE} one when
     * the response ended early), or an {@link UncheckedIOException} around the transport's or the binder's
     * {@code IOException}. A response refused for its status or media type fails {@code send} itself, as
     * {@link #ofTokens} describes.
     *
     * @param <T> the element
     * @param config the limits and settings; its framing is replaced by the one the media type gives
     * @param pattern the values to bind, a path pattern as {@link PathPattern} describes it: {@code "/items/*"}, or
     *     {@code ""} for each root value of an NDJSON stream
     * @param binder reads one value from a parser standing on its first token; pure ({@link ValueBinder})
     * @return the body handler; it may serve many requests
     * @throws dev.jsonstream.decoder.PathPatternException if the pattern is not valid
     */
    public static <T> HttpResponse.BodyHandler<Stream<T>> ofStream(DecoderConfig config, String pattern,
            ValueBinder<? extends T> binder) {
        return JsonBodyHandlers.<T, Stream<T>>ofElements(config, pattern, binder, (elements, body) -> {
            elements.attach(body, () -> { }); // the stream's consumer waits on the elements themselves
            return ElementStream.of(elements);
        });
    }

    /**
     * The values at {@code pattern}, each bound by {@code binder}, as a {@link Flow.Publisher} for one subscriber,
     * which the response completes with at once:
     *
     * <pre>{@code
     * Flow.Publisher<Item> items = client.send(request, JsonBodyHandlers.ofPublisher(DecoderConfig.defaults(),
     *         "/items/*", p -> mapper.readValue(p, Item.class))).body();
     * items.subscribe(subscriber);
     * }</pre>
     *
     * <p>Elements go to the subscriber as its demand allows; while {@value #ELEMENTS_AHEAD} wait for demand, the
     * decoder is paused and the client reads no more from the connection. Cancelling the subscription cancels the
     * response. The subscriber's {@code onError} receives what {@link #ofStream} would throw, unwrapped: the
     * decoder's {@code JsonDecodeException}, or the transport's or binder's {@code IOException}. The Reactive Streams
     * rules hold: one subscriber (another receives {@code onError}), signals serialised, {@code request(n)} with
     * {@code n <= 0} answered with an {@code IllegalArgumentException}, no element published as null (a binder that
     * returns null ends the publisher with a {@code NullPointerException}).
     *
     * @param <T> the element
     * @param config the limits and settings; its framing is replaced by the one the media type gives
     * @param pattern the values to bind, a path pattern as {@link PathPattern} describes it
     * @param binder reads one value from a parser standing on its first token; pure ({@link ValueBinder})
     * @return the body handler; it may serve many requests
     * @throws dev.jsonstream.decoder.PathPatternException if the pattern is not valid
     */
    public static <T> HttpResponse.BodyHandler<Flow.Publisher<T>> ofPublisher(DecoderConfig config, String pattern,
            ValueBinder<? extends T> binder) {
        return JsonBodyHandlers.<T, Flow.Publisher<T>>ofElements(config, pattern, binder, (elements, body) -> {
            ElementPublisher<T> publisher = new ElementPublisher<>(elements);
            elements.attach(body, publisher::arrived);
            return publisher;
        });
    }

    /**
     * The values at {@code pattern}, bound into a response's {@link BoundElements} and given as the view
     * {@code viewOf} makes of them, which also ties the elements to the body that decodes them.
     */
    private static <T, R> HttpResponse.BodyHandler<R> ofElements(DecoderConfig config, String pattern,
            ValueBinder<? extends T> binder, BiFunction<BoundElements<T>, DecodingBodySubscriber, R> viewOf) {
        PathPattern compiled = PathPattern.compile(pattern);
        Objects.requireNonNull(binder, "binder");
        ConfigsByFraming configs = new ConfigsByFraming(config, UnaryOperator.identity());
        return info -> {
            BoundElements<T> elements = new BoundElements<>(ELEMENTS_AHEAD);
            return decodedOrRefused(info, configs, Selection.builder().bind(compiled, binder, elements).build(),
                    body -> new ElementsBodySubscriber<>(body, elements, viewOf.apply(elements, body)));
        };
    }

    /**
     * The body subscriber for a response: one that fails at once with why the response is not decoded at all (its
     * status, its media type, a coding not undone here), or the body decoded into {@code handler} as {@code view}
     * presents it, inflated on the way if it is coded.
     */
    private static <T> HttpResponse.BodySubscriber<T> decodedOrRefused(HttpResponse.ResponseInfo info,
            ConfigsByFraming configs, TokenHandler handler,
            Function<DecodingBodySubscriber, HttpResponse.BodySubscriber<T>> view) {
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
        String coding = info.headers().firstValue("Content-Encoding").orElse(null);
        Inflation inflation;
        try {
            inflation = Inflation.forEncoding(coding, Long.MAX_VALUE, MAX_INFLATION_RATIO);
        } catch (IllegalArgumentException e) {
            return RefusedBodySubscriber.of(new JsonResponseException("content coding " + coding
                    + " is not decoded (only " + Inflation.ACCEPTED_CODINGS + ")", status, contentType, null, null));
        }
        return view.apply(new DecodingBodySubscriber(configs.forFraming(framing).newDecoder(handler), inflation,
                info));
    }

    /**
     * The framing a Content-Type gives a response, as the handlers read it: {@code application/json} and
     * {@code application/*+json} one value, {@code application/x-ndjson} and {@code application/jsonl} a stream,
     * {@code application/json-seq} records; null when it is not a JSON type in UTF-8, which the handlers refuse. For a
     * program that decides for itself how to read what a server sends.
     *
     * @param contentType the header, or null
     * @return the framing, or null
     */
    public static Framing framingOf(String contentType) {
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
        /** The framing to read with, given the one the media type names. */
        private final UnaryOperator<Framing> chosen;
        private final Map<Framing, DecoderConfig> configs = new ConcurrentHashMap<>();

        ConfigsByFraming(DecoderConfig base, UnaryOperator<Framing> chosen) {
            this.base = Objects.requireNonNull(base, "config");
            this.chosen = Objects.requireNonNull(chosen, "framing");
        }

        /** The config for a response whose media type names {@code named}. */
        DecoderConfig forFraming(Framing named) {
            Framing framing = Objects.requireNonNull(chosen.apply(named), "framing");
            return framing == base.framing() ? base
                    : configs.computeIfAbsent(framing, f -> base.toBuilder().framing(f).build());
        }
    }
}
