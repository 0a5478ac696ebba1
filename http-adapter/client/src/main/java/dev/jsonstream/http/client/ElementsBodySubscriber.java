package dev.jsonstream.http.client;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response whose body is a view of its elements (a stream or a publisher), given at once, while the bytes go on to
 * the decoder that makes the elements; the view's consumer is told after each piece of the body.
 *
 * @param <R> the view
 */
final class ElementsBodySubscriber<R> implements HttpResponse.BodySubscriber<R> {
    private final DecodingBodySubscriber decoding;
    private final BoundElements<?> elements;
    private final CompletableFuture<R> view;

    ElementsBodySubscriber(DecodingBodySubscriber decoding, BoundElements<?> elements, R view) {
        this.decoding = decoding;
        this.elements = elements;
        this.view = CompletableFuture.completedFuture(view);
    }

    @Override
    public CompletionStage<R> getBody() {
        return view;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        decoding.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        decoding.onNext(item);
        elements.arrived();
    }

    @Override
    public void onError(Throwable throwable) {
        decoding.onError(throwable);
    }

    @Override
    public void onComplete() {
        decoding.onComplete();
    }
}
