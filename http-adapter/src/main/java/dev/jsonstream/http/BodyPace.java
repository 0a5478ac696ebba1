package dev.jsonstream.http;

/**
 * The pace and deadline of one body, judged on the client's time only: the verdict behind a 408.
 *
 * <p>The body is checked at intervals (each {@code rateWindow}, or sooner for the deadline). Each interval's time is
 * charged to the client, except:
 * <ul>
 *   <li>time the consumer kept the body paused (the server chose to wait);</li>
 *   <li>an interval during which the server withheld flow-control credit the client may have needed (another body
 *   on the same HTTP/2 connection paused, holding the connection's window);</li>
 *   <li>the part of an interval past the check's due time, when the check ran late: the IO thread was busy, and
 *   the bytes the client sent meanwhile may not have been read yet.</li>
 * </ul>
 * The deadline is judged on the charged time in all; the pace only on intervals that were wholly the client's, so a
 * late, paused or credit-starved interval is never judged, and the next one starts afresh. The caller reads what
 * the connection already holds before it asks for a verdict, so that bytes waiting unread never count as missing,
 * and takes a second look shortly after a pace verdict ({@link #lastIntervalPassesWith}): bytes that were still
 * waiting in the socket, behind the check, count for the interval they were sent in.
 *
 * <p>Not thread-safe: one body's IO thread only.
 */
final class BodyPace {
    /** A check this much past its due time was held up by a busy IO thread, not by the client. */
    static final long LATE_NANOS_MIN = 100_000_000L;

    private final long deadlineNanos;
    private final long windowNanos;
    private final long minBytesPerSecond;
    private final long lateNanos;
    /** The client's time so far. */
    private long chargedNanos;
    /** When the current interval started and how many bytes had been read then. */
    private long intervalStart;
    private long intervalStartBytes;
    /** When the current interval's check is due. */
    private long due;
    /** The last interval judged: its bytes and the client's time in it; whether the verdict was the deadline. */
    private long lastGot;
    private long lastClientNanos;
    private boolean overDeadline;

    BodyPace(BodyLimits limits, long now) {
        this.deadlineNanos = limits.bodyDeadline().toNanos();
        this.windowNanos = limits.rateWindow().toNanos();
        this.minBytesPerSecond = limits.minBytesPerSecond();
        this.lateNanos = Math.max(LATE_NANOS_MIN, windowNanos / 4);
        this.intervalStart = now;
        this.due = now;
    }

    /** The delay until the next check, from {@code now}; starts the interval it ends. */
    long nextCheck(long now) {
        long delay = Math.max(1, Math.min(windowNanos, deadlineNanos - chargedNanos));
        due = now + delay;
        return delay;
    }

    /**
     * The check at the end of an interval.
     *
     * @param bytesRead the body's bytes read so far, after reading what the connection held
     * @param pausedNanos how long the consumer kept the body paused during this interval
     * @param creditWithheld whether the server withheld flow-control credit during this interval
     * @return null when the client keeps its time, else the 408's detail
     */
    String check(long now, long bytesRead, long pausedNanos, boolean creditWithheld) {
        long elapsed = now - intervalStart;
        boolean late = now - due > lateNanos;
        long clientNanos = creditWithheld ? 0 : Math.max(0, Math.min(elapsed, late ? due - intervalStart : elapsed)
                - pausedNanos);
        chargedNanos += clientNanos;
        long got = bytesRead - intervalStartBytes;
        intervalStart = now;
        intervalStartBytes = bytesRead;
        if (chargedNanos >= deadlineNanos) {
            overDeadline = true;
            return "the body did not arrive within " + deadlineNanos / 1_000_000 + " ms";
        }
        boolean wholly = !late && !creditWithheld && pausedNanos == 0 && clientNanos > 0;
        lastGot = got;
        lastClientNanos = clientNanos;
        overDeadline = false;
        if (wholly && minBytesPerSecond > 0 && got * 1_000_000_000L < minBytesPerSecond * clientNanos) {
            return "the client sent " + got + " bytes in " + clientNanos / 1_000_000 + " ms, below the minimum of "
                    + minBytesPerSecond + " bytes per second";
        }
        return null;
    }

    /**
     * Whether the last interval, judged too slow, would have kept its pace with {@code more} bytes that were sent in
     * it but read only after the verdict (they waited behind a busy IO thread). Never for the deadline.
     */
    boolean lastIntervalPassesWith(long more) {
        if (overDeadline || more <= 0) {
            return false;
        }
        return (lastGot + more) * 1_000_000_000L >= minBytesPerSecond * lastClientNanos;
    }

    /** The client's time so far (for tests). */
    long chargedNanos() {
        return chargedNanos;
    }
}
