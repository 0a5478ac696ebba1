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
 *
 * @param maxBodyBytes the most bytes of body received, as sent (compressed if it was); over it: 413
 * @param maxInflatedBytes the most bytes a gzip or deflate body may inflate to; over it: 413
 * @param bodyDeadline the longest time from the first read to the body's end, paused time not counted; past it: 408
 * @param minBytesPerSecond the slowest pace accepted, in bytes received per second, averaged over each
 *     {@code rateWindow}; 0 turns the check off; below it: 408
 * @param rateWindow the time each pace check averages over
 * @param maxInflationRatio the most inflated bytes per compressed byte received, checked once more than
 *     {@link #INFLATION_RATIO_GRACE} bytes have been inflated; 0 turns the check off; over it: 413
 * @param lingerBytes the most bytes read and dropped after an early answer; 0 turns lingering off
 * @param lingerTime the longest time spent lingering in all; zero turns lingering off
 * @param lingerIdle the longest wait for a byte while lingering
 */
public record BodyLimits(long maxBodyBytes, long maxInflatedBytes, java.time.Duration bodyDeadline,
        long minBytesPerSecond, java.time.Duration rateWindow, int maxInflationRatio, long lingerBytes,
        java.time.Duration lingerTime, java.time.Duration lingerIdle) {
    /** Default {@code maxBodyBytes}: 10 MiB. */
    public static final long DEFAULT_MAX_BODY_BYTES = 10L << 20;
    /** Default {@code maxInflatedBytes}: 100 MiB. */
    public static final long DEFAULT_MAX_INFLATED_BYTES = 100L << 20;
    /** Default {@code bodyDeadline}: 60 seconds. */
    public static final java.time.Duration DEFAULT_BODY_DEADLINE = java.time.Duration.ofSeconds(60);
    /** Default {@code minBytesPerSecond}: 1024 bytes per second. */
    public static final long DEFAULT_MIN_BYTES_PER_SECOND = 1024;
    /** Default {@code rateWindow}: 5 seconds. */
    public static final java.time.Duration DEFAULT_RATE_WINDOW = java.time.Duration.ofSeconds(5);
    /** Default {@code maxInflationRatio}: 200 inflated bytes per compressed byte. */
    public static final int DEFAULT_MAX_INFLATION_RATIO = 200;
    /**
     * Inflated bytes a body may reach before the ratio is checked, so that small, very repetitive bodies pass: the
     * decoder's {@link dev.jsonstream.decoder.Inflation#RATIO_GRACE_BYTES}, which does the checking.
     */
    public static final long INFLATION_RATIO_GRACE = dev.jsonstream.decoder.Inflation.RATIO_GRACE_BYTES;
    /** Default {@code lingerBytes}: 64 MiB. */
    public static final long DEFAULT_LINGER_BYTES = 64L << 20;
    /** Default {@code lingerTime}: 30 seconds. */
    public static final java.time.Duration DEFAULT_LINGER_TIME = java.time.Duration.ofSeconds(30);
    /** Default {@code lingerIdle}: 5 seconds. */
    public static final java.time.Duration DEFAULT_LINGER_IDLE = java.time.Duration.ofSeconds(5);

    /**
     * Checks the values; the class comment says what each one bounds.
     *
     * @param maxBodyBytes at least 1
     * @param maxInflatedBytes at least 1
     * @param bodyDeadline positive
     * @param minBytesPerSecond 0 (off) or more
     * @param rateWindow positive
     * @param maxInflationRatio 0 (off) or more
     * @param lingerBytes 0 (no lingering) or more
     * @param lingerTime zero (no lingering) or more
     * @param lingerIdle positive
     * @throws IllegalArgumentException if a value is out of its range
     * @throws NullPointerException if a duration is null
     */
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

    /**
     * Every limit at its default, the {@code DEFAULT_} constants of this class.
     *
     * @return a new instance on each call, equal to every other (a record compares by value)
     */
    public static BodyLimits defaults() {
        return new BodyLimits(DEFAULT_MAX_BODY_BYTES, DEFAULT_MAX_INFLATED_BYTES, DEFAULT_BODY_DEADLINE,
                DEFAULT_MIN_BYTES_PER_SECOND, DEFAULT_RATE_WINDOW, DEFAULT_MAX_INFLATION_RATIO, DEFAULT_LINGER_BYTES,
                DEFAULT_LINGER_TIME, DEFAULT_LINGER_IDLE);
    }

    /**
     * A copy with another {@code maxBodyBytes}, the most bytes of body received.
     *
     * @param bytes the most bytes received, as sent (compressed if it was), at least 1; checked against
     *     Content-Length before reading and against the bytes as they arrive
     * @return a new instance; this one is unchanged
     * @throws IllegalArgumentException if {@code bytes} is below 1
     */
    public BodyLimits withMaxBodyBytes(long bytes) {
        return new BodyLimits(bytes, maxInflatedBytes, bodyDeadline, minBytesPerSecond, rateWindow,
                maxInflationRatio, lingerBytes, lingerTime, lingerIdle);
    }

    /**
     * A copy with another {@code maxInflatedBytes}, the most bytes a compressed body may inflate to.
     *
     * @param bytes the most bytes after inflation, at least 1; bodies without Content-Encoding are bound by
     *     {@code maxBodyBytes} alone
     * @return a new instance; this one is unchanged
     * @throws IllegalArgumentException if {@code bytes} is below 1
     */
    public BodyLimits withMaxInflatedBytes(long bytes) {
        return new BodyLimits(maxBodyBytes, bytes, bodyDeadline, minBytesPerSecond, rateWindow, maxInflationRatio,
                lingerBytes, lingerTime, lingerIdle);
    }

    /**
     * A copy with another {@code bodyDeadline}, the longest time a body may take.
     *
     * @param deadline the time from the first read to the body's end, time spent paused by the consumer not
     *     counted; positive
     * @return a new instance; this one is unchanged
     * @throws IllegalArgumentException if {@code deadline} is zero or negative
     */
    public BodyLimits withBodyDeadline(java.time.Duration deadline) {
        return new BodyLimits(maxBodyBytes, maxInflatedBytes, deadline, minBytesPerSecond, rateWindow,
                maxInflationRatio, lingerBytes, lingerTime, lingerIdle);
    }

    /**
     * The slowest pace accepted, averaged over each {@code window}; 0 turns the check off.
     *
     * @param bytesPerSecond bytes received (as sent, compressed if it was) per second; 0 or more
     * @param window the time each check averages over, the first window included; positive
     * @return a new instance; this one is unchanged
     * @throws IllegalArgumentException if {@code bytesPerSecond} is negative or {@code window} not positive
     */
    public BodyLimits withMinRate(long bytesPerSecond, java.time.Duration window) {
        return new BodyLimits(maxBodyBytes, maxInflatedBytes, bodyDeadline, bytesPerSecond, window,
                maxInflationRatio, lingerBytes, lingerTime, lingerIdle);
    }

    /**
     * The most inflated bytes per compressed byte received, checked past the first MiB; 0 turns it off.
     *
     * @param ratio inflated bytes allowed per compressed byte received so far, 0 or more
     * @return a new instance; this one is unchanged
     * @throws IllegalArgumentException if {@code ratio} is negative
     */
    public BodyLimits withMaxInflationRatio(int ratio) {
        return new BodyLimits(maxBodyBytes, maxInflatedBytes, bodyDeadline, minBytesPerSecond, rateWindow, ratio,
                lingerBytes, lingerTime, lingerIdle);
    }

    /**
     * How long and how much to read and drop after an early answer: at most {@code bytes} more, {@code time} in all,
     * {@code idle} without a byte. {@code bytes} 0 or {@code time} 0 turns lingering off (the connection or stream is
     * ended right after the answer).
     *
     * @param bytes the most bytes read and dropped, 0 or more
     * @param time the longest time spent lingering in all, zero or more
     * @param idle the longest wait for the next byte; positive
     * @return a new instance; this one is unchanged
     * @throws IllegalArgumentException if a bound is out of its range
     */
    public BodyLimits withLinger(long bytes, java.time.Duration time, java.time.Duration idle) {
        return new BodyLimits(maxBodyBytes, maxInflatedBytes, bodyDeadline, minBytesPerSecond, rateWindow,
                maxInflationRatio, bytes, time, idle);
    }
}
