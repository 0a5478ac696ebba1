package dev.jsonstream.decoder;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.zip.DataFormatException;

/**
 * Feeds a {@link JsonDecoder} from a {@link Flow.Publisher} of buffers, as they arrive, with backpressure: a
 * {@link Flow.Subscriber} of {@code ByteBuffer}s ({@link #ofBuffers}) or of {@code List<ByteBuffer>}s, the shape the
 * JDK's {@code HttpClient} hands a body subscriber ({@link #ofBufferLists}); either inflating a gzip or deflate body
 * on the way, given an {@link Inflation}.
 *
 * <pre>{@code
 * DecoderSubscriber<ByteBuffer> subscriber = DecoderSubscriber.ofBuffers(config.newDecoder(selection));
 * publisher.subscribe(subscriber);
 * subscriber.result().toCompletableFuture().join(); // or thenAccept(...)
 * }</pre>
 *
 * <p>Demand follows the decoder. One item is requested at a time, and the next only once the decoder has taken the
 * whole of the last one. When a handler pauses the decoder ({@code token.pause()}, {@code match.pause()}), nothing
 * more is requested: the paused buffer stays with the decoder, untouched, until {@link #resume()} finishes it, and
 * only then is more requested. Nothing is buffered beyond the item the publisher handed over.
 *
 * <p>Inflating: an item's compressed buffers are inflated into one heap buffer of the subscriber's own (16 KiB),
 * which is fed to the decoder and refilled only once the decoder has taken all of it. A pause holds that buffer and
 * the rest of the item: nothing more is inflated or requested until {@link #resume()} has finished the buffer; then
 * the rest of the item is inflated and fed, and only then is more requested. The publisher's buffers are read
 * through views, never changed. The subscriber owns the {@link Inflation}: it ends it (freeing the native inflater)
 * on every way to the end.
 *
 * <p>{@link #result()} completes once: normally after the publisher completed and {@link JsonDecoder#end()} found the
 * input whole; exceptionally with the decoder's {@link JsonDecodeException} (its kind, offset and pointer), with the
 * inflation's {@link DataFormatException} as thrown (an {@link InflationLimitException} past a bomb limit; at the
 * end, a body cut inside a gzip member), with what a handler threw, with the publisher's error, or with a
 * {@link CancellationException} after {@link #close()}. On a decode error, corrupt or bomb data, a handler's
 * exception or {@code close()}, the subscription is cancelled, once; the decoder is closed.
 *
 * <p>The Reactive Streams rules hold: one subscription (a second is cancelled), no request after the end, signals
 * taken one at a time, {@code onNext} after the end ignored, null signals refused with a NullPointerException. The
 * decoder's handlers run on the thread that delivers the item (the publisher's), or on the thread that calls
 * {@link #resume()}; never two at once.
 *
 * @param <T> what the publisher publishes: a buffer, or a list of buffers
 */
public final class DecoderSubscriber<T> implements Flow.Subscriber<T> {
    private final JsonDecoder decoder;
    /** The buffers of one item, in order. */
    private final Function<T, List<ByteBuffer>> buffersOf;
    /**
     * Hands the decoder the buffers of the item being fed, one at a time, as published or inflated: the demand, the
     * pauses and the ending below are the same code for both.
     */
    private final ItemBuffers buffers;
    private final CompletableFuture<Void> result = new CompletableFuture<>();
    /**
     * Guards everything below and every call to the decoder and the subscription: signals come one at a time from the
     * publisher, but {@link #resume()} and {@link #close()} come from any thread. Reentrant, because a publisher may
     * deliver the next item from inside {@code request}.
     */
    private final ReentrantLock lock = new ReentrantLock();

    private Flow.Subscription subscription;
    /** The publisher completed while the decoder was paused: the end comes once the held buffers are done. */
    private boolean completePending;
    /** The result is set: nothing more is fed, requested or cancelled. */
    private boolean done;

    private DecoderSubscriber(JsonDecoder decoder, Function<T, List<ByteBuffer>> buffersOf, Inflation inflation) {
        this.decoder = Objects.requireNonNull(decoder, "decoder");
        this.buffersOf = buffersOf;
        this.buffers = inflation == null ? new ItemBuffers.AsPublished() : new ItemBuffers.Inflated(inflation);
    }

    /**
     * A subscriber of single buffers.
     *
     * @param decoder the decoder to feed; the subscriber ends or closes it
     * @return the subscriber
     */
    public static DecoderSubscriber<ByteBuffer> ofBuffers(JsonDecoder decoder) {
        return ofBuffers(decoder, null);
    }

    /**
     * A subscriber of single buffers of a compressed body, inflated on the way to the decoder.
     *
     * @param decoder the decoder to feed; the subscriber ends or closes it
     * @param inflation what inflates the body, or null for an uncompressed one; the subscriber ends it
     * @return the subscriber
     */
    public static DecoderSubscriber<ByteBuffer> ofBuffers(JsonDecoder decoder, Inflation inflation) {
        return new DecoderSubscriber<>(decoder, List::of, inflation);
    }

