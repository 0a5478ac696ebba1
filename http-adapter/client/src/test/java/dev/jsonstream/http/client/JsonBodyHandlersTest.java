package dev.jsonstream.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.ErrorKind;
import dev.jsonstream.decoder.Framing;
import dev.jsonstream.decoder.JsonDecodeException;
import dev.jsonstream.decoder.Selection;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonBodyHandlers} with the JDK's {@code HttpClient} against the JDK's own {@code HttpServer}: responses
 * decoded as they arrive, and every response that is not a JSON body to decode refused by its status and media type.
 */
class JsonBodyHandlersTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves {@code handler} at / on 127.0.0.1; returns the URI. */
    private URI serve(HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", handler);
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** A response of that status and type, its body written in the pieces given (chunked, flushed after each). */
    private static HttpHandler answer(int status, String type, String... pieces) {
        return exchange -> {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (String piece : pieces) {
                    out.write(piece.getBytes(UTF_8));
                    out.flush();
                }
            }
        };
    }

    private <T> HttpResponse<T> get(URI uri, HttpResponse.BodyHandler<T> handler) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(), handler);
    }

    /**
     * Why the body failed: {@code send} throws an IOException whose cause is what the body handler failed with (as
     * for the JDK's own handlers); {@code sendAsync} completes with that cause directly.
     */
    private Throwable failure(URI uri, TokenHandler handler) {
        return failure(uri, JsonBodyHandlers.ofTokens(DecoderConfig.defaults(), handler));
    }

    private Throwable failure(URI uri, HttpResponse.BodyHandler<Void> handler) {
        IOException e = catchThrowableOfType(IOException.class, () -> get(uri, handler));
        assertThat(e).as("send failed").isNotNull();
        return e.getCause();
    }

    private static final TokenHandler NOTHING = t -> { };

    @Test
    void theFirstElementReachesTheHandlerBeforeTheServerHasSentTheRest() throws Exception {
        CountDownLatch firstSeen = new CountDownLatch(1);
        URI uri = serve(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"items\":[{\"id\":1},".getBytes(UTF_8));
                out.flush();
                try {
                    // the rest only once the client has decoded the first element: it streams, or this times out
                    assertThat(firstSeen.await(20, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write("{\"id\":2}],\"n\":2}".getBytes(UTF_8));
            }
        });
        List<String> ids = new CopyOnWriteArrayList<>();
        Selection items = Selection.builder().value("/items/*/id", m -> {
            ids.add(m.pointer() + "=" + m.value());
            firstSeen.countDown();
        }).build();
        HttpResponse<Void> r = get(uri, JsonBodyHandlers.ofTokens(DecoderConfig.defaults(), items));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(ids).containsExactly("/items/0/id=1", "/items/1/id=2");
    }

    @Test
    void theDocumentsExampleRuns() throws Exception {
        URI uri = serve(answer(200, "application/x-ndjson", "{\"sku\":\"A-1\",\"qty\":2}\n",
                "{\"sku\":\"B-2\",\"qty\":1}\n"));
        HttpRequest request = HttpRequest.newBuilder(uri).build();
        // http-adapter/client/README.md#tokens:begin
        List<String> skus = new ArrayList<>();
        Selection selection = Selection.builder().value("/sku", m -> skus.add((String) m.value())).build();
        HttpResponse<Void> response = client.send(request,
                JsonBodyHandlers.ofTokens(DecoderConfig.defaults(), selection)); // NDJSON: each line a root value
        // skus: [A-1, B-2], decoded as the lines arrived; a 4xx/5xx, an HTML page or a cut body throws instead
        // http-adapter/client/README.md#tokens:end
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(skus).containsExactly("A-1", "B-2");
    }

    @Test
    void theMediaTypeGivesTheFraming() throws Exception {
        for (String type : new String[] {"application/x-ndjson", "application/jsonl",
            "application/x-ndjson; charset=utf-8"}) {
            URI uri = serve(answer(200, type, "{\"a\":1}\n{\"a\"", ":2}\n", "{\"a\":3}\n"));
            List<TokenKind> ends = new ArrayList<>();
            get(uri, JsonBodyHandlers.ofTokens(DecoderConfig.defaults(), t -> {
                if (t.kind() == TokenKind.END_ROOT) {
                    ends.add(t.kind());
                }
            }));
            assertThat(ends).as(type).hasSize(3);
            server.stop(0);
        }
        assertThat(JsonBodyHandlers.framingOf("application/json")).isEqualTo(Framing.SINGLE);
        assertThat(JsonBodyHandlers.framingOf("application/vnd.export+json")).isEqualTo(Framing.SINGLE);
        assertThat(JsonBodyHandlers.framingOf("application/json-seq")).isEqualTo(Framing.JSON_SEQ);
        assertThat(JsonBodyHandlers.framingOf("application/json; charset=iso-8859-1")).isNull();
        assertThat(JsonBodyHandlers.framingOf("text/json+plain")).isNull();
    }

    @Test
    void aCallerMayChooseTheFramingOfAJsonResponse() throws Exception {
        // NDJSON sent as application/json: read as its type says, the second line is data after the root value
        URI uri = serve(answer(200, "application/json", "{\"a\":1}\n", "{\"a\":2}\n"));
        assertThat(failure(uri, NOTHING)).isInstanceOfSatisfying(JsonDecodeException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED));
        List<Framing> named = new ArrayList<>();
        List<TokenKind> ends = new ArrayList<>();
        get(uri, JsonBodyHandlers.ofTokens(DecoderConfig.defaults(), t -> {
            if (t.kind() == TokenKind.END_ROOT) {
                ends.add(t.kind());
            }
        }, sent -> {
            named.add(sent);
            return Framing.CONCATENATED;
        }));
        assertThat(named).containsExactly(Framing.SINGLE);
        assertThat(ends).hasSize(2);
    }

    @Test
    void anHtmlErrorPageIsItsStatusAndMediaTypeNeverASyntaxError() throws Exception {
        URI uri = serve(answer(500, "text/html; charset=utf-8", "<html><body>Internal Server Error</body></html>"));
        assertThat(failure(uri, NOTHING))
                .isInstanceOfSatisfying(JsonResponseException.class, e -> {
                    assertThat(e.status()).isEqualTo(500);
                    assertThat(e.mediaType()).isEqualTo("text/html; charset=utf-8");
                    assertThat(e.title()).isNull();
                    assertThat(e.getMessage()).isEqualTo("the server did not answer with a 2xx status: HTTP 500,"
                            + " text/html; charset=utf-8");
                });
    }

    @Test
    void aProblemAnswerCarriesItsTitleAndDetail() throws Exception {
        URI uri = serve(answer(404, "application/problem+json", "{\"type\":\"about:blank\",\"title\":\"Not Found\",",
                "\"status\":404,\"detail\":\"no export 7\"}"));
        assertThat(failure(uri, NOTHING))
                .isInstanceOfSatisfying(JsonResponseException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.title()).isEqualTo("Not Found");
                    assertThat(e.detail()).isEqualTo("no export 7");
                    assertThat(e.getMessage())
                            .endsWith("HTTP 404, application/problem+json, \"Not Found\": no export 7");
                });
        server.stop(0);

        // A "problem" longer than 16 KiB is not read to its end: named by its status alone.
        URI long404 = serve(answer(404, "application/problem+json", "{\"detail\":\"" + "x".repeat(20_000) + "\"}"));
        assertThat(failure(long404, NOTHING))
                .isInstanceOfSatisfying(JsonResponseException.class, e -> assertThat(e.detail()).isNull());
    }

    @Test
    void aBodyThatIsNotJsonOrHasACodingNotUndoneIsRefusedByName() throws Exception {
        URI uri = serve(answer(200, "text/plain", "{\"a\":1}"));
        assertThat(failure(uri, NOTHING))
                .isInstanceOf(JsonResponseException.class).hasMessage("not a JSON body: HTTP 200, text/plain");
        server.stop(0);

        URI brotli = serve(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Content-Encoding", "br");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().close();
        });
        assertThat(failure(brotli, NOTHING))
                .isInstanceOf(JsonResponseException.class)
                .hasMessage("content coding br is not decoded (only gzip, deflate): HTTP 200, application/json");
    }

    @Test
    void aResponseCutShortIsIncompleteNeverASuccess() throws Exception {
        // Content-Length promises more than is sent, then the server closes: the client's transport fails, and
        // the input ends where it stopped.
        URI uri = serve(exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 1000);
            OutputStream out = exchange.getResponseBody();
            out.write("{\"items\":[{\"id\":1},{\"i".getBytes(UTF_8));
            out.flush();
            exchange.getHttpContext().getServer().stop(0); // closes the connection mid-body
        });
        List<String> ids = new CopyOnWriteArrayList<>();
        Selection items = Selection.builder().value("/items/*/id", m -> ids.add(String.valueOf(m.value()))).build();
        assertThat(failure(uri, items))
                .isInstanceOfSatisfying(JsonDecodeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.INCOMPLETE);
                    assertThat(e.getSuppressed()).hasSize(1).allMatch(s -> s instanceof IOException);
                });
        assertThat(ids).containsExactly("1");
    }

    @Test
    void aSyntaxErrorInTheBodyIsTheDecodersWithItsPointer() throws Exception {
        URI uri = serve(answer(200, "application/json", "{\"items\":[{\"id\":1},", "{\"id\":tru}]}"));
        assertThat(failure(uri, NOTHING))
                .isInstanceOfSatisfying(JsonDecodeException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.MALFORMED);
                    assertThat(e.pointer()).isEqualTo("/items/1/id");
                });
    }
}
