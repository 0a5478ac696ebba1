package dev.jsonstream.http;

import io.undertow.server.HttpServerExchange;

/** Makes the consumer of one request's body, once its headers are accepted. */
@FunctionalInterface
public interface BodyConsumerFactory {
    /**
     * Makes the consumer for one request, once its Content-Type, Content-Length and Content-Encoding were accepted
     * and before any byte of its body is read. Runs on the thread that runs the {@link JsonBodyHandler}, normally
     * the IO thread: do no blocking work here.
     *
     * @param exchange the request, for its method, path, headers and attachments
     * @param control the body's control: keep it to resume the body after a pause or to reject it
     * @return a consumer for this request alone (it holds the request's state); a null is answered with 500
     */
    BodyConsumer open(HttpServerExchange exchange, BodyControl control);
}
