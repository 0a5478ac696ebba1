package dev.jsonstream.samples.server;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.http.client.JsonBodyHandlers;
import io.undertow.Undertow;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The project end to end: the sample server's {@code /select} streams NDJSON back while it still reads the upload,
 * and the project's client ({@code JsonBodyHandlers.ofStream} with the pattern {@code ""}) binds it line by line as
 * it arrives.
 *
 * <p>The JDK's {@code HttpClient} reads a response only once it has sent the whole request body, over HTTP/1.1 and
 * HTTP/2 alike (seen on JDK 17; JDK 25's {@code Exchange} still chains the response after the body). Against
 * {@code /select}, whose unread answer holds the server back from reading more of the upload, it then waits for ever
 * once the answer fills the socket buffers (about 4 MB here) or the HTTP/2 stream window (16 MiB). So the large case
 * drives the body handler through {@link SelectUploadClient.FullDuplexPost}, an HTTP/1.1 exchange on a socket that
 * sends and reads at once and feeds the handler's subscriber as the JDK's client does (a buffer per chunk, as the
 * subscriber requests them); the JDK's client itself is checked on an answer small enough to wait in the buffers
 * until the upload has been sent.
 */
class SelectEndToEndTest {
    private static final long UPLOAD_BYTES = 500L << 20;
    private static final long ITEMS = UPLOAD_BYTES / SelectUploadClient.ITEM_BYTES;
    private static final long HOLD_AFTER_ITEMS = 10_000;
    private static final long HOLD_SECONDS = 120;
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");

    @TempDir
    Path dir;
    private Process server;
    /** The server's standard output, a line at a time, as it prints it. */
    private final BlockingQueue<String> serverLines = new LinkedBlockingQueue<>();
    private final List<String> serverOutput = new CopyOnWriteArrayList<>();

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * 500 MiB up and about as much back, each side in a JVM of its own at {@code -Xmx64m}. A heap cap is a check of
     * constant memory that a busy machine cannot make flaky, where sampling the test JVM's heap would measure the
     * garbage collector's timing as much as the code: the upload and the answer are each about eight times the cap,
     * and both JVMs exit on an OutOfMemoryError, so a side that kept either, or anything that grows with it, fails the
     * test. The test's own JVM only starts them and reads what they print.
     *
     * <p>The upload holds itself after its first 10,000 items (1.2 MiB) until the first line of the answer has
     * reached the client, so the test passes only if the server answers while it is still reading the upload; a
     * server that answered at the end would wait for ever, and the held upload gives up after two minutes instead.
     */
    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // a minute or two on a busy two-core machine; this stops a hang
    void selectStreamsTheUploadBackAsNdjsonWhileReadingItIn64MegabytesOfHeapOnEachSide() throws Exception {
        // --min-rate 0: the upload's hold may last seconds on a busy machine, and this test is not about slow clients
        server = new ProcessBuilder(javaCommand(), "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), HeapReportingServer.class.getName(),
                "--port", "0", "--max-body-bytes", String.valueOf(2 * UPLOAD_BYTES), "--body-deadline", "900",
                "--min-rate", "0").redirectErrorStream(true).start();
        Thread reader = new Thread(() -> readLines(server), "server-output");
        reader.setDaemon(true);
        reader.start();
        int port = Integer.parseInt(awaitServerLine(LISTENING, 60).group(1));

        long started = System.nanoTime();
        Path clientOut = dir.resolve("client.out");
        Process client = new ProcessBuilder(javaCommand(), "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), SelectUploadClient.class.getName(),
                String.valueOf(port), String.valueOf(ITEMS), String.valueOf(HOLD_AFTER_ITEMS),
                String.valueOf(HOLD_SECONDS))
                .redirectErrorStream(true).redirectOutput(clientOut.toFile()).start();
        boolean exited;
        try {
            exited = client.waitFor(12, TimeUnit.MINUTES);
        } finally {
            client.destroyForcibly();
        }
        String printed = Files.readString(clientOut, UTF_8);
        assertThat(exited).as("the client finished within 12 minutes; it printed:%n%s", printed).isTrue();
        assertThat(client.exitValue()).as("the client's exit status; it printed:%n%s%nthe server printed:%n%s",
                printed, String.join("\n", serverOutput)).isZero();
        Map<String, String> result = keyValues(printed);
        assertThat(result).containsEntry("status", "200").containsEntry("content-type", "application/x-ndjson")
                .containsEntry("transfer-encoding", "chunked").containsEntry("lines", String.valueOf(ITEMS));
        long uploaded = Long.parseLong(result.get("uploaded-bytes"));
        long atFirstLine = Long.parseLong(result.get("uploaded-bytes-at-first-line"));
        assertThat(uploaded).isEqualTo(SelectUploadClient.uploadBytes(ITEMS)).isGreaterThanOrEqualTo(UPLOAD_BYTES);
        // The hold let nothing more out before the first line came back; a small fraction of the upload.
        assertThat(atFirstLine).isEqualTo(Long.parseLong(result.get("held-at-bytes"))).isLessThan(uploaded / 100);

        assertThat(server.isAlive()).as("the server outlived the upload; it printed:%n%s",
                String.join("\n", serverOutput)).isTrue();
        awaitServerLine(Pattern.compile("POST /select 200 "), 60); // its log line, written once the answer ended
        OutputStream commands = server.getOutputStream();
        commands.write("peak-heap\n".getBytes(UTF_8));
        commands.flush();
        long serverPeak = Long.parseLong(awaitServerLine(Pattern.compile("peak-heap-bytes=(\\d+)"), 60).group(1));
        System.out.printf("SelectEndToEndTest: %,d bytes uploaded to /select and %,d lines bound by the client in "
                        + "%.1f s (the client's own count: %s s); the first line came back after %,d bytes; heap "
                        + "pools' peaks adding up to %,d bytes in the server and %,d in the client (each -Xmx64m)%n",
                uploaded, ITEMS, (System.nanoTime() - started) / 1e9, result.get("seconds"), atFirstLine, serverPeak,
                Long.parseLong(result.get("peak-heap-bytes")));
    }

    /**
     * The JDK's own client on {@code /select}: the upload made as it is sent ({@code BodyPublishers.ofInputStream}),
     * the NDJSON answer's media type accepted by {@code ofStream} and every line bound in order. The answer (300 lines,
     * 38 KB) is small enough to wait in the socket buffers until the client has sent the upload and starts reading.
     */
    @Test
    @Timeout(value = 2, unit = TimeUnit.MINUTES)
    void theJdkClientBindsSelectsAnswerOnceItHasSentTheUpload() throws Exception {
        long items = 300;
        JsonStreamServer options = new JsonStreamServer();
        new CommandLine(options).parseArgs("--port", "0");
        options.log(new PrintStream(OutputStream.nullOutputStream(), true, UTF_8));
        Undertow inProcess = options.start();
        try {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            SelectUploadClient.HeldUpload upload = new SelectUploadClient.HeldUpload(items, -1, () -> { });
            HttpRequest post = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + JsonStreamServer.port(inProcess)
                            + "/select?path=/items/*")).header("Content-Type", "application/json")
                    .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofInputStream(() -> upload))
                    .build();
            ObjectReader reader = new ObjectMapper().readerFor(SelectUploadClient.Item.class);
            HttpResponse<Stream<SelectUploadClient.Item>> response = client.send(post,
                    JsonBodyHandlers.ofStream(DecoderConfig.defaults(), "", p -> reader.readValue(p)));
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
            try (Stream<SelectUploadClient.Item> lines = response.body()) {
                assertThat(lines.map(SelectUploadClient.Item::id).toList())
                        .isEqualTo(LongStream.range(0, items).boxed().toList());
            }
            assertThat(upload.produced()).isEqualTo(SelectUploadClient.uploadBytes(items));
        } finally {
            inProcess.stop();
        }
    }

    /** Copies the server's output into {@link #serverLines} and {@link #serverOutput} until it ends. */
    private void readLines(Process process) {
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                serverOutput.add(line);
                serverLines.add(line);
            }
        } catch (IOException e) {
            serverOutput.add("(reading the server's output failed: " + e + ")");
        }
    }

    /** The first line of the server's that matches {@code pattern}, waiting for it up to {@code seconds}. */
    private Matcher awaitServerLine(Pattern pattern, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            String line = serverLines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                Matcher m = pattern.matcher(line);
                if (m.find()) {
                    return m;
                }
            }
        }
        throw new AssertionError("the server printed no line matching " + pattern + " within " + seconds
                + " s; it printed:\n" + String.join("\n", serverOutput));
    }

    /** The java this test runs on, so the children have the same version and the test's class path fits them. */
    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The {@code key=value} lines of a child's output. */
    private static Map<String, String> keyValues(String output) {
        Map<String, String> values = new HashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return values;
    }
}
