package dev.jsonstream.http;

import io.undertow.server.HttpServerExchange;

/** Makes the consumer of one request's body, once its headers are accepted. */
@FunctionalInterface
public interface BodyConsumerFactory {
    BodyConsumer open(HttpServerExchange exchange, BodyControl control);
}
