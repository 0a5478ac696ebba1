package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The scanner on its own: it stops at the first byte that breaks UTF-8, wherever the input is split, and in its
 * byte-by-byte modes counts every LF. The reference for "first offending byte" is the JDK's strict decoder: the
 * bytes before the stop are a prefix of well-formed UTF-8, and the stop byte makes them not one.
 */
class InputScannerTest {
    private static final byte[][] PIECES = {
        "a".getBytes(StandardCharsets.UTF_8), "\n".getBytes(StandardCharsets.UTF_8),
        "é".getBytes(StandardCharsets.UTF_8), "東".getBytes(StandardCharsets.UTF_8),
        "😀".getBytes(StandardCharsets.UTF_8), "{\"key\": [1, 2.5, true]}\n".getBytes(StandardCharsets.UTF_8),
        "0123456789abcdefghijklmnopqrstuvwxyz0123456789".getBytes(StandardCharsets.UTF_8),
        {(byte) 0x80}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xE0, (byte) 0x80, (byte) 0xAF},
        {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
        {(byte) 0xE2, (byte) 0x82}, {(byte) 0xFF},
    };

    @Test
    void stopsAtTheFirstOffendingByteWhereverTheInputIsSplit() {
        PropertyCheck.forAll("the scan stops where the JDK's strict decoder first fails", 2000,
                InputScannerTest::input, InputScannerTest::shorter, InputScannerTest::hex, input -> {
                    int whole = scanInPieces(input, new int[0], false).stop;
                    assertThat(whole).isEqualTo(firstOffendingByte(input));
                    int[] cuts = cuts(input, new Random(Arrays.hashCode(input)));
                    assertThat(scanInPieces(input, cuts, false).stop).as("split at %s", Arrays.toString(cuts))
                            .isEqualTo(whole);
                });
    }

    @Test
    void countsEveryLineFeedInRecordSeparatorMode() {
        PropertyCheck.forAll("LFs counted byte by byte", 500, InputScannerTest::input, InputScannerTest::shorter,
                InputScannerTest::hex, input -> {
                    Scan s = scanInPieces(input, cuts(input, new Random(input.length)), true);
                    long lfs = 0;
                    long last = -1;
                    for (int i = 0; i < s.stop; i++) {
                        if (input[i] == '\n') {
                            lfs++;
                            last = i;
                        }
                    }
                    assertThat(s.scanner.lfCount).isEqualTo(lfs);
                    assertThat(s.scanner.lastLf).isEqualTo(last);
                });
    }

    @Test
    void asciiInWholeWordsIsPassedAndLongRunsStopAtTheirFirstBadByte() {
        byte[] input = new byte[1000];
        Arrays.fill(input, (byte) 'x');
        for (int bad : new int[] {0, 7, 8, 31, 32, 33, 63, 64, 500, 999}) {
            byte[] copy = input.clone();
            copy[bad] = (byte) 0xFF;
            assertThat(scanInPieces(copy, new int[0], false).stop).as("0xFF at %d", bad).isEqualTo(bad);
        }
        assertThat(scanInPieces(input, new int[0], false).stop).isEqualTo(input.length);
    }

    @Test
    void runsOfThreeByteCharactersStopAtTheirFirstBadByteWhereverSplit() {
        // CJK-like runs, taken two characters per word by the scanner, with E0 and ED leads (narrower second byte)
        // among them, and one byte replaced at a random place: what the JDK's strict decoder says, however split.
        Random random = new Random(20261130);
        for (int trial = 0; trial < 3000; trial++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int chars = 1 + random.nextInt(40);
            for (int c = 0; c < chars; c++) {
                int lead = random.nextInt(8) == 0 ? (random.nextBoolean() ? 0xE0 : 0xED) : 0xE1 + random.nextInt(15);
                int second = lead == 0xE0 ? 0xA0 + random.nextInt(0x20) : lead == 0xED ? 0x80 + random.nextInt(0x20)
                        : 0x80 + random.nextInt(0x40);
                out.write(lead);
                out.write(second);
                out.write(0x80 + random.nextInt(0x40));
                if (random.nextInt(10) == 0) {
                    out.write('a');
                }
            }
            byte[] input = out.toByteArray();
            if (trial % 4 != 0) {
                int at = random.nextInt(input.length);
                input[at] = (byte) (random.nextInt(3) == 0 ? random.nextInt(256) : 0x80 + random.nextInt(0x80));
            }
            int whole = scanInPieces(input, new int[0], false).stop;
            assertThat(whole).as(hex(input)).isEqualTo(firstOffendingByte(input));
            int[] cuts = cuts(input, random);
            assertThat(scanInPieces(input, cuts, false).stop).as("%s split at %s", hex(input), Arrays.toString(cuts))
                    .isEqualTo(whole);
        }
    }

