package dev.jsonstream.samples.server;

import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.http.BodyConsumer;
import io.undertow.server.HttpServerExchange;

/** {@code POST /validate}: 204 when the body decodes to its end; errors are the adapter's problem responses. */
final class ValidateConsumer implements BodyConsumer {
    @Override
    public TokenHandler tokens() {
        return t -> { };
    }

    @Override
    public void onComplete(HttpServerExchange exchange) {
        exchange.setStatusCode(204);
        exchange.endExchange();
    }
}
