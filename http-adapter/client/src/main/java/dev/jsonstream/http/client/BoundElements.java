package dev.jsonstream.http.client;

import dev.jsonstream.decoder.BoundHandler;
import dev.jsonstream.decoder.Match;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off of bound elements from the thread that decodes a response to the one consumer that takes them
 * (a {@code Stream} or a {@code Flow.Publisher}): the decoder is paused once {@code capacity} elements wait, and the
 * consumer resumes it once it has taken half of them, so a slow consumer holds the server back instead of filling
 * memory.
 *
 * <p>Invariants, all under {@link #lock}:
 * <ul>
 * <li>{@link #waiting} holds at most {@code capacity} elements (a pause asked for in {@link #onBound} takes effect
 * after that value, before the next is bound).</li>
 * <li>{@link #pausedForRoom} is true from the {@code match.pause()} made for a full queue until the consumer's
 * {@link DecodingBodySubscriber#resume()}. The consumer is told of elements in {@link #arrived()}, after a piece of
 * the body has been decoded, never from inside {@link #onBound}: so a consumer that runs on the decoding thread (a
 * publisher's delivery) never resumes the decoder from inside its own handler.</li>
 * <li>After {@link #end} or {@link #close()}, nothing is added.</li>
 * </ul>
 * The decoder is resumed and closed with {@link #lock} released: the decoding thread holds the decoder's own lock while
 * it calls {@link #onBound}, so taking them in the other order would deadlock.
 *
 * @param <T> the element
 */
final class BoundElements<T> implements BoundHandler<T> {
    /** What {@link #poll} returns when nothing waits yet. */
    static final Object EMPTY = new Object();
    /** What {@link #poll} and {@link #take} return once every element has been taken and the response ended whole. */
    static final Object END = new Object();
    /** Stands for a null element in {@link #waiting}, which takes no nulls. */
    private static final Object NULL = new Object();

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Object> waiting;
    /** The response's body, for resume and close; set once, before the first signal. */
    private DecodingBodySubscriber body;
    /**
     * What is told of arrivals ({@link #arrived()}) and of the end, outside the lock (a publisher's delivery loop); set
     * once, before the first signal.
     */
    private Runnable onArrival = () -> { };
    private boolean pausedForRoom;
    /** The response ended; with {@link #failure} null, whole. */
    private boolean ended;
    private Throwable failure;
    /** The consumer stopped: whatever is still bound is dropped. */
    private boolean closed;

    BoundElements(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, was " + capacity);
        }
        this.capacity = capacity;
        this.waiting = new ArrayDeque<>(capacity);
    }

    /** Ties these elements to the response that makes them; {@code onArrival} is told of arrivals and of the end. */
    void attach(DecodingBodySubscriber body, Runnable onArrival) {
        this.body = body;
        this.onArrival = onArrival;
        body.getBody().whenComplete((v, t) -> end(t));
    }

    @Override
    public void onBound(Match match, T item) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            waiting.add(item == null ? NULL : item);
            if (waiting.size() < capacity) {
                return; // the consumer is told at the end of the piece of body (arrived()), not for each element
            }
            pausedForRoom = true;
            match.pause();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A piece of the body has been decoded (or decoding paused in it): tells the consumer of what it bound. Once a
     * piece rather than once an element, so that a consumer on another thread is woken a few times per 16 KiB
     * buffer, not for every element.
     */
    void arrived() {
        lock.lock();
        try {
            if (waiting.isEmpty()) {
                return;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onArrival.run();
    }

    /** The response ended: whole with a null {@code failure}, else with it. */
    private void end(Throwable failure) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            ended = true;
            this.failure = failure;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        onArrival.run();
    }

    /**
     * The next element without waiting: an element (null stands for a JSON null the binder made null), {@link #EMPTY}
     * or {@link #END}; throws what the response ended with once the elements before it have been taken.
     */
    Object poll() {
        Object next;
        boolean resume;
        lock.lock();
        try {
            next = waiting.poll();
            if (next == null) {
                return endOrEmpty();
            }
            resume = roomMade();
        } finally {
            lock.unlock();
        }
        if (resume) {
            body.resume();
        }
        return next == NULL ? null : next;
    }

    /** As {@link #poll}, but waits for an element or the end. */
    Object take() {
        while (true) {
            Object next = poll();
            if (next != EMPTY) {
                return next;
            }
            lock.lock();
            try {
                while (waiting.isEmpty() && !ended && !closed) {
                    changed.await();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new UncheckedIOException(new java.io.InterruptedIOException("interrupted while waiting for "
                        + "the next element; the response is closed"));
            } finally {
                lock.unlock();
            }
        }
    }

    /** Whether the end has been reached with every element taken: the consumer then owes a terminal signal. */
    boolean drained() {
        lock.lock();
        try {
            return waiting.isEmpty() && (ended || closed);
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock, with nothing waiting. */
    private Object endOrEmpty() {
        if (closed) {
            return END;
        }
        if (!ended) {
            return EMPTY;
        }
        if (failure != null) {
            throw unchecked(failure);
        }
        return END;
    }

    /** Under the lock, after a take: whether the consumer should resume the decoder now (and it is marked so). */
    private boolean roomMade() {
        if (pausedForRoom && waiting.size() <= capacity / 2) {
            pausedForRoom = false;
            return true;
        }
        return false;
    }

    /** Stops: drops what waits, and closes the response (the client cancels it). Idempotent. */
    void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            waiting.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        body.close();
    }

    /** What a consumer throws for the response's failure: unchecked, as the JDK's {@code ofLines()} stream does. */
    static RuntimeException unchecked(Throwable failure) {
        if (failure instanceof RuntimeException) {
            return (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        if (failure instanceof IOException) {
            return new UncheckedIOException((IOException) failure);
        }
        return new UncheckedIOException(new IOException(failure.getMessage(), failure));
    }
}
