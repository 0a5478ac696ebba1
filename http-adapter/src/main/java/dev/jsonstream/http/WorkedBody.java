package dev.jsonstream.http;

import dev.jsonstream.decoder.BoundHandler;
import dev.jsonstream.decoder.Match;
import dev.jsonstream.decoder.Selection;
import dev.jsonstream.decoder.TokenHandler;
import io.undertow.server.HttpServerExchange;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;

/**
 * One body whose matches are worked on a {@link MatchWorkers} pool: reads each match into an item, hands it to the
 * executor, pauses the body while the pool is full, and answers when every item is done.
 *
 * <p>Threads: everything here but {@link #runWork} runs on the exchange's IO thread (the decoder's callbacks, the
 * adapter's, and the tasks workers post back), so the counts need no locks and a resume cannot be lost: the pause is
 * asked for during a match, and the resume happens in a later task of the same thread, when the body is paused.
 * Workers read only {@link #cancelled}.
 */
final class WorkedBody<T> implements BodyConsumer {
    private final MatchWorkers<T> workers;
    private final HttpServerExchange exchange;
    private final BodyControl control;
    private final Selection selection;

    /** Items read and not yet reported done (in order mode, done ones waiting for an earlier one count too). */
    private int inFlight;
    /** The body was paused because the pool was full, and not yet resumed. */
    private boolean pausedForRoom;
    /** The decoder delivered the whole body. */
    private boolean bodyComplete;
    /** The body ended in a failure (ours, the adapter's, or the client left): nothing more is reported. */
    private boolean stopped;
    /**
     * Skip items not yet started, and read no more matches: set with {@link #stopped}, or by a worker whose work
     * failed (its answer follows on the IO thread). Read by workers and the IO thread.
     */
    private volatile boolean cancelled;
    /** Items reported done. */
    private long done;

    /**
     * Order mode: items done but not yet reported, by {@code index % maxInFlight}; the indexes in flight are
     * {@code [nextToReport, nextToReport + maxInFlight)}, so each has its own slot.
     */
    private final Object[] waitingItems;
    private final boolean[] waiting;
    private long nextToReport;

    WorkedBody(MatchWorkers<T> workers, HttpServerExchange exchange, BodyControl control) {
        this.workers = workers;
        this.exchange = exchange;
        this.control = control;
        this.selection = workers.binder != null
                ? Selection.builder().bind(workers.pattern, workers.binder, new BoundItems()).build()
                : Selection.builder().raw(workers.pattern, this::onMatch).build();
        this.waitingItems = workers.ordered ? new Object[workers.maxInFlight] : null;
        this.waiting = workers.ordered ? new boolean[workers.maxInFlight] : null;
    }

    @Override
    public TokenHandler tokens() {
        return selection;
    }

    private void onMatch(Match m) {
        if (stopping(m)) {
            return;
        }
        T item;
        try {
            item = workers.reader.read(m);
        } catch (Exception e) {
            unread(m, e);
            return;
        }
        start(m, item);
    }

    /** The items of a binding factory, and its binder's failures. */
    private final class BoundItems implements BoundHandler<T> {
        @Override
        public void onBound(Match m, T item) {
            if (!stopping(m)) {
                start(m, item);
            }
        }

        @Override
        public void onFailure(Match m, Exception failure) {
            if (!stopping(m)) {
                unread(m, failure);
            }
        }
    }

    /**
     * Whether the body is being answered, or a work failed and its answer is on its way: then the match is not read,
     * and the body pauses at once.
     */
    private boolean stopping(Match m) {
        if (stopped || cancelled) {
            m.pause();
            return true;
        }
        return false;
    }

    /** A value that could not be made an item ends the body: with its problem, or 422 naming the value. */
    private void unread(Match m, Exception e) {
        if (e instanceof ProblemException) {
            fail(((ProblemException) e).problem());
        } else {
            fail(ProblemResponse.of(422, "Unprocessable Content", "the value at " + m.pointer()
                    + " cannot be read as this service expects").with("pointer", m.pointer()));
        }
        m.pause();
    }

