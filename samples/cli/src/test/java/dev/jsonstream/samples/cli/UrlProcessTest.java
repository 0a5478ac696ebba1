package dev.jsonstream.samples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI as a process of its own on URLs: a run on a local file loads no class of the HTTP client, so that reading
 * URLs costs files nothing at start-up, and a URL argument is the URL even where a local path of that name exists.
 */
class UrlProcessTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/data.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            byte[] body = "[\"remote\"]".getBytes(UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    record Run(int status, String out, String err) {
    }

    /** The CLI in a child JVM on the test class path, run in {@code cwd}. */
    private Run run(Path cwd, List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), JsonStreamCli.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        p.getOutputStream().close();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("the CLI ends").isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** The classes a run loaded, by name, from the JVM's class+load log. */
    private List<String> loadedClasses(String... args) throws Exception {
        Path log = dir.resolve("classes-" + System.nanoTime() + ".log");
        Run r = run(dir, List.of("-Xlog:class+load=info:file=" + log), args);
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("1\n");
        // "[0.012s][info][class,load] java.net.http.HttpClient source: jrt:/java.net.http"
        return Files.readAllLines(log).stream().map(line -> line.replaceFirst("^(\\[[^]]*])+\\s*", ""))
                .map(line -> line.split(" ", 2)[0]).collect(Collectors.toList());
    }

    private static List<String> http(List<String> classes) {
        return classes.stream().filter(c -> c.startsWith("java.net.http.") || c.startsWith("jdk.internal.net.http.")
                || c.startsWith("dev.jsonstream.http.client.") || c.equals(UrlInput.class.getName()))
                .collect(Collectors.toList());
    }

    @Test
    void aLocalFileLoadsNoClassOfTheHttpClientAndAUrlDoes() throws Exception {
        Path file = Files.writeString(dir.resolve("small.json"), "{\"a\":1}");
        server.createContext("/small.json", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 7);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"a\":1}".getBytes(UTF_8));
            }
        });
        List<String> forFile = loadedClasses("--select", "/a", file.toString());
        assertThat(forFile).as("the log names the classes a run loads").contains(JsonStreamCli.class.getName(),
                LineSink.class.getName());
        assertThat(http(forFile)).as("classes of the HTTP client loaded for a local file").isEmpty();
        List<String> forUrl = loadedClasses("--select", "/a", base + "/small.json");
        assertThat(http(forUrl)).contains("java.net.http.HttpClient", UrlInput.class.getName(),
                "dev.jsonstream.http.client.JsonBodyHandlers");
    }

    @Test
    void aUrlIsTheUrlEvenWhereALocalPathOfThatNameExists() throws Exception {
        // "http://127.0.0.1:PORT/data.json" is also the relative path http:/127.0.0.1:PORT/data.json.
        String url = base + "/data.json";
        Path local = dir.resolve("http:").resolve(url.substring("http://".length()));
        Files.createDirectories(local.getParent());
        Files.writeString(local, "[\"local\"]");
        assertThat(Files.exists(dir.resolve(url))).as("the URL names an existing local path").isTrue();
        assertThat(run(dir, List.of(), "--select", "/*", url)).isEqualTo(new Run(0, "\"remote\"\n", ""));
        assertThat(run(dir, List.of(), "--select", "/*", "./" + url)).as("./ names the local path")
                .isEqualTo(new Run(0, "\"local\"\n", ""));
    }
}
