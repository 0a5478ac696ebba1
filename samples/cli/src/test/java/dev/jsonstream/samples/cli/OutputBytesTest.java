package dev.jsonstream.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes the CLI writes, pinned: the output was once built as Strings (escaped by Jackson's
 * {@code JsonStringEncoder.quoteAsString}, encoded by {@code String.getBytes(UTF_8)}) and is now written as UTF-8
 * straight into a buffer; these say the two agree, char by char and on whole outputs.
 */
class OutputBytesTest {

    /** JsonBytes into a plain growing array, taken out after each check. */
    private static final class Bytes extends GrowingBytes {
        Bytes() {
            super(16);
        }

        byte[] take() {
            byte[] b = Arrays.copyOf(buf, pos);
            pos = 0;
            return b;
        }
    }

    /** What the CLI wrote for a JSON string before: Jackson's escaping, then the JDK's UTF-8 encoder. */
    private static byte[] asBefore(String s) {
        StringBuilder sb = new StringBuilder("\"");
        JsonStringEncoder.getInstance().quoteAsString(s, sb);
        return sb.append('"').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void assertLikeBefore(Bytes out, String s) {
        out.putJsonString(s);
        assertThat(out.take()).as("%s", s.chars().mapToObj(Integer::toHexString).toList()).isEqualTo(asBefore(s));
        out.putText(new StringBuilder(s));
        assertThat(out.take()).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyCharIsEscapedAndEncodedAsBefore() {
        Bytes out = new Bytes();
        for (int c = 0; c <= 0xFFFF; c++) { // controls, quote, backslash, DEL, U+2028, lone surrogates (as '?'), ...
            char ch = (char) c;
            assertLikeBefore(out, String.valueOf(ch));
            assertLikeBefore(out, "a" + ch + "b");
            assertLikeBefore(out, ch + "\uD83D");
            assertLikeBefore(out, "\uDE00" + ch + "\uDE00");
        }
        for (char high = '\uD800'; high <= '\uDBFF'; high++) {
            assertLikeBefore(out, "x" + high + '\uDC00' + high + '\uDFFF' + high);
            assertLikeBefore(out, "" + high + high + '\uDE00');
        }
    }

    @Test
    void longStringsAsBeforeWhereverAPairMeetsTheEncodersChunks() {
        Bytes out = new Bytes();
        String[] tails = {"\uD83D\uDE00", "\uD83D", "\uDE00", "\uD83D\uD83D\uDE00", "\uD83D\uD83D\uD83D\uDE00x",
            "\u0000\"", "\u00e9\u65e5"};
        for (int prefix = 2040; prefix <= 2056; prefix++) {
            for (String tail : tails) {
                String base = "a".repeat(prefix) + tail;
                assertLikeBefore(out, base);
                assertLikeBefore(out, base + "z".repeat(3000) + tail);
                assertLikeBefore(out, (base + "\u00e9").repeat(3));
            }
        }
    }

    @Test
    void namesWrittenAgainAreTheBytesOfTheirFirstWriting() {
        // Names that share slots (1,000 of them for 1,024 slots), of 64 and 65 chars (kept and not), with escapes and
        // pairs; each written many times in a seeded order, the same String again and an equal one (not the same).
        java.util.Random random = new java.util.Random(12);
        String[] names = new String[1000];
        for (int i = 0; i < names.length; i++) {
            String base = i % 7 == 0 ? "a\u00e9\n\"\\\uD83D\uDE00\uD83D" + i : "user-" + i;
            names[i] = i % 50 == 0 ? base + "x".repeat(64 - base.length() + i % 2) : base;
        }
        Bytes out = new Bytes();
        for (int n = 0; n < 50_000; n++) {
            String name = names[random.nextInt(names.length)];
            out.putName(random.nextInt(10) == 0 ? new String(name) : name);
            assertThat(out.take()).as(name).isEqualTo(asBefore(name));
        }
    }

    @Test
    void aNameIsKeptWholeWhenTheLineSinkWritesOutAroundIt() {
        // The sink's array is written out and its line moved to the front when it fills: a name first met there must
        // not be kept from where it began before the move.
        ByteArrayOutputStream sunk = new ByteArrayOutputStream();
        LineSink sink = new LineSink(sunk, false);
        StringBuilder expected = new StringBuilder();
        java.util.Random random = new java.util.Random(5);
        for (int line = 0; line < 20_000; line++) {
            String name = "n\u00e9" + random.nextInt(3000);
            sink.put((byte) '[');
            sink.putName(name);
            sink.put((byte) ']');
            sink.endLine();
            expected.append('[').append(new String(asBefore(name), StandardCharsets.UTF_8)).append("]\n");
        }
        sink.flush();
        assertThat(sunk.toString(StandardCharsets.UTF_8)).isEqualTo(expected.toString());
    }

    @Test
    void indexesAsIntegerToString() {
        Bytes out = new Bytes();
        for (int i = 0; i < 200_000; i++) {
            out.putIndex(i);
            assertThat(out.take()).isEqualTo(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
        }
        for (int i : new int[] {999_999_999, 1_000_000_000, Integer.MAX_VALUE}) {
            out.putIndex(i);
            assertThat(out.take()).isEqualTo(Integer.toString(i).getBytes(StandardCharsets.US_ASCII));
        }
    }

    static byte[] cli(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = JsonStreamCli.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out,
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(status).isZero();
        return out.toByteArray();
    }

    private static void assertOutput(String stdin, String expected, String... args) {
        assertThat(new String(cli(stdin, args), StandardCharsets.UTF_8)).isEqualTo(expected);
        assertThat(cli(stdin, args)).isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }

    /** Escapes as JSON text (a member name with escapes, U+2028 raw and escaped, pairs, lone surrogates), numbers. */
    private static final String TRICKY = "{\"a\\u00e9\\n\\\"\\\\/\":[\"\\u0000\\u001f\\u007f\\u0080 \u00e9\\u2028\\u2029"
            + " \u2028\",\"\\ud83d\\ude00 \uD83D\uDE00\",\"\\ud800\",\"\\udc00x\",\"\\ud800\\ud800\\udc00\",\"a\\ud800\"],"
            + "\"n\":[0,-0.0,1E+2,0.10,18446744073709551616,1e400],\"e\":[{},[],{\"\":[]}],\"t\":[true,false,null]}"
            + " \"s\" 7 []";
    /** Its strings as the CLI writes them. */
    private static final String S0 = "\"\\u0000\\u001F\u007f\u0080 \u00e9\u2028\u2029 \u2028\"";
    private static final String S1 = "\"\uD83D\uDE00 \uD83D\uDE00\"";
    private static final String S4 = "\"?\uD800\uDC00\"";
    private static final String NAME = "\"a\u00e9\\n\\\"\\\\/\"";
    private static final String POINTER = "/a\u00e9\n\"\\~1";

    @Test
    void jqStreamPinned() {
        String p = "[[" + NAME + ",";
        assertOutput(TRICKY, p + "0]," + S0 + "]\n"
                + p + "1]," + S1 + "]\n"
                + p + "2],\"?\"]\n"
                + p + "3],\"?x\"]\n"
                + p + "4]," + S4 + "]\n"
                + p + "5],\"a?\"]\n"
                + p + "5]]\n"
                + "[[\"n\",0],0]\n[[\"n\",1],-0.0]\n[[\"n\",2],1E+2]\n[[\"n\",3],0.10]\n"
                + "[[\"n\",4],18446744073709551616]\n[[\"n\",5],1e400]\n[[\"n\",5]]\n"
                + "[[\"e\",0],{}]\n[[\"e\",1],[]]\n[[\"e\",2,\"\"],[]]\n[[\"e\",2,\"\"]]\n[[\"e\",2]]\n"
                + "[[\"t\",0],true]\n[[\"t\",1],false]\n[[\"t\",2],null]\n[[\"t\",2]]\n[[\"t\"]]\n"
                + "[[],\"s\"]\n[[],7]\n[[],[]]\n", "--format", "jq-stream");
    }

    @Test
    void pointerEventsAndSelectPinned() {
        String p = POINTER + "/";
        assertOutput(TRICKY, p + "0\t" + S0 + "\n" + p + "1\t" + S1 + "\n" + p + "2\t\"?\"\n" + p + "3\t\"?x\"\n"
                + p + "4\t" + S4 + "\n" + p + "5\t\"a?\"\n"
                + "/n/0\t0\n/n/1\t-0.0\n/n/2\t1E+2\n/n/3\t0.10\n/n/4\t18446744073709551616\n/n/5\t1e400\n"
                + "/e/0\t{}\n/e/1\t[]\n/e/2/\t[]\n/t/0\ttrue\n/t/1\tfalse\n/t/2\tnull\n\t\"s\"\n\t7\n\t[]\n",
                "--format", "pointer");
        assertOutput(TRICKY, "START_OBJECT \nFIELD " + POINTER + "\nSTART_ARRAY " + POINTER + "\nSTRING " + p + "0 " + S0
                + "\nSTRING " + p + "1 " + S1 + "\nSTRING " + p + "2 \"?\"\nSTRING " + p + "3 \"?x\"\nSTRING " + p + "4 "
                + S4 + "\nSTRING " + p + "5 \"a?\"\nEND_ARRAY " + POINTER + "\nFIELD /n\nSTART_ARRAY /n\nNUMBER /n/0 0\n"
                + "NUMBER /n/1 -0.0\nNUMBER /n/2 1E+2\nNUMBER /n/3 0.10\nNUMBER /n/4 18446744073709551616\n"
                + "NUMBER /n/5 1e400\nEND_ARRAY /n\nFIELD /e\nSTART_ARRAY /e\nSTART_OBJECT /e/0\nEND_OBJECT /e/0\n"
                + "START_ARRAY /e/1\nEND_ARRAY /e/1\nSTART_OBJECT /e/2\nFIELD /e/2/\nSTART_ARRAY /e/2/\nEND_ARRAY /e/2/\n"
                + "END_OBJECT /e/2\nEND_ARRAY /e\nFIELD /t\nSTART_ARRAY /t\nTRUE /t/0\nFALSE /t/1\nNULL /t/2\n"
                + "END_ARRAY /t\nEND_OBJECT \nSTRING  \"s\"\nNUMBER  7\nSTART_ARRAY \nEND_ARRAY \n");
        assertOutput(TRICKY, "[" + S0 + "," + S1 + ",\"?\",\"?x\"," + S4 + ",\"a?\"]\n"
                + "[0,-0.0,1E+2,0.10,18446744073709551616,1e400]\n[{},[],{\"\":[]}]\n[true,false,null]\n",
                "--select", "/*");
        assertOutput(TRICKY, "{" + NAME + ":[" + S0 + "," + S1 + ",\"?\",\"?x\"," + S4 + ",\"a?\"],"
                + "\"n\":[0,-0.0,1E+2,0.10,18446744073709551616,1e400],\"e\":[{},[],{\"\":[]}],"
                + "\"t\":[true,false,null]}\n\"s\"\n7\n[]\n", "--select", "/**");
        assertOutput(TRICKY, "[0,-0.0,1E+2,0.10,18446744073709551616,1e400]\n{}\n[]\n{\"\":[]}\n",
                "--select", "/n", "--select", "/e/*", "--raw");
    }

    @Test
    void bigIndexesAndDeepPaths() {
        int n = 123_456;
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < n; i++) {
            expected.append("[[").append(i).append("],").append(i % 10).append("]\n");
        }
        expected.append("[[").append(n - 1).append("]]\n");
        StringBuilder input = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            input.append(i == 0 ? "" : ",").append(i % 10);
        }
        assertOutput(input.append(']').toString(), expected.toString(), "--format", "jq-stream");

        // 300 levels, names long enough that the path outgrows its first array and each line the 64 KiB block
        StringBuilder deep = new StringBuilder();
        StringBuilder path = new StringBuilder("[");
        int levels = 300;
        for (int d = 0; d < levels; d++) {
            String name = "k" + d + "\u00e9".repeat(d % 7) + "x".repeat(200);
            deep.append("[1,{\"").append(name).append("\":");
            path.append(d == 0 ? "" : ",").append("1,\"").append(name).append('"');
        }
        deep.append("\"\\u2028\"").append("}]".repeat(levels));
        String[] lines = new String(cli(deep.toString(), "--format", "jq-stream"), StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(2 * levels + 1 + levels);
        assertThat(lines[levels]).isEqualTo("[" + path + "],\"\u2028\"]");
        assertThat(lines[levels + 1]).isEqualTo("[" + path + "]]");
        assertThat(lines[0]).isEqualTo("[[0],1]");
    }

    @Test
    void longLinesStayWhole() {
        String big = "\u00e9\uD83D\uDE00\"".repeat(50_000); // 350,000 bytes escaped, past the 64 KiB block
        String json = "[\"" + big.replace("\"", "\\\"") + "\",1]";
        String quoted = "\"" + big.replace("\"", "\\\"") + "\"";
        assertOutput(json, "[[0]," + quoted + "]\n[[1],1]\n[[1]]\n", "--format", "jq-stream");
        assertOutput(json, "[" + quoted + ",1]\n", "--select", "/**");
        assertOutput(json, json + "\n", "--select", "/**", "--raw");
    }

    @Test
    void aValueCutShortByAnErrorIsNotOutputNorCarriedIntoTheNextFile(@TempDir Path dir) throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"items\":[{\"a\":1},{\"b\":[1,2");
        Path good = Files.writeString(dir.resolve("good.json"), "{\"items\":[{\"c\":3}]}");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = JsonStreamCli.run(new String[] {"--select", "/items/*", bad.toString(), good.toString()},
                new ByteArrayInputStream(new byte[0]), out, new PrintStream(new ByteArrayOutputStream(), true,
                        StandardCharsets.UTF_8));
        assertThat(status).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n{\"c\":3}\n");
    }
}
