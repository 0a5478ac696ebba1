package dev.jsonstream.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.sun.net.httpserver.HttpServer;
import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.InflationLimitException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Responses with a content coding: gzip and deflate inflated on the way to the decoder, a gzip bomb refused as it
 * inflates (and the connection closed under the server), a corrupt body named as such.
 */
class CodedResponsesTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private HttpServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A server answering {@code body} with that coding; the compressed bytes it wrote are counted. */
    private interface Body {
        void write(OutputStream coded) throws IOException;
    }

    private URI serve(String coding, Body body, AtomicLong written, CompletableFuture<Throwable> ended)
            throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Content-Encoding", coding);
            exchange.sendResponseHeaders(200, 0);
            OutputStream counted = new OutputStream() {
                private final OutputStream out = exchange.getResponseBody();

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written.addAndGet(len);
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
            try (OutputStream coded = coding.equals("deflate") ? new DeflaterOutputStream(counted)
                    : new GZIPOutputStream(counted, 8192)) {
                body.write(coded);
                ended.complete(null);
            } catch (IOException | RuntimeException e) {
                ended.complete(e);
                throw e;
            }
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private static Body export(int count) {
        return out -> {
            out.write("{\"items\":[".getBytes(UTF_8));
            for (int i = 0; i < count; i++) {
                out.write(((i == 0 ? "" : ",") + "{\"id\":" + i + ",\"name\":\"item " + i + "\"}").getBytes(UTF_8));
            }
            out.write("]}".getBytes(UTF_8));
        };
    }

    private static HttpResponse.BodyHandler<Stream<Integer>> ids() {
        return JsonBodyHandlers.ofStream(DecoderConfig.defaults(), "/items/*/id", p -> p.getIntValue());
    }

    @Test
    void gzipAndDeflateResponsesAreInflatedOnTheWay() throws Exception {
        for (String coding : List.of("gzip", "deflate", "x-gzip")) {
            URI uri = serve(coding, export(20_000), new AtomicLong(), new CompletableFuture<>());
            try (Stream<Integer> ids = client.send(HttpRequest.newBuilder(uri).build(), ids()).body()) {
                assertThat(ids.collect(Collectors.toList())).as(coding)
                        .isEqualTo(IntStream.range(0, 20_000).boxed().toList());
            }
            server.stop(0);
        }
    }

    /**
     * 4 GB of spaces (valid JSON whitespace) between an array's brackets compress a thousand to one: the client
     * refuses the body once it has inflated to 200 times what it received, past the first MiB, and closes the
     * connection, so the server's writing fails long before its end.
     */
    @Test
    void aGzipBombIsRefusedAsItInflatesAndTheConnectionClosed() throws Exception {
        AtomicLong written = new AtomicLong();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        URI uri = serve("gzip", out -> {
            out.write("{\"items\":[".getBytes(UTF_8));
            for (int i = 0; i < 4096; i++) {
                out.write(spaces);
            }
            out.write("]}".getBytes(UTF_8));
        }, written, ended);
        List<Integer> seen = new ArrayList<>();
        Throwable thrown;
        try (Stream<Integer> ids = client.send(HttpRequest.newBuilder(uri).build(), ids()).body()) {
            thrown = catchThrowable(() -> ids.forEach(seen::add));
        }
        assertThat(thrown).isInstanceOf(UncheckedIOException.class).cause()
                .isInstanceOf(JsonResponseException.class)
                .hasMessage("the body inflates to more than 200 times its compressed size: HTTP 200, application/json")
                .hasCauseInstanceOf(InflationLimitException.class);
        assertThat(seen).isEmpty();
        assertThat(ended.get(60, TimeUnit.SECONDS)).as("the server's writing").isInstanceOf(IOException.class);
        assertThat(written.get()).as("compressed bytes written of about 4 MB").isLessThan(3L << 20);
    }

    @Test
    void aCorruptBodyIsNamedByItsCodingNotAsASyntaxError() throws Exception {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            export(100).write(out);
        }
        byte[] corrupt = gz.toByteArray();
        corrupt[corrupt.length - 6] ^= 0x55; // inside the trailer's CRC-32
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, corrupt.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(corrupt);
            }
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        Throwable thrown = catchThrowable(() -> client.send(HttpRequest.newBuilder(uri).build(),
                JsonBodyHandlers.ofTokens(DecoderConfig.defaults(), token -> { })));
        assertThat(thrown).isInstanceOf(IOException.class).cause()
                .isInstanceOf(JsonResponseException.class)
                .hasMessage("the gzip body does not inflate: gzip CRC-32 mismatch: the body is corrupt: HTTP 200,"
                        + " application/json");
    }
}
