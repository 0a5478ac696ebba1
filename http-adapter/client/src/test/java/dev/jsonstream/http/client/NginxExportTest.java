package dev.jsonstream.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link JsonBodyHandlers#ofStream} against a server nobody here wrote, at a size no heap of the client could hold:
 * nginx serves a static 1 GiB export {@code {"total":N,"items":[...]}} of about 5.4 million items, and a client in a
 * JVM of its own at {@code -Xmx64m} ({@link ExportCountingClient}) binds every element of {@code /items/*} with
 * jackson-databind and checks that element i has id i. The child exits on an OutOfMemoryError, so keeping the body,
 * or any part of it that grows with the body, fails the test. Skipped, with a message, without nginx (Debian's
 * {@code nginx-light} is enough).
 *
 * <p>nginx runs as one foreground process ({@code daemon off}, {@code master_process off}) with everything it writes
 * in the test's temporary directory, listening on 127.0.0.1 only; it is stopped after the test whatever happened.
 */
class NginxExportTest {
    /** The export is at least this long. */
    private static final long EXPORT_BYTES = 1L << 30;
    /** Each item is written exactly this long, its separating comma included. */
    private static final int ITEM_BYTES = 200;
    private static final long ITEMS = (EXPORT_BYTES + ITEM_BYTES - 1) / ITEM_BYTES;
    private static final int NGINX_START_TRIES = 3;

    @TempDir
    Path dir;
    private Process nginx;

    @AfterEach
    void stopNginxAndDeleteTheExport() throws Exception {
        if (nginx != null) {
            nginx.destroy();
            if (!nginx.waitFor(30, TimeUnit.SECONDS)) {
                nginx.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        // @TempDir removes it too; deleted first here, so that a gibibyte never outlives the test
        Files.deleteIfExists(dir.resolve("www/export.json"));
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES) // a few minutes on a busy two-core machine; this stops a hang
    void aGibibyteExportFromNginxIsBoundElementByElementIn64MegabytesOfHeap() throws Exception {
        Path binary = nginxBinary();
        assumeTrue(binary != null, "nginx is not on the PATH nor at /usr/sbin/nginx (Debian: apt-get install "
                + "nginx-light): the test against nginx serving 1 GiB is skipped");

        long writeStarted = System.nanoTime();
        Path export = Files.createDirectories(dir.resolve("www")).resolve("export.json");
        long exportBytes = writeExport(export, ITEMS);
        double writeSeconds = seconds(writeStarted);
        assertThat(Files.size(export)).isEqualTo(exportBytes).isGreaterThanOrEqualTo(EXPORT_BYTES);

        int port = startNginx(binary);
        long readStarted = System.nanoTime();
        Process child = new ProcessBuilder(javaCommand(), "-Xmx64m", "-XX:+ExitOnOutOfMemoryError",
                "-cp", System.getProperty("java.class.path"), ExportCountingClient.class.getName(),
                "http://127.0.0.1:" + port + "/export.json")
                .redirectErrorStream(true).redirectOutput(dir.resolve("client.out").toFile()).start();
        boolean exited;
        try {
            exited = child.waitFor(10, TimeUnit.MINUTES);
        } finally {
            child.destroyForcibly();
        }
        String childOutput = Files.readString(dir.resolve("client.out"), UTF_8);
        assertThat(exited).as("the client finished within 10 minutes; it printed:%n%s", childOutput).isTrue();
        assertThat(child.exitValue()).as("the client's exit status; it printed:%n%s", childOutput).isZero();
        Map<String, String> printed = keyValues(childOutput);
        assertThat(printed).containsEntry("status", "200").containsEntry("content-type", "application/json")
                .containsEntry("content-length", String.valueOf(exportBytes))
                .containsEntry("elements", String.valueOf(ITEMS));
        System.out.printf("NginxExportTest: %,d bytes of %,d items written in %.1f s; read and bound at -Xmx64m in "
                        + "%.1f s (the client's own count: %s s), its heap pools' peaks adding up to %,d bytes%n",
                exportBytes, ITEMS, writeSeconds, seconds(readStarted), printed.get("seconds"),
                Long.parseLong(printed.get("peak-heap-bytes")));
    }

    /**
     * Writes {@code {"total":N,"items":[...]}} a buffer at a time, never the whole in memory; every item is
     * {@link #ITEM_BYTES} long with its comma, padded by its note. Returns the bytes written.
     */
    private static long writeExport(Path file, long items) throws IOException {
        String padding = "x".repeat(ITEM_BYTES);
        StringBuilder item = new StringBuilder(ITEM_BYTES);
        byte[] bytes = new byte[ITEM_BYTES];
        long written = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            byte[] head = ("{\"total\":" + items + ",\"items\":[").getBytes(UTF_8);
            out.write(head);
            written += head.length;
            for (long id = 0; id < items; id++) {
                item.setLength(0);
                item.append(id == 0 ? "" : ",").append("{\"id\":").append(id)
                        .append(",\"sku\":\"").append(ExportCountingClient.sku(id))
                        .append("\",\"name\":\"item ").append(id)
                        .append("\",\"price\":").append(id % 100_000 / 100).append('.')
                        .append((char) ('0' + id % 100 / 10)).append((char) ('0' + id % 10))
                        .append(",\"qty\":").append(id % 50 + 1)
                        .append(",\"tags\":[\"export\",\"nginx\"],\"note\":\"");
                int length = ITEM_BYTES - (id == 0 ? 1 : 0); // the first has no comma: all end at a multiple of 200
                item.append(padding, 0, length - item.length() - 2).append("\"}");
                for (int i = 0; i < item.length(); i++) {
                    bytes[i] = (byte) item.charAt(i); // ASCII only
                }
                out.write(bytes, 0, item.length());
                written += item.length();
            }
            out.write(']');
            out.write('}');
            written += 2;
        }
        return written;
    }

    /** Starts nginx on a free port of 127.0.0.1 and waits until it answers; returns the port. */
    private int startNginx(Path binary) throws Exception {
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            Path conf = dir.resolve("nginx.conf");
            Files.writeString(conf, config(port, modulesWithout(binary)), UTF_8);
            Files.createDirectories(dir.resolve("temp")); // nginx makes the temp paths, not their parent
            nginx = new ProcessBuilder(binary.toString(), "-p", dir + "/", "-c", conf.toString(),
                    "-e", dir.resolve("error.log").toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
            if (answers(port)) {
                return port;
            }
            nginx.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            String log = Files.readString(dir.resolve("nginx.out"), UTF_8)
                    + (Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log"), UTF_8) : "");
            // Another process may have taken the port between freePort() and nginx's bind: then try another one.
            if (!log.contains("Address already in use") || attempt == NGINX_START_TRIES) {
                fail("nginx did not start (try " + attempt + "); it wrote:\n" + log);
            }
        }
    }

    /**
     * nginx's configuration: one foreground process (no workers to switch to another user, who could not read the
     * test's private directory, nor to outlive the test), every file it writes in {@link #dir}, the export served
     * as application/json by sendfile.
     */
    private String config(int port, String without) {
        StringBuilder temps = new StringBuilder();
        for (String module : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            // the temp path of a module built without is an unknown directive
            if (module.equals("client_body") || !without.contains("--without-http_" + module + "_module")) {
                Path temp = dir.resolve("temp").resolve(module);
                temps.append("    ").append(module).append("_temp_path \"").append(temp).append("\";\n");
            }
        }
        return "daemon off;\n"
                + "master_process off;\n"
                + "pid \"" + dir.resolve("nginx.pid") + "\";\n"
                + "error_log \"" + dir.resolve("error.log") + "\" warn;\n"
                + "events {\n    worker_connections 64;\n}\n"
                + "http {\n"
                + "    types {\n        application/json json;\n    }\n"
                + "    default_type application/octet-stream;\n"
                + "    access_log off;\n"
                + "    sendfile on;\n"
                + temps
                + "    server {\n"
                + "        listen 127.0.0.1:" + port + ";\n"
                + "        root \"" + dir.resolve("www") + "\";\n"
                + "    }\n"
                + "}\n";
    }

    /** What {@code nginx -V} says it was built without, to leave out the directives of missing modules. */
    private static String modulesWithout(Path binary) throws Exception {
        Process v = new ProcessBuilder(binary.toString(), "-V").redirectErrorStream(true).start();
        String text = new String(v.getInputStream().readAllBytes(), UTF_8);
        v.waitFor(30, TimeUnit.SECONDS);
        return text;
    }

    /** Whether nginx answers a HEAD of the export with 200 within a minute; false once it has exited. */
    private boolean answers(int port) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest head = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/export.json"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && nginx.isAlive()) {
            try {
                if (client.send(head, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Path nginxBinary() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Paths.get(d, "nginx");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        Path sbin = Paths.get("/usr/sbin/nginx");
        return Files.isExecutable(sbin) ? sbin : null;
    }

    /** The java this test runs on, so the child has the same version and the test's class path fits it. */
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

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
