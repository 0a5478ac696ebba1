package dev.jsonstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;
import io.undertow.server.HttpServerExchange;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A consumer answers the body itself ({@link BodyControl#reject}), from any thread; its failures are logged. */
class ConsumerAnswersTest {
    private static final ProblemResponse UNBOUND = ProblemResponse.of(422, "Unprocessable Content",
            "the member at /items/2/qty must hold an integer").with("pointer", "/items/2/qty");
    private static final String UNBOUND_JSON = "{\"type\":\"about:blank\",\"title\":\"Unprocessable Content\","
            + "\"status\":422,\"detail\":\"the member at /items/2/qty must hold an integer\",\"pointer\":\"/items/2/qty\"}";

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final List<BodyFailure> failures = new CopyOnWriteArrayList<>();
    private final List<BodyFailure> hooked = new CopyOnWriteArrayList<>();
    private TestServer server;

    /** A consumer whose tokens go to {@code onToken(control, token)}; answers 200 "done" at the end. */
    private void start(BiFunction<BodyControl, dev.jsonstream.decoder.TokenCursor, Boolean> onToken,
            java.util.function.BiConsumer<BodyControl, HttpServerExchange> onComplete) {
        server = new TestServer(JsonBodyHandler.builder((exchange, control) -> new BodyConsumer() {
            @Override
            public TokenHandler tokens() {
                return t -> onToken.apply(control, t);
            }

            @Override
            public void onComplete(HttpServerExchange ex) {
                onComplete.accept(control, ex);
            }

            @Override
            public void onFailure(HttpServerExchange ex, BodyFailure failure) {
                failures.add(failure);
            }
        }).errorHook((ex, failure) -> hooked.add(failure)).limits(BodyLimits.defaults().withMaxBodyBytes(64L << 20))
                .build());
    }

    @AfterEach
    void nothingLeftOut() throws InterruptedException {
        server.closeCheckingBuffers();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri("/")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {"items":[{"qty":1},{"qty":1},{"qty":"many"},...]}: the third item's qty does not bind. */
    private static String items(int count) {
        StringBuilder sb = new StringBuilder("{\"items\":[{\"qty\":1},{\"qty\":1},{\"qty\":\"many\"}");
        for (int i = 3; i < count; i++) {
            sb.append(",{\"qty\":").append(i).append('}');
        }
        return sb.append("]}").toString();
    }

    private static boolean isUnboundQty(dev.jsonstream.decoder.TokenCursor t) {
        return t.kind() == TokenKind.STRING && "qty".equals(t.fieldName());
    }

    @Test
    void aTokenHandlerRejectsTheBodyWith422AndTheRestIsNotDelivered() throws Exception {
        List<String> seenAfter = new CopyOnWriteArrayList<>();
        boolean[] rejected = {false};
        start((control, t) -> {
            if (rejected[0]) {
                seenAfter.add(t.pointer());
            } else if (isUnboundQty(t)) {
                rejected[0] = true;
                control.reject(UNBOUND);
                t.pause(); // stop at this token
            }
            return true;
        }, (control, ex) -> ex.getResponseSender().send("done"));
        HttpResponse<String> r = post(items(50_000));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).isEqualTo(UNBOUND_JSON);
        assertThat(seenAfter).isEmpty();
        assertThat(failures).extracting(BodyFailure::status).containsExactly(422);
        assertThat(hooked).extracting(BodyFailure::status).containsExactly(422);
        assertThat(post("[1]").statusCode()).as("the server goes on").isEqualTo(200);
    }

    @Test
    void anotherThreadRejectsWhileTheBodyIsStillArriving() throws Exception {
        start((control, t) -> {
            if (isUnboundQty(t)) {
                CompletableFuture.runAsync(() -> control.reject(UNBOUND)); // a worker's verdict, later
            }
            return true;
        }, (control, ex) -> ex.getResponseSender().send("done"));
        // A raw client that writes its whole 20 MB body before it reads, as Python's http.client does.
        byte[] body = items(1_500_000).getBytes(StandardCharsets.UTF_8);
        String response = RawClient.writeAllThenRead(server.port, "application/json", body);
        assertThat(response).startsWith("HTTP/1.1 422 Unprocessable Content\n").endsWith(UNBOUND_JSON);
        assertThat(failures).extracting(BodyFailure::status).containsExactly(422);
    }

    @Test
    void aWorkerRejectsAfterTheWholeBodyWasRead() throws Exception {
        start((control, t) -> true, (control, ex) -> ex.dispatch(() -> control.reject(UNBOUND)));
        HttpResponse<String> r = post(items(10));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).isEqualTo(UNBOUND_JSON);
        assertThat(failures).as("the body itself was read whole").isEmpty();
    }

    @Test
    void aConsumerThatThrowsIsLoggedWithItsStackAndAnsweredWith500WithoutInternals() throws Exception {
        List<LogRecord> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        BodyReading.LOG.addHandler(capture);
        try {
            start((control, t) -> {
                if (isUnboundQty(t)) {
                    throw new IllegalStateException("secret internals: cannot bind qty");
                }
                return true;
            }, (control, ex) -> ex.getResponseSender().send("done"));
            HttpResponse<String> r = post(items(10));
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Internal Server Error\",\"status\":500,"
                    + "\"detail\":\"the server could not process the body\"}");
            assertThat(logged).hasSize(1);
            assertThat(logged.get(0).getLevel()).isEqualTo(Level.WARNING);
            assertThat(logged.get(0).getThrown()).hasMessage("secret internals: cannot bind qty");
            assertThat(failures).extracting(BodyFailure::status).containsExactly(500);
        } finally {
            BodyReading.LOG.removeHandler(capture);
        }
    }

    @Test
    void aProblemRefusesStandardMemberNamesAndNon4xxStatuses() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UNBOUND.with("status", 1))
                .isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ProblemResponse.of(200, "OK", null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(UNBOUND.toJson()).isEqualTo(UNBOUND_JSON);
        server = new TestServer(exchange -> { });
    }

    /** A client that writes the whole request before reading the answer, on one thread. */
    static final class RawClient {
        private RawClient() {
        }

        static String writeAllThenRead(int port, String type, byte[] body) throws Exception {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(30_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: " + type + "\r\nContent-Length: "
                        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                InputStream in = s.getInputStream();
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                String head = null;
                long length = -1;
                byte[] buf = new byte[8192];
                while (true) {
                    int n = in.read(buf);
                    if (n < 0) {
                        break;
                    }
                    got.write(buf, 0, n);
                    String text = got.toString(StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    if (end >= 0 && head == null) {
                        head = text.substring(0, end);
                        for (String line : head.split("\r\n")) {
                            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                                length = Long.parseLong(line.substring(15).trim());
                            }
                        }
                    }
                    if (head != null && length >= 0 && got.size() >= head.length() + 4 + length) {
                        break;
                    }
                }
                String text = got.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                return end < 0 ? text : text.substring(0, text.indexOf("\r\n")) + "\n" + text.substring(end + 4);
            }
        }
    }
}
