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
     */
    TokenHandler tokens();

    /** The whole body was decoded. Respond here, or dispatch and respond from the worker. */
    void onComplete(HttpServerExchange exchange);

    /**
     * The body could not be taken: the adapter answers (400, 413, 415, ...) as soon as this returns when the client
     * can still hear it, or the client went away. Called at most once, instead of {@link #onComplete}. The default does
     * nothing.
     */
    default void onFailure(HttpServerExchange exchange, BodyFailure failure) {
    }
}
