package dev.jsonstream.http;

import io.undertow.server.HttpServerExchange;

/** Told once of each body that failed, whatever the stage; runs on the IO thread. */
@FunctionalInterface
public interface BodyErrorHook {
    /**
     * Called once for a failed body, before any answer is sent: refused by its headers (415, or 413 by
     * Content-Length, before any consumer exists), failed while read or decoded, rejected by its consumer while it
     * was read, failed in {@link BodyConsumer#onComplete}, or abandoned by a client that went away. When a
     * consumer exists, its {@link BodyConsumer#onFailure} is told first.
     *
     * @param exchange the request whose body failed
     * @param failure the status answered (0 when the client went away), its title, and the cause if there is one
     */
    void onError(HttpServerExchange exchange, BodyFailure failure);
}
