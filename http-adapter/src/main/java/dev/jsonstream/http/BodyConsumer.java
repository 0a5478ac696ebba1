package dev.jsonstream.http;

import dev.jsonstream.decoder.TokenHandler;
import io.undertow.server.HttpServerExchange;

/**
 * One request's use of its body: the tokens, then the end. Made per request by the factory given to
 * {@link JsonBodyHandler#builder}. Every method runs on the exchange's IO thread: do no blocking work there
 * (dispatch it: {@code exchange.dispatch(() -> ...)}).
 */
public interface BodyConsumer {

    /**
     * Receives the body's tokens as they are decoded (a {@link dev.jsonstream.decoder.Selection} works too). To
     * slow the client down, call {@code token.pause()} and later {@link BodyControl#resume()}.
     *
     * @return the handler for this body, asked for once, right after the factory made this consumer and before the
     *     body is read; an exception thrown here, or a null, is answered with 500
     */
    TokenHandler tokens();

    /**
     * The whole body was decoded. Respond here, or dispatch and respond from the worker.
     *
     * @param exchange the request's exchange, to respond on. An exception thrown here is logged, goes to
     *     {@link #onFailure} with status 500, and is answered with 500 if no response has started
     */
    void onComplete(HttpServerExchange exchange);

    /**
     * The body could not be taken: the adapter answers (400, 413, 415, ...) as soon as this returns when the client
     * can still hear it, or the client went away. Called at most once, instead of {@link #onComplete} (or after it,
     * when {@code onComplete} threw). The default does nothing.
     *
     * @param exchange the request's exchange; if this consumer has already started a response of its own, the
     *     adapter sends nothing, and ending that response is up to this method
     * @param failure the status the adapter answers (0 when the client went away) and the cause: the
     *     {@link dev.jsonstream.decoder.JsonDecodeException} of a bad body, the
     *     {@link java.util.zip.DataFormatException} of a corrupt compressed one, the consumer's own exception, the
     *     {@link java.io.IOException} of a lost connection, or null for the adapter's limits and for a rejection
     */
    default void onFailure(HttpServerExchange exchange, BodyFailure failure) {
    }
}
