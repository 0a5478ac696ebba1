package dev.jsonstream.decoder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Flow;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link DecoderSubscriber}: demand that follows the decoder, pauses that hold the buffer, and one outcome. The
 * Reactive Streams rules themselves are checked by {@link DecoderSubscriberTckTest}.
 */
class DecoderSubscriberTest {
    private static final String BODY = "{\"items\":[{\"id\":1},{\"id\":2},{\"id\":3}],\"n\":3}";

    /** A subscription that records what the subscriber asks of it. */
    static final class RecordingSubscription implements Flow.Subscription {
        long requested;
        int cancels;

        @Override
        public void request(long n) {
            requested += n;
        }

        @Override
        public void cancel() {
            cancels++;
        }
    }

    private static ByteBuffer utf8(String s) {
        return ByteBuffer.wrap(s.getBytes(UTF_8));
    }

    /** The body cut into pieces of {@code size} bytes (the last shorter). */
    private static List<ByteBuffer> pieces(String body, int size) {
        byte[] bytes = body.getBytes(UTF_8);
        List<ByteBuffer> out = new ArrayList<>();
        for (int i = 0; i < bytes.length; i += size) {
            out.add(ByteBuffer.wrap(bytes, i, Math.min(size, bytes.length - i)).slice());
        }
        return out;
    }

    /** The ids of the items, as a selection reports them. */
    private static Selection ids(List<String> out) {
        return Selection.builder().value("/items/*/id", m -> out.add(m.pointer() + "=" + m.value())).build();
    }

    @Test
    void aBodyPublishedInPiecesOfEverySizeDecodesAsWhole() throws Exception {
        for (int size = 1; size <= BODY.length(); size++) {
            List<String> seen = new ArrayList<>();
            DecoderSubscriber<ByteBuffer> subscriber = DecoderSubscriber.ofBuffers(
                    DecoderConfig.defaults().newDecoder(ids(seen)));
            try (SubmissionPublisher<ByteBuffer> publisher = new SubmissionPublisher<>()) {
                publisher.subscribe(subscriber);
                for (ByteBuffer piece : pieces(BODY, size)) {
                    publisher.submit(piece);
                }
            } // close(): onComplete after the items
            subscriber.result().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertThat(seen).as("pieces of %d bytes", size).containsExactly("/items/0/id=1", "/items/1/id=2",
                    "/items/2/id=3");
        }
    }

    @Test
    void oneItemIsRequestedAtATimeAndNoneWhilePausedUntilResumeFinishesTheHeldBuffer() {
        List<String> seen = new ArrayList<>();
        Selection pausing = Selection.builder().value("/items/*/id", m -> {
            seen.add(String.valueOf(m.value()));
            m.pause();
        }).build();
        DecoderSubscriber<ByteBuffer> subscriber = DecoderSubscriber.ofBuffers(
                DecoderConfig.defaults().newDecoder(pausing));
        RecordingSubscription s = new RecordingSubscription();
        subscriber.onSubscribe(s);
        assertThat(s.requested).isEqualTo(1);

        ByteBuffer whole = utf8(BODY);
        subscriber.onNext(whole);
        assertThat(seen).containsExactly("1");
        assertThat(s.requested).as("paused: nothing more asked for").isEqualTo(1);
        assertThat(whole.position()).as("the held buffer untouched").isZero();
        assertThat(whole.remaining()).isEqualTo(BODY.length());
        subscriber.onComplete(); // a publisher may complete without demand: the end waits for the held buffer
        assertThat(subscriber.result()).isNotDone();

        subscriber.resume();
        assertThat(seen).as("read on from where it stopped").containsExactly("1", "2");
        subscriber.resume();
        assertThat(subscriber.result()).isNotDone();
        subscriber.resume(); // the last pause: the buffer is done, and the publisher had completed
        assertThat(seen).containsExactly("1", "2", "3");
        assertThat(subscriber.result().toCompletableFuture()).isCompleted();
        assertThat(s.requested).as("no request after the end").isEqualTo(1);
        assertThat(s.cancels).isZero();
    }

    @Test
    void listsOfBuffersAreFedInOrderAndAPauseInsideOneHoldsTheRestOfTheList() {
        List<String> seen = new ArrayList<>();
        Selection pausing = Selection.builder().value("/items/*/id", m -> {
            seen.add(String.valueOf(m.value()));
            if (seen.size() == 1) {
                m.pause();
            }
        }).build();
        DecoderSubscriber<List<ByteBuffer>> subscriber = DecoderSubscriber.ofBufferLists(
                DecoderConfig.defaults().newDecoder(pausing));
        RecordingSubscription s = new RecordingSubscription();
        subscriber.onSubscribe(s);
        subscriber.onNext(pieces(BODY, 5)); // one list holding the whole body in 5-byte buffers
        assertThat(seen).containsExactly("1");
        assertThat(s.requested).isEqualTo(1);
        subscriber.resume();
        assertThat(seen).containsExactly("1", "2", "3");
        assertThat(s.requested).as("the list done: the next one asked for").isEqualTo(2);
        subscriber.onComplete();
        assertThat(subscriber.result().toCompletableFuture()).isCompleted();
    }

