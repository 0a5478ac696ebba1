package dev.jsonstream.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The CLI: its formats against held expected outputs and jq, its exit codes, and its memory on 1 GiB. */
class JsonStreamCliTest {

    record Result(int status, String out, String err) {
    }

    static Path root() {
        Path p = Paths.get("").toAbsolutePath();
        while (!(Files.isDirectory(p.resolve("testdata")) && Files.isDirectory(p.resolve("decoder")))) {
            p = p.getParent();
        }
        return p;
    }

    static Result cli(byte[] stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JsonStreamCli.run(args, new ByteArrayInputStream(stdin), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Result cli(String... args) {
        return cli(new byte[0], args);
    }

    private static String expected(String name) throws IOException {
        return Files.readString(root().resolve("testdata/cli").resolve(name));
    }

    private static String testdata(String name) {
        return root().resolve("testdata").resolve(name).toString();
    }

    @Test
    void formatsMatchTheHeldOutputs() throws IOException {
        assertThat(cli(testdata("orders.json")).out()).isEqualTo(expected("orders.events"));
        assertThat(cli("--format", "jq-stream", testdata("orders.json")).out()).isEqualTo(expected(
                "orders.jq-stream"));
        assertThat(cli("--format", "pointer", testdata("orders.json")).out()).isEqualTo(expected("orders.pointer"));
        assertThat(cli("--select", "/orders/*", testdata("orders.json")).out()).isEqualTo(expected("orders.select"));
        assertThat(cli("--select", "/orders/*/lines/*/sku", "--raw", testdata("orders.json")).out())
                .isEqualTo(expected("orders.select-raw"));
        assertThat(cli("--format", "jq-stream", testdata("records.ndjson")).out()).isEqualTo(expected(
                "records.jq-stream"));
        assertThat(cli("--format", "jq-stream", testdata("edge-cases.json")).out()).isEqualTo(expected(
                "edge-cases.jq-stream"));
        assertThat(cli("--format", "pointer", "--seq", testdata("records.json-seq")).out()).isEqualTo(expected(
                "records-seq.pointer"));
    }

    @Test
    void standardInputAndSeveralRootValues() {
        Result r = cli("1 [2] {\"a\":3}".getBytes(StandardCharsets.UTF_8), "--format", "pointer");
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("\t1\n/0\t2\n/a\t3\n");
        assertThat(cli("[] []".getBytes(StandardCharsets.UTF_8), "--single").status()).isEqualTo(1);
        assertThat(cli("{\"a\":1}".getBytes(StandardCharsets.UTF_8), "--validate").out()).isEmpty();
    }

    @Test
    void errorsAndExitCodes() {
        Result bad = cli("{\n \"a\": [1,,2]}".getBytes(StandardCharsets.UTF_8), "--validate");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("jsonstream: -: expected a value, found ',' at line 2, column 10 (byte 11),"
                + " at /a/1\n");
        Result deep = cli("[[[[1]]]]".getBytes(StandardCharsets.UTF_8), "--max-depth", "3");
        assertThat(deep.status()).isEqualTo(1);
        assertThat(deep.err()).isEqualTo("jsonstream: -: nesting deeper than 3 levels (raise it with --max-depth) at"
                + " line 1, column 4 (byte 3), at /0/0/0\n");
        assertThat(cli("no-such-file.json").status()).isEqualTo(3);
        assertThat(cli("no-such-file.json").err()).isEqualTo("jsonstream: no-such-file.json: no such file\n");
        assertThat(cli("--select", "/a*").status()).isEqualTo(2);
        assertThat(cli("--help").status()).isZero();
        assertThat(cli("--help").out()).contains("--select").contains("--format");
        assertThat(cli("--version").out()).contains("jsonstream");
    }

    @Test
    void usageErrorsAreOneLineAndAHintNotTheHelp() {
        String[][] cases = {
            {"unknown option '--bogus'", "--bogus"},
            {"unknown option '-x'", "-x", "--also-bogus"},
            {"--select needs a value (PATTERN)", "--select"},
            {"--max-depth needs a value (N)", "--select=/a", "--max-depth", "--raw"},
            {"--format takes events, jq-stream or pointer, not 'yaml'", "--format", "yaml"},
            {"--max-depth takes a whole number, not 'ten'", "--max-depth", "ten"},
            {"--max-bytes takes a whole number up to 9223372036854775807, not '99999999999999999999'",
                "--max-bytes", "99999999999999999999"},
            {"--format is given more than once", "--format", "events", "--format", "pointer"},
            {"--raw takes true or false, not 'yes'", "--select", "/a", "--raw=yes"},
            {"--single and --seq exclude each other", "--single", "--seq"},
            {"--raw goes with --select", "--raw"},
            {"--max-depth must be at least 1, was 0", "--max-depth", "0"},
        };
        for (String[] c : cases) {
            Result r = cli(Arrays.copyOfRange(c, 1, c.length));
            assertThat(r.status()).as(c[0]).isEqualTo(2);
            assertThat(r.err()).isEqualTo("jsonstream: " + c[0] + "\nTry 'jsonstream --help' for more information.\n");
            assertThat(r.out()).as(c[0]).isEmpty();
        }
        assertThat(cli("--select", "/a*").err()).startsWith("jsonstream: invalid path pattern \"/a*\" at index 2:")
                .endsWith("\nTry 'jsonstream --help' for more information.\n");
    }

    @Test
    void validatePrintsNothingAlsoWithSelect() {
        byte[] doc = "{\"a\": [1, {\"b\": 2}]}".getBytes(StandardCharsets.UTF_8);
        for (String[] args : new String[][] {{"--validate", "--select", "/a/*"}, {"--select", "/a/*", "--raw",
            "--validate"}, {"--validate", "--select", "/a/*", "--format", "pointer"}}) {
            Result r = cli(doc, args);
            assertThat(r.status()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).as(String.join(" ", args)).isEmpty();
            assertThat(r.err()).isEmpty();
        }
        assertThat(cli(doc, "--select", "/a/*").out()).isEqualTo("1\n{\"b\":2}\n");
        Result bad = cli("{\"a\": [1,]}".getBytes(StandardCharsets.UTF_8), "--validate", "--select", "/a/*");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).startsWith("jsonstream: -: expected a value, found ']'");
        assertThat(cli(doc, "--validate", "--select", "/a*").status()).as("the pattern is still checked").isEqualTo(2);
    }

    @Test
    void rawSaysInItsHelpThatLinesMayBreak() {
        assertThat(cli("--help").out().replaceAll("\\s+", " ")).contains("--raw With --select: print each value's"
                + " exact input bytes rather than compact JSON; lines may then break");
        assertThat(cli("{\"a\": [1,\n 2]}".getBytes(StandardCharsets.UTF_8), "--select", "/a", "--raw").out())
                .isEqualTo("[1,\n 2]\n");
    }

    @Test
    void errorsNameTheOptionsNotTheApi() {
        String deep = "[".repeat(65) + "]".repeat(65);
        assertThat(cli(deep.getBytes(StandardCharsets.UTF_8), "--max-depth", "64").err()).isEqualTo("jsonstream: -:"
                + " nesting deeper than 64 levels (raise it with --max-depth) at line 1, column 65 (byte 64), at "
                + "/0".repeat(64) + "\n");
        String[][] cases = {
            {"[\"abcd\"]", "--max-string", "3", "a string longer than 3 characters (raise it with --max-string) at"
                + " line 1, column 2 (byte 1), at /0"},
            {"[1234]", "--max-number", "3", "a number with more than 3 digits (raise it with --max-number) at line 1,"
                + " column 2 (byte 1), at /0"},
            {"{\"ab\":1}", "--max-name", "1", "a member name longer than 1 character (raise it with --max-name) at"
                + " line 1, column 2 (byte 1), at (root)"},
            {"[1,2,3]", "--max-bytes", "5", "an input longer than 5 bytes (raise it with --max-bytes) at line 1,"
                + " column 6 (byte 5), at /2"},
            {"[1][2]", "--single", null, "more than one JSON value: expected the end of the input after the root"
                + " value, found '[' (leave out --single to read several) at line 1, column 4 (byte 3), at (root)"},
            {"{}\n", "--seq", null, "expected the record separator RS (0x1E) before the first record, found '{'"
                + " (--seq reads RFC 7464 records: RS, a JSON text, LF) at line 1, column 1 (byte 0), at (root)"},
            {"\u001e1 2\n", "--seq", null, "more than one JSON value in the record that began at byte 0: expected"
                + " only whitespace after its value, found '2' (--seq reads RFC 7464 records: RS, a JSON text, LF) at"
                + " line 1, column 4 (byte 3), at (root)"},
            // Without --single several values are read; what is wrong then says nothing of options.
            {"1 ]", "--validate", null, "expected a value, found ']' at line 1, column 3 (byte 2), at (root)"},
        };
        for (String[] c : cases) {
            String[] args = c[2] == null ? new String[] {c[1]} : new String[] {c[1], c[2]};
            Result r = cli(c[0].getBytes(StandardCharsets.UTF_8), args);
            assertThat(r.status()).as(c[0]).isEqualTo(1);
            assertThat(r.err()).as(c[0]).isEqualTo("jsonstream: -: " + c[3] + "\n");
        }
        String hint = "\nTry 'jsonstream --help' for more information.\n";
        for (String option : new String[] {"--max-depth", "--max-string", "--max-number", "--max-name",
            "--max-bytes"}) {
            Result zero = cli(option, "0");
            assertThat(zero.status()).isEqualTo(2);
            assertThat(zero.err()).isEqualTo("jsonstream: " + option + " must be at least 1, was 0" + hint);
            for (dev.jsonstream.decoder.Limit l : dev.jsonstream.decoder.Limit.values()) {
                assertThat(zero.err()).doesNotContain(l.configName());
            }
        }
        assertThat(cli("--max-string", "3000000000").err()).isEqualTo("jsonstream: --max-string must be at most"
                + " 2147483646, was 3000000000" + hint);
        assertThat(cli("--max-depth", "3000000000").err()).isEqualTo("jsonstream: --max-depth must be at most"
                + " 2147483646, was 3000000000" + hint);
    }

    @Test
    void jsonTestSuiteExitCodesWithSingle() throws IOException {
        Path dir = root().resolveSibling("shared").resolve("corpora/JSONTestSuite/test_parsing");
        assumeTrue(Files.isDirectory(dir), "skipped: ../shared/corpora is absent");
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().collect(Collectors.toList())) {
                String name = f.getFileName().toString();
                if (name.startsWith("i_")) {
                    continue;
                }
                int want = name.startsWith("y_") ? 0 : 1;
                int got = cli("--single", "--validate", f.toString()).status();
                if (got != want) {
                    wrong.add(name + " exit " + got);
                }
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void jqStreamAndSelectEqualJqLineForLine() throws Exception {
        assumeTrue(hasJq(), "skipped: jq is not installed");
        List<Path> inputs = new ArrayList<>(List.of(root().resolve("testdata/orders.json"),
                root().resolve("testdata/records.ndjson"), root().resolve("testdata/edge-cases.json")));
        Path bench = root().resolveSibling("shared").resolve("corpora/bench/simdjson");
        if (Files.isDirectory(bench)) {
            for (String f : new String[] {"twitter.json", "github_events.json", "update-center.json",
                "small/demo.json", "numbers.json"}) {
                inputs.add(bench.resolve(f));
            }
        }
        for (Path input : inputs) {
            assertSameJsonLines(cli("--format", "jq-stream", input.toString()).out(), jq("-c", "--stream", ".",
                    input.toString()), input + " --stream");
        }
        assertSameJsonLines(cli("--select", "/orders/*", testdata("orders.json")).out(),
                jq("-c", ".orders[]", testdata("orders.json")), "select");
    }

    private static boolean hasJq() {
        try {
            return new ProcessBuilder("jq", "--version").start().waitFor(10, TimeUnit.SECONDS);
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String jq(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("jq"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    /** Each line parsed as JSON equals: numbers compared as jq holds them (doubles), the rest exactly. */
    private static void assertSameJsonLines(String ours, String theirs, String what) throws IOException {
        String[] a = ours.split("\n");
        String[] b = theirs.split("\n");
        assertThat(a.length).as("lines of %s", what).isEqualTo(b.length);
        for (int i = 0; i < a.length; i++) {
            assertThat(tokens(a[i])).as("line %d of %s: %s vs %s", i, what, a[i], b[i]).isEqualTo(tokens(b[i]));
        }
    }

    private static final JsonFactory JSON = new JsonFactory();

    private static List<String> tokens(String line) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(line)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t.isNumeric()) {
                    double d = p.getValueAsDouble();
                    // jq keeps numbers as doubles and clamps overflow to the largest one
                    out.add(Math.abs(d) >= Double.MAX_VALUE ? "huge" : Double.toString(d == 0 ? 0.0 : d));
                } else {
                    out.add(t + ":" + (t == JsonToken.VALUE_STRING || t == JsonToken.FIELD_NAME ? p.getText() : ""));
                }
            }
        }
        return out;
    }

    @Test
    void aGibibyteFromStandardInputIn32MegabytesOfHeap() throws Exception {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                JsonStreamCli.class.getName(), "--select", "/items/*", "--raw")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long elements = (1L << 30) / 48;
        Thread feeder = new Thread(() -> {
            try (var out = new java.io.BufferedOutputStream(p.getOutputStream(), 1 << 16)) {
                out.write("{\"items\":[".getBytes(StandardCharsets.US_ASCII));
                byte[] element = "{\"id\":1234567,\"name\":\"item\",\"tags\":[\"a\",\"b\"]}".getBytes(
                        StandardCharsets.US_ASCII);
                for (long i = 0; i < elements; i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    out.write(element);
                }
                out.write("]}".getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        feeder.start();
        long lines = 0;
        try (InputStream in = new java.io.BufferedInputStream(p.getInputStream(), 1 << 16)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        feeder.join(120_000);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(lines).isEqualTo(elements);
    }
}
