package dev.jsonstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpServerExchange;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The README's servlet-free service is this method: it compiles and serves here, and the README shows it. */
class ReadmeServiceExampleTest {

    static Undertow statsService(int port) {
        // README-SERVICE:begin
        JsonBodyHandler stats = JsonBodyHandler.builder((exchange, control) -> new BodyConsumer() {
            long values;

            @Override
            public TokenHandler tokens() {
                return token -> {
                    if (token.kind().isScalarValue()) {
                        values++;
                    }
                };
            }

            @Override
            public void onComplete(HttpServerExchange ex) {
                ex.getResponseSender().send("{\"values\":" + values + "}");
            }
        }).limits(BodyLimits.defaults().withMaxBodyBytes(100L << 20)).build();
        Undertow server = Undertow.builder()
                .setByteBufferPool(new DefaultByteBufferPool(true, 16 * 1024)) // not left to the heap size
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L) // BodyLimits decide, with a 413
                .addHttpListener(port, "127.0.0.1", stats)
                .build();
        server.start();
        // README-SERVICE:end
        return server;
    }

    record Item(long id, String name, BigDecimal price) {
    }

    static JsonBodyHandler uploadService(Map<Long, Item> store, ExecutorService pool) {
        // README-WORKERS:begin
        ObjectMapper mapper = new ObjectMapper();
        JsonBodyHandler upload = JsonBodyHandler.builder(
                MatchWorkers.<Item>binding("/items/*", p -> mapper.readValue(p, Item.class)) // IO thread
                        .work(item -> store.put(item.id(), item)) // on the pool: a database write, say
                        .executor(pool, 4)                         // at most 4 items in flight
                        .onComplete((exchange, items) -> exchange.getResponseSender().send("{\"stored\":" + items
                                + "}"))
                        .build())
                .build();
        // README-WORKERS:end
        return upload;
    }

    @Test
    void theWorkerPoolExampleStoresEveryItemAndTheReadmeShowsIt() throws Exception {
        Map<Long, Item> store = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 10_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item ").append(i)
                    .append("\",\"price\":").append(i).append(".50}");
        }
        body.append("]}");
        try (TestServer server = new TestServer(uploadService(store, pool))) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri("/items"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("{\"stored\":10000}");
            assertThat(store).hasSize(10_000);
            assertThat(store.get(9_999L)).isEqualTo(new Item(9_999, "item 9999", new BigDecimal("9999.50")));
        } finally {
            pool.shutdownNow();
        }
        assertReadmeShows("README-WORKERS");
    }

    private static void assertReadmeShows(String marker) throws Exception {
        Path root = Paths.get("").toAbsolutePath();
        while (!Files.exists(root.resolve("README.md")) || !Files.isDirectory(root.resolve("decoder"))) {
            root = root.getParent();
        }
        List<String> source = Files.readAllLines(root.resolve(
                "http-adapter/src/test/java/dev/jsonstream/http/ReadmeServiceExampleTest.java"));
        int begin = source.indexOf("        // " + marker + ":begin");
        int end = source.indexOf("        // " + marker + ":end");
        String example = source.subList(begin + 1, end).stream()
                .map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .collect(Collectors.joining("\n"));
        assertThat(Files.readString(root.resolve("README.md"))).contains(example);
    }

    @Test
    void theServiceServesAndTheReadmeShowsIt() throws Exception {
        Undertow server = statsService(0);
        try {
            int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/stats")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"a\": [1, \"x\", null, true]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("{\"values\":4}");
        } finally {
            server.stop();
        }
        assertReadmeShows("README-SERVICE");
    }
}