    @Test
    void aDecodeErrorCompletesTheResultWithItAndCancelsOnce() {
        DecoderSubscriber<ByteBuffer> subscriber = DecoderSubscriber.ofBuffers(
                DecoderConfig.defaults().newDecoder(ids(new ArrayList<>())));
        RecordingSubscription s = new RecordingSubscription();
        subscriber.onSubscribe(s);
        subscriber.onNext(utf8("{\"items\":[{\"id\":1},"));
        subscriber.onNext(utf8("{\"id\":x}]}"));
        assertThat(s.cancels).isEqualTo(1);
        subscriber.onNext(utf8("more")); // after the end: dropped
        subscriber.close();
        assertThat(s.cancels).as("cancelled once").isEqualTo(1);
        assertThat(s.requested).isEqualTo(2);
        assertThatThrownBy(() -> subscriber.result().toCompletableFuture().join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(JsonDecodeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
                    assertThat(e.byteOffset()).isEqualTo(25);
                    assertThat(e.pointer()).isEqualTo("/items/1/id");
                });
    }

    @Test
    void aResponseThatEndsEarlyIsIncompleteNeverASuccess() {
        DecoderSubscriber<ByteBuffer> subscriber = DecoderSubscriber.ofBuffers(
                DecoderConfig.defaults().newDecoder(ids(new ArrayList<>())));
        RecordingSubscription s = new RecordingSubscription();
        subscriber.onSubscribe(s);
        subscriber.onNext(utf8("{\"items\":[{\"id\":1}"));
        subscriber.onComplete();
        assertThatThrownBy(() -> subscriber.result().toCompletableFuture().join()).cause()
                .isInstanceOfSatisfying(JsonDecodeException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INCOMPLETE));
        assertThat(s.cancels).as("the publisher had ended").isZero();
    }

    @Test
    void aHandlerThatThrowsEndsWithItsExceptionAndCancels() {
        IllegalStateException boom = new IllegalStateException("the store is down");
        Selection throwing = Selection.builder().value("/items/*/id", m -> {
            throw boom;
        }).build();
        DecoderSubscriber<ByteBuffer> subscriber = DecoderSubscriber.ofBuffers(
                DecoderConfig.defaults().newDecoder(throwing));
        RecordingSubscription s = new RecordingSubscription();
        subscriber.onSubscribe(s);
        subscriber.onNext(utf8(BODY));
        assertThat(s.cancels).isEqualTo(1);
        assertThatThrownBy(() -> subscriber.result().toCompletableFuture().join()).cause().isSameAs(boom);
    }

    @Test
    void closeCancelsOnceAndTheUpstreamsErrorIsTheOutcome() {
        DecoderSubscriber<ByteBuffer> closed = DecoderSubscriber.ofBuffers(
                DecoderConfig.defaults().newDecoder(t -> { }));
        RecordingSubscription s = new RecordingSubscription();
        closed.onSubscribe(s);
        closed.close();
        closed.close();
        closed.onNext(utf8("1"));
        assertThat(s.cancels).isEqualTo(1);
        assertThat(s.requested).isEqualTo(1);
        assertThatThrownBy(() -> closed.result().toCompletableFuture().join())
                .isInstanceOf(CancellationException.class);

        DecoderSubscriber<ByteBuffer> failed = DecoderSubscriber.ofBuffers(
                DecoderConfig.defaults().newDecoder(t -> { }));
        RecordingSubscription s2 = new RecordingSubscription();
        failed.onSubscribe(s2);
        java.io.IOException reset = new java.io.IOException("connection reset");
        failed.onError(reset);
        assertThat(s2.cancels).isZero();
        assertThatThrownBy(() -> failed.result().toCompletableFuture().join()).cause().isSameAs(reset);
    }

    @Test
    void aHandlerThatClosesTheSubscriberStopsTheFeedingAtOnce() {
        List<String> seen = new ArrayList<>();
        List<DecoderSubscriber<List<ByteBuffer>>> self = new ArrayList<>();
        Selection closing = Selection.builder().value("/items/*/id", m -> {
            seen.add(String.valueOf(m.value()));
            self.get(0).close(); // from inside a callback, in the middle of a list
        }).build();
        DecoderSubscriber<List<ByteBuffer>> subscriber = DecoderSubscriber.ofBufferLists(
                DecoderConfig.defaults().newDecoder(closing));
        self.add(subscriber);
        RecordingSubscription s = new RecordingSubscription();
        subscriber.onSubscribe(s);
        subscriber.onNext(pieces(BODY, 5));
        assertThat(seen).containsExactly("1");
        assertThat(s.cancels).isEqualTo(1);
        assertThat(s.requested).as("nothing asked for after the close").isEqualTo(1);
        assertThatThrownBy(() -> subscriber.result().toCompletableFuture().join())
                .isInstanceOf(CancellationException.class);
    }

    @Test
    void aSecondSubscriptionIsCancelledAndNullSignalsAreRefused() {
        DecoderSubscriber<ByteBuffer> subscriber = DecoderSubscriber.ofBuffers(
                DecoderConfig.defaults().newDecoder(t -> { }));
        RecordingSubscription first = new RecordingSubscription();
        RecordingSubscription second = new RecordingSubscription();
        subscriber.onSubscribe(first);
        subscriber.onSubscribe(second);
        assertThat(second.cancels).isEqualTo(1);
        assertThat(second.requested).isZero();
        assertThat(first.cancels).isZero();
        assertThatThrownBy(() -> subscriber.onNext(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> subscriber.onError(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> subscriber.onSubscribe(null)).isInstanceOf(NullPointerException.class);
    }
}
