package dev.jsonstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpServerExchange;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
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
        Path root = Paths.get("").toAbsolutePath();
        while (!Files.exists(root.resolve("README.md")) || !Files.isDirectory(root.resolve("decoder"))) {
            root = root.getParent();
        }
        List<String> source = Files.readAllLines(root.resolve(
                "http-adapter/src/test/java/dev/jsonstream/http/ReadmeServiceExampleTest.java"));
        int begin = source.indexOf("        // README-SERVICE:begin");
        int end = source.indexOf("        // README-SERVICE:end");
        String example = source.subList(begin + 1, end).stream()
                .map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .collect(Collectors.joining("\n"));
        assertThat(Files.readString(root.resolve("README.md"))).contains(example);
    }
}
