package dev.jsonstream.samples.server;

import java.util.Random;

/**
 * The kinds of request in the soak's mix, each with its weight (how often it is drawn; they add up to 100), what
 * must happen, and the status the adapter's error hook must count once for each request of the kind.
 */
enum TrafficKind {
    VALID_KEEP_ALIVE(22, "valid body, Content-Length, raw socket kept alive: 200 with the exact stats"),
    VALID_CHUNKED(8, "valid body, chunked in random pieces, raw socket kept alive: 200 with the exact stats"),
    VALID_HTTP_CLIENT(6, "valid body by the JDK client over HTTP/1.1 (fixed length or chunked): 200, exact stats"),
    VALID_H2C(8, "valid body by the JDK client over h2c: 200 with the exact stats, HTTP/2 once upgraded"),
    VALID_GZIP(6, "gzip of a valid body: 200 with the stats of the inflated bytes"),
    EXPECT_CONTINUE(4, "Expect: 100-continue: 100 before the body is sent, then 200 with the exact stats"),
    MALFORMED(12, 400, "a valid document cut short or with a byte broken: 400 problem+json, offset within the body"),
    MALFORMED_WRITE_FIRST(3, 400, "malformed in its first bytes, 150-250 KB after, all written before reading:"
            + " 400 at the exact offset, then the same connection answers GET /"),
    OVER_LIMIT_LENGTH(3, 413, "Content-Length over --max-body-bytes, no body sent: 413 at once"),
    OVER_LIMIT_CHUNKED(3, 413, "chunked body that goes over --max-body-bytes: 413 while it is still being sent"),
    OVER_LIMIT_WRITE_FIRST(3, 413, "2x-8x --max-body-bytes (Content-Length or chunked), all written before reading:"
            + " a complete 413, not a reset, then the same connection answers GET /"),
    GZIP_BOMB(2, 413, "a few KB of gzip that inflate over --max-inflated-bytes: 413"),
    H2C_EARLY_413(2, 413, "2x-8x --max-body-bytes by the JDK client over h2c (with or without a length): 413 and"
            + " its problem, no IOException"),
    H2C_EARLY_400(2, 400, "malformed in its first bytes, 150-250 KB after, by the JDK client over h2c: 400 at the"
            + " exact offset, no IOException"),
    ORDERS_422(3, 422, "POST /orders of 20-80 KB, an early order with \"qty\":\"many\": 422 with its exact pointer"
            + " (raw HTTP/1.1 written before reading, the JDK client over HTTP/1.1 or h2c)"),
    WRONG_MEDIA_TYPE(4, 415, "another media type, charset, no Content-Type, or Content-Encoding br: 415"),
    DISCONNECT_FIN(4, 0, "leaves mid-body with a FIN: the server counts one failure with status 0"),
    DISCONNECT_RST(4, 0, "leaves mid-body with a reset (SO_LINGER 0) after 100: the server counts one with status 0"),
    TRICKLE(1, 408, "a body at about 10 bytes per second, below --min-rate over its 2 s window: 408");

    /** {@link #failureStatus} of a kind whose bodies must not fail. */
    static final int NO_FAILURE = -1;

    final int weight;
    /** What the error hook counts for each request of this kind: a status, 0 for a client that left, or none. */
    final int failureStatus;
    final String expectation;

    TrafficKind(int weight, String expectation) {
        this(weight, NO_FAILURE, expectation);
    }

    TrafficKind(int weight, int failureStatus, String expectation) {
        this.weight = weight;
        this.failureStatus = failureStatus;
        this.expectation = expectation;
    }

    private static final int TOTAL_WEIGHT = java.util.Arrays.stream(values()).mapToInt(k -> k.weight).sum();

    static TrafficKind draw(Random random) {
        int n = random.nextInt(TOTAL_WEIGHT);
        for (TrafficKind k : values()) {
            n -= k.weight;
            if (n < 0) {
                return k;
            }
        }
        throw new AssertionError();
    }

    boolean valid() {
        return failureStatus == NO_FAILURE;
    }
}
