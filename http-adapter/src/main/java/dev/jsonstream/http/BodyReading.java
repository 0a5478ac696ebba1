package dev.jsonstream.http;

import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.ErrorKind;
import dev.jsonstream.decoder.Inflation;
import dev.jsonstream.decoder.InflationLimitException;
import dev.jsonstream.decoder.JsonDecodeException;
import dev.jsonstream.decoder.JsonDecoder;
import io.undertow.connector.ByteBufferPool;
import io.undertow.connector.PooledByteBuffer;
import io.undertow.server.HttpServerExchange;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.DataFormatException;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.XnioExecutor;
import org.xnio.channels.StreamSourceChannel;

/**
 * One request's body on its way through the decoder: a read listener on the request channel, run on the IO thread.
 *
 * <p>Buffers: each burst of reads takes one buffer from the connection's pool and gives it back when the channel
 * has nothing more for now ({@code read} returned 0), at the end, or on an error, exactly once ({@link #release}).
 * While the consumer has paused, the decoder still reads that buffer, so it is kept ({@link #held}) with channel
 * reads suspended, and given back when a resume has consumed it. Undertow's pool hands the same ByteBuffer to the
 * next {@code allocate()} on the thread, so an early return would let the parser read another request's bytes.
 *
 * <p>Answers: every failure goes through {@link #fail}, which answers once, tells the consumer and the hook, and
 * hands the rest of the body to a {@link BodyLinger} so that a client still sending hears the answer. Pace and
 * deadline are judged by {@link BodyPace} on the client's time only.
 *
 * <p>State only changes on the IO thread; {@link #resume()} and {@link #reject} hop there.
 */
final class BodyReading implements ChannelListener<StreamSourceChannel>, BodyControl {
    private static final int READING = 0;
    private static final int PAUSED = 1;
    private static final int DONE = 2;
    /** Where consumers' exceptions are logged (they are answered with a 500 that shows no internals). */
    static final Logger LOG = Logger.getLogger(JsonBodyHandler.class.getName());
    static final String CONSUMER_FAILED = "the server could not process the body";
    /** How long after a 408 verdict it is confirmed, with what has arrived meanwhile. */
    private static final long SECOND_LOOK_MILLIS = 50;
    /** Buffers read in one read event at most (1 MiB with Undertow's 16 KiB buffers). */
    private static final int READS_PER_EVENT = 64;

    private final HttpServerExchange exchange;
    private final BodyLimits limits;
    private final BodyErrorHook errorHook;
    private final ByteBufferPool pool;
    /**
     * Inflates a gzip or deflate body, within the limits' maxInflatedBytes and maxInflationRatio; null for an
     * identity one. Owned: ended with the request. It counts every buffer read as compressed bytes received, as
     * {@code bytesRead} does, so the ratio is the inflated bytes over the body bytes received so far.
     */
    private final Inflation inflation;
    /** With inflation: the pooled buffer inflated bytes go to (the decoder reads it); kept while paused. */
    private PooledByteBuffer heldOut;
    private BodyConsumer consumer;
    private JsonDecoder decoder;
    private StreamSourceChannel channel;
    private int state = READING;
    /** The pooled buffer of the current burst of reads, or the one kept while paused; null otherwise. */
    private PooledByteBuffer held;
    private long bytesRead;
    /** The 408 verdicts; created when reading starts. */
    private BodyPace pace;
    /** Time the consumer kept the body paused since the last pace check, and since when it is paused (or -1). */
    private long pausedNanos;
    private long pausedSince = -1;
    /** When the current pace interval started (for the connection's credit question). */
    private long intervalStart;
    /** The connection's bytes for other bodies when the interval started (see ConnectionWatch#othersKeptPace). */
    private long intervalStartOthers;
    private XnioExecutor.Key paceCheck;
    private ConnectionWatch watch;
    /** A consumer's rejection asked for while its tokens were being delivered; answered once the feed returns. */
    private ProblemResponse pendingRejection;
    private boolean feeding;
    /** Whether a rejection after {@link BodyConsumer#onComplete} was answered (only the first one is). */
    private boolean rejectedAfterCompletion;

