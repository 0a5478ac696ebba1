package dev.jsonstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsonstream.decoder.TokenHandler;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The linger after an early answer keeps to its bounds: bytes, time in all, time without a byte; a body drained
 * whole keeps its HTTP/1.1 connection; over HTTP/2 a bound ends the stream without error and the connection's
 * other streams go on.
 */
class LingerBoundsTest {
    private static final int REFUSED = 20;
    private final List<BodyFailure> hooked = new CopyOnWriteArrayList<>();
    private TestServer server;

    private void start(BodyLimits limits) {
        server = new TestServer(JsonBodyHandler.builder((exchange, control) -> new BodyConsumer() {
            @Override
            public TokenHandler tokens() {
                return t -> { };
            }

            @Override
            public void onComplete(HttpServerExchange ex) {
                ex.getResponseSender().send("ok");
            }
        }).limits(limits).errorHook((ex, f) -> hooked.add(f)).build());
    }

    @AfterEach
    void nothingLeftOut() throws InterruptedException {
        server.closeCheckingBuffers();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Sends the head of a 100,000-byte body and its first 3 bytes, "[1}": answered at once, the rest still owed. */
    private static OutputStream startBodyMalformedAtByte2(Socket s) throws IOException {
        OutputStream out = s.getOutputStream();
        out.write(ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n"
                + "\r\n[1}"));
        out.flush();
        return out;
    }

    /** Reads one response (head and Content-Length body) without waiting for the connection's end. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended in the response head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String h = head.toString(StandardCharsets.US_ASCII);
        int length = 0;
        for (String line : h.split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return h + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    @Test
    void aClientThatStopsSendingIsLetGoAfterTheIdleBound() throws Exception {
        start(BodyLimits.defaults().withLinger(1 << 20, Duration.ofSeconds(30), Duration.ofMillis(300)));
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(20_000);
            long t0 = System.nanoTime();
            startBodyMalformedAtByte2(s);
            InputStream in = s.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400").contains("\"offset\":2");
            assertThat(in.read()).as("the connection ends once the client has been idle").isEqualTo(-1);
            assertThat((System.nanoTime() - t0) / 1_000_000).as("not before the idle bound").isGreaterThanOrEqualTo(300);
        }
        assertThat(hooked).extracting(BodyFailure::status).containsExactly(400);
    }

    @Test
    void aClientThatTricklesTheRestIsLetGoAfterTheTotalBound() throws Exception {
        start(BodyLimits.defaults().withLinger(1 << 20, Duration.ofMillis(800), Duration.ofSeconds(30)));
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(20_000);
            OutputStream out = startBodyMalformedAtByte2(s);
            InputStream in = s.getInputStream();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 400");
            long t0 = System.nanoTime();
            boolean closed = false;
            // A byte every 50 ms never leaves the linger idle; only its total bound can end it.
            for (int i = 0; i < 400 && !closed; i++) {
                try {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(50);
                } catch (IOException e) {
                    closed = true;
                }
                if (in.available() > 0 && in.read() < 0) {
                    closed = true;
                }
            }
            assertThat(closed).as("the server closed within 20 s").isTrue();
            assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(700);
        }
    }

    @Test
    void aBodyDrainedWholeKeepsItsConnectionAndOneTooLargeToDrainIsToldConnectionClose() throws Exception {
        start(BodyLimits.defaults().withMaxBodyBytes(1_000_000).withLinger(200_000, Duration.ofSeconds(30),
                Duration.ofSeconds(5)));
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            // Malformed at byte 2, with 150 KB more: answered, drained, and the connection goes on.
            out.write(ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 150003\r\n"
                    + "\r\n[1}"));
            out.write(new byte[150_000]);
            out.flush();
            String first = readResponse(in);
            assertThat(first).startsWith("HTTP/1.1 400").doesNotContainIgnoringCase("Connection: close");
            out.write(ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n[1]"));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 200").endsWith("ok");
            // Declared 10 MB over a 1 MB limit and a 200 KB linger: refused, and the connection will close.
            out.write(ascii("POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 10000000\r\n\r\n"));
            out.flush();
            assertThat(readResponse(in)).startsWith("HTTP/1.1 413").containsIgnoringCase("Connection: close");
        }
        assertThat(hooked).extracting(BodyFailure::status).containsExactly(400, 413);
    }

    @Test
    void overHttp2ABoundResetsTheStreamWithoutErrorAndTheConnectionGoesOn() throws Exception {
        // A 64 KiB linger: each 2 MB body over the limit is reset with NO_ERROR after its 413 while its client is
        // still sending. Undertow 2.4 would answer the DATA still on its way with GOAWAY (the valid body below would
        // die with the connection), and credits the connection only for bytes read: were the reset streams' credit
        // not given back, the connection's 64 KiB window would run dry and the valid body would stall.
        start(BodyLimits.defaults().withMaxBodyBytes(100_000).withLinger(64 * 1024, Duration.ofSeconds(30),
                Duration.ofSeconds(5)));
        HttpClient h2c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = server.uri("/");
        h2c.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding()); // upgrade to h2c
        hooked.clear(); // that GET's 415
        byte[] big = new byte[2_000_000];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '[';
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> refused = new java.util.ArrayList<>();
        for (int i = 0; i < REFUSED; i++) {
            HttpRequest.BodyPublisher body = i % 2 == 0 ? HttpRequest.BodyPublishers.ofByteArray(big)
                    : HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big));
            refused.add(h2c.sendAsync(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(8))
                    .header("Content-Type", "application/json").POST(body).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (hooked.size() < REFUSED && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(hooked).as("each over-limit body refused once").hasSize(REFUSED)
                .allSatisfy(f -> assertThat(f.status()).isEqualTo(413));
        byte[] valid = ("[" + "1,".repeat(45_000) + "1]").getBytes(StandardCharsets.US_ASCII);
        HttpResponse<String> ok = h2c.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(valid))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(ok.statusCode()).as("the connection's window is whole again").isEqualTo(200);
        for (var f : refused) {
            try {
                HttpResponse<String> r = f.get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(413);
                assertThat(r.body()).contains("\"limit\":\"maxBodyBytes\"");
            } catch (java.util.concurrent.ExecutionException e) {
                // JDK 17's client does not complete a request whose stream is reset (even with NO_ERROR, after the
                // whole response) while it still has body to send: it waits out its own timeout. That is why the
                // linger drains whole bodies up to 64 MiB by default; past that, this is the client's limit.
                assertThat(e.getCause()).isInstanceOf(java.net.http.HttpTimeoutException.class);
            }
        }
    }
}
