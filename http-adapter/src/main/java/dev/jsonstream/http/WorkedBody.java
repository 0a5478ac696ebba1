package dev.jsonstream.http;

import dev.jsonstream.decoder.BoundHandler;
import dev.jsonstream.decoder.JsonDecodeException;
import dev.jsonstream.decoder.Match;
import dev.jsonstream.decoder.Selection;
import dev.jsonstream.decoder.TokenHandler;
import io.undertow.server.HttpServerExchange;
import java.util.ArrayDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

/**
 * One body whose matches are worked on a {@link MatchWorkers} pool: reads each match into an item, hands it to the
 * executor, pauses the body while the pool is full, and answers when every item is done.
 *
 * <p>Threads: the decoder's callbacks, the adapter's, {@link #handOver} and {@link #takeReports} run on the
 * exchange's IO thread, so the counts need no locks and a resume cannot be lost: the pause is asked for during a
 * match, and the resume happens in a later task of the same thread, when the body is paused. Workers run
 * {@link #run} and touch only the two queues, the runner count, {@link #reportPosted} and {@link #cancelled}.
 *
 * <p>Hand-offs are batched, because a thread woken per item costs more than binding the item: the items a read
 * makes go to the pool in one hand-over after it, a few runners take them in turn, and the ends they report reach
 * the IO thread in one task for as many as have ended meanwhile.
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
    private long doneCount;
    /** The most items this body had in flight at once (the factory's maximum is updated only when this grows). */
    private int mostHere;

    /** Items read since the last {@link #handOver}, and whether one is posted; IO thread only. */
    private final ArrayDeque<Job<T>> toHandOver = new ArrayDeque<>();
    private boolean handOverPosted;
    /** Items handed over and not yet taken by a runner: filled on the IO thread, taken by runners. */
    private final ConcurrentLinkedQueue<Job<T>> ready = new ConcurrentLinkedQueue<>();
    /** Runners handed to the executor and not yet returned; at most {@code maxInFlight}. */
    private final AtomicInteger runners = new AtomicInteger();
    /** Items whose work ended (or was skipped), filled by workers, taken on the IO thread by {@link #takeReports}. */
    private final ConcurrentLinkedQueue<Job<T>> done = new ConcurrentLinkedQueue<>();
    /** A {@link #takeReports} is posted to the IO thread and has not started taking. */
    private final AtomicBoolean reportPosted = new AtomicBoolean();

    /** One item on its way: read on the IO thread, worked on a worker, reported back on the IO thread. */
    private static final class Job<T> {
        final long index;
        final T item;
        /** The value's pointer, to name it should its work fail. */
        final String pointer;
        /** Set by the worker that took it, read on the IO thread after the report queue handed it over. */
        Throwable failure;
        boolean skipped;

        Job(long index, T item, String pointer) {
            this.index = index;
            this.item = item;
            this.pointer = pointer;
        }
    }

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

    /**
     * Counts an item in flight and queues it for the next {@link #handOver}, which runs once the adapter has fed
     * what it read; pauses the body while the pool is full.
     */
    private void start(Match m, T item) {
        inFlight++;
        if (inFlight > mostHere) {
            mostHere = inFlight;
            workers.mostInFlight.accumulateAndGet(inFlight, Math::max);
        }
        // the match is gone once this returns; a failure names the value by its pointer
        toHandOver.add(new Job<>(m.index(), item, m.pointer()));
        if (!handOverPosted) {
            handOverPosted = true;
            onIoThread(this::handOver);
        }
        if (inFlight >= workers.maxInFlight && !pausedForRoom) {
            pausedForRoom = true;
            workers.pauses.incrementAndGet();
            m.pause();
        }
    }

    /**
     * On the IO thread, after the read that made them: the items read since the last hand-over go to the runners'
     * queue, and a runner is started unless as many run as items may be in flight.
     */
    private void handOver() {
        handOverPosted = false;
        if (stopped || cancelled) {
            while (toHandOver.poll() != null) {
                skipped();
            }
            return;
        }
        ready.addAll(toHandOver);
        toHandOver.clear();
        if (runners.get() < workers.maxInFlight && !startRunner()) {
            int refused = 0;
            while (ready.poll() != null) {
                refused++;
            }
            inFlight -= refused;
            fail(ProblemResponse.of(503, "Service Unavailable", "the service cannot take more work now"));
        }
    }

    /** Hands one more runner to the executor; false if it refused (the count is then as it was). */
    private boolean startRunner() {
        runners.incrementAndGet();
        try {
            workers.executor.execute(this::run);
            return true;
        } catch (RejectedExecutionException e) {
            runners.decrementAndGet();
            return false;
        }
    }

    /**
     * On a worker: takes items from the queue until none is left. A runner that finds more waiting behind its first
     * item starts one more (up to the room in flight), so that slow works spread over the pool within a few hand-offs
     * while fast ones are run by one or two runners, without a wake-up per item.
     */
    private void run() {
        boolean first = true;
        while (true) {
            Job<T> job = ready.poll();
            if (job == null) {
                runners.decrementAndGet();
                if (ready.isEmpty()) {
                    return;
                }
                // Queued after the poll, by a hand-over that counted this runner as running. Over the room: as many
                // others run, and each of them checks the queue the same way before it returns.
                if (runners.incrementAndGet() > workers.maxInFlight) {
                    runners.decrementAndGet();
                    return;
                }
                continue;
            }
            if (first) {
                first = false;
                if (!ready.isEmpty() && runners.get() < workers.maxInFlight) {
                    startRunner(); // refused: this runner goes on alone
                }
            }
            runWork(job);
        }
    }

    /** On a worker: one item's work (unless the body was cancelled), then its end reported to the IO thread. */
    private void runWork(Job<T> job) {
        if (cancelled) {
            job.skipped = true;
        } else {
            try {
                workers.work.run(job.item);
            } catch (Throwable e) {
                job.failure = e;
                cancelled = true; // at once, so that other workers skip what they have not started
            }
        }
        done.add(job);
        if (!reportPosted.get() && reportPosted.compareAndSet(false, true)) {
            onIoThread(this::takeReports);
        }
    }

    /** On the IO thread: every item end the workers reported since the last call. */
    private void takeReports() {
        reportPosted.set(false); // before taking: a report added after the last poll posts this anew
        Job<T> job;
        while ((job = done.poll()) != null) {
            if (job.skipped) {
                skipped();
            } else {
                workDone(job.index, job.item, job.pointer, job.failure);
            }
        }
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
                BodyReading.LOG.log(Level.WARNING, "the work on " + JsonDecodeException.escapeControls(pointer)
                        + " of " + exchange.getRequestMethod() + " " + BodyReading.loggedPath(exchange) + " failed",
                        failure);
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
        doneCount++;
        if (workers.onEachDone != null) {
            try {
                workers.onEachDone.done(exchange, index, item);
            } catch (RuntimeException e) {
                BodyReading.LOG.log(Level.WARNING, "onEachDone failed on " + BodyReading.loggedPath(exchange), e);
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
            workers.onComplete.complete(exchange, doneCount);
        } catch (RuntimeException e) {
            BodyReading.LOG.log(Level.WARNING, "onComplete failed on " + BodyReading.loggedPath(exchange), e);
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
