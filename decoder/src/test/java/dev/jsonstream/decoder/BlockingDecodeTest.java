package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The blocking drivers read through one reusable buffer and deliver what feed would. */
class BlockingDecodeTest {

    @Test
    void inputStreamAndChannelDeliverWhatFeedDelivers() throws IOException {
        byte[] doc = Corpora.read(Corpora.testdata().resolve("orders.json"));
        DecoderConfig config = DecoderConfig.builder().readBufferBytes(7).build();
        List<String> expected = Decode.events(config, doc);
        List<String> fromStream = new ArrayList<>();
        assertThat(config.decode(new ByteArrayInputStream(doc), t -> fromStream.add(Decode.brief(t))))
                .isEqualTo(doc.length);
        List<String> fromChannel = new ArrayList<>();
        assertThat(config.decode(Channels.newChannel(new ByteArrayInputStream(doc)),
                t -> fromChannel.add(Decode.brief(t)))).isEqualTo(doc.length);
        assertThat(fromStream).isEqualTo(expected);
        assertThat(fromChannel).isEqualTo(expected);
        // A handler that pauses changes nothing in blocking use.
        List<String> paused = new ArrayList<>();
        config.decode(new ByteArrayInputStream(doc), t -> {
            paused.add(Decode.brief(t));
            t.pause();
        });
        assertThat(paused).isEqualTo(expected);
    }

    /** An endless-looking generated stream: {"items":[{"i":0},{"i":1},...]} of the given element count. */
    static final class GeneratedItems extends InputStream {
        private final long count;
        private long next;
        private byte[] pending = Decode.utf8("{\"items\":[");
        private int pos;
        int largestRead;

        GeneratedItems(long count) {
            this.count = count;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            largestRead = Math.max(largestRead, len);
            if (pos == pending.length) {
                if (next > count) {
                    return -1;
                }
                pending = Decode.utf8(next < count ? (next > 0 ? "," : "") + "{\"i\":" + next + "}" : "]}");
                next++;
                pos = 0;
            }
            int n = Math.min(len, pending.length - pos);
            System.arraycopy(pending, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    @Test
    void aLongStreamIsReadThroughTheOneBuffer() throws IOException {
        GeneratedItems in = new GeneratedItems(200_000);
        long[] sum = {0};
        long bytes = DecoderConfig.defaults().decode(in, t -> {
            if (t.kind() == TokenKind.INT) {
                sum[0] += t.longValue();
            }
        });
        assertThat(sum[0]).isEqualTo(200_000L * 199_999 / 2);
        assertThat(bytes).isGreaterThan(2_000_000);
        assertThat(in.largestRead).isEqualTo(DecoderConfig.defaults().readBufferBytes());
    }

    @Test
    void errorsComeOutOfTheBlockingDriver() {
        assertThatThrownBy(() -> DecoderConfig.defaults().decode(new ByteArrayInputStream(Decode.utf8("[1,]")),
                t -> { })).isInstanceOf(JsonDecodeException.class).hasMessageContaining("(byte 3)");
    }
}
