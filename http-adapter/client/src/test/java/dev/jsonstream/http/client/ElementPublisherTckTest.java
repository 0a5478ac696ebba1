package dev.jsonstream.http.client;

import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.Framing;
import dev.jsonstream.decoder.Selection;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * The Reactive Streams TCK's rules for a publisher, run against the {@link ElementPublisher} that
 * {@link JsonBodyHandlers#ofPublisher} hands out: a TestNG class, run by the JUnit Platform's TestNG engine. Each
 * publisher binds the values of an NDJSON body of {@code n} numbers, the body given in pieces by {@link Body}, which
 * stands for the client's connection; the failed publisher's body is not JSON.
 *
 * <p>Timeouts: generous for a signal that must come, short for one that must not.
 */
public class ElementPublisherTckTest extends FlowPublisherVerification<Long> {
    public ElementPublisherTckTest() {
        super(new TestEnvironment(5_000, 100));
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        StringBuilder ndjson = new StringBuilder();
        for (long i = 0; i < elements; i++) {
            ndjson.append(i).append('\n');
        }
        return publisherOf(ndjson.toString());
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        return publisherOf("[not json");
    }

    /** Enough for every rule but those that need Long.MAX_VALUE elements, which are skipped. */
    @Override
    public long maxElementsFromPublisher() {
        return 4_096;
    }

    private static Flow.Publisher<Long> publisherOf(String ndjson) {
        BoundElements<Long> elements = new BoundElements<>(JsonBodyHandlers.ELEMENTS_AHEAD);
        ElementPublisher<Long> publisher = new ElementPublisher<>(elements);
        DecoderConfig config = DecoderConfig.builder().framing(Framing.CONCATENATED).build();
        DecodingBodySubscriber body = new DecodingBodySubscriber(config.newDecoder(
                Selection.builder().bind("", p -> p.getLongValue(), elements).build()), null, null);
        elements.attach(body, publisher::arrived);
        new Body(ndjson.getBytes(StandardCharsets.US_ASCII), 7).subscribe(new ElementsBodySubscriber<>(body, elements,
                publisher));
        return publisher;
    }

    /** A body given in lists of small buffers, as the client gives one, on the thread that requests them. */
    private static final class Body implements Flow.Publisher<List<ByteBuffer>> {
        private final byte[] bytes;
        private final int pieceSize;

        Body(byte[] bytes, int pieceSize) {
            this.bytes = bytes;
            this.pieceSize = pieceSize;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super List<ByteBuffer>> s) {
            AtomicLong demand = new AtomicLong();
            AtomicInteger runs = new AtomicInteger();
            int[] position = {0};
            boolean[] stopped = {false};
            s.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    demand.addAndGet(n);
                    if (runs.getAndIncrement() != 0) {
                        return; // the running loop sees the demand: no recursion
                    }
                    int missed = 1;
                    do {
                        while (!stopped[0] && demand.get() > 0 && position[0] < bytes.length) {
                            demand.decrementAndGet();
                            List<ByteBuffer> item = new ArrayList<>();
                            for (int i = 0; i < 2 && position[0] < bytes.length; i++) {
                                int length = Math.min(pieceSize, bytes.length - position[0]);
                                item.add(ByteBuffer.wrap(bytes, position[0], length));
                                position[0] += length;
                            }
                            s.onNext(item);
                        }
                        if (!stopped[0] && position[0] == bytes.length) {
                            stopped[0] = true;
                            s.onComplete();
                        }
                        missed = runs.addAndGet(-missed);
                    } while (missed != 0);
                }

                @Override
                public void cancel() {
                    stopped[0] = true;
                }
            });
        }
    }
}
