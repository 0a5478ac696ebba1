package dev.jsonstream.http;

/**
 * Limits the adapter enforces on the bytes it reads, before and while decoding. Immutable.
 *
 * <p>{@code maxBodyBytes} counts the request body as received. It is checked against Content-Length before a
 * byte is read (413 at once) and again while reading, which is what catches chunked and HTTP/2 bodies. Default:
 * 10 MiB.
 *
 * <p>{@code maxInflatedBytes} counts a gzip or deflate body after inflation, as it is inflated: 50 MiB of zeros
 * gzip to about 50 KB, so the compressed size says nothing. Default: 100 MiB.
 */
public record BodyLimits(long maxBodyBytes, long maxInflatedBytes) {
    public static final long DEFAULT_MAX_BODY_BYTES = 10L << 20;
    public static final long DEFAULT_MAX_INFLATED_BYTES = 100L << 20;

    public BodyLimits {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
        }
        if (maxInflatedBytes < 1) {
            throw new IllegalArgumentException("maxInflatedBytes must be at least 1, was " + maxInflatedBytes);
        }
    }

    public static BodyLimits defaults() {
        return new BodyLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_INFLATED_BYTES);
    }

    public BodyLimits withMaxBodyBytes(long bytes) {
        return new BodyLimits(bytes, maxInflatedBytes);
    }

    public BodyLimits withMaxInflatedBytes(long bytes) {
        return new BodyLimits(maxBodyBytes, bytes);
    }
}
