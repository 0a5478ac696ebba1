package dev.jsonstream.decoder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;

/**
 * The Reactive Streams TCK's subscriber rules, as {@link DecoderSubscriberTckTest} runs them, against the inflating
 * {@link DecoderSubscriber}: each element is a gzip member holding one more JSON value, so that every sequence the
 * TCK publishes is a valid gzip body of a valid concatenated stream.
 */
public class InflatingDecoderSubscriberTckTest extends DecoderSubscriberTckTest {
    @Override
    public Flow.Subscriber<ByteBuffer> createFlowSubscriber() {
        DecoderConfig config = DecoderConfig.builder().framing(Framing.CONCATENATED).build();
        return DecoderSubscriber.ofBuffers(config.newDecoder(token -> { }),
                Inflation.forEncoding("gzip", Long.MAX_VALUE, 0));
    }

    @Override
    public ByteBuffer createElement(int element) {
        try {
            return ByteBuffer.wrap(InflationTest.gzip((element + "\n").getBytes(StandardCharsets.US_ASCII)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
