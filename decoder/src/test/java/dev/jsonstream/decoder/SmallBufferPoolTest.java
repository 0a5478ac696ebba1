package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.util.BufferRecycler;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmallBufferPoolTest {
    private static final int TEXT = BufferRecycler.CHAR_TEXT_BUFFER;

    @Test
    void aRecyclerGivenBackIsHandedOutAgain() {
        SmallBufferPool pool = new SmallBufferPool(16 * 1024);
        BufferRecycler r = pool.acquireAndLinkPooled();
        assertThat(pool.pooledCount()).isZero();
        r.releaseToPool();
        assertThat(pool.pooledCount()).isEqualTo(1);
        assertThat(pool.acquireAndLinkPooled()).isSameAs(r);
    }

    @Test
    void atMostItsCapacityIsKept() {
        SmallBufferPool pool = new SmallBufferPool(16 * 1024);
        List<BufferRecycler> out = new ArrayList<>();
        for (int i = 0; i < SmallBufferPool.CAPACITY + 10; i++) {
            out.add(pool.acquireAndLinkPooled());
        }
        out.forEach(BufferRecycler::releaseToPool);
        assertThat(pool.pooledCount()).isEqualTo(SmallBufferPool.CAPACITY);
    }

    @Test
    void textSegmentsAreKeptOnlyAtTheirDefaultSize() {
        BufferRecycler r = new SmallBufferPool(16 * 1024).acquirePooled();
        char[] small = r.allocCharBuffer(TEXT, 0);
        r.releaseCharBuffer(TEXT, small);
        assertThat(r.allocCharBuffer(TEXT, 0)).isSameAs(small);

        char[] grown = new char[64 * 1024];
        r.releaseCharBuffer(TEXT, grown);
        char[] next = r.allocCharBuffer(TEXT, 0);
        assertThat(next).isNotSameAs(grown);
        assertThat(next.length).isEqualTo(small.length);
    }

    @Test
    void theScratchArrayStartsSmallAndIsKeptUpToTheConfiguredSize() {
        int scratch = 16 * 1024;
        BufferRecycler r = new SmallBufferPool(scratch).acquirePooled();
        byte[] first = r.allocByteBuffer(SmallBufferPool.SCRATCH, 100);
        assertThat(first.length).isEqualTo(SmallBufferPool.SMALL_SCRATCH);

        byte[] full = r.allocByteBuffer(SmallBufferPool.SCRATCH, scratch);
        r.releaseByteBuffer(SmallBufferPool.SCRATCH, full);
        assertThat(r.allocByteBuffer(SmallBufferPool.SCRATCH, 100)).as("a kept array serves a small input too")
                .isSameAs(full);

        r.releaseByteBuffer(SmallBufferPool.SCRATCH, new byte[scratch + 1]);
        assertThat(r.allocByteBuffer(SmallBufferPool.SCRATCH, 100).length).isEqualTo(SmallBufferPool.SMALL_SCRATCH);
    }

    @Test
    void decodersOfOneConfigRunningAtOnceEachHaveTheirOwnScratch() {
        // Direct input is copied to scratch borrowed from the pool, and a paused decoder goes on reading it. Three
        // bodies of one config, each handler pausing at every token, are fed 16 bytes at a time and resumed in
        // turn; the first is closed half-way (its recycler then serves the third). Each decodes as it does alone.
        DecoderConfig config = DecoderConfig.defaults();
        String[] bodies = {"{\"alpha\":[1,2,{\"beta\":\"gamma delta\"}],\"d\":\"\u00e9\u00e8\"}",
                "[\"xyz uvw rst\",[true,false,null],-1.5e3,{\"q\":12345678}]",
                "{\"k\":{\"l\":{\"m\":\"\u4e2d\u6587\u4e2d\u6587\"}},\"n\":[0.25,\"end\"]}"};
        List<List<String>> seen = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        JsonDecoder[] decoders = new JsonDecoder[3];
        ByteBuffer[] inputs = new ByteBuffer[3];
        for (int i = 0; i < 3; i++) {
            byte[] json = bodies[i].getBytes(StandardCharsets.UTF_8);
            inputs[i] = ByteBuffer.allocateDirect(json.length).put(json).flip();
        }
        decoders[0] = pausingDecoder(config, seen.get(0));
        decoders[1] = pausingDecoder(config, seen.get(1));
        boolean firstClosed = false;
        boolean more = true;
        while (more) {
            more = false;
            for (int i = 0; i < 3; i++) {
                JsonDecoder d = decoders[i];
                if (d == null) {
                    continue;
                }
                if (d.isPaused()) {
                    inputs[i].position(inputs[i].position() + d.resume());
                    more = true;
                } else if (inputs[i].hasRemaining()) {
                    ByteBuffer piece = inputs[i].slice(inputs[i].position(), Math.min(16, inputs[i].remaining()));
                    inputs[i].position(inputs[i].position() + d.feed(piece));
                    more = true;
                }
            }
            if (!firstClosed && inputs[0].position() > bodies[0].length() / 2) {
                decoders[0].close();
                decoders[0] = null;
                decoders[2] = pausingDecoder(config, seen.get(2));
                firstClosed = true;
            }
        }
        decoders[1].end();
        decoders[2].end();
        assertThat(firstClosed).isTrue();
        assertThat(seen.get(1)).isEqualTo(Decode.events(config, bodies[1]));
        assertThat(seen.get(2)).isEqualTo(Decode.events(config, bodies[2]));
        assertThat(seen.get(0)).isNotEmpty();
        assertThat(Decode.events(config, bodies[0])).startsWith(seen.get(0).toArray(String[]::new));
    }

    private static JsonDecoder pausingDecoder(DecoderConfig config, List<String> out) {
        return config.newDecoder(t -> {
            out.add(Decode.brief(t));
            t.pause();
        });
    }
}
