package dev.jsonstream.http;

/**
 * Limits the adapter enforces on the bytes it reads, before and while decoding. Immutable.
 *
 * <p>{@code maxBodyBytes} counts the request body as received. It is checked against Content-Length before a
 * byte is read (413 at once) and again while reading, which is what catches chunked and HTTP/2 bodies (Undertow's
 * MAX_ENTITY_SIZE is ignored for chunked bodies once a handler runs). Default: 10 MiB.
 */
public record BodyLimits(long maxBodyBytes) {
    public static final long DEFAULT_MAX_BODY_BYTES = 10L << 20;

    public BodyLimits {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
        }
    }

    public static BodyLimits defaults() {
        return new BodyLimits(DEFAULT_MAX_BODY_BYTES);
    }

    public BodyLimits withMaxBodyBytes(long bytes) {
        return new BodyLimits(bytes);
    }
}
