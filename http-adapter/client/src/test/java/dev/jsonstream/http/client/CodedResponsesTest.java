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
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
    private CountingServer served;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (served != null) {
            served.close();
        }
    }

    /** The JSON a test's server writes, before its coding. */
    private interface Body {
        void write(OutputStream plain) throws IOException;
    }

    /** A counting server answering {@code body} with that coding: the compressed bytes it wrote are counted. */
    private CountingServer serve(String coding, Body body) throws IOException {
        served = new CountingServer(Map.of("Content-Type", "application/json", "Content-Encoding", coding), out -> {
            try (OutputStream coded = coding.equals("deflate") ? new DeflaterOutputStream(out)
                    : new GZIPOutputStream(out, 8192)) {
                body.write(coded);
            }
        });
        return served;
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
            URI uri = serve(coding, export(20_000)).uri;
            try (Stream<Integer> ids = client.send(HttpRequest.newBuilder(uri).build(), ids()).body()) {
                assertThat(ids.collect(Collectors.toList())).as(coding)
                        .isEqualTo(IntStream.range(0, 20_000).boxed().toList());
            }
            served.close();
        }
    }

    /**
     * 4 GB of spaces (valid JSON whitespace) between an array's brackets compress a thousand to one: the client
     * refuses the body once it has inflated to 200 times what it received, past the first MiB, and closes the
     * connection, so the server's writing fails long before its end.
     */
    @Test
    void aGzipBombIsRefusedAsItInflatesAndTheConnectionClosed() throws Exception {
        byte[] spaces = new byte[1 << 20];
        Arrays.fill(spaces, (byte) ' ');
        CountingServer bomb = serve("gzip", out -> {
            out.write("{\"items\":[".getBytes(UTF_8));
            for (int i = 0; i < 4096; i++) {
                out.write(spaces);
            }
            out.write("]}".getBytes(UTF_8));
        });
        List<Integer> seen = new ArrayList<>();
        Throwable thrown;
        try (Stream<Integer> ids = client.send(HttpRequest.newBuilder(bomb.uri).build(), ids()).body()) {
            thrown = catchThrowable(() -> ids.forEach(seen::add));
        }
        assertThat(thrown).isInstanceOf(UncheckedIOException.class).cause()
                .isInstanceOf(JsonResponseException.class)
                .hasMessage("the body inflates to more than 200 times its compressed size: HTTP 200, application/json")
                .hasCauseInstanceOf(InflationLimitException.class);
        assertThat(seen).isEmpty();
        assertThat(bomb.ended.get(60, TimeUnit.SECONDS)).as("the server's writing").isInstanceOf(IOException.class);
        assertThat(bomb.written.get()).as("compressed bytes written of about 4 MB").isLessThan(3L << 20);
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