    private static final class Scan {
        final InputScanner scanner;
        final int stop;

        Scan(InputScanner scanner, int stop) {
            this.scanner = scanner;
            this.stop = stop;
        }
    }

    /** Scans the input cut at {@code cuts}; returns the first stop (the input's length if none). */
    private static Scan scanInPieces(byte[] input, int[] cuts, boolean recordSeparators) {
        InputScanner scanner = new InputScanner(false, recordSeparators);
        int from = 0;
        for (int i = 0; i <= cuts.length; i++) {
            int to = i < cuts.length ? cuts[i] : input.length;
            // Each piece at a different index of its own array, as buffers arrive.
            int shift = 5 + i;
            byte[] piece = new byte[to - from + shift];
            System.arraycopy(input, from, piece, shift, to - from);
            int stop = scanner.scan(piece, shift, piece.length, from - shift);
            if (stop < piece.length) {
                return new Scan(scanner, from + stop - shift);
            }
            from = to;
        }
        return new Scan(scanner, input.length);
    }

    /**
     * The stop the scanner owes: the first byte after which the input can no longer be completed to well-formed
     * UTF-8. The JDK finds where the first ill-formed sequence begins; the offending byte lies in the next four.
     */
    private static int firstOffendingByte(byte[] input) {
        ByteBuffer in = ByteBuffer.wrap(input);
        CoderResult r = strictDecoder().decode(in, CharBuffer.allocate(2 * input.length + 2), true);
        if (!r.isError()) {
            return input.length;
        }
        for (int n = in.position() + 1; n <= input.length; n++) {
            if (!completable(Arrays.copyOf(input, n))) {
                return n - 1;
            }
        }
        return input.length; // only cut short at the end: not the scanner's to judge
    }

    /** Whether some continuation bytes (none to three) make {@code prefix} well-formed. */
    private static boolean completable(byte[] prefix) {
        byte[] continuations = {(byte) 0x80, (byte) 0x8F, (byte) 0x90, (byte) 0x9F, (byte) 0xA0, (byte) 0xBF};
        if (wellFormed(prefix)) {
            return true;
        }
        for (int k = 1; k <= 3; k++) {
            int combos = (int) Math.pow(continuations.length, k);
            for (int c = 0; c < combos; c++) {
                byte[] whole = Arrays.copyOf(prefix, prefix.length + k);
                for (int j = 0, x = c; j < k; j++, x /= continuations.length) {
                    whole[prefix.length + j] = continuations[x % continuations.length];
                }
                if (wellFormed(whole)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean wellFormed(byte[] bytes) {
        return !strictDecoder().decode(ByteBuffer.wrap(bytes), CharBuffer.allocate(2 * bytes.length + 2), true)
                .isError();
    }

    private static CharsetDecoder strictDecoder() {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }

    private static byte[] input(Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pieces = random.nextInt(40);
        for (int i = 0; i < pieces; i++) {
            // Mostly well-formed: a bad piece ends the interesting part of the case.
            byte[] p = PIECES[random.nextInt(10) < 8 ? random.nextInt(7) : random.nextInt(PIECES.length)];
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    private static int[] cuts(byte[] input, Random random) {
        int n = input.length == 0 ? 0 : random.nextInt(Math.min(6, input.length) + 1);
        int[] cuts = new int[n];
        for (int i = 0; i < n; i++) {
            cuts[i] = random.nextInt(input.length + 1);
        }
        Arrays.sort(cuts);
        return cuts;
    }

    private static List<byte[]> shorter(byte[] input) {
        List<byte[]> out = new ArrayList<>();
        if (input.length > 0) {
            out.add(Arrays.copyOf(input, input.length / 2));
            out.add(Arrays.copyOfRange(input, 1, input.length));
            out.add(Arrays.copyOf(input, input.length - 1));
        }
        return out;
    }

    private static String hex(byte[] input) {
        StringBuilder sb = new StringBuilder();
        for (byte b : input) {
            sb.append(String.format("%02X ", b & 0xFF));
        }
        return sb.toString().trim();
    }
}
