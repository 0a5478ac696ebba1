package dev.jsonstream.samples.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.undertow.Undertow;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The sample server over real sockets: every endpoint, and an error of each kind. */
class JsonStreamServerTest {
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private Undertow server;
    private int port;

    private void start(String... args) {
        start(options -> { }, args);
    }

    /** Starts the server with {@code args} after {@code setup} has set what only tests set. */
    private void start(java.util.function.Consumer<JsonStreamServer> setup, String... args) {
        JsonStreamServer options = new JsonStreamServer();
        new CommandLine(options).parseArgs(args);
        setup.accept(options);
        options.log(new PrintStream(logBytes, true, StandardCharsets.UTF_8));
        server = options.start();
        port = JsonStreamServer.port(server);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    private HttpResponse<String> post(String path, String type, byte[] body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The project's root: where testdata/ is. */
    private static Path root() {
        Path p = Paths.get("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("testdata"))) {
            p = p.getParent();
        }
        return p;
    }

    private static byte[] orders() throws Exception {
        return Files.readAllBytes(root().resolve("testdata/orders.json"));
    }

    @Test
    void everyEndpointAnswers() throws Exception {
        start("--port", "0");
        HttpResponse<String> index = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(index.statusCode()).isEqualTo(200);
        assertThat(index.body()).contains("POST /validate").contains("POST /stats").contains("POST /select?path=")
                .contains("POST /orders");

        assertThat(post("/validate", "application/json", orders()).statusCode()).isEqualTo(204);

        assertThat(post("/stats", "application/json", orders()).body()).isEqualTo("{\"bytes\":335,\"documents\":1,"
                + "\"tokens\":60,\"objects\":7,\"arrays\":4,\"fields\":21,\"strings\":6,\"numbers\":9,\"literals\":2,"
                + "\"maxDepth\":5}");
        assertThat(post("/stats", "application/x-ndjson", "1\n\"a\"\n[true]\n".getBytes(StandardCharsets.UTF_8))
                .body()).isEqualTo("{\"bytes\":13,\"documents\":3,\"tokens\":5,\"objects\":0,\"arrays\":1,\"fields\":0,"
                + "\"strings\":1,\"numbers\":1,\"literals\":1,\"maxDepth\":1}");

        HttpResponse<String> select = post("/select?path=/orders/*/lines/*/sku", "application/json", orders());
        assertThat(select.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        assertThat(select.body()).isEqualTo("\"A-1\"\n\"B/2\"\n\"C~3\"\n");

        assertThat(post("/orders", "application/json", orders()).body())
                .isEqualTo("{\"orders\":3,\"lines\":3,\"totals\":{\"EUR\":\"139.98\",\"USD\":\"5.0\"}}");

        // The benchmark's two sides bind the same orders.
        assertThat(post("/orders/workers", "application/json", orders()).body()).isEqualTo("{\"orders\":3}");
        assertThat(post("/baseline/orders-iterator", "application/json", orders()).body())
                .isEqualTo("{\"orders\":3}");
        assertThat(post("/baseline/orders-iterator", "application/json",
                "{\"orders\":[],\"x\":{}}".getBytes(StandardCharsets.UTF_8)).body()).isEqualTo("{\"orders\":0}");

        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(orders());
        }
        assertThat(post("/orders", "application/json", gz.toByteArray(), "Content-Encoding", "gzip").body())
                .contains("\"EUR\":\"139.98\"");

        String log = logBytes.toString(StandardCharsets.UTF_8);
        assertThat(log).contains("listening on http://127.0.0.1:").contains("127.0.0.1 GET / 200")
                .contains("POST /validate 204").contains("POST /orders 200");
    }

    @Test
    void errorsOfEachKind() throws Exception {
        start("--port", "0", "--max-body-bytes", "1000", "--max-depth", "4");
        HttpResponse<String> malformed = post("/validate", "application/json", "[1,,2]".getBytes(StandardCharsets.UTF_8));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("\"offset\":3").contains("\"pointer\":\"/1\"");
        HttpResponse<String> big = post("/stats", "application/json", ("[" + "1,".repeat(1000) + "1]").getBytes(
                StandardCharsets.UTF_8));
        assertThat(big.statusCode()).isEqualTo(413);
        assertThat(big.body()).contains("\"limit\":\"maxBodyBytes\"");
        HttpResponse<String> deep = post("/stats", "application/json", "[[[[[1]]]]]".getBytes(StandardCharsets.UTF_8));
        assertThat(deep.statusCode()).isEqualTo(413);
        assertThat(deep.body()).contains("\"limit\":\"maxDepth\"");
        assertThat(post("/stats", "text/plain", "{}".getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(415);
        HttpResponse<String> noPath = post("/select", "application/json", "[1]".getBytes(StandardCharsets.UTF_8));
        assertThat(noPath.statusCode()).isEqualTo(400);
        assertThat(noPath.body()).contains("path");
        HttpResponse<String> badPath = post("/select?path=/a*", "application/json", "[1]".getBytes(
                StandardCharsets.UTF_8));
        assertThat(badPath.statusCode()).isEqualTo(400);
        assertThat(badPath.body()).contains("at index 2");
    }

    @Test
    void selectWritesEachValueAsOneLineOfCompactJsonUnlessRaw() throws Exception {
        start("--port", "0");
        // All four whitespace bytes between its tokens, escapes of every kind, numbers jq would round.
        byte[] edge = Files.readAllBytes(root().resolve("testdata/edge-cases.json"));
        assertThat(post("/select?path=", "application/json", edge).body()).isEqualTo("{\"a~b/c\":\"tilde and slash\","
                + "\"\":\"empty name\",\"esc\":\"quote \\\" backslash \\\\ slash \\/ \\b\\f\\n\\r\\t \\u0041 \\u00e9"
                + " \\ud83d\\ude00\",\"utf8\":\"café € 😀 中\",\"numbers\":[0,-0,-0.0,1e400,1E-400,18446744073709551616,"
                + "-9223372036854775808,9223372036854775807,3.141592653589793238462643383279,2.5e+3,1.0E-2],"
                + "\"nested\":[[[],{}],[{\"x\":[true,false,null]}]],\"cr-only\":[1,2]}\n");
        assertThat(post("/select?path=/nested/*", "application/json", edge).body())
                .isEqualTo("[[],{}]\n[{\"x\":[true,false,null]}]\n");
        assertThat(post("/select?path=/nested/*&raw=false", "application/json", edge).body())
                .isEqualTo("[[],{}]\n[{\"x\":[true,false,null]}]\n");
        assertThat(post("/select?path=/nested/*&raw=true", "application/json", edge).body())
                .isEqualTo("[[], {}]\n[{\"x\": [true, false, null]}]\n");
        assertThat(post("/select?path=/cr-only&raw", "application/json", edge).body()).isEqualTo("[1,\r2]\n");
        HttpResponse<String> badRaw = post("/select?path=/nested&raw=yes", "application/json", edge);
        assertThat(badRaw.statusCode()).isEqualTo(400);
        assertThat(badRaw.body()).contains("\"detail\":\"the query parameter raw is true or false, not 'yes'\"");
    }

    @Test
    void selectOnPrettyPrintedTwitterJsonEqualsJqLineForLine() throws Exception {
        Path twitter = root().resolveSibling("shared").resolve("corpora/bench/simdjson/twitter.json");
        assumeTrue(Files.isRegularFile(twitter), "skipped: ../shared/corpora is absent");
        start("--port", "0");
        byte[] body = Files.readAllBytes(twitter);
        JsonNode statuses = EXACT.readTree(body).get("statuses");
        List<String> ours = post("/select?path=/statuses/*", "application/json", body).body().lines().toList();
        assertThat(ours).hasSize(statuses.size());
        for (int i = 0; i < ours.size(); i++) {
            assertThat(EXACT.readTree(ours.get(i))).as("status %d", i).isEqualTo(statuses.get(i));
        }
        assertThat(post("/select?path=/statuses/*&raw=true", "application/json", body).body().lines().count())
                .as("the file is pretty-printed: its raw values span lines").isGreaterThan(statuses.size());
        assumeTrue(hasJq(), "skipped: jq is not installed");
        List<String> jq = jq("-c", ".statuses[]", twitter.toString()).lines().toList();
        assertThat(ours).hasSameSizeAs(jq);
        for (int i = 0; i < ours.size(); i++) {
            assertSameTokens(ours.get(i), jq.get(i), i);
        }
    }

    /** Numbers exactly as written (BigInteger, BigDecimal): what a compact line must keep. */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

    /** A JSON token in compact text: a string with its escapes, a number, a literal or punctuation. */
    private static final Pattern TOKEN = Pattern.compile(
            "\"(?:[^\"\\\\]++|\\\\.)*+\"|-?[0-9]+(?:\\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null|[{}\\[\\],:]");

    /**
     * Byte for byte the same tokens, but for numbers: jq holds them as doubles and prints an id such as
     * 505874924095815681 as 505874924095815700, so a number need only be the same double.
     */
    private static void assertSameTokens(String ours, String jq, int line) {
        List<String> a = tokens(ours);
        List<String> b = tokens(jq);
        assertThat(a).as("tokens of line %d", line).hasSameSizeAs(b);
        for (int t = 0; t < a.size(); t++) {
            String x = a.get(t);
            String y = b.get(t);
            if (x.charAt(0) == '-' || Character.isDigit(x.charAt(0))) {
                assertThat(Double.parseDouble(x)).as("line %d: %s against jq's %s", line, x, y)
                        .isEqualTo(Double.parseDouble(y));
            } else {
                assertThat(x).as("line %d, token %d", line, t).isEqualTo(y);
            }
        }
    }

    private static List<String> tokens(String line) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(line);
        int end = 0;
        while (m.find()) {
            assertThat(m.start()).as("nothing between tokens in %s", line).isEqualTo(end);
            out.add(m.group());
            end = m.end();
        }
        assertThat(end).isEqualTo(line.length());
        return out;
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
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        return out;
    }

    @Test
    void anOrderThatDoesNotBindGets422WithThePointerOfItsMember() throws Exception {
        start("--port", "0");
        String body = "{\"orders\":[{\"id\":\"a\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"x\",\"qty\":1,"
                + "\"price\":2}]},{\"id\":\"b\",\"currency\":\"EUR\",\"lines\":[{\"sku\":\"y\",\"qty\":1},"
                + "{\"sku\":\"z\",\"qty\":\"many\",\"price\":1}]}," + "{\"id\":\"c\"},".repeat(20_000)
                + "{\"id\":\"d\"}]}";
        HttpResponse<String> r = post("/orders", "application/json", body.getBytes(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unprocessable Content\",\"status\":422,"
                + "\"detail\":\"the member at /orders/1/lines/1/qty must hold an integer\","
                + "\"pointer\":\"/orders/1/lines/1/qty\"}");
        HttpResponse<String> noPrice = post("/orders", "application/json", ("{\"orders\":[{\"id\":\"a\","
                + "\"currency\":\"EUR\",\"lines\":[{\"sku\":\"x\",\"qty\":1}]}]}").getBytes(StandardCharsets.UTF_8));
        assertThat(noPrice.statusCode()).isEqualTo(422);
        assertThat(noPrice.body()).contains("\"detail\":\"the member at /orders/0/lines/0/price is missing\"");
        // The same connection's client goes on: the server still serves.
        assertThat(post("/orders", "application/json", orders()).statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyPastItsDeadlineGets408() throws Exception {
        start("--port", "0", "--body-deadline", "1", "--min-rate", "0");
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            var out = s.getOutputStream();
            out.write(("POST /stats HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n[").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long t0 = System.nanoTime();
            byte[] head = s.getInputStream().readNBytes(12);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 408");
            assertThat(millis).isBetween(900L, 5000L);
        }
    }

    @Test
    void aLargeSelectionStreamsOutToASlowReaderWithoutLosingALine() throws Exception {
        start(options -> options.sendBuffer(16 * 1024), "--port", "0", "--max-body-bytes", "50000000");
        StringBuilder sb = new StringBuilder("{\"items\": [");
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "\n  " : ",\n  ").append("{\"i\": ").append(i).append(", \"pad\": \"")
                    .append("p".repeat(40)).append("\"}");
        }
        byte[] body = sb.append("\n]}").toString().getBytes(StandardCharsets.UTF_8);
        ScheduledExecutorService watchdogs = Executors.newSingleThreadScheduledExecutor();
        // About 2.5 MB of lines, and small socket buffers at both ends: the response channel fills while the client
        // waits before reading, and the body pauses until it reads.
        try (RawHttp c = new RawHttp(port, 16 * 1024)) {
            CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
                try {
                    c.send(RawHttp.head("POST", "/select?path=/items/*", "Content-Type", "application/json",
                            "Content-Length", String.valueOf(body.length)));
                    c.sendAll(body, watchdogs);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(200);
            RawHttp.Response r = c.read();
            sent.get(30, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(200);
            List<String> lines = r.text().lines().toList();
            assertThat(lines).hasSize(n);
            // Every line whole and in order: a line the channel took only in part is not overwritten by the next.
            for (int i = 0; i < n; i++) {
                assertThat(lines.get(i)).isEqualTo("{\"i\":" + i + ",\"pad\":\"" + "p".repeat(40) + "\"}");
            }
        } finally {
            watchdogs.shutdownNow();
        }
    }
}
