package dev.jsonstream.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.jsonstream.decoder.DecoderConfig;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The examples of the front README and of this module's README, run against a local server. */
class DocumentExamplesTest {
    /** An element of the example exports. */
    record Item(String sku, int qty) {
    }

    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private String serve(String type, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body.getBytes(UTF_8));
            }
        });
        server.start();
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/export";
    }

    private static final String EXPORT = "{\"total\":3,\"items\":[{\"sku\":\"A-1\",\"qty\":2},{\"sku\":\"B-2\",\"qty\":1},"
            + "{\"sku\":\"C-3\",\"qty\":5}]}";

    @Test
    void theFrontReadmesStreamOfItems() throws Exception {
        String exportUrl = serve("application/json", EXPORT);
        List<Item> store = new CopyOnWriteArrayList<>();
        // README.md#responses:begin
        ObjectMapper mapper = new ObjectMapper();
        HttpRequest request = HttpRequest.newBuilder(URI.create(exportUrl)).build();
        try (Stream<Item> items = client.send(request, JsonBodyHandlers.ofStream(DecoderConfig.defaults(),
                "/items/*", p -> mapper.readValue(p, Item.class))).body()) {
            items.filter(item -> item.qty() > 1).forEach(store::add); // each as it arrives
        }
        // README.md#responses:end
        assertThat(store).containsExactly(new Item("A-1", 2), new Item("C-3", 5));
    }

    @Test
    void theModuleReadmesStreamOfNdjsonLines() throws Exception {
        String url = serve("application/x-ndjson", "{\"sku\":\"A-1\",\"qty\":2}\n{\"sku\":\"B-2\",\"qty\":1}\n");
        ObjectMapper mapper = new ObjectMapper();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        // http-adapter/client/README.md#lines:begin
        int total;
        try (Stream<Item> lines = client.send(request, JsonBodyHandlers.ofStream(DecoderConfig.defaults(), "",
                p -> mapper.readValue(p, Item.class))).body()) { // "": each root value, here each NDJSON line
            total = lines.mapToInt(Item::qty).sum();
        }
        // http-adapter/client/README.md#lines:end
        assertThat(total).isEqualTo(3);
    }

    @Test
    void theModuleReadmesPublisher() throws Exception {
        String url = serve("application/json", EXPORT);
        ObjectMapper mapper = new ObjectMapper();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
        List<Item> store = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        // http-adapter/client/README.md#publisher:begin
        Flow.Publisher<Item> items = client.send(request, JsonBodyHandlers.ofPublisher(DecoderConfig.defaults(),
                "/items/*", p -> mapper.readValue(p, Item.class))).body();
        items.subscribe(new Flow.Subscriber<Item>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(16); // 16 at a time: the response is read no faster than they are stored
            }

            @Override
            public void onNext(Item item) {
                store.add(item);
                subscription.request(1);
            }

            @Override
            public void onError(Throwable failure) {
                done.completeExceptionally(failure); // JsonDecodeException, or the IOException
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        // http-adapter/client/README.md#publisher:end
        done.get(60, TimeUnit.SECONDS);
        assertThat(store).containsExactly(new Item("A-1", 2), new Item("B-2", 1), new Item("C-3", 5));
    }
}
