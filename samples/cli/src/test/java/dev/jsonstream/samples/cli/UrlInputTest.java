package dev.jsonstream.samples.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.jsonstream.samples.cli.JsonStreamCliTest.Result;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The CLI on http URLs, against the JDK's HttpServer (and, for broken connections, a bare socket) on 127.0.0.1: the
 * output, errors and exit code of a URL are those of the same bytes read as a file or from standard input, and what
 * is not a JSON body to decode exits 3 with the status, or what happened, and the URL.
 */
@Timeout(120) // a hung connection fails the test rather than the build
class UrlInputTest {
    private HttpServer server;
    private String base;
    /** Each request's headers, by path. */
    private final Map<String, com.sun.net.httpserver.Headers> requests = new ConcurrentHashMap<>();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** Serves {@code body} at {@code path} with that status and type, chunked, in pieces of 40 bytes. */
    private String serve(String path, int status, String type, byte[] body) {
        return serve(path, exchange -> {
            requests.put(path, exchange.getRequestHeaders());
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(status, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < body.length; i += 40) {
                    out.write(body, i, Math.min(40, body.length - i));
                    out.flush();
                }
            }
        });
    }

    private String serve(String path, HttpHandler handler) {
        server.createContext(path, handler);
        return base + path;
    }

    private static byte[] testdata(String name) throws IOException {
        return Files.readAllBytes(testdataPath(name));
    }

    private static Path testdataPath(String name) {
        return JsonStreamCliTest.root().resolve("testdata").resolve(name);
    }

    private static String[] with(String[] args, String last) {
        String[] all = Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }

    /** The file's output, status and errors with each set of options, and the URL's, name for name. */
    private static void assertSameAsFile(Path file, String url, String[]... argSets) {
        for (String[] args : argSets) {
            Result local = JsonStreamCliTest.cli(with(args, file.toString()));
            Result remote = JsonStreamCliTest.cli(with(args, url));
            String what = String.join(" ", args) + " " + url;
            assertThat(remote.out()).as(what).isEqualTo(local.out());
            assertThat(remote.status()).as(what).isEqualTo(local.status());
            assertThat(remote.err()).as(what).isEqualTo(local.err().replace(file.toString(), url));
        }
    }

    @Test
    void aUrlPrintsWhatItsBodyPrintsAsAFileWithEachOption() throws IOException {
        String orders = serve("/orders", 200, "application/json", testdata("orders.json"));
        assertSameAsFile(testdataPath("orders.json"), orders, new String[0], new String[] {"--format", "jq-stream"},
                new String[] {"--format", "pointer"}, new String[] {"--select", "/orders/*"},
                new String[] {"--select", "/orders/*/lines/*/sku", "--raw"}, new String[] {"--validate"},
                new String[] {"--single", "--select", "/orders/*/id"}, new String[] {"--max-depth", "2"});
        assertThat(JsonStreamCliTest.cli("--select", "/orders/*", orders).out()).isNotEmpty();
        String ndjson = serve("/records", 200, "application/x-ndjson", testdata("records.ndjson"));
        assertSameAsFile(testdataPath("records.ndjson"), ndjson, new String[] {"--format", "jq-stream"},
                new String[] {"--select", "/id"}, new String[] {"--format", "pointer"},
                new String[] {"--single"}); // the option, not the media type: one value, and the file's error
        assertThat(JsonStreamCliTest.cli("--single", ndjson).err()).contains("(leave out --single to read several)");
    }

    @Test
    void theOptionsFrameTheBodyAsTheyFrameAFileButJsonSeqIsReadAsRecords() throws IOException {
        // NDJSON sent as application/json, as many servers send it: several values, as from a file.
        String mislabelled = serve("/mislabelled", 200, "application/json; charset=utf-8", testdata(
                "records.ndjson"));
        assertSameAsFile(testdataPath("records.ndjson"), mislabelled, new String[] {"--format", "jq-stream"},
                new String[] {"--single"});
        // RFC 7464 records are read as records with or without --seq: nothing else can read them.
        String seq = serve("/seq", 200, "application/json-seq", testdata("records.json-seq"));
        Result asSeq = JsonStreamCliTest.cli("--format", "pointer", "--seq", testdataPath("records.json-seq")
                .toString());
        assertThat(asSeq.status()).isZero();
        assertThat(JsonStreamCliTest.cli("--format", "pointer", seq)).isEqualTo(asSeq);
        assertThat(JsonStreamCliTest.cli("--format", "pointer", "--seq", seq)).isEqualTo(asSeq);
        // --seq on a body that is no records: the file's error.
        String json = serve("/json", 200, "application/json", "{}\n".getBytes(UTF_8));
        Result notRecords = JsonStreamCliTest.cli("{}\n".getBytes(UTF_8), "--seq");
        assertThat(JsonStreamCliTest.cli("--seq", json)).isEqualTo(new Result(1, notRecords.out(),
                notRecords.err().replace(": -: ", ": " + json + ": ")));
    }

    @Test
    void decodeErrorsAreAFilesErrorsWithTheUrlForTheName() {
        String[][] cases = {
            {"{\n \"a\": [1,,2]}", "--validate"},
            {"{\"a\":[1,2,{\"b\":tru}]}", "--select", "/a/*"},
            {"[[[[1]]]]", "--max-depth", "3"},
            {"[1,2,3,4,5,6]", "--max-bytes", "5", "--format", "jq-stream"},
        };
        for (String[] c : cases) {
            byte[] body = c[0].getBytes(UTF_8);
            String[] args = Arrays.copyOfRange(c, 1, c.length);
            String url = serve("/case" + Arrays.asList(cases).indexOf(c), 200, "application/json", body);
            Result piped = JsonStreamCliTest.cli(body, args);
            Result remote = JsonStreamCliTest.cli(with(args, url));
            assertThat(piped.status()).as(c[0]).isEqualTo(1);
            assertThat(remote).as(c[0]).isEqualTo(new Result(1, piped.out(), piped.err().replace(": -: ",
                    ": " + url + ": ")));
        }
    }

    @Test
    void anErrorStatusExits3WithTheStatusAndTheUrl() {
        String missing = serve("/missing", 404, "text/html", "<html>not here</html>".getBytes(UTF_8));
        Result r = JsonStreamCliTest.cli("--select", "/items/*", missing);
        assertThat(r).isEqualTo(new Result(3, "", "jsonstream: " + missing
                + ": the server did not answer with a 2xx status: HTTP 404, text/html\n"));
        String broken = serve("/broken", 500, "application/problem+json",
                "{\"title\":\"Export failed\",\"detail\":\"the database is down\"}".getBytes(UTF_8));
        assertThat(JsonStreamCliTest.cli(broken)).isEqualTo(new Result(3, "", "jsonstream: " + broken
                + ": the server did not answer with a 2xx status: HTTP 500, application/problem+json,"
                + " \"Export failed\": the database is down\n"));
        // Whatever comes after still runs, and the exit code is the worst.
        String ok = serve("/ok", 200, "application/json", "[1]".getBytes(UTF_8));
        Result both = JsonStreamCliTest.cli("--select", "/*", missing, ok);
        assertThat(both.status()).isEqualTo(3);
        assertThat(both.out()).isEqualTo("1\n");
    }

    @Test
    void aBodyThatIsNotJsonExits3AndSaysHowToReadItAnyway() {
        String text = serve("/text", 200, "text/plain; charset=utf-8", "[1]".getBytes(UTF_8));
        assertThat(JsonStreamCliTest.cli(text)).isEqualTo(new Result(3, "", "jsonstream: " + text
                + ": not a JSON body: HTTP 200, text/plain; charset=utf-8 (to read it anyway: curl -s URL |"
                + " jsonstream)\n"));
    }

    @Test
    void redirectsAreFollowed() throws IOException {
        String orders = serve("/orders", 200, "application/json", testdata("orders.json"));
        String moved = serve("/moved", exchange -> {
            exchange.getResponseHeaders().set("Location", "/orders");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        assertThat(JsonStreamCliTest.cli("--select", "/orders/*", moved)).isEqualTo(JsonStreamCliTest.cli(
                "--select", "/orders/*", orders));
    }

    @Test
    void theRequestAcceptsTheJsonTypesAndNamesJsonstream() {
        String url = serve("/headers", 200, "application/json", "{}".getBytes(UTF_8));
        assertThat(JsonStreamCliTest.cli("--validate", url).status()).isZero();
        com.sun.net.httpserver.Headers headers = requests.get("/headers");
        assertThat(headers.getFirst("Accept")).startsWith("application/json, application/x-ndjson,")
                .contains("application/json-seq");
        assertThat(headers.getFirst("User-Agent")).isEqualTo("jsonstream/" + JsonStreamCli.VERSION);
        assertThat(headers.getFirst("Accept-Encoding")).isEqualTo("gzip, deflate");
    }

    @Test
    void aGzipCodedResponseIsInflatedAndPrintsWhatTheFilePrints() throws IOException {
        byte[] orders = testdata("orders.json");
        String gzip = serve("/gzip", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = new java.util.zip.GZIPOutputStream(exchange.getResponseBody())) {
                out.write(orders);
            }
        });
        assertSameAsFile(testdataPath("orders.json"), gzip, new String[] {"--select", "/orders/*"},
                new String[] {"--format", "jq-stream"});
    }

    @Test
    void aRefusedConnectionExits3WithAClearMessage() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // nobody listens there once it is closed
        }
        String url = "http://127.0.0.1:" + port + "/export";
        Result r = JsonStreamCliTest.cli("--select", "/items/*", url);
        assertThat(r).isEqualTo(new Result(3, "", "jsonstream: " + url + ": cannot connect: connection refused\n"));
        assertThat(JsonStreamCliTest.cli("http:///export")).isEqualTo(new Result(3, "",
                "jsonstream: http:///export: not a valid URL: unsupported URI http:///export\n"));
    }

    @Test
    void aConnectionClosedBeforeAnyResponseExits3WithAClearMessage() throws Exception {
        try (RawServer raw = new RawServer(new byte[0])) {
            assertThat(JsonStreamCliTest.cli(raw.url())).isEqualTo(new Result(3, "", "jsonstream: " + raw.url()
                    + ": the connection closed before a response\n"));
        }
        try (RawServer raw = new RawServer("SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(UTF_8))) {
            Result r = JsonStreamCliTest.cli(raw.url());
            assertThat(r.status()).isEqualTo(3);
            assertThat(r.err()).startsWith("jsonstream: " + raw.url() + ": no response: invalid status line");
            assertNoInternals(r.err());
        }
    }

    @Test
    void aResponseBrokenOffBetweenValuesExits3AfterTheValuesBeforeIt() throws Exception {
        // Chunked, and the connection closes with no last chunk: what came is whole JSON, but not the whole body.
        try (RawServer raw = new RawServer(("HTTP/1.1 200 OK\r\nContent-Type: application/x-ndjson\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n8\r\n{\"n\":1}\n\r\n").getBytes(UTF_8))) {
            assertThat(JsonStreamCliTest.cli("--select", "/n", raw.url())).isEqualTo(new Result(3, "1\n",
                    "jsonstream: " + raw.url() + ": the connection closed before the response ended\n"));
        }
    }

    @Test
    void aBodyCutShortIsTheIncompleteInputErrorOfAFileCutThere() throws Exception {
        String part = "{\"items\":[{\"id\":1},{\"id\":2},{\"i";
        Result piped = JsonStreamCliTest.cli(part.getBytes(UTF_8), "--select", "/items/*");
        assertThat(piped.status()).isEqualTo(1);
        assertThat(piped.out()).isEqualTo("{\"id\":1}\n{\"id\":2}\n");
        // The length promises more than comes: the connection breaks mid-body.
        try (RawServer raw = new RawServer(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Content-Length: 1000\r\n\r\n" + part).getBytes(UTF_8))) {
            assertThat(JsonStreamCliTest.cli("--select", "/items/*", raw.url())).isEqualTo(new Result(1,
                    piped.out(), piped.err().replace(": -: ", ": " + raw.url() + ": ")));
        }
        // No length: the body ends, whole as far as HTTP goes, where the server closes.
        try (RawServer raw = new RawServer(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                + "Connection: close\r\n\r\n" + part).getBytes(UTF_8))) {
            assertThat(JsonStreamCliTest.cli("--select", "/items/*", raw.url())).isEqualTo(new Result(1,
                    piped.out(), piped.err().replace(": -: ", ": " + raw.url() + ": ")));
        }
    }

    @Test
    void eachLineIsWrittenOutAsItsValueArrives() throws Exception {
        // The server sends the next value only once the line of the one before is written out: without output
        // written as the body arrives, the first wait would run to its bound.
        Semaphore linesOut = new Semaphore(0);
        AtomicBoolean allInTime = new AtomicBoolean(true);
        String url = serve("/live", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 3; i++) {
                    out.write(("{\"n\":" + i + "}\n").getBytes(UTF_8));
                    out.flush();
                    if (!linesOut.tryAcquire(30, TimeUnit.SECONDS)) {
                        allInTime.set(false);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        OutputStream counting = new ByteArrayOutputStream() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                super.write(b, off, len);
                for (int i = off; i < off + len; i++) {
                    if (b[i] == '\n') {
                        linesOut.release();
                    }
                }
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JsonStreamCli.run(new String[] {"--select", "/n", url}, InputStream.nullInputStream(),
                counting, new PrintStream(err, true, UTF_8));
        assertThat(status).isZero();
        assertThat(counting.toString()).isEqualTo("0\n1\n2\n");
        assertThat(allInTime).as("each line came out before the next value was sent").isTrue();
    }

    @Test
    void aClosedOutputEndsAnEndlessResponseQuietly() throws Exception {
        // An endless NDJSON stream (bounded here, to stop even if the CLI did not), into an output that closes after
        // its first block: the run ends, as `jsonstream URL | head` should, with no error.
        String url = serve("/endless", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            byte[] line = "{\"n\":12345,\"tags\":[\"a\",\"b\",\"c\"]}\n".getBytes(UTF_8);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 5_000_000; i++) {
                    out.write(line);
                }
            } catch (IOException clientWentAway) {
                // expected: the CLI stopped reading
            }
        });
        OutputStream closesAfterOneWrite = new OutputStream() {
            private int writes;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                if (writes++ > 0) {
                    throw new IOException("Broken pipe");
                }
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = JsonStreamCli.run(new String[] {"--format", "jq-stream", url}, InputStream.nullInputStream(),
                closesAfterOneWrite, new PrintStream(err, true, UTF_8));
        assertThat(status).isZero();
        assertThat(err.toString(UTF_8)).isEmpty();
    }

    @Test
    void theSameAsCurlIntoStandardInput() throws Exception {
        assumeTrue(hasCurl(), "skipped: curl is not installed");
        String orders = serve("/orders", 200, "application/json", testdata("orders.json"));
        String ndjson = serve("/records", 200, "application/x-ndjson", testdata("records.ndjson"));
        String bad = serve("/bad", 200, "application/json", "{\"items\":[{\"id\":1},{\"id\":]}".getBytes(UTF_8));
        String[][] cases = {
            {orders, "--select", "/orders/*"},
            {orders, "--select", "/orders/*/lines/*", "--raw"},
            {orders, "--format", "pointer"},
            {ndjson, "--format", "jq-stream"},
            {bad, "--select", "/items/*"},
        };
        for (String[] c : cases) {
            String url = c[0];
            String[] args = Arrays.copyOfRange(c, 1, c.length);
            Result piped = JsonStreamCliTest.cli(curl(url), args);
            Result remote = JsonStreamCliTest.cli(with(args, url));
            assertThat(remote).as(String.join(" ", c)).isEqualTo(new Result(piped.status(), piped.out(),
                    piped.err().replace(": -: ", ": " + url + ": ")));
        }
        assertThat(JsonStreamCliTest.cli(curl(bad), "--select", "/items/*").status()).isEqualTo(1);
    }

    private static boolean hasCurl() {
        try {
            Process p = new ProcessBuilder("curl", "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** What {@code curl -s URL} writes to its standard output. */
    private static byte[] curl(String url) throws Exception {
        Process p = new ProcessBuilder("curl", "-s", url).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] body = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("curl's exit code").isZero();
        return body;
    }

    private static void assertNoInternals(String err) {
        assertThat(err).doesNotContain("Exception").doesNotContain("java.").doesNotContain("jdk.")
                .doesNotContain("\tat ").hasLineCount(1);
    }

    /**
     * A server on a bare socket, for what the JDK's HttpServer will not do: on each connection it reads the request's
     * head, writes {@code answer} as it is (nothing at all, or a response cut short) and closes the connection. Each
     * connection, since the JDK's client tries a GET again on a new one when the first closed with no response.
     */
    private static final class RawServer implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final Thread thread;

        RawServer(byte[] answer) throws IOException {
            thread = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket s = socket.accept()) {
                        readHead(s.getInputStream());
                        s.getOutputStream().write(answer);
                        s.getOutputStream().flush();
                    } catch (IOException e) {
                        // closed, or the client went away: the test sees what the client saw
                    }
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/export";
        }

        private static void readHead(InputStream in) throws IOException {
            List<Integer> last = new ArrayList<>();
            int b;
            while ((b = in.read()) >= 0) {
                last.add(b);
                if (last.size() > 4) {
                    last.remove(0);
                }
                if (last.equals(List.of((int) '\r', (int) '\n', (int) '\r', (int) '\n'))) {
                    return;
                }
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