    /**
     * A subscriber of lists of buffers, as {@code java.net.http.HttpResponse.BodySubscriber} takes them; the buffers of
     * a list are fed in order.
     *
     * @param decoder the decoder to feed; the subscriber ends or closes it
     * @return the subscriber
     */
    public static DecoderSubscriber<List<ByteBuffer>> ofBufferLists(JsonDecoder decoder) {
        return ofBufferLists(decoder, null);
    }

    /**
     * A subscriber of lists of buffers of a compressed body, as {@code java.net.http.HttpResponse.BodySubscriber}
     * takes them for a response with a {@code Content-Encoding}: the buffers of a list are inflated in order on the
     * way to the decoder.
     *
     * @param decoder the decoder to feed; the subscriber ends or closes it
     * @param inflation what inflates the body ({@link Inflation#forEncoding}), or null for an uncompressed one; the
     *     subscriber ends it
     * @return the subscriber
     */
    public static DecoderSubscriber<List<ByteBuffer>> ofBufferLists(JsonDecoder decoder, Inflation inflation) {
        return new DecoderSubscriber<>(decoder, list -> list, inflation);
    }

    /**
     * The outcome of decoding what the publisher published.
     *
     * @return completes normally once the input ended whole, or exceptionally with what stopped it
     */
    public CompletionStage<Void> result() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        Objects.requireNonNull(s, "subscription");
        lock.lock();
        try {
            if (subscription != null || done) {
                s.cancel(); // one subscription only (a closed subscriber takes none)
                return;
            }
            subscription = s;
            s.request(1);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onNext(T item) {
        Objects.requireNonNull(item, "item");
        lock.lock();
        try {
            if (done) {
                return; // ended or cancelled: whatever still arrives is dropped
            }
            buffers.take(Objects.requireNonNull(buffersOf.apply(item), "buffers"));
            feedItem(false);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onError(Throwable t) {
        Objects.requireNonNull(t, "throwable");
        lock.lock();
        try {
            if (done) {
                return;
            }
            done = true;
            decoder.close();
            buffers.release();
            result.completeExceptionally(t);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onComplete() {
        lock.lock();
        try {
            if (done) {
                return;
            }
            if (decoder.isPaused()) {
                completePending = true; // the held buffer first: resume() ends the input
                return;
            }
            end();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Goes on after a handler paused the decoder: decodes the rest of the held buffer (and of the item it came in),
     * then requests more, or ends the input if the publisher has completed meanwhile. Call it from any thread, but not
     * from inside one of the decoder's handler callbacks; a call while the decoder is not paused does nothing.
     */
    public void resume() {
        lock.lock();
        try {
            if (done || !decoder.isPaused()) {
                return;
            }
            feedItem(true);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops: closes the decoder, cancels the subscription and completes {@link #result()} with a
     * {@link CancellationException}. Idempotent; does nothing once the result is set.
     */
    public void close() {
        lock.lock();
        try {
            fail(new CancellationException("closed before the input ended"));
        } finally {
            lock.unlock();
        }
    }

    /** Feeds the rest of the current item (the held buffer first when resuming), then asks for more or ends. */
    private void feedItem(boolean resuming) {
        try {
            if (resuming) {
                decoder.resume();
                if (done || decoder.isPaused()) {
                    return;
                }
            }
            for (ByteBuffer buffer = buffers.next(); buffer != null; buffer = buffers.next()) {
                decoder.feed(buffer);
                if (done || decoder.isPaused()) {
                    return; // a handler closed this subscriber, or this buffer stays with the decoder until resume()
                }
            }
        } catch (VirtualMachineError e) {
            throw e;
        } catch (DataFormatException | RuntimeException | Error e) {
            // corrupt or bomb data; a handler's exception (an AssertionError, say): the outcome, not the publisher's
            fail(e);
            return;
        }
        if (completePending) {
            end();
        } else {
            subscription.request(1);
        }
    }

    /** The publisher completed and the last item is done: the inflation, then the decoder, must find it whole. */
    private void end() {
        done = true;
        try {
            buffers.finish();
            decoder.end();
        } catch (DataFormatException | RuntimeException e) {
            decoder.close(); // after a cut gzip member it was never ended; after its own error it is closed already
            result.completeExceptionally(e); // no cancel: the publisher has ended
            return;
        } finally {
            buffers.release();
        }
        result.complete(null);
    }

    /**
     * Ends with {@code failure}: the inflation ended, the decoder closed, the subscription cancelled (once), the result
     * set.
     */
    private void fail(Throwable failure) {
        if (done) {
            return;
        }
        done = true;
        buffers.release();
        decoder.close();
        if (subscription != null) {
            subscription.cancel();
        }
        result.completeExceptionally(failure);
    }
}
