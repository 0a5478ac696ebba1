package dev.jsonstream.http;

/**
 * Why a body was not taken, as handed to {@link BodyConsumer#onFailure}: the HTTP status answered (0 when the
 * client was gone and nothing could be answered) and the cause.
 */
public record BodyFailure(int status, String title, Throwable cause) {
}
