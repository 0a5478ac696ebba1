package dev.jsonstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsonstream.decoder.TokenHandler;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each default of {@link BodyLimits} against the attack it is there for, on a real server with nothing but the
 * defaults (the decoder's own defaults are tested the same way in the decoder's {@code LimitsTest}).
 */
class BodyLimitsDefaultsTest {
    private final List<BodyFailure> failures = new CopyOnWriteArrayList<>();
    /** Body bytes the decoder had been given when each failure came (inflated bytes for a compressed body). */
    private final List<Long> decodedAtFailure = new CopyOnWriteArrayList<>();
    private TestServer server;

    private void start(BodyLimits limits) {
        server = new TestServer(JsonBodyHandler.builder((exchange, control) -> new BodyConsumer() {
            long tokens;

            @Override
            public TokenHandler tokens() {
                return t -> tokens++;
            }

            @Override
            public void onComplete(HttpServerExchange exchange) {
                exchange.getResponseSender().send("{\"tokens\":" + tokens + "}");
            }

            @Override
            public void onFailure(HttpServerExchange exchange, BodyFailure failure) {
                failures.add(failure);
                decodedAtFailure.add(control.decodedBytes());
            }
        }).limits(limits).build());
    }

    @AfterEach
    void nothingLeftOut() throws InterruptedException {
        if (server == null) {
            return;
        }
        server.closeCheckingBuffers();
    }

    /** 200 MiB of JSON whitespace around one value: no decoder limit applies, only the inflation limits. */
    private static byte[] whitespaceBomb() throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed, 1 << 16)) {
            gz.write('[');
            byte[] spaces = " ".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 200; i++) {
                gz.write(spaces);
            }
            gz.write(new byte[] {'1', ']'});
        }
        return compressed.toByteArray();
    }

    private HttpResponse<String> postGzip(byte[] body) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port + "/"))
                .header("Content-Type", "application/json").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aGzipBombIsRefusedByTheDefaultRatioAfterAboutOneMebibyte() throws Exception {
        start(BodyLimits.defaults());
        byte[] bomb = whitespaceBomb();
        assertThat(bomb.length).as("compressed size").isLessThan(250_000);
        HttpResponse<String> r = postGzip(bomb);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("\"limit\":\"maxInflationRatio\"").contains("\"value\":200");
        assertThat(failures).extracting(BodyFailure::status).containsExactly(413);
        // Refused just past the 1 MiB grace: one read of compressed bytes more at most, not 200 MiB later.
        assertThat(decodedAtFailure.get(0)).isBetween(BodyLimits.INFLATION_RATIO_GRACE, 20L << 20);
    }

    @Test
    void withoutTheRatioTheDefaultInflatedSizeStopsTheSameBombAtOneHundredMebibytes() throws Exception {
        start(BodyLimits.defaults().withMaxInflationRatio(0));
        HttpResponse<String> r = postGzip(whitespaceBomb());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("\"limit\":\"maxInflatedBytes\"").contains("\"value\":104857600");
        assertThat(decodedAtFailure.get(0)).isBetween(99L << 20, 100L << 20);
    }

    @Test
    void aRealisticCompressedBodyPassesTheRatio() throws Exception {
        start(BodyLimits.defaults());
        // 8 MiB of near-identical records compress about 90:1 here: under the default ratio of 200.
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; sb.length() < 8 << 20; i++) {
            sb.append("{\"id\":").append(i).append(",\"status\":\"active\",\"tags\":[]},");
        }
        sb.append("{}]");
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(compressed)) {
            gz.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
        }
        double ratio = (double) sb.length() / compressed.size();
        assertThat(ratio).as("compression ratio of the test body").isBetween(10.0, 200.0);
        HttpResponse<String> r = postGzip(compressed.toByteArray());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @Test
    void aContentLengthOverTheDefaultBodyLimitIsRefusedBeforeAnyBodyByte() throws Exception {
        start(BodyLimits.defaults());
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (BodyLimits.DEFAULT_MAX_BODY_BYTES + 1) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            assertThat(JsonBodyHandlerTest.readHead(s.getInputStream())).startsWith("HTTP/1.1 413");
        }
    }

    @Test
    void aSlowlorisTrickleGets408WithinTheFirstDefaultRateWindow() throws Exception {
        start(BodyLimits.defaults());
        long t0 = System.nanoTime();
        // 20 bytes a second, well under the default 1024: the connection never goes silent, so a read timeout
        // alone would never fire.
        String head = JsonBodyHandlerTest.trickle(server.port, 2, 100);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(head).startsWith("HTTP/1.1 408");
        assertThat(millis).as("answered at the end of the first 5 s window").isBetween(4_500L, 8_000L);
        assertThat(failures).extracting(BodyFailure::status).containsExactly(408);
    }

    @Test
    void defaultsAreTheDocumentedValues() {
        BodyLimits d = BodyLimits.defaults();
        assertThat(d.maxBodyBytes()).isEqualTo(10L << 20);
        assertThat(d.maxInflatedBytes()).isEqualTo(100L << 20);
        assertThat(d.maxInflationRatio()).isEqualTo(200);
        assertThat(d.bodyDeadline()).isEqualTo(Duration.ofSeconds(60));
        assertThat(d.minBytesPerSecond()).isEqualTo(1024);
        assertThat(d.rateWindow()).isEqualTo(Duration.ofSeconds(5));
    }
}