    /** Hands an item's work to the executor, and pauses the body while the pool is full. */
    private void start(Match m, T item) {
        long index = m.index();
        String pointer = m.pointer(); // the match is gone once this returns; a failure names the value by it
        inFlight++;
        workers.mostInFlight.accumulateAndGet(inFlight, Math::max);
        try {
            workers.executor.execute(() -> runWork(index, item, pointer));
        } catch (RejectedExecutionException e) {
            inFlight--;
            fail(ProblemResponse.of(503, "Service Unavailable", "the service cannot take more work now"));
            m.pause();
            return;
        }
        if (inFlight >= workers.maxInFlight && !pausedForRoom) {
            pausedForRoom = true;
            workers.pauses.incrementAndGet();
            m.pause();
        }
    }

    /** On a worker: the item's work, then its end posted back to the IO thread. */
    private void runWork(long index, T item, String pointer) {
        if (cancelled) {
            onIoThread(() -> skipped());
            return;
        }
        Throwable failure = null;
        try {
            workers.work.run(item);
        } catch (Throwable e) {
            failure = e;
            cancelled = true; // at once, so that other workers skip what they have not started
        }
        Throwable f = failure;
        onIoThread(() -> workDone(index, item, pointer, f));
    }

    private void onIoThread(Runnable task) {
        try {
            exchange.getIoThread().execute(task);
        } catch (RejectedExecutionException e) {
            // The server is stopping: there is nobody left to answer.
        }
    }

    private void skipped() {
        inFlight--;
        workers.skipped.incrementAndGet();
    }

    private void workDone(long index, T item, String pointer, Throwable failure) {
        if (stopped) {
            inFlight--;
            return;
        }
        if (failure != null) {
            inFlight--;
            if (failure instanceof ProblemException) {
                fail(((ProblemException) failure).problem());
            } else {
                BodyReading.LOG.log(Level.WARNING, "the work on " + pointer + " of " + exchange.getRequestMethod()
                        + " " + exchange.getRequestPath() + " failed", failure);
                fail(ProblemResponse.of(500, "Internal Server Error", "the work on the value at " + pointer
                        + " failed"));
            }
            return;
        }
        if (workers.ordered) {
            int slot = (int) (index % workers.maxInFlight);
            waitingItems[slot] = item;
            waiting[slot] = true;
            while (!stopped && waiting[(int) (nextToReport % workers.maxInFlight)]) {
                int s = (int) (nextToReport % workers.maxInFlight);
                @SuppressWarnings("unchecked")
                T next = (T) waitingItems[s];
                waitingItems[s] = null;
                waiting[s] = false;
                report(nextToReport++, next);
            }
        } else {
            report(index, item);
        }
        if (stopped) {
            return;
        }
        if (pausedForRoom && inFlight < workers.maxInFlight) {
            pausedForRoom = false;
            control.resume();
        }
        if (bodyComplete && inFlight == 0) {
            complete();
        }
    }

    private void report(long index, T item) {
        inFlight--;
        done++;
        if (workers.onEachDone != null) {
            try {
                workers.onEachDone.done(exchange, index, item);
            } catch (RuntimeException e) {
                BodyReading.LOG.log(Level.WARNING, "onEachDone failed on " + exchange.getRequestPath(), e);
                fail(ProblemResponse.of(500, "Internal Server Error", "the service failed on an item"));
            }
        }
    }

    @Override
    public void onComplete(HttpServerExchange ex) {
        bodyComplete = true;
        if (!stopped && inFlight == 0) {
            complete();
        }
    }

    private void complete() {
        stopped = true; // answered: later reports have nothing to add
        try {
            workers.onComplete.complete(exchange, done);
        } catch (RuntimeException e) {
            BodyReading.LOG.log(Level.WARNING, "onComplete failed on " + exchange.getRequestPath(), e);
            control.reject(ProblemResponse.of(500, "Internal Server Error", "the service failed to answer"));
        }
    }

    @Override
    public void onFailure(HttpServerExchange ex, BodyFailure failure) {
        stop();
    }

    private void fail(ProblemResponse problem) {
        if (stopped) {
            return;
        }
        stop();
        control.reject(problem);
    }

    private void stop() {
        stopped = true;
        cancelled = true;
    }
}
