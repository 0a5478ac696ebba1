package dev.jsonstream.samples.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.undertow.Undertow;
import java.io.ByteArrayOutputStream;
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
        JsonStreamServer options = new JsonStreamServer();
        new CommandLine(options).parseArgs(args);
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

    private static byte[] orders() throws Exception {
        Path p = Paths.get("").toAbsolutePath();
        while (!Files.isDirectory(p.resolve("testdata"))) {
            p = p.getParent();
        }
        return Files.readAllBytes(p.resolve("testdata/orders.json"));
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
        start("--port", "0", "--max-body-bytes", "50000000");
        StringBuilder sb = new StringBuilder("{\"items\":[");
        int n = 40_000;
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"i\":").append(i).append(",\"pad\":\"").append("p".repeat(40))
                    .append("\"}");
        }
        byte[] body = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
        HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/select?path=/items/*")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        List<String> lines = new ArrayList<>();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (lines.size() < 2000 && lines.size() % 100 == 0) {
                    Thread.sleep(5); // read slowly at first: the response channel fills and the body pauses
                }
                lines.add(line);
            }
        }
        assertThat(lines).hasSize(n);
        assertThat(lines.get(n - 1)).isEqualTo("{\"i\":" + (n - 1) + ",\"pad\":\"" + "p".repeat(40) + "\"}");
    }
}
