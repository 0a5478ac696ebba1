package dev.jsonstream.http;

import dev.jsonstream.decoder.Match;
import dev.jsonstream.decoder.PathPattern;
import dev.jsonstream.decoder.ValueBinder;
import io.undertow.server.HttpServerExchange;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Works on a body's matches on a pool of threads, a few at a time, with backpressure: a
 * {@link BodyConsumerFactory} for {@link JsonBodyHandler}. Storing each element of a large upload, four at a time:
 *
 * <pre>{@code
 * ExecutorService pool = Executors.newFixedThreadPool(4);
 * ObjectMapper mapper = new ObjectMapper();
 * HttpHandler handler = JsonBodyHandler.builder(
 *         MatchWorkers.binding("/items/*", p -> mapper.readValue(p, Item.class)) // IO thread: bind it, in place
 *                 .work(item -> repository.save(item))                          // on the pool
 *                 .executor(pool, 4)                                            // at most 4 in flight
 *                 .onComplete((exchange, items) -> exchange.getResponseSender().send("{\"stored\":" + items + "}"))
 *                 .build())
 *         .build();
 * }</pre>
 *
 * <p>How a body goes:
 * <ul>
 * <li>Each value matching the pattern is turned into an item on the exchange's IO thread, and the item's work is
 * handed to the executor: the items one read of the body makes go over together after it, to a few tasks that take
 * them in turn (a task that finds more items waiting behind its first starts one more, up to {@code maxInFlight}),
 * so that fast work costs no thread wake-up per item and slow work still spreads over the pool. {@link #binding}
 * binds it with a {@link ValueBinder} that reads the decoder's own parser while the value is decoded (each value
 * parsed once, but for one that runs past the bytes received so far, bound again from its kept bytes once it has all
 * arrived: the fastest way); {@link #builder} hands a reader the {@link Match} once the value has ended (valid only
 * then), for readers that want its bytes.</li>
 * <li>At most {@code maxInFlight} items are between being read and being done. When that many are, the body is
 * paused after the match: nothing more is decoded or read from the client, and the time paused counts neither
 * for the body's deadline nor for its rate. When one is done, the body resumes.</li>
 * <li>When an item's work is done, {@link Builder#onEachDone} is told on the IO thread: in match order when
 * {@link Builder#ordered(boolean)} is set (an item done early then waits for those before it, and still counts
 * as in flight), otherwise as they finish.</li>
 * <li>Once the body was decoded whole and every item is done, {@link Builder#onComplete} answers, on the IO
 * thread.</li>
 * <li>A reader or a work that throws a {@link ProblemException} ends the body with its answer (a 4xx, say);
 * another exception from the reader answers 422, from the work 500 (logged, no internals in the answer). Items not
 * yet started are then skipped, and the adapter answers and lingers as for its own errors.</li>
 * <li>A client that leaves mid-body, or a body the adapter refuses (400, 413, ...), also skips every item not yet
 * started; the buffers go back to the pool as always. The adapter hears that a client left at its next read, and
 * a body paused for room reads again only once an item is done: items that start meanwhile still run. An executor
 * that refuses an item answers 503.</li>
 * </ul>
 *
 * <p>No resume can be lost: the count of items in flight, the pause and the resume are only ever touched on the
 * exchange's IO thread, and a worker hands its item's end back to that thread rather than resuming itself.
 *
 * @param <T> what the reader makes of a match
 */
public final class MatchWorkers<T> implements BodyConsumerFactory {
    /**
     * Turns a match into the item the work takes; runs on the IO thread, so it must not block. The match is valid
     * during the call only: bind it ({@link Match#parser()}) or copy it ({@link Match#toByteArray()}).
     *
     * @param <T> the item
     */
    @FunctionalInterface
    public interface MatchReader<T> {
        /**
         * Reads one match.
         *
         * @param match the value, valid during this call only
         * @return the item to work on (null is allowed)
         * @throws Exception when the value cannot be read: the body is answered with 422, or with the problem of a
         *     {@link ProblemException}
         */
        T read(Match match) throws Exception;
    }

    /**
     * The work on one item; runs on the executor, and may block.
     *
     * @param <T> the item
     */
    @FunctionalInterface
    public interface ItemWork<T> {
        /**
         * Works on one item.
         *
         * @param item what the reader made of the match
         * @throws Exception when the work fails: the body is answered with 500, or with the problem of a
         *     {@link ProblemException}
         */
        void run(T item) throws Exception;
    }

    /**
     * Told that an item's work is done; runs on the IO thread.
     *
     * @param <T> the item
     */
    @FunctionalInterface
    public interface ItemDone<T> {
        /**
         * One item is done.
         *
         * @param exchange the request's exchange, to stream a part of the answer, for instance
         * @param index the match's index, from 0 ({@link Match#index()})
         * @param item the item the work took
         */
        void done(HttpServerExchange exchange, long index, T item);
    }

    /** Answers once the body was decoded whole and every item is done; runs on the IO thread. */
    @FunctionalInterface
    public interface Completion {
        /**
         * Answers the request.
         *
         * @param exchange the request's exchange
         * @param items how many items were worked on
         */
        void complete(HttpServerExchange exchange, long items);
    }

    final PathPattern pattern;
    /** One of the two is set. */
    final MatchReader<? extends T> reader;
    final ValueBinder<? extends T> binder;
    final ItemWork<? super T> work;
    final ItemDone<? super T> onEachDone;
    final Completion onComplete;
    final Executor executor;
    final int maxInFlight;
    final boolean ordered;

    /** Over every body of this factory, for tests and metrics: times a body was paused, and items skipped. */
    final AtomicLong pauses = new AtomicLong();
    final AtomicLong skipped = new AtomicLong();
    /** The most items in flight any body of this factory had at once. */
    final AtomicLong mostInFlight = new AtomicLong();

    private MatchWorkers(Builder<T> b) {
        this.pattern = b.pattern;
        this.reader = b.reader;
        this.binder = b.binder;
        this.work = Objects.requireNonNull(b.work, "work: set it with work(...)");
        this.onEachDone = b.onEachDone;
        this.onComplete = b.onComplete;
        this.executor = Objects.requireNonNull(b.executor, "executor: set it with executor(...)");
        this.maxInFlight = b.maxInFlight;
        this.ordered = b.ordered;
    }

    /**
     * Starts a factory for the matches of {@code pattern}.
     *
     * @param <T> what the reader makes of a match
     * @param pattern a {@link PathPattern}, such as {@code /items/*}
     * @param reader turns each match into an item, on the IO thread
     * @return a builder; set at least {@link Builder#work} and {@link Builder#executor}
     */
    public static <T> Builder<T> builder(String pattern, MatchReader<? extends T> reader) {
        return new Builder<>(PathPattern.compile(pattern), Objects.requireNonNull(reader, "reader"), null);
    }

    /**
     * Starts a factory for the matches of {@code pattern}, each bound by {@code binder} from the decoder's own
     * parser while the value is decoded, so that its bytes are parsed once (but for a value that runs past the bytes
     * received so far, bound again from its kept bytes once it has all arrived):
     * {@code p -> mapper.readValue(p, Item.class)}. The binder must be pure ({@link ValueBinder}: it may run twice on
     * such a value); what it throws answers the body as a reader's exception does.
     *
     * @param <T> the item the binder makes
     * @param pattern a {@link PathPattern}, such as {@code /items/*}
     * @param binder turns each value into an item, on the IO thread
     * @return a builder; set at least {@link Builder#work} and {@link Builder#executor}
     */
    public static <T> Builder<T> binding(String pattern, ValueBinder<? extends T> binder) {
        return new Builder<>(PathPattern.compile(pattern), null, Objects.requireNonNull(binder, "binder"));
    }

    @Override
    public BodyConsumer open(HttpServerExchange exchange, BodyControl control) {
        return new WorkedBody<>(this, exchange, control);
    }

    /**
     * Sets up a {@link MatchWorkers}.
     *
     * @param <T> what the reader makes of a match
     */
    public static final class Builder<T> {
        private final PathPattern pattern;
        private final MatchReader<? extends T> reader;
        private final ValueBinder<? extends T> binder;
        private ItemWork<? super T> work;
        private ItemDone<? super T> onEachDone;
        private Completion onComplete = (exchange, items) -> {
            exchange.setStatusCode(204);
            exchange.endExchange();
        };
        private Executor executor;
        private int maxInFlight;
        private boolean ordered;

        private Builder(PathPattern pattern, MatchReader<? extends T> reader, ValueBinder<? extends T> binder) {
            this.pattern = pattern;
            this.reader = reader;
            this.binder = binder;
        }

        /**
         * The work on each item, run on the executor.
         *
         * @param work may block; may throw {@link ProblemException} to answer with its problem
         * @return this builder
         */
        public Builder<T> work(ItemWork<? super T> work) {
            this.work = Objects.requireNonNull(work, "work");
            return this;
        }

        /**
         * Where the work runs, and how many items may be in flight at once (read, and not yet done).
         *
         * @param executor runs the work, in tasks that each take the items waiting in turn (not one task per item);
         *     one that refuses a task while items wait answers the body with 503
         * @param maxInFlight at least 1; the body is paused while this many items are in flight
         * @return this builder
         */
        public Builder<T> executor(Executor executor, int maxInFlight) {
            if (maxInFlight < 1) {
                throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
            }
            this.executor = Objects.requireNonNull(executor, "executor");
            this.maxInFlight = maxInFlight;
            return this;
        }

        /**
         * Whether items are reported done ({@link #onEachDone}) in match order (default: as they finish).
         *
         * @param ordered true for match order
         * @return this builder
         */
        public Builder<T> ordered(boolean ordered) {
            this.ordered = ordered;
            return this;
        }

        /**
         * Told on the IO thread as each item's work is done (optional).
         *
         * @param onEachDone must not block
         * @return this builder
         */
        public Builder<T> onEachDone(ItemDone<? super T> onEachDone) {
            this.onEachDone = Objects.requireNonNull(onEachDone, "onEachDone");
            return this;
        }

        /**
         * The answer once every item is done; the default answers 204 No Content.
         *
         * @param onComplete runs on the IO thread, must not block, and must answer (or dispatch and answer)
         * @return this builder
         */
        public Builder<T> onComplete(Completion onComplete) {
            this.onComplete = Objects.requireNonNull(onComplete, "onComplete");
            return this;
        }

        /**
         * Makes the factory; one serves every request of a {@link JsonBodyHandler}.
         *
         * @return the factory
         * @throws NullPointerException when the work or the executor was not set
         */
        public MatchWorkers<T> build() {
            return new MatchWorkers<>(this);
        }
    }
}
