package dev.jsonstream.samples.server;

import java.util.Random;

/** The kinds of request in the soak's mix, each with its weight (how often it is drawn) and what must happen. */
enum TrafficKind {
    VALID_KEEP_ALIVE(22, "valid body, Content-Length, raw socket kept alive: 200 with the exact stats"),
    VALID_CHUNKED(8, "valid body, chunked in random pieces, raw socket kept alive: 200 with the exact stats"),
    VALID_HTTP_CLIENT(6, "valid body by the JDK client over HTTP/1.1 (fixed length or chunked): 200, exact stats"),
    VALID_H2C(8, "valid body by the JDK client over h2c: 200 with the exact stats, HTTP/2 once upgraded"),
    VALID_GZIP(6, "gzip of a valid body: 200 with the stats of the inflated bytes"),
    EXPECT_CONTINUE(4, "Expect: 100-continue: 100 before the body is sent, then 200 with the exact stats"),
    MALFORMED(12, "a valid document cut short or with a byte broken: 400 problem+json, offset within the body"),
    OVER_LIMIT_LENGTH(3, "Content-Length over --max-body-bytes, no body sent: 413 at once"),
    OVER_LIMIT_CHUNKED(3, "chunked body that goes over --max-body-bytes: 413 while it is still being sent"),
    GZIP_BOMB(2, "a few KB of gzip that inflate over --max-inflated-bytes: 413"),
    WRONG_MEDIA_TYPE(4, "another media type, charset, no Content-Type, or Content-Encoding br: 415"),
    DISCONNECT_FIN(4, "leaves mid-body with a FIN: the server counts one failure with status 0"),
    DISCONNECT_RST(4, "leaves mid-body with a reset (SO_LINGER 0) after 100: the server counts one with status 0"),
    TRICKLE(1, "a body at about 10 bytes per second, below --min-rate over its 2 s window: 408");

    final int weight;
    final String expectation;

    TrafficKind(int weight, String expectation) {
        this.weight = weight;
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
        return name().startsWith("VALID") || this == EXPECT_CONTINUE;
    }
}
