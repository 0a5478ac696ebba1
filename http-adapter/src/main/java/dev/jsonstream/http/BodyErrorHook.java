package dev.jsonstream.http;

import io.undertow.server.HttpServerExchange;

/** Told once of each body that failed, whatever the stage; runs on the IO thread. */
@FunctionalInterface
public interface BodyErrorHook {
    void onError(HttpServerExchange exchange, BodyFailure failure);
}
