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
 *
 * <p>{@code maxInflationRatio} bounds how much work one received byte may cause: once more than
 * {@value #INFLATION_RATIO_GRACE} bytes have been inflated, a body that has inflated to more than this many times
 * the compressed bytes received so far gets 413. DEFLATE reaches about 1030:1 on a run of one byte; the JSON in
 * the benchmark corpus compresses 2:1 to 48:1 (gzip -6; citm_catalog 45:1), NDJSON records with counters about
 * 20:1, a million identical small records about 500:1. Default: 200; 0 turns it off. Without it a 100 KB bomb
 * would still make the server inflate and decode {@code maxInflatedBytes} before being refused.
 *
 * <p>Slow clients: {@code bodyDeadline} bounds the time from the first read to the body's end, and
 * {@code minBytesPerSecond} the pace, averaged over each {@code rateWindow} (the first window included). Time the
 * consumer spends paused counts for neither: it is the server being slow, not the client. Either answers 408 and
 * closes the connection. Undertow's READ_TIMEOUT only catches total silence: a trickle of one byte every 1.5 s
 * survives a 2 s READ_TIMEOUT. Defaults: 60 s, 1024 bytes/s, 5 s. Only the client's time is judged: before a 408
 * the adapter reads what the connection already holds (bytes there mean the server was late, and the window
 * restarts), and looks again shortly after a verdict, for bytes that waited in the socket behind the check; a check
 * that runs late because the IO thread was busy does not judge the window it missed; on HTTP/2, a window is not
 * judged while another body on the same connection was paused (holding flow-control credit the client may have
 * needed) or while the connection's other bodies together kept the pace (the stream waited behind them for the
 * connection's window). The deadline bounds every body all the same.
 *
 * <p>Lingering, after an early answer (an error found before the body's end, or a consumer's
 * {@link BodyControl#reject}): the response is completed first, then the rest of the body is read and dropped, so
 * that a client that writes its whole body before it reads (Python's {@code http.client}, many SDKs) is not reset
 * before it reads the answer. At most {@code lingerBytes} more bytes, for at most {@code lingerTime} in all, and
 * never more than {@code lingerIdle} without a byte; a body drained whole keeps its HTTP/1.1 connection. Past a
 * bound an HTTP/1.1 connection is closed and an HTTP/2 stream is ended with RST_STREAM(NO_ERROR) (RFC 9113 §8.1),
 * which lets the connection's other streams go on. Defaults (like nginx's {@code lingering_time} and
 * {@code lingering_timeout}): 64 MiB, 30 s, 5 s; a client that sends 20 MB over a 1 MiB limit at loopback speed is
 * drained in well under a second and hears its 413.
 */
public record BodyLimits(long maxBodyBytes, long maxInflatedBytes, java.time.Duration bodyDeadline,
        long minBytesPerSecond, java.time.Duration rateWindow, int maxInflationRatio, long lingerBytes,
        java.time.Duration lingerTime, java.time.Duration lingerIdle) {
    public static final long DEFAULT_MAX_BODY_BYTES = 10L << 20;
    public static final long DEFAULT_MAX_INFLATED_BYTES = 100L << 20;
    public static final java.time.Duration DEFAULT_BODY_DEADLINE = java.time.Duration.ofSeconds(60);
    public static final long DEFAULT_MIN_BYTES_PER_SECOND = 1024;
    public static final java.time.Duration DEFAULT_RATE_WINDOW = java.time.Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_INFLATION_RATIO = 200;
    /** Inflated bytes a body may reach before the ratio is checked, so that small, very repetitive bodies pass. */
    public static final long INFLATION_RATIO_GRACE = 1L << 20;
    public static final long DEFAULT_LINGER_BYTES = 64L << 20;
    public static final java.time.Duration DEFAULT_LINGER_TIME = java.time.Duration.ofSeconds(30);
    public static final java.time.Duration DEFAULT_LINGER_IDLE = java.time.Duration.ofSeconds(5);

    public BodyLimits {
        if (maxBodyBytes < 1) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1, was " + maxBodyBytes);
        }
        if (maxInflatedBytes < 1) {
            throw new IllegalArgumentException("maxInflatedBytes must be at least 1, was " + maxInflatedBytes);
        }
        java.util.Objects.requireNonNull(bodyDeadline, "bodyDeadline");
        java.util.Objects.requireNonNull(rateWindow, "rateWindow");
        if (bodyDeadline.isNegative() || bodyDeadline.isZero() || rateWindow.isNegative() || rateWindow.isZero()) {
            throw new IllegalArgumentException("bodyDeadline and rateWindow must be positive");
        }
        if (minBytesPerSecond < 0) {
            throw new IllegalArgumentException("minBytesPerSecond must be 0 (off) or more, was " + minBytesPerSecond);
        }
        if (maxInflationRatio < 0) {
            throw new IllegalArgumentException("maxInflationRatio must be 0 (off) or more, was " + maxInflationRatio);
        }
        if (lingerBytes < 0) {
            throw new IllegalArgumentException("lingerBytes must be 0 (no linger) or more, was " + lingerBytes);
        }
        java.util.Objects.requireNonNull(lingerTime, "lingerTime");
        java.util.Objects.requireNonNull(lingerIdle, "lingerIdle");
        if (lingerTime.isNegative() || lingerIdle.isNegative() || lingerIdle.isZero()) {
            throw new IllegalArgumentException("lingerTime must be 0 or more and lingerIdle positive");
        }
    }

    public static BodyLimits defaults() {
        return new BodyLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_INFLATED_BYTES, DEFAULT_BODY_DEADLINE,
                DEFAULT_MIN_BYTES_PER_SECOND, DEFAULT_RATE_WINDOW, DEFAULT_MAX_INFLATION_RATIO, DEFAULT_LINGER_BYTES,
                DEFAULT_LINGER_TIME, DEFAULT_LINGER_IDLE);
    }

    public BodyLimits withMaxBodyBytes(long bytes) {
        return new BodyLimits(bytes, maxInflatedBytes, bodyDeadline, minBytesPerSecond, rateWindow,
                maxInflationRatio, lingerBytes, lingerTime, lingerIdle);
    }

    public BodyLimits withMaxInflatedBytes(long bytes) {
        return new BodyLimits(maxBodyBytes, bytes, bodyDeadline, minBytesPerSecond, rateWindow, maxInflationRatio,
                lingerBytes, lingerTime, lingerIdle);
    }

    public BodyLimits withBodyDeadline(java.time.Duration deadline) {
        return new BodyLimits(maxBodyBytes, maxInflatedBytes, deadline, minBytesPerSecond, rateWindow,
                maxInflationRatio, lingerBytes, lingerTime, lingerIdle);
    }

    /** The slowest pace accepted, averaged over each {@code window}; 0 turns the check off. */
    public BodyLimits withMinRate(long bytesPerSecond, java.time.Duration window) {
        return new BodyLimits(maxBodyBytes, maxInflatedBytes, bodyDeadline, bytesPerSecond, window,
                maxInflationRatio, lingerBytes, lingerTime, lingerIdle);
    }

    /** The most inflated bytes per compressed byte received, checked past the first MiB; 0 turns it off. */
    public BodyLimits withMaxInflationRatio(int ratio) {
        return new BodyLimits(maxBodyBytes, maxInflatedBytes, bodyDeadline, minBytesPerSecond, rateWindow, ratio,
                lingerBytes, lingerTime, lingerIdle);
    }

    /**
     * How long and how much to read and drop after an early answer: at most {@code bytes} more, {@code time} in all,
     * {@code idle} without a byte. {@code bytes} 0 or {@code time} 0 turns lingering off (the connection or stream is
     * ended right after the answer).
     */
    public BodyLimits withLinger(long bytes, java.time.Duration time, java.time.Duration idle) {
        return new BodyLimits(maxBodyBytes, maxInflatedBytes, bodyDeadline, minBytesPerSecond, rateWindow,
                maxInflationRatio, bytes, time, idle);
    }
}
