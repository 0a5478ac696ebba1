package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Coverage-guided fuzz targets for {@link Inflation} (Jazzer). Regression inputs:
 * {@code testdata/fuzz/decoder/InflationFuzzTestInputs/<method>/}; {@code samples/fuzz.sh} fuzzes.
 *
 * <p>Two oracles: arbitrary bytes either inflate to exactly what the JDK's own streams make of them or fail with
 * a {@link DataFormatException} (never another exception, never a loop); and any content the fuzzer chooses,
 * compressed with fuzzer-chosen gzip header fields, members, levels and strategies, comes back unchanged whatever
 * the pieces it arrives in.
 */
class InflationFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void inflateArbitraryBytes(FuzzedDataProvider data) throws IOException {
        boolean gzip = data.consumeBoolean();
        int piece = data.consumeInt(1, 600);
        int outSize = data.consumeInt(1, 300);
        byte[] compressed = data.consumeRemainingAsBytes();
        byte[] ours;
        try {
            ours = InflationTest.inflate(gzip ? "gzip" : "deflate", compressed, piece, outSize);
        } catch (DataFormatException refused) {
            assertThat(refused.getMessage()).isNotBlank();
            return;
        }
        // Accepted here, so the JDK's streams accept it too (they check less: no header CRC, trailing bytes
        // ignored) and make the same bytes of it.
        try (InputStream in = gzip ? new GZIPInputStream(new ByteArrayInputStream(compressed))
                : new InflaterInputStream(new ByteArrayInputStream(compressed))) {
            assertThat(ours).isEqualTo(in.readAllBytes());
        } catch (IOException | AssertionError e) {
            System.out.println("REPRODUCE " + (gzip ? "gzip" : "deflate") + " piece " + piece + " out " + outSize
                    + " input " + java.util.HexFormat.of().formatHex(compressed));
            throw e;
        }
    }

    @FuzzTest(maxDuration = "10m")
    void inflateWhatWasCompressed(FuzzedDataProvider data) throws DataFormatException {
        boolean gzip = data.consumeBoolean();
        int members = gzip ? data.consumeInt(1, 3) : 1;
        int piece = data.consumeInt(1, 600);
        int outSize = data.consumeInt(1, 300);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (int m = 0; m < members; m++) {
            int level = data.consumeInt(0, 9);
            int strategy = data.pickValue(new int[] {Deflater.DEFAULT_STRATEGY, Deflater.FILTERED,
                    Deflater.HUFFMAN_ONLY});
            int flags = data.consumeInt(0, 15) << 1; // FHCRC, FEXTRA, FNAME, FCOMMENT (FTEXT is bit 0)
            String extra = data.consumeString(20);
            byte[] part = m == members - 1 ? data.consumeRemainingAsBytes()
                    : data.consumeBytes(data.consumeInt(0, 200));
            content.writeBytes(part);
            compressed.writeBytes(gzip ? gzipMember(part, level, strategy, flags, extra) : zlib(part, level, strategy));
        }
        byte[] inflated = InflationTest.inflate(gzip ? "gzip" : "deflate", compressed.toByteArray(), piece,
                outSize);
        assertThat(inflated).isEqualTo(content.toByteArray());
    }

    private static byte[] deflate(byte[] content, int level, int strategy, boolean nowrap) {
        Deflater deflater = new Deflater(level, nowrap);
        deflater.setStrategy(strategy);
        deflater.setInput(content);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[512];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static byte[] zlib(byte[] content, int level, int strategy) {
        return deflate(content, level, strategy, false);
    }

    /** One gzip member (RFC 1952) with the optional header fields {@code flags} asks for. */
    private static byte[] gzipMember(byte[] content, int level, int strategy, int flags, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) flags, 0, 0, 0, 0, 0, (byte) 255});
        if ((flags & 4) != 0) { // FEXTRA: two-byte length, then that many bytes
            byte[] extra = text.getBytes(StandardCharsets.UTF_8);
            out.write(extra.length & 0xFF);
            out.write(extra.length >>> 8);
            out.writeBytes(extra);
        }
        String zeroFree = text.replace("\0", "");
        if ((flags & 8) != 0) { // FNAME, zero-terminated
            out.writeBytes(zeroFree.getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        if ((flags & 16) != 0) { // FCOMMENT, zero-terminated
            out.writeBytes(("c" + zeroFree).getBytes(StandardCharsets.ISO_8859_1));
            out.write(0);
        }
        if ((flags & 2) != 0) { // FHCRC: the low 16 bits of the CRC-32 of the header so far
            CRC32 crc = new CRC32();
            crc.update(out.toByteArray());
            out.write((int) crc.getValue() & 0xFF);
            out.write((int) (crc.getValue() >>> 8) & 0xFF);
        }
        out.writeBytes(deflate(content, level, strategy, true));
        CRC32 crc = new CRC32();
        crc.update(content);
        writeLittleEndian(out, crc.getValue());
        writeLittleEndian(out, content.length);
        return out.toByteArray();
    }

    private static void writeLittleEndian(ByteArrayOutputStream out, long value) {
        for (int i = 0; i < 4; i++) {
            out.write((int) (value >>> (8 * i)) & 0xFF);
        }
    }
}
