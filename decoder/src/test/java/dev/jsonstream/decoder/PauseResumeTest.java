package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Backpressure: a handler pauses, feed returns early, resume goes on without losing or repeating a byte. */
class PauseResumeTest {
    private static final byte[] DOC = Decode.utf8("{\"a\": [1, 2, 3], \"b\": \"text\", \"c\": {\"d\": null}}");

    @Test
    void pauseStopsAfterTheTokenAndResumeGoesOn() {
        List<String> seen = new ArrayList<>();
        JsonDecoder d = DecoderConfig.defaults().newDecoder(t -> {
            seen.add(Decode.brief(t));
            if (t.kind() == TokenKind.INT && t.longValue() == 2) {
                t.pause();
            }
        });
        ByteBuffer buf = ByteBuffer.allocateDirect(DOC.length).put(DOC).flip();
        int consumed = d.feed(buf);
        assertThat(d.isPaused()).isTrue();
        assertThat(seen).last().isEqualTo("INT /a/1 2");
        // Everything up to the end of the "2" was consumed, nothing after it.
        assertThat(consumed).isEqualTo(new String(DOC).indexOf("2,") + 1);
        assertThatThrownBy(() -> d.feed(ByteBuffer.allocate(1))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("paused");
        assertThatThrownBy(d::end).isInstanceOf(IllegalStateException.class);
        int rest = d.resume();
        assertThat(d.isPaused()).isFalse();
        assertThat(consumed + rest).isEqualTo(DOC.length);
        assertThat(buf.position()).isZero();
        d.end();
        assertThat(seen).isEqualTo(Decode.events(DecoderConfig.defaults(), DOC));
    }

    @Test
    void pausingAtEveryTokenDeliversTheSameTokens() {
        List<String> seen = new ArrayList<>();
        JsonDecoder d = DecoderConfig.defaults().newDecoder(t -> {
            seen.add(Decode.brief(t));
            t.pause();
        });
        int consumed = d.feed(DOC, 0, DOC.length);
        int resumes = 0;
        while (d.isPaused()) {
            consumed += d.resume();
            resumes++;
        }
        d.end();
        assertThat(consumed).isEqualTo(DOC.length);
        assertThat(resumes).isEqualTo(seen.size()); // one resume per token, END_ROOT included
        assertThat(seen).isEqualTo(Decode.events(DecoderConfig.defaults(), DOC));
    }

    @Test
    void pauseOnEndRootInSequences() {
        List<String> seen = new ArrayList<>();
        DecoderConfig ndjson = DecoderConfig.builder().framing(Framing.CONCATENATED).build();
        JsonDecoder d = ndjson.newDecoder(t -> {
            seen.add(Decode.brief(t));
            if (t.kind() == TokenKind.END_ROOT) {
                t.pause();
            }
        });
        byte[] in = Decode.utf8("{\"n\":1}\n{\"n\":2}\n");
        int consumed = d.feed(in, 0, in.length);
        assertThat(consumed).isEqualTo(7);
        assertThat(seen).last().isEqualTo("END_ROOT ");
        consumed += d.resume();
        assertThat(d.isPaused()).isTrue();
        assertThat(consumed).isEqualTo(15);
        consumed += d.resume();
        assertThat(consumed).isEqualTo(in.length);
        d.end();
        assertThat(seen).filteredOn(s -> s.equals("END_ROOT ")).hasSize(2);
    }

    @Test
    void resumeWithoutPauseIsAnError() {
        JsonDecoder d = DecoderConfig.defaults().newDecoder(t -> { });
        assertThatThrownBy(d::resume).isInstanceOf(IllegalStateException.class).hasMessage("not paused");
    }

    @Test
    void closeAbandonsAPausedDecoder() {
        JsonDecoder d = DecoderConfig.defaults().newDecoder(TokenCursor::pause);
        d.feed(DOC, 0, DOC.length);
        assertThat(d.isPaused()).isTrue();
        d.close();
        assertThat(d.isPaused()).isFalse();
        assertThatThrownBy(d::resume).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        d.close(); // idempotent
    }

    @Test
    void aHandlerThatClosesItsDecoderGetsNoFurtherToken() {
        // As an adapter does when a handler ends the body with an error: the running feed delivers nothing more
        // and reads no more of the buffer (whose scratch copy has gone back to the pool).
        List<String> seen = new ArrayList<>();
        JsonDecoder[] self = new JsonDecoder[1];
        self[0] = DecoderConfig.defaults().newDecoder(t -> {
            seen.add(Decode.brief(t));
            if (t.kind() == TokenKind.INT) {
                self[0].close();
            }
        });
        ByteBuffer direct = ByteBuffer.allocateDirect(DOC.length).put(DOC).flip();
        self[0].feed(direct);
        assertThat(seen).containsExactly("START_OBJECT ", "FIELD_NAME /a a", "START_ARRAY /a", "INT /a/0 1");
        assertThat(self[0].isPaused()).isFalse();
        assertThatThrownBy(() -> self[0].feed(DOC, 0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
