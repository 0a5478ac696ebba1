package dev.jsonstream.decoder;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;

/**
 * The Reactive Streams TCK's rules for a subscriber (those it can check from outside), run against
 * {@link DecoderSubscriber}: a TestNG class, which the JUnit Platform runs through its TestNG engine. Each element
 * is one more JSON value of a concatenated stream, so that every sequence the TCK publishes is valid input.
 *
 * <p>Timeouts: generous for a signal that must come (a busy machine is slow, never wrong), short for one that must
 * not (waiting longer could only hide a late signal, not fail a right subscriber).
 */
public class DecoderSubscriberTckTest extends FlowSubscriberBlackboxVerification<ByteBuffer> {
    public DecoderSubscriberTckTest() {
        super(new TestEnvironment(5_000, 100));
    }

    @Override
    public Flow.Subscriber<ByteBuffer> createFlowSubscriber() {
        DecoderConfig config = DecoderConfig.builder().framing(Framing.CONCATENATED).build();
        return DecoderSubscriber.ofBuffers(config.newDecoder(token -> { }));
    }

    @Override
    public ByteBuffer createElement(int element) {
        return ByteBuffer.wrap((element + "\n").getBytes(StandardCharsets.US_ASCII));
    }
}
