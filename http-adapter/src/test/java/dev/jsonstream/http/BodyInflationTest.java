package dev.jsonstream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/** The inflater on its own (no server): gzip with every header field, several members, zlib, any split. */
class BodyInflationTest {
    private static final byte[] TEXT = "{\"hello\": \"world\", \"n\": [1, 2, 3]}".repeat(300)
            .getBytes(StandardCharsets.UTF_8);

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static byte[] zlib(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream z = new DeflaterOutputStream(out)) {
            z.write(data);
        }
        return out.toByteArray();
    }

    /** A gzip member with FEXTRA, FNAME, FCOMMENT and FHCRC set, as few encoders write it. */
    static byte[] gzipWithEveryHeaderField(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1F, (byte) 0x8B, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, (byte) 255});
        out.writeBytes(new byte[] {3, 0, 'a', 'b', 'c'}); // FEXTRA of 3 bytes
        out.writeBytes("name.json\0".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes("a comment\0".getBytes(StandardCharsets.US_ASCII));
        CRC32 headerCrc = new CRC32(); // FHCRC: the low 16 bits of the CRC-32 of the header before it
        headerCrc.update(out.toByteArray());
        out.write((int) headerCrc.getValue());
        out.write((int) (headerCrc.getValue() >>> 8));
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(data);
        deflater.finish();
        byte[] buf = new byte[data.length + 1024];
        int n = deflater.deflate(buf);
        deflater.end();
        out.write(buf, 0, n);
        CRC32 crc = new CRC32();
        crc.update(data);
        long c = crc.getValue();
        long size = data.length;
        for (int i = 0; i < 4; i++) {
            out.write((int) (c >>> (8 * i)));
        }
        for (int i = 0; i < 4; i++) {
            out.write((int) (size >>> (8 * i)));
        }
        return out.toByteArray();
    }

    /** Inflates {@code compressed} fed in pieces of at most {@code piece} bytes, into small output buffers. */
    static byte[] inflate(String encoding, byte[] compressed, int piece) throws DataFormatException {
        return inflate(encoding, compressed, piece, 100);
    }

    /** The most a test inflates: 4 KiB of fuzzed input can inflate to about 4 MiB. */
    private static final int MAX_OUTPUT = 8 << 20;

    /**
     * Inflates {@code compressed} fed in direct buffers of at most {@code piece} bytes, into a direct buffer of
     * {@code outSize}, checking on the way that each call reports what it wrote and uses up its input.
     */
    static byte[] inflate(String encoding, byte[] compressed, int piece, int outSize) throws DataFormatException {
        BodyInflation inflation = BodyInflation.forEncoding(encoding);
        ByteArrayOutputStream result = new ByteArrayOutputStream();
        ByteBuffer out = ByteBuffer.allocateDirect(outSize);
        byte[] chunk = new byte[outSize];
        try {
            for (int off = 0; off < compressed.length; off += piece) {
                ByteBuffer in = ByteBuffer.allocateDirect(Math.min(piece, compressed.length - off));
                in.put(compressed, off, in.capacity()).flip();
                inflation.setInput(in);
                int n;
                while ((n = inflation.inflate(out.clear())) > 0) {
                    assertThat(out.position()).as("bytes written").isEqualTo(n);
                    out.flip().get(chunk, 0, n);
                    result.write(chunk, 0, n);
                    assertThat(result.size()).as("output of a bomb stays bounded").isLessThanOrEqualTo(MAX_OUTPUT);
                }
                assertThat(in.hasRemaining()).as("all input used when inflate returns 0").isFalse();
            }
            inflation.finish();
        } finally {
            inflation.end();
        }
        return result.toByteArray();
    }

    @Test
    void aWrongHeaderCrcOrAReservedFlagIsRefused() throws IOException {
        // Found by BodyInflationFuzzTest: the header CRC was skipped unchecked (the JDK checks it), and RFC 1952
        // says a decompressor must refuse reserved flag bits.
        byte[] good = gzipWithEveryHeaderField(TEXT);
        int crcAt = 10 + 5 + "name.json\0".length() + "a comment\0".length();
        byte[] badCrc = good.clone();
        badCrc[crcAt] ^= 1;
        byte[] reserved = gzip(TEXT);
        reserved[3] |= 0x20;
        for (int piece : new int[] {1, 3, 1 << 20}) {
            assertThatThrownBy(() -> inflate("gzip", badCrc, piece)).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("header CRC mismatch");
            assertThatThrownBy(() -> inflate("gzip", reserved, piece)).isInstanceOf(DataFormatException.class)
                    .hasMessageContaining("reserved flag");
        }
    }

    @Test
    void gzipAndZlibInflateWhateverTheSplit() throws Exception {
        byte[] gz = gzip(TEXT);
        byte[] z = zlib(TEXT);
        byte[] fancy = gzipWithEveryHeaderField(TEXT);
        for (int piece : new int[] {1, 2, 3, 7, 64, 1000, 1 << 20}) {
            assertThat(inflate("gzip", gz, piece)).isEqualTo(TEXT);
            assertThat(inflate("deflate", z, piece)).isEqualTo(TEXT);
            assertThat(inflate("x-gzip", fancy, piece)).isEqualTo(TEXT);
        }
    }

    @Test
    void severalGzipMembersFollowOneAnother() throws Exception {
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.writeBytes(gzip(TEXT));
        both.writeBytes(gzip(TEXT));
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(TEXT);
        expected.writeBytes(TEXT);
        assertThat(inflate("gzip", both.toByteArray(), 5)).isEqualTo(expected.toByteArray());
    }

    @Test
    void corruptAndCutBodiesAreRefused() throws Exception {
        byte[] gz = gzip(TEXT);
        byte[] flipped = gz.clone();
        flipped[gz.length / 2] ^= 0x55;
        assertThatThrownBy(() -> inflate("gzip", flipped, 100)).isInstanceOf(DataFormatException.class);
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 6] ^= 1;
        assertThatThrownBy(() -> inflate("gzip", badCrc, 100)).hasMessageContaining("CRC-32");
        byte[] cut = java.util.Arrays.copyOf(gz, gz.length - 3);
        assertThatThrownBy(() -> inflate("gzip", cut, 100)).hasMessageContaining("ends before its end marker");
        assertThatThrownBy(() -> inflate("gzip", "not gzip at all".getBytes(StandardCharsets.US_ASCII), 4))
                .hasMessageContaining("magic number");
        byte[] z = zlib(TEXT);
        byte[] trailing = java.util.Arrays.copyOf(z, z.length + 1);
        assertThatThrownBy(() -> inflate("deflate", trailing, 100)).hasMessageContaining("after the end");
        assertThatThrownBy(() -> BodyInflation.forEncoding("br")).hasMessageContaining("br is not supported");
        assertThat(BodyInflation.forEncoding("identity")).isNull();
        assertThat(BodyInflation.forEncoding(null)).isNull();
    }

    @Test
    void randomDataRoundTrips() throws Exception {
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        assertThat(inflate("gzip", gzip(data), 4096)).isEqualTo(data);
    }
}
