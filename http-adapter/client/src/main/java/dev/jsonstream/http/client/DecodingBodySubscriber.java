package dev.jsonstream.http.client;

import dev.jsonstream.decoder.DecoderSubscriber;
import dev.jsonstream.decoder.Inflation;
import dev.jsonstream.decoder.InflationLimitException;
import dev.jsonstream.decoder.JsonDecodeException;
import dev.jsonstream.decoder.JsonDecoder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.zip.DataFormatException;

/**
 * A response body fed to a decoder as it arrives (inflated first if it is coded), through a {@link DecoderSubscriber};
 * a body that does not inflate (corrupt, or over the bomb limit) is a {@link JsonResponseException}; a transport that
 * fails
 * mid-body (the server closed, the connection broke) ends the input there, so that the outcome is the decoder's
 * {@code INCOMPLETE} with the transport's exception suppressed in it, or, when the input had ended whole, the
 * transport's exception: never a success.
 */
final class DecodingBodySubscriber implements HttpResponse.BodySubscriber<Void> {
    private final DecoderSubscriber<List<ByteBuffer>> decoding;
    private final CompletableFuture<Void> body = new CompletableFuture<>();
    /** The transport's failure, set before the input is ended for it. */
    private volatile IOException transportFailure;

    /**
     * @param decoder what the body is fed to
     * @param inflation the response's content coding undone on the way, or null
     * @param info the response's status and headers, named in an error about its coding
     */
    DecodingBodySubscriber(JsonDecoder decoder, Inflation inflation, HttpResponse.ResponseInfo info) {
        this.decoding = DecoderSubscriber.ofBufferLists(decoder, inflation);
        decoding.result().whenComplete((v, result) -> { // the result's own exception: completed, never wrapped
            Throwable failure = result;
            if (result instanceof DataFormatException) {
                String coding = info.headers().firstValue("Content-Encoding").orElse("coded");
                failure = new JsonResponseException(result instanceof InflationLimitException
                        ? result.getMessage() : "the " + coding + " body does not inflate: " + result.getMessage(),
                        info.statusCode(), info.headers().firstValue("Content-Type").orElse(null), null, null)
                        .initCause(result);
            }
            IOException transport = transportFailure;
            if (transport != null) {
                if (failure instanceof JsonDecodeException) {
                    failure.addSuppressed(transport);
                    body.completeExceptionally(failure);
                } else {
                    body.completeExceptionally(failure != null ? failure : transport);
                }
            } else if (failure != null) {
                body.completeExceptionally(failure);
            } else {
                body.complete(null);
            }
        });
    }

    @Override
    public CompletionStage<Void> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        decoding.onSubscribe(subscription);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        decoding.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
        if (throwable instanceof IOException) {
            transportFailure = (IOException) throwable;
            decoding.onComplete(); // the input ends here: whole, or INCOMPLETE where it stopped
        } else {
            decoding.onError(throwable);
        }
    }

    @Override
    public void onComplete() {
        decoding.onComplete();
    }

    /** Goes on after a handler paused the decoder; see {@link DecoderSubscriber#resume()}. */
    void resume() {
        decoding.resume();
    }

    /** Stops, cancelling the response; see {@link DecoderSubscriber#close()}. */
    void close() {
        decoding.close();
    }
}
