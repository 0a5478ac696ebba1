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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/**
 * The Undertow examples of {@code README.md} and {@code http-adapter/README.md} are these methods: each compiles and
 * serves here. The lines between a pair of markers ({@code // DOCUMENT#NAME:begin} and {@code :end}, without the
 * markers' indentation) are what the document shows, as {@link ReadmeJavaBlocksTest} checks.
 */
class ReadmeServiceExampleTest {

    static Undertow statsService(int port) {
        // README.md#service:begin
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
        // README.md#service:end
        return server;
    }

    record Item(long id, String name, BigDecimal price) {
    }

    static JsonBodyHandler uploadService(Map<Long, Item> store, ExecutorService pool) {
        // README.md#workers:begin
        ObjectMapper mapper = new ObjectMapper();
        JsonBodyHandler upload = JsonBodyHandler.builder(
                MatchWorkers.<Item>binding("/items/*", p -> mapper.readValue(p, Item.class)) // IO thread
                        .work(item -> store.put(item.id(), item)) // on the pool: a database write, say
                        .executor(pool, 4)                         // at most 4 items in flight
                        .onComplete((exchange, items) -> exchange.getResponseSender().send("{\"stored\":" + items
                                + "}"))
                        .build())
                .build();
        // README.md#workers:end
        return upload;
    }

    static JsonBodyHandler quantityService() {
        // http-adapter/README.md#reject:begin
        JsonBodyHandler orders = JsonBodyHandler.builder((exchange, control) -> new BodyConsumer() {
            @Override
            public TokenHandler tokens() {
                return token -> {
                    if (token.kind() == TokenKind.INT && "qty".equals(token.fieldName()) && token.longValue() < 1) {
                        control.reject(ProblemResponse.of(422, "Unprocessable Content", "a qty must be 1 or more")
                                .with("pointer", token.pointer()));
                        token.pause(); // no further token of this body
                    }
                };
            }

            @Override
            public void onComplete(HttpServerExchange ex) {
                ex.getResponseSender().send("{\"accepted\":true}");
            }
        }).build();
        // http-adapter/README.md#reject:end
        return orders;
    }

    static JsonBodyHandler catalogService(Map<Long, Item> catalog, Map<Long, Item> store, List<Long> receipts,
            ExecutorService pool) {
        // http-adapter/README.md#ordered:begin
        ObjectMapper mapper = new ObjectMapper();
        JsonBodyHandler upload = JsonBodyHandler.builder(
                MatchWorkers.<Item>binding("/items/*", p -> mapper.readValue(p, Item.class))
                        .work(item -> {
                            if (!catalog.containsKey(item.id())) { // a rule of the service: 422, the rest skipped
                                throw new ProblemException(ProblemResponse.of(422, "Unprocessable Content",
                                        "no product has the id " + item.id()).with("id", item.id()));
                            }
                            store.put(item.id(), item);
                        })
                        .executor(pool, 4)
                        .ordered(true)                                                // element order, not pool order
                        .onEachDone((exchange, index, item) -> receipts.add(item.id())) // IO thread
                        .onComplete((exchange, items) -> exchange.getResponseSender().send("{\"stored\":" + items
                                + "}"))
                        .build())
                .build();
        // http-adapter/README.md#ordered:end
        return upload;
    }

    private static HttpResponse<String> post(URI uri, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {"items":[{"id":0,"name":"item 0","price":0.50},...]}. */
    private static String items(int count) {
        StringBuilder body = new StringBuilder("{\"items\":[");
        for (int i = 0; i < count; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item ").append(i)
                    .append("\",\"price\":").append(i).append(".50}");
        }
        return body.append("]}").toString();
    }

    @Test
    void theServiceServes() throws Exception {
        Undertow server = statsService(0);
        try {
            int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            HttpResponse<String> r = post(URI.create("http://127.0.0.1:" + port + "/stats"),
                    "{\"a\": [1, \"x\", null, true]}");
            assertThat(r.body()).isEqualTo("{\"values\":4}");
        } finally {
            server.stop();
        }
    }

    @Test
    void theWorkerPoolExampleStoresEveryItem() throws Exception {
        Map<Long, Item> store = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (TestServer server = new TestServer(uploadService(store, pool))) {
            HttpResponse<String> r = post(server.uri("/items"), items(10_000));
            assertThat(r.body()).isEqualTo("{\"stored\":10000}");
            assertThat(store).hasSize(10_000);
            assertThat(store.get(9_999L)).isEqualTo(new Item(9_999, "item 9999", new BigDecimal("9999.50")));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theRejectingConsumerAnswers422WithThePointerAndAcceptsGoodBodies() throws Exception {
        try (TestServer server = new TestServer(quantityService())) {
            HttpResponse<String> bad = post(server.uri("/orders"),
                    "{\"lines\": [{\"sku\": \"A-1\", \"qty\": 2}, {\"sku\": \"B-2\", \"qty\": 0}]}");
            assertThat(bad.statusCode()).isEqualTo(422);
            assertThat(bad.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unprocessable Content\","
                    + "\"status\":422,\"detail\":\"a qty must be 1 or more\",\"pointer\":\"/lines/1/qty\"}");
            HttpResponse<String> good = post(server.uri("/orders"), "{\"lines\": [{\"sku\": \"A-1\", \"qty\": 2}]}");
            assertThat(good.statusCode()).isEqualTo(200);
            assertThat(good.body()).isEqualTo("{\"accepted\":true}");
        }
    }

    @Test
    void theOrderedExampleReportsInElementOrderAndRefusesAnUnknownId() throws Exception {
        Map<Long, Item> catalog = new ConcurrentHashMap<>();
        for (long id = 0; id < 1_000; id++) {
            catalog.put(id, new Item(id, "item " + id, BigDecimal.ONE));
        }
        Map<Long, Item> store = new ConcurrentHashMap<>();
        List<Long> receipts = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try (TestServer server = new TestServer(catalogService(catalog, store, receipts, pool))) {
            HttpResponse<String> r = post(server.uri("/items"), items(1_000));
            assertThat(r.body()).isEqualTo("{\"stored\":1000}");
            assertThat(store).hasSize(1_000);
            List<Long> inOrder = new ArrayList<>();
            for (long id = 0; id < 1_000; id++) {
                inOrder.add(id);
            }
            assertThat(receipts).isEqualTo(inOrder);

            HttpResponse<String> unknown = post(server.uri("/items"), items(1_001));
            assertThat(unknown.statusCode()).isEqualTo(422);
            assertThat(unknown.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unprocessable Content\","
                    + "\"status\":422,\"detail\":\"no product has the id 1000\",\"id\":1000}");
        } finally {
            pool.shutdownNow();
        }
    }
}
