package dev.jsonstream.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.Selection;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link JsonBodyHandlers} against a server nobody here wrote, Python's {@code http.server} (the script
 * {@code held_json_server.py} beside this class): a chunked export that holds the rest of its body until the client
 * has decoded the first element, so that the test finishes only if elements are decoded as they arrive; the elements
 * are then the ones {@code jq -c '.items[]'} gives for the same body; plain, and gzip-coded by Python's zlib (flushed
 * after the first element). Skipped, with a message, without python3 or jq.
 */
class PythonServerTest {
    private static final int COUNT = 2_000;

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Paths.get(dir, program);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        return null;
    }

    private static Path script() throws URISyntaxException {
        return Paths.get(PythonServerTest.class.getResource("held_json_server.py").toURI());
    }

    @ParameterizedTest(name = "gzip: {0}")
    @ValueSource(booleans = {false, true})
    void theFirstElementArrivesWhileTheServerHoldsTheRestAndTheElementsAreJqs(boolean gzip) throws Exception {
        Path python = onPath("python3");
        Path jq = onPath("jq");
        assumeTrue(python != null, "python3 is not on the PATH: the test against Python's http.server is skipped");
        assumeTrue(jq != null, "jq is not on the PATH: the test that compares with jq is skipped");

        List<String> command = new ArrayList<>(List.of(python.toString(), script().toString(), String.valueOf(COUNT)));
        if (gzip) {
            command.add("--gzip");
        }
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), UTF_8));
            int port = Integer.parseInt(out.readLine().trim());
            OutputStream go = server.getOutputStream();
            List<String> elements = new CopyOnWriteArrayList<>();
            Selection items = Selection.builder().raw("/items/*", m -> {
                elements.add(new String(m.toByteArray(), UTF_8));
                if (elements.size() == 1) {
                    go.write('\n'); // the server sends the rest only now
                    go.flush();
                }
            }).build();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest export = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/export"))
                    .timeout(Duration.ofSeconds(60)).build();
            HttpResponse<Void> r = client.send(export, JsonBodyHandlers.ofTokens(DecoderConfig.defaults(), items));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
            assertThat(r.headers().firstValue("Content-Encoding")).isEqualTo(gzip ? Optional.of("gzip")
                    : Optional.empty());
            assertThat(elements).hasSize(COUNT).isEqualTo(jqItems(python, jq));
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** What {@code jq -c '.items[]'} prints for the body the script serves, a line an element. */
    private static List<String> jqItems(Path python, Path jq) throws IOException, InterruptedException,
            URISyntaxException {
        Path body = Files.createTempFile("export", ".json");
        try {
            Process print = new ProcessBuilder(python.toString(), script().toString(), String.valueOf(COUNT), "--print")
                    .redirectOutput(body.toFile()).start();
            assertThat(print.waitFor(60, TimeUnit.SECONDS)).isTrue();
            Process q = new ProcessBuilder(jq.toString(), "-c", ".items[]", body.toString()).start();
            String lines = new String(q.getInputStream().readAllBytes(), UTF_8);
            assertThat(q.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return List.of(lines.split("\n"));
        } finally {
            Files.deleteIfExists(body);
        }
    }
}
