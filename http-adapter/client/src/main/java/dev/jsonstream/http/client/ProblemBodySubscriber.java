package dev.jsonstream.http.client;

import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.JsonDecodeException;
import dev.jsonstream.decoder.Selection;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The body of a response whose status is not 2xx: an {@code application/problem+json} answer is read, up to
 * {@link JsonBodyHandlers#MAX_PROBLEM_BYTES}, for its {@code title} and {@code detail}; any other is not read at all
 * ({@link RefusedBodySubscriber}). The body always fails, with a {@link JsonResponseException}.
 */
final class ProblemBodySubscriber<T> implements HttpResponse.BodySubscriber<T> {
    private static final String REASON = "the server did not answer with a 2xx status";

    private final int status;
    private final String contentType;
    private final CompletableFuture<T> body = new CompletableFuture<>();
    /** The problem answer so far; touched only in the signals, which come one at a time. */
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private ProblemBodySubscriber(int status, String contentType) {
        this.status = status;
        this.contentType = contentType;
    }

    static <T> HttpResponse.BodySubscriber<T> forStatus(int status, String contentType) {
        boolean problem = contentType != null && contentType.split(";")[0].trim().toLowerCase(Locale.ROOT)
                .equals("application/problem+json");
        return problem ? new ProblemBodySubscriber<>(status, contentType)
                : RefusedBodySubscriber.of(new JsonResponseException(REASON, status, contentType, null, null));
    }

    @Override
    public CompletionStage<T> getBody() {
        return body;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE); // bounded in onNext: cancelled past the cap
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        if (body.isDone()) {
            return;
        }
        for (ByteBuffer b : item) {
            if (bytes.size() + b.remaining() > JsonBodyHandlers.MAX_PROBLEM_BYTES) {
                subscription.cancel();
                fail(null, null); // too long to be the short answer it should be: named by status alone
                return;
            }
            byte[] chunk = new byte[b.remaining()];
            b.get(chunk);
            bytes.writeBytes(chunk);
        }
    }

    @Override
    public void onError(Throwable throwable) {
        fail(null, null);
    }

    @Override
    public void onComplete() {
        if (body.isDone()) {
            return;
        }
        String[] titleAndDetail = new String[2];
        Selection members = Selection.builder()
                .value("/title", m -> titleAndDetail[0] = m.value() instanceof String t ? t : null)
                .value("/detail", m -> titleAndDetail[1] = m.value() instanceof String d ? d : null)
                .build();
        try {
            DecoderConfig.defaults().decode(new ByteArrayInputStream(bytes.toByteArray()), members);
        } catch (JsonDecodeException | IOException e) {
            fail(null, null); // not the JSON it claims to be: named by status and media type alone
            return;
        }
        fail(titleAndDetail[0], titleAndDetail[1]);
    }

    private void fail(String title, String detail) {
        body.completeExceptionally(new JsonResponseException(REASON, status, contentType, title, detail));
    }
}
