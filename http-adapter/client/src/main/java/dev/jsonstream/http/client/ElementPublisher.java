package dev.jsonstream.http.client;

import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Flow.Publisher} of the elements of one response, for one subscriber, delivered from its
 * {@link BoundElements} as the subscriber's demand allows.
 *
 * <p>Every signal to the subscriber is made inside {@link #deliver()}, which one thread at a time runs: the thread
 * that finds {@link #pendingRuns} at zero runs the loop, and any other call (a request, an arrival, from any thread,
 * or from inside the subscriber's own {@code onNext}) only adds a run for that thread to make. So the signals are
 * serialised, and a request made inside {@code onNext} does not recurse. The loop runs on the thread of the request or
 * of the arrival: the subscriber's, or the client's.
 *
 * @param <T> the element
 */
final class ElementPublisher<T> implements Flow.Publisher<T> {
    private final BoundElements<T> elements;
    /** Runs of {@link #deliver()} owed; the thread that raised it from zero makes them. */
    private final AtomicInteger pendingRuns = new AtomicInteger();
    /** Elements requested and not yet delivered; capped at Long.MAX_VALUE (rule 3.17). */
    private final AtomicLong demand = new AtomicLong();
    /**
     * The one subscriber, from before its subscription is handed over until it cancels or is sent its terminal signal
     * (then null again: rule 3.13).
     */
    private volatile Flow.Subscriber<? super T> subscriber;
    /** A subscriber came: any other is refused. */
    private final AtomicBoolean subscribed = new AtomicBoolean();
    /** A request of n &lt;= 0 (rule 3.9): the subscriber is told with onError. */
    private volatile IllegalArgumentException badRequest;
    /** The subscriber cancelled, or was sent its terminal signal: nothing more goes to it. */
    private volatile boolean finished;

    ElementPublisher(BoundElements<T> elements) {
        this.elements = elements;
    }

    /** Tells the delivery loop that an element arrived or the response ended. */
    void arrived() {
        deliver();
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> s) {
        Objects.requireNonNull(s, "subscriber");
        if (subscribed.compareAndSet(false, true)) {
            subscriber = s;
            s.onSubscribe(new ElementSubscription());
            deliver(); // an end that came before the subscriber is told now, without demand (rule 1.4)
            return;
        }
        s.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
            }

            @Override
            public void cancel() {
            }
        });
        s.onError(new IllegalStateException("a response's elements are published to one subscriber only"));
    }

    private final class ElementSubscription implements Flow.Subscription {
        @Override
        public void request(long n) {
            if (n <= 0) {
                badRequest = new IllegalArgumentException("request(" + n + "): demand must be positive (rule 3.9)");
            } else {
                demand.getAndAccumulate(n, (d, more) -> d + more < 0 ? Long.MAX_VALUE : d + more);
            }
            deliver();
        }

        @Override
        public void cancel() {
            if (!finished) {
                finished = true;
                subscriber = null;
                elements.close();
            }
        }
    }

    private void deliver() {
        if (pendingRuns.getAndIncrement() != 0) {
            return;
        }
        Throwable thrown = null;
        int runs = 1;
        do {
            Flow.Subscriber<? super T> s = subscriber;
            if (s != null && thrown == null) {
                try {
                    deliverTo(s);
                } catch (RuntimeException | Error e) { // rule 2.13: the subscription is cancelled, the caller told
                    thrown = e;
                    finished = true;
                    elements.close();
                }
                if (finished) {
                    subscriber = null;
                }
            }
            runs = pendingRuns.addAndGet(-runs);
        } while (runs != 0);
        if (thrown instanceof Error) {
            throw (Error) thrown;
        }
        if (thrown != null) {
            throw (RuntimeException) thrown;
        }
    }

    private void deliverTo(Flow.Subscriber<? super T> s) {
        while (!finished) {
            IllegalArgumentException bad = badRequest;
            if (bad != null) {
                finished = true;
                elements.close();
                s.onError(bad);
                return;
            }
            if (demand.get() == 0 && !elements.drained()) {
                return; // without demand, only the end (END, or the failure thrown) is taken: rule 1.4
            }
            Object next;
            try {
                next = elements.poll();
            } catch (RuntimeException failure) {
                finished = true;
                s.onError(unwrapped(failure));
                return;
            }
            if (next == BoundElements.EMPTY) {
                return;
            }
            if (next == BoundElements.END) {
                finished = true;
                s.onComplete();
                return;
            }
            if (next == null) { // rule 2.13: onNext never takes null
                finished = true;
                elements.close();
                s.onError(new NullPointerException("the binder made a null element, which a Flow.Publisher cannot"
                        + " publish; the response is closed"));
                return;
            }
            demand.decrementAndGet();
            @SuppressWarnings("unchecked")
            T element = (T) next;
            s.onNext(element);
        }
    }

    /** The response's own exception: a subscriber receives the IOException itself, not the stream's wrapper. */
    private static Throwable unwrapped(RuntimeException failure) {
        return failure instanceof java.io.UncheckedIOException && failure.getCause() != null ? failure.getCause()
                : failure;
    }
}