    BodyReading(HttpServerExchange exchange, BodyLimits limits, BodyErrorHook errorHook, Inflation inflation) {
        this.exchange = exchange;
        this.limits = limits;
        this.errorHook = errorHook;
        this.inflation = inflation;
        this.pool = exchange.getConnection().getByteBufferPool();
    }

    void start(BodyConsumer consumer, DecoderConfig config) {
        this.consumer = consumer;
        try {
            this.decoder = config.newDecoder(consumer.tokens());
        } catch (RuntimeException e) {
            consumerFailed(e);
            return;
        }
        // Undertow's own entity limit (2 MiB by default) cuts chunked bodies off with a reset, and on HTTP/2 resets
        // the stream with CANCEL, before ours can answer, and it would also end the linger after our answer. Ours
        // counts every byte read (maxBodyBytes, then lingerBytes), so Undertow's is lifted for this exchange.
        exchange.setMaxEntitySize(0);
        channel = exchange.getRequestChannel();
        if (channel == null) {
            fail(500, "Internal Server Error", "the request body was already taken", Map.of(), null);
            return;
        }
        channel.getReadSetter().set(this);
        watch = ConnectionWatch.of(exchange.getConnection());
        watch.add(this);
        long now = System.nanoTime();
        pace = new BodyPace(limits, now);
        schedulePaceCheck(now);
        channel.resumeReads();
    }

    private void schedulePaceCheck(long now) {
        intervalStart = now;
        intervalStartOthers = watch.deliveredTotal() - bytesRead;
        paceCheck = exchange.getIoThread().executeAfter(this::checkPace, pace.nextCheck(now), TimeUnit.NANOSECONDS);
    }

    /**
     * Runs at the end of each pace interval on the IO thread. First reads what the connection already holds: bytes
     * waiting there were sent in time and only not read yet (a busy IO thread), so they count for the client.
     */
    private void checkPace() {
        paceCheck = null;
        if (state == DONE) {
            return;
        }
        if (state == READING) {
            readAvailable();
            if (state == DONE) {
                return; // the body ended (or failed) with what was waiting
            }
        }
        long now = System.nanoTime();
        long paused = pausedNanos + (pausedSince >= 0 ? now - Math.max(pausedSince, intervalStart) : 0);
        pausedNanos = 0;
        boolean withheld = watch.creditWithheldSince(this, intervalStart)
                || watch.othersKeptPace(watch.deliveredTotal() - bytesRead - intervalStartOthers, now - intervalStart,
                        limits.minBytesPerSecond());
        String verdict = pace.check(now, bytesRead, paused, withheld);
        if (verdict != null) {
            // A second look after the IO thread's next turn: over HTTP/2 the stream only holds what the connection's
            // frames have been parsed into, and bytes the client sent in time may still wait in the socket behind
            // this timer. Those are read first; if they make up the pace, the server was late, not the client.
            secondLook(verdict, bytesRead, now);
            return;
        }
        schedulePaceCheck(now);
    }

