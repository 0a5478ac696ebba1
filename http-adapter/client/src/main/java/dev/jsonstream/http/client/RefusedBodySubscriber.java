package dev.jsonstream.http.client;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** A body not read at all: the subscription is cancelled at once, and the body fails with the reason. */
final class RefusedBodySubscriber<T> implements HttpResponse.BodySubscriber<T> {
    private final CompletableFuture<T> body = new CompletableFuture<>();

    private RefusedBodySubscriber(JsonResponseException reason) {
        body.completeExceptionally(reason);
    }

    static <T> RefusedBodySubscriber<T> of(JsonResponseException reason) {
        return new RefusedBodySubscriber<>(reason);
    }

    @Override
    public CompletionStage<T> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        subscription.cancel();
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        // cancelled: nothing is read
    }

    @Override
    public void onError(Throwable throwable) {
        // the body has failed already, with the reason
    }

    @Override
    public void onComplete() {
        // the body has failed already, with the reason
    }
}
