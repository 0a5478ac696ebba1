package dev.jsonstream.decoder;

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

/**
 * {@link Inflation} on its own: gzip with every header field, several members, zlib, any split; the bomb limits.
 * {@link DecoderSubscriberInflationTest} feeds a decoder through it.
 */
class InflationTest {
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
        return inflate(Inflation.forEncoding(encoding, Long.MAX_VALUE, 0), compressed, piece, outSize);
    }

    /** As above, with the given inflation (and its limits), which is ended on the way out. */
    static byte[] inflate(Inflation inflation, byte[] compressed, int piece, int outSize) throws DataFormatException {
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
        // Found by InflationFuzzTest: the header CRC was skipped unchecked (the JDK checks it), and RFC 1952
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
    }

    /**
     * {@code count} bytes of JSON that gzip about 1000:1: a run of spaces around one value, compressed as it is
     * written, so that neither the body nor its inflated form is ever held.
     */
    static byte[] gzippedWhitespace(long count) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed, 1 << 16)) {
            byte[] spaces = new byte[1 << 16];
            java.util.Arrays.fill(spaces, (byte) ' ');
            gz.write('1');
            for (long left = count - 1; left > 0; left -= spaces.length) {
                gz.write(spaces, 0, (int) Math.min(spaces.length, left));
            }
        }
        return compressed.toByteArray();
    }

    @Test
    void theInflatedSizeLimitStopsABombWithinOneOutputBufferOfIt() throws Exception {
        byte[] bomb = gzippedWhitespace(8 << 20);
        Inflation inflation = Inflation.forEncoding("gzip", 100_000, 0);
        assertThatThrownBy(() -> inflate(inflation, bomb, 100, 4096))
                .isInstanceOfSatisfying(InflationLimitException.class, e -> {
                    assertThat(e.limitName()).isEqualTo("maxInflatedBytes");
                    assertThat(e.limitValue()).isEqualTo(100_000);
                    assertThat(e).hasMessage("the body inflates to more than the limit of 100000 bytes");
                });
        assertThat(inflation.inflatedBytes()).isBetween(100_001L, 100_000L + 4096);
        assertThat(inflation.compressedBytes()).as("stopped early in the body").isLessThan(bomb.length / 4);

        byte[] exact = gzippedWhitespace(100_000);
        assertThat(inflate(Inflation.forEncoding("gzip", 100_000, 0), exact, 1000, 4096)).hasSize(100_000);
    }

    @Test
    void theRatioIsCheckedPastTheGraceAgainstTheCompressedBytesGiven() throws Exception {
        byte[] bomb = gzippedWhitespace(8 << 20); // about 1000:1
        Inflation inflation = Inflation.forEncoding("gzip", Long.MAX_VALUE, 200);
        assertThatThrownBy(() -> inflate(inflation, bomb, 100, 4096))
                .isInstanceOfSatisfying(InflationLimitException.class, e -> {
                    assertThat(e.limitName()).isEqualTo("maxInflationRatio");
                    assertThat(e.limitValue()).isEqualTo(200);
                    assertThat(e).hasMessage("the body inflates to more than 200 times its compressed size");
                });
        assertThat(inflation.inflatedBytes()).as("refused once past the grace, not before")
                .isBetween(Inflation.RATIO_GRACE_BYTES + 1, Inflation.RATIO_GRACE_BYTES + 4096);
        assertThat(inflation.inflatedBytes()).isGreaterThan(200 * inflation.compressedBytes());

        byte[] small = gzippedWhitespace(Inflation.RATIO_GRACE_BYTES);
        assertThat(inflate(Inflation.forEncoding("gzip", Long.MAX_VALUE, 2), small, 100, 4096))
                .as("a body within the grace passes whatever its ratio").hasSize((int) Inflation.RATIO_GRACE_BYTES);
        assertThat(inflate(Inflation.forEncoding("gzip", Long.MAX_VALUE, 0), bomb, 4096, 1 << 16))
                .as("0: no ratio").hasSize(8 << 20);
        byte[] random = new byte[3 << 20];
        new Random(11).nextBytes(random);
        assertThat(inflate(Inflation.forEncoding("deflate", Long.MAX_VALUE, 1), zlib(random), 4096, 4096))
                .as("incompressible data is under any ratio").isEqualTo(random);
    }

    @Test
    void codingsAndLimitsAreCheckedWhenMade() {
        for (String coding : new String[] {"gzip", " GZIP ", "x-gzip", "Deflate"}) {
            Inflation inflation = Inflation.forEncoding(coding, 1, 0);
            assertThat(inflation).as(coding).isNotNull();
            inflation.end();
            inflation.end(); // idempotent
            assertThatThrownBy(() -> inflation.setInput(ByteBuffer.allocate(1))).isInstanceOf(
                    IllegalStateException.class).hasMessage("the inflation has ended");
        }
        for (String none : new String[] {null, "", " ", "identity", "IDENTITY"}) {
            assertThat(Inflation.forEncoding(none, 1, 0)).as(none).isNull();
        }
        assertThatThrownBy(() -> Inflation.forEncoding("br", 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Content-Encoding br is not supported: gzip, deflate or none");
        assertThatThrownBy(() -> Inflation.forEncoding("gzip", 0, 0)).hasMessageContaining("maxInflatedBytes");
        assertThatThrownBy(() -> Inflation.forEncoding("gzip", 1, -1)).hasMessageContaining("maxInflationRatio");
        assertThat(Inflation.ACCEPTED_CODINGS).isEqualTo("gzip, deflate");
    }

    @Test
    void newInputBeforeTheLastIsUsedUpIsRefusedAndTheSameBufferRefilledIsTaken() throws Exception {
        Inflation inflation = Inflation.forEncoding("gzip", Long.MAX_VALUE, 0);
        try {
            inflation.setInput(ByteBuffer.wrap(gzip(TEXT)));
            assertThat(inflation.inflate(ByteBuffer.allocate(100))).isEqualTo(100);
            assertThatThrownBy(() -> inflation.setInput(ByteBuffer.wrap(gzip(TEXT))))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> inflation.inflate(ByteBuffer.allocate(0)))
                    .isInstanceOf(IllegalArgumentException.class);
        } finally {
            inflation.end();
        }

        // As a server reads a body: into one pooled buffer, refilled and given again once used up.
        Inflation reading = Inflation.forEncoding("gzip", Long.MAX_VALUE, 0);
        byte[] gz = gzip(TEXT);
        ByteBuffer pooled = ByteBuffer.allocate(64);
        ByteBuffer out = ByteBuffer.allocate(1000);
        ByteArrayOutputStream inflated = new ByteArrayOutputStream();
        try {
            for (int off = 0; off < gz.length; off += pooled.capacity()) {
                reading.setInput(pooled.clear().put(gz, off, Math.min(pooled.capacity(), gz.length - off)).flip());
                while (reading.inflate(out.clear()) > 0) {
                    inflated.write(out.array(), 0, out.position());
                }
            }
            reading.finish();
        } finally {
            reading.end();
        }
        assertThat(inflated.toByteArray()).isEqualTo(TEXT);
    }

    @Test
    void randomDataRoundTrips() throws Exception {
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        assertThat(inflate("gzip", gzip(data), 4096)).isEqualTo(data);
    }
}