    private void secondLook(String verdict, long bytesAtVerdict, long verdictNanos) {
        long connectionBytes = watch.deliveredTotal();
        paceCheck = exchange.getIoThread().executeAfter(
                () -> confirmTimeout(verdict, bytesAtVerdict, verdictNanos, connectionBytes), SECOND_LOOK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    /**
     * The second look. Bytes that arrived meanwhile and make up the window's pace: the server was late. None, while
     * the connection went on delivering other bodies' bytes (an HTTP/2 connection working through a backlog, this
     * stream's frames behind others' in its socket): look again, for at most one more rate window. None on a
     * connection that delivered nothing either: the client's 408.
     */
    private void confirmTimeout(String verdict, long bytesAtVerdict, long verdictNanos, long connectionBytes) {
        paceCheck = null;
        if (state == DONE) {
            return;
        }
        if (state == READING) {
            readAvailable();
            if (state == DONE) {
                return;
            }
        }
        if (state == PAUSED || pace.lastIntervalPassesWith(bytesRead - bytesAtVerdict)) {
            schedulePaceCheck(System.nanoTime());
            return;
        }
        long now = System.nanoTime();
        if (watch.deliveredTotal() > connectionBytes && now - verdictNanos < limits.rateWindow().toNanos()) {
            secondLook(verdict, bytesAtVerdict, verdictNanos);
            return;
        }
        timeout(verdict);
    }

    private void timeout(String detail) {
        exchange.setPersistent(false);
        fail(408, "Request Timeout", detail, Map.of(), null, false);
    }

    @Override
    public void handleEvent(StreamSourceChannel ch) {
        if (state != READING) {
            ch.suspendReads();
            return;
        }
        readAvailable();
    }

    /** Reads and decodes until the channel has nothing more for now, the body ends, or the consumer pauses. */
    private void readAvailable() {
        guarded(this::readLoop);
    }

    private void readLoop() throws IOException, DataFormatException {
        for (int reads = 0; ; reads++) {
            if (reads == READS_PER_EVENT) {
                // Let the IO thread run what waits for it (a resume, a rejection, a pace check, other connections)
                // before going on with a client that sends faster than the body is decoded.
                release();
                channel.wakeupReads();
                return;
            }
            if (held == null) {
                held = pool.allocate();
            }
            ByteBuffer buf = held.getBuffer();
            buf.clear();
            int n = channel.read(buf);
            if (n == 0) {
                release();
                channel.resumeReads();
                return;
            }
            if (n < 0) {
                release();
                finish();
                return;
            }
            bytesRead += n;
            watch.delivered(n);
            if (bytesRead > limits.maxBodyBytes()) {
                fail(413, "Content Too Large", "the body is larger than the limit of " + limits.maxBodyBytes()
                        + " bytes", ProblemResponse.limitMembers("maxBodyBytes", limits.maxBodyBytes()), null);
                return;
            }
            buf.flip();
            if (!decode(buf)) {
                return;
            }
        }
    }

    /** A step of reading or decoding, which may fail in any of the ways {@link #guarded} answers. */
    private interface Step {
        void run() throws IOException, DataFormatException;
    }

    /**
     * Runs a step and turns what it throws into the answer: 400, 413 (a decoder limit or an inflation one), 500, or
     * a client gone.
     */
    private void guarded(Step step) {
        try {
            step.run();
        } catch (JsonDecodeException e) {
            failDecoding(e);
        } catch (InflationLimitException e) {
            // worded as the body limits are, with the limit's name and value as problem members
            fail(413, "Content Too Large", e.getMessage(), ProblemResponse.limitMembers(e.limitName(),
                    e.limitValue()), null);
        } catch (DataFormatException e) {
            corrupt(e);
        } catch (IOException e) {
            clientGone(e);
        } catch (RuntimeException e) {
            consumerFailed(e);
        }
    }

    /** A consumer threw: logged with its stack (the client is told nothing of it) and answered with a 500. */
    private void consumerFailed(RuntimeException e) {
        if (state == DONE) {
            return;
        }
        logConsumerFailure(e, "");
        fail(500, "Internal Server Error", CONSUMER_FAILED, Map.of(), e);
    }

    private void logConsumerFailure(RuntimeException e, String when) {
        LOG.log(Level.WARNING, "the body's consumer failed on " + exchange.getRequestMethod() + " "
                + loggedPath(exchange) + when, e);
    }

    /**
     * The request path for a log line, escaped as the decoder's messages escape a pointer: Undertow decodes
     * {@code %0A} in a path into a line feed, and the client chooses the path.
     */
    static String loggedPath(HttpServerExchange exchange) {
        return JsonDecodeException.escapeControls(exchange.getRequestPath());
    }

    /** Decodes a buffer of body bytes (inflating it first if need be); false when paused or failed. */
    private boolean decode(ByteBuffer buf) throws DataFormatException {
        if (inflation != null) {
            inflation.setInput(buf);
            return inflateAvailable();
        }
        feed(buf);
        return !pausedNow() && state != DONE;
    }

    /** Feeds the decoder; a rejection the consumer asked for meanwhile is answered as soon as the feed returns. */
    private void feed(ByteBuffer buf) {
        feeding = true;
        try {
            decoder.feed(buf);
        } finally {
            feeding = false;
        }
        ProblemResponse rejection = pendingRejection;
        if (rejection != null) {
            pendingRejection = null;
            rejectOnIoThread(rejection);
        }
    }

    /**
     * Inflates and decodes what the inflater can make of its input; false when paused or failed. Past an inflation
     * limit it throws, and {@link #guarded} answers 413.
     */
    private boolean inflateAvailable() throws DataFormatException {
        if (heldOut == null) {
            heldOut = pool.allocate();
        }
        ByteBuffer out = heldOut.getBuffer();
        while (true) {
            out.clear();
            int n = inflation.inflate(out);
            if (n == 0) {
                return true;
            }
            out.flip();
            feed(out);
            if (state == DONE || pausedNow()) {
                return false;
            }
        }
    }

    /** If the consumer paused: keep the buffers the decoder still reads, stop reading, and say so. */
    private boolean pausedNow() {
        if (state == DONE || !decoder.isPaused()) {
            return false;
        }
        state = PAUSED;
        pausedSince = System.nanoTime();
        watch.paused(this);
        channel.suspendReads();
        return true;
    }

    private void corrupt(DataFormatException e) {
        fail(400, "Bad Request", "the compressed body is corrupt: " + e.getMessage(), Map.of(), e);
    }

    @Override
    public long receivedBytes() {
        return bytesRead;
    }

    @Override
    public long decodedBytes() {
        return decoder == null ? 0 : decoder.bytesFed();
    }

    @Override
    public void resume() {
        exchange.getIoThread().execute(this::resumeOnIoThread);
    }

    @Override
    public void reject(ProblemResponse problem) {
        java.util.Objects.requireNonNull(problem, "problem");
        if (exchange.getIoThread() == Thread.currentThread()) {
            if (feeding) {
                if (pendingRejection == null) {
                    pendingRejection = problem;
                }
            } else {
                rejectOnIoThread(problem);
            }
        } else {
            exchange.getIoThread().execute(() -> rejectOnIoThread(problem));
        }
    }

    private void rejectOnIoThread(ProblemResponse problem) {
        if (state == DONE) {
            if (!rejectedAfterCompletion && !exchange.isResponseStarted() && exchange.getConnection().isOpen()) {
                rejectedAfterCompletion = true; // the body was read whole: nothing to drain
                ProblemResponse.send(exchange, problem.status(), problem.title(), problem.detail(), problem.members());
            }
            return;
        }
        fail(problem.status(), problem.title(), problem.detail(), problem.members(), null);
    }

    private void resumeOnIoThread() {
        if (state != PAUSED) {
            return;
        }
        guarded(() -> {
            decoder.resume();
            if (decoder.isPaused()) {
                return;
            }
            state = READING;
            long now = System.nanoTime();
            pausedNanos += now - Math.max(pausedSince, intervalStart);
            pausedSince = -1;
            watch.resumed(this);
            if (inflation != null && !inflateAvailable()) {
                return; // the rest of the held input paused it again (or failed)
            }
            release();
            readLoop();
        });
    }

    private void finish() throws DataFormatException {
        cancelPaceCheck();
        if (inflation != null) {
            inflation.finish();
            inflation.end();
        }
        stopReading();
        // Not DONE before the decoder has ended: an error it only finds at the end (a value cut short) must still
        // reach fail(), which answers nothing once DONE.
        decoder.end();
        state = DONE;
        try {
            consumer.onComplete(exchange);
        } catch (RuntimeException e) {
            logConsumerFailure(e, " after the body's end");
            notifyFailure(new BodyFailure(500, "Internal Server Error", e));
            if (!exchange.isResponseStarted()) {
                ProblemResponse.send(exchange, 500, "Internal Server Error", CONSUMER_FAILED, Map.of());
            }
        }
    }

    private void failDecoding(JsonDecodeException e) {
        boolean tooLarge = e.kind() == ErrorKind.LIMIT_EXCEEDED;
        fail(tooLarge ? 413 : 400, tooLarge ? "Content Too Large" : "Bad Request", BodyErrorWording.detail(e),
                ProblemResponse.members(e), e);
    }

    /** Answers (when the client can still hear it) and gives up the body. */
    private void fail(int status, String title, String detail, Map<String, Object> members, Throwable cause) {
        fail(status, title, detail, members, cause, true);
    }

    /** As above; {@code linger} false closes at once after the answer (for clients too slow to wait for). */
    private void fail(int status, String title, String detail, Map<String, Object> members, Throwable cause,
            boolean linger) {
        if (state == DONE) {
            return;
        }
        state = DONE;
        cancelPaceCheck();
        release();
        if (decoder != null) {
            decoder.close();
        }
        if (inflation != null) {
            inflation.end();
        }
        stopReading();
        try {
            notifyFailure(new BodyFailure(status, title, cause)); // first: known before the client has the answer
        } finally {
            answer(status, title, detail, members, linger);
        }
    }

    /**
     * Sends the answer, then lingers: the rest of the body is read and dropped within the bounds, so that a client
     * still sending hears it ({@link BodyLinger#forRest} says whether the connection can stay open).
     */
    private void answer(int status, String title, String detail, Map<String, Object> members, boolean linger) {
        if (exchange.isResponseStarted()) {
            return; // the consumer has begun its own answer (a stream of results): its onFailure ends it
        }
        long declared = exchange.getRequestContentLength();
        BodyLinger after = !linger ? BodyLinger.none(exchange)
                : BodyLinger.forRest(exchange, channel, limits, declared < 0 ? -1 : declared - bytesRead);
        ProblemResponse.send(exchange, status, title, detail, members, after);
    }

    private void clientGone(IOException e) {
        if (state == DONE) {
            return;
        }
        state = DONE;
        cancelPaceCheck();
        release();
        decoder.close();
        if (inflation != null) {
            inflation.end();
        }
        stopReading();
        IoUtils.safeClose(exchange.getConnection());
        if (Http2StreamEnd.isHttp2(exchange)) {
            // Closing an HTTP/2 "connection" only resets the stream: the exchange must be ended too, or its
            // completion (the request log, metrics) never comes.
            io.undertow.server.Connectors.terminateRequest(exchange);
            io.undertow.server.Connectors.terminateResponse(exchange);
        }
        notifyFailure(new BodyFailure(0, "client went away", e));
    }

    private void notifyFailure(BodyFailure failure) {
        try {
            if (consumer != null) {
                consumer.onFailure(exchange, failure);
            }
        } finally {
            errorHook.onError(exchange, failure);
        }
    }

    private void cancelPaceCheck() {
        if (paceCheck != null) {
            paceCheck.remove();
            paceCheck = null;
        }
        if (watch != null) {
            watch.remove(this); // every way to DONE passes here
            watch = null;
        }
    }

    /** The connection closed under a body still being read (paused, or an HTTP/2 stream that was reset). */
    void connectionClosed(IOException cause) {
        clientGone(cause);
    }

    private void stopReading() {
        if (channel != null) {
            channel.getReadSetter().set(null);
            channel.suspendReads();
        }
    }

    /** Gives the buffers back to the pool; the only place that does, so it happens once for each. */
    private void release() {
        PooledByteBuffer in = held;
        PooledByteBuffer out = heldOut;
        held = null;
        heldOut = null;
        if (in != null) {
            in.close();
        }
        if (out != null) {
            out.close();
        }
    }
}
