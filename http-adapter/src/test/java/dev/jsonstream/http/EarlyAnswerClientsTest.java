package dev.jsonstream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.decoder.TokenKind;
import io.undertow.server.HttpServerExchange;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The early answer (a problem+json 400, 413 or a consumer's 422, sent before the body ends) as the clients people
 * actually use meet it: one that writes the whole request before reading (Python's http.client, requests, most SDKs;
 * imitated on a raw socket, and Python itself when installed), the JDK's HttpClient over HTTP/1.1 and h2c, curl over
 * both when installed, and the other streams of an HTTP/2 connection beside a refused one.
 *
 * <p>Each case runs several times and must get the whole answer every time: losing it to a reset is a race the
 * client wins some of the time, so one lucky run proves nothing. Every outcome is written as one line (status,
 * Content-Type, the problem's members, or what went wrong instead), so a failure lists what each run got.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EarlyAnswerClientsTest {
    private static final long LIMIT = 1 << 20;
    private static final int REPETITIONS = 5;
    private static final int CURL_REPETITIONS = 3;
    private static final int TWO_MB = 2_000_000;
    private static final int TWENTY_MB = 20_000_000;
    private static final String PROBLEM_JSON = "application/problem+json";

    /** Over the limit, whether known from Content-Length or found while reading. */
    private static final Map<String, Object> TOO_LARGE = problem(413, "Content Too Large",
            "limit", "maxBodyBytes", "value", LIMIT);
    /** What {@link #rejecting} answers for {@link #rejectedBody}. */
    private static final Map<String, Object> REJECTED = problem(422, "Unprocessable Content",
            "detail", "qty must be positive", "pointer", "/0/qty");
    /** What {@link #malformedAtOffset2} gets: the '}' at byte offset 2, line 1, column 3. */
    private static final Map<String, Object> MALFORMED_AT_OFFSET_2 = problem(400, "Bad Request",
            "kind", "MALFORMED", "offset", 2L, "line", 1L, "column", 3L);

    /** Given to onFailure: one per body the consumer was given and that failed. */
    private final List<BodyFailure> failures = new CopyOnWriteArrayList<>();
    /** Given to the error hook: one per failed body, refused from its headers or while read. */
    private final List<BodyFailure> hooked = new CopyOnWriteArrayList<>();
    /** The client's address of each body the consumer was given: one TCP connection, one address. */
    private final List<String> peers = new CopyOnWriteArrayList<>();
    private final ExecutorService writers = Executors.newCachedThreadPool();
    /** Where a rejecting consumer decides, off the IO thread. */
    private final ScheduledExecutorService elsewhere = Executors.newSingleThreadScheduledExecutor();
    private TestServer server;
    /**
     * Buffers Undertow 2.4.4 itself gives back twice, with no adapter involved (measured with a handler that only
     * answers "ok"): when an HTTP/2 connection begun with prior knowledge closes, the buffer that held the bytes
     * after the preface is freed by the HTTP/2 channel and again by the HTTP/1.1 connection's close listener
     * ({@code AbstractServerConnection$CloseSetter}). One per such connection; h2c by Upgrade has none.
     */
    private long undertowsOwnDoubleCloses;

    @BeforeEach
    void start() {
        start(BodyLimits.defaults().withMaxBodyBytes(LIMIT));
    }

    private void start(BodyLimits limits) {
        server = new TestServer(JsonBodyHandler.builder((exchange, control) -> {
            peers.add(String.valueOf(exchange.getConnection().getPeerAddress()));
            return exchange.getRequestPath().equals("/reject") ? rejecting(control) : counting(control);
        }).limits(limits).errorHook((ex, failure) -> hooked.add(failure))
                .build());
    }

    /** Counts the tokens (END_ROOT left out) and answers with that count and the bytes decoded. */
    private BodyConsumer counting(BodyControl control) {
        return new BodyConsumer() {
            long tokens;

            @Override
            public TokenHandler tokens() {
                return t -> {
                    if (t.kind() != TokenKind.END_ROOT) {
                        tokens++;
                    }
                };
            }

            @Override
            public void onComplete(HttpServerExchange ex) {
                ex.getResponseSender().send("{\"tokens\":" + tokens + ",\"bytes\":" + control.decodedBytes() + "}");
            }

            @Override
            public void onFailure(HttpServerExchange ex, BodyFailure failure) {
                failures.add(failure);
            }
        };
    }

    /**
     * A consumer that judges the first number it sees and refuses it the way a service would: it pauses the body,
     * looks the value up on another thread (here: 20 ms later), and rejects from there with a 422, while the client
     * still has most of its body to send.
     */
    private BodyConsumer rejecting(BodyControl control) {
        return new BodyConsumer() {
            boolean judged;

            @Override
            public TokenHandler tokens() {
                return t -> {
                    if (!judged && t.kind() == TokenKind.INT) {
                        judged = true;
                        String pointer = t.pointer(); // the cursor is only valid during this call
                        t.pause();
                        elsewhere.schedule(() -> control.reject(ProblemResponse.of(422, "Unprocessable Content",
                                "qty must be positive").with("pointer", pointer)), 20, TimeUnit.MILLISECONDS);
                    }
                };
            }

            @Override
            public void onComplete(HttpServerExchange ex) {
                ex.getResponseSender().send("not rejected");
            }

            @Override
            public void onFailure(HttpServerExchange ex, BodyFailure failure) {
                failures.add(failure);
            }
        };
    }

    @AfterEach
    void everyBufferBack() throws InterruptedException {
        try {
            // The linger after an early answer may still be dropping a body's rest: wait for it, within bounds.
            long outstanding = server.pool.outstanding.get();
            for (int i = 0; i < 500 && outstanding != 0; i++) {
                Thread.sleep(10);
                outstanding = server.pool.outstanding.get();
            }
            assertThat(outstanding).as("pooled buffers not given back").isZero();
            assertThat(server.pool.doubleCloses.get()).as("pooled buffers given back twice (Undertow's own: "
                    + undertowsOwnDoubleCloses + ")").isLessThanOrEqualTo(undertowsOwnDoubleCloses);
        } finally {
            writers.shutdownNow();
            elsewhere.shutdownNow();
            server.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // A client that writes the whole request, then reads (Python's http.client, requests, many SDKs)

    @Test
    void aClientThatWritesTheWholeBodyFirstGetsA413ForAContentLengthOverTheLimit() throws Exception {
        List<String> outcomes = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int size : new int[] {TWO_MB, TWENTY_MB}) {
            byte[] body = validBody(size);
            for (int i = 0; i < REPETITIONS; i++) {
                outcomes.add(size + " bytes: " + writeWholeThenRead("/", body, false, TOO_LARGE));
                expected.add(size + " bytes: " + expectedAnswer(TOO_LARGE) + "; connection usable");
            }
        }
        assertSameLines(outcomes, expected);
        // Refused from the headers: the consumer never had the body, the hook heard of each.
        assertEachFailedBodyToldOnce(Collections.nCopies(2 * REPETITIONS, 413), List.of());
    }

    @Test
    void aClientThatWritesTheWholeBodyFirstGetsA413ForAChunkedBodyOverTheLimit() throws Exception {
        List<String> outcomes = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int size : new int[] {TWO_MB, TWENTY_MB}) {
            byte[] body = validBody(size);
            for (int i = 0; i < REPETITIONS; i++) {
                outcomes.add(size + " bytes chunked: " + writeWholeThenRead("/", body, true, TOO_LARGE));
                expected.add(size + " bytes chunked: " + expectedAnswer(TOO_LARGE) + "; connection usable");
            }
        }
        assertSameLines(outcomes, expected);
        assertEachFailedBodyToldOnce(Collections.nCopies(2 * REPETITIONS, 413),
                Collections.nCopies(2 * REPETITIONS, 413));
    }

    @Test
    void aClientThatWritesTheWholeBodyFirstGetsA400ForABodyMalformedAtItsThirdByte() throws Exception {
        List<String> outcomes = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        // 300 KB is about where the old 256 KiB linger began to lose the answer; 900 KB stays within the limit.
        for (int filler : new int[] {300_000, 900_000}) {
            byte[] body = malformedAtOffset2(filler);
            for (boolean chunked : new boolean[] {false, true}) {
                String label = body.length + " bytes" + (chunked ? " chunked: " : ": ");
                for (int i = 0; i < REPETITIONS; i++) {
                    outcomes.add(label + writeWholeThenRead("/", body, chunked, MALFORMED_AT_OFFSET_2));
                    expected.add(label + expectedAnswer(MALFORMED_AT_OFFSET_2) + "; connection usable");
                }
            }
        }
        assertSameLines(outcomes, expected);
        assertEachFailedBodyToldOnce(Collections.nCopies(4 * REPETITIONS, 400),
                Collections.nCopies(4 * REPETITIONS, 400));
    }

    @Test
    void aClientThatWritesTheWholeBodyFirstGetsAConsumersRejection() throws Exception {
        List<String> outcomes = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        // Within the limit by Content-Length; and chunked, far past it: once rejected, the rest is only dropped.
        for (int size : new int[] {900_000, TWENTY_MB}) {
            boolean chunked = size == TWENTY_MB;
            byte[] body = rejectedBody(size);
            String label = size + " bytes" + (chunked ? " chunked: " : ": ");
            for (int i = 0; i < REPETITIONS; i++) {
                outcomes.add(label + writeWholeThenRead("/reject", body, chunked, REJECTED));
                expected.add(label + expectedAnswer(REJECTED) + "; connection usable");
            }
        }
        assertSameLines(outcomes, expected);
        assertEachFailedBodyToldOnce(Collections.nCopies(2 * REPETITIONS, 422),
                Collections.nCopies(2 * REPETITIONS, 422));
    }

    /**
     * Like Python's http.client: writes the request line, the headers and the whole body, and only then reads the
     * response. The write runs on its own thread only so that a server that stops reading cannot hang the test;
     * nothing is read before it has ended. Then the connection must be usable: if the answer did not say
     * {@code Connection: close}, a second request on it must be served; if it did, it must end cleanly, not reset.
     * Returns the outcome as one line.
     */
    private String writeWholeThenRead(String path, byte[] body, boolean chunked, Map<String, Object> expected)
            throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            long[] written = new long[1];
            Future<?> writing = writers.submit(() -> {
                out.write(utf8("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + (chunked ? "Transfer-Encoding: chunked" : "Content-Length: " + body.length) + "\r\n\r\n"));
                for (int at = 0; at < body.length; at += 64 * 1024) {
                    int n = Math.min(64 * 1024, body.length - at);
                    if (chunked) {
                        out.write(utf8(Integer.toHexString(n) + "\r\n"));
                    }
                    out.write(body, at, n);
                    if (chunked) {
                        out.write(utf8("\r\n"));
                    }
                    written[0] = at + n;
                }
                if (chunked) {
                    out.write(utf8("0\r\n\r\n"));
                }
                out.flush();
                return null;
            });
            try {
                writing.get(40, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                return "writing failed after " + written[0] + " of " + body.length + " body bytes: " + e.getCause();
            } catch (TimeoutException e) {
                return "writing did not end within 40 s (" + written[0] + " of " + body.length + " body bytes)";
            }
            InputStream in = new BufferedInputStream(socket.getInputStream());
            RawResponse response;
            try {
                response = RawResponse.read(in);
            } catch (IOException e) {
                return "reading the answer failed: " + e;
            }
            String answer = answer(response.status, response.header("content-type"), response.body, expected);
            // an answer delimited by the connection's end is lost whole to a reset of that end (the JDK client
            // reports it as "http1_0 content")
            if (response.header("content-length").isEmpty() && response.header("transfer-encoding").isEmpty()) {
                answer += " (no Content-Length: delimited by the connection's end)";
            }
            return answer + "; " + afterwards(response, out, in);
        }
    }

    /** Whether the connection is still good after an answer: served again, or closed without a reset. */
    private String afterwards(RawResponse response, OutputStream out, InputStream in) {
        try {
            if ("close".equalsIgnoreCase(response.header("connection"))) {
                int next = in.read();
                return next == -1 ? "connection usable" : "said close, then sent more: " + (char) next;
            }
            out.write(utf8("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 7\r\n\r\n[1,2,3]"));
            out.flush();
            RawResponse second = RawResponse.read(in);
            if (second.status == 200 && second.body.equals("{\"tokens\":5,\"bytes\":7}")) {
                return "connection usable";
            }
            return "kept alive, but a second request got " + second.status + " " + second.body;
        } catch (IOException e) {
            return "connection not usable afterwards: " + e;
        }
    }

    /** A response read off a raw socket: status, headers (names in lower case) and body. */
    private record RawResponse(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        static RawResponse read(InputStream in) throws IOException {
            String head = JsonBodyHandlerTest.readHead(in);
            if (!head.endsWith("\r\n\r\n")) {
                throw new EOFException("the connection ended inside the response head: \"" + head + "\"");
            }
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].substring(9, 12));
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
            byte[] body;
            if (headers.containsKey("content-length")) {
                int length = Integer.parseInt(headers.get("content-length"));
                body = in.readNBytes(length);
                if (body.length < length) {
                    throw new EOFException("the body ended after " + body.length + " of " + length + " bytes");
                }
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = readChunks(in);
            } else {
                body = in.readAllBytes(); // delimited by the connection's end
            }
            return new RawResponse(status, headers, new String(body, StandardCharsets.UTF_8));
        }

        private static byte[] readChunks(InputStream in) throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line(in);
                int n = Integer.parseInt(size.split(";")[0].trim(), 16);
                if (n == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers, none expected
                    }
                    return body.toByteArray();
                }
                byte[] chunk = in.readNBytes(n);
                if (chunk.length < n) {
                    throw new EOFException("a chunk ended early");
                }
                body.write(chunk);
                line(in);
            }
        }

        private static String line(InputStream in) throws IOException {
            StringBuilder sb = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c == -1) {
                    throw new EOFException("the chunked body ended early");
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The JDK's HttpClient, over HTTP/1.1 and h2c. It completes a response only once it has sent the whole body
    // (measured on 17: a 413 that came at once was returned when the body's last byte had gone, seconds later).

    @Test
    void theJdkClientOverHttp11GetsTheWholeAnswer() throws Exception {
        HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        jdkClientGetsTheWholeAnswer(() -> http11, HttpClient.Version.HTTP_1_1);
    }

    /**
     * A new client, so a new connection, for each repetition: one connection lost to a failure would otherwise send
     * the next big body over HTTP/1.1 (see {@link #h2cClient}), and each repetition should stand on its own.
     */
    @Test
    void theJdkClientOverH2cGetsTheWholeAnswer() throws Exception {
        jdkClientGetsTheWholeAnswer(this::h2cClient, HttpClient.Version.HTTP_2);
    }

    private interface ClientSource {
        HttpClient get() throws Exception;
    }

    private void jdkClientGetsTheWholeAnswer(ClientSource clients, HttpClient.Version version) throws Exception {
        byte[] tooLarge = validBody(TWO_MB);
        byte[] malformed = malformedAtOffset2(900_000);
        byte[] rejected = rejectedBody(900_000);
        List<String> outcomes = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<Integer> hookedStatuses = new ArrayList<>();
        List<Integer> failureStatuses = new ArrayList<>();
        for (int i = 0; i < REPETITIONS; i++) {
            HttpClient client = clients.get();
            outcomes.add("2 MB: " + jdkOutcome(client, "/", tooLarge, TOO_LARGE));
            expected.add("2 MB: " + expectedAnswer(TOO_LARGE) + " over " + version);
            outcomes.add("malformed: " + jdkOutcome(client, "/", malformed, MALFORMED_AT_OFFSET_2));
            expected.add("malformed: " + expectedAnswer(MALFORMED_AT_OFFSET_2) + " over " + version);
            outcomes.add("rejected: " + jdkOutcome(client, "/reject", rejected, REJECTED));
            expected.add("rejected: " + expectedAnswer(REJECTED) + " over " + version);
            hookedStatuses.addAll(List.of(413, 400, 422));
            failureStatuses.addAll(List.of(400, 422)); // the 413 is by Content-Length: no consumer was made
        }
        assertSameLines(outcomes, expected);
        assertEachFailedBodyToldOnce(hookedStatuses, failureStatuses);
    }

    /**
     * An HTTP/2 client already on h2c. The JDK asks for h2c with an Upgrade on its first request, but Undertow only
     * upgrades a request whose body it can buffer (MAX_BUFFERED_REQUEST_SIZE, 16 KiB by default); a bigger one is
     * served over HTTP/1.1. So a small valid POST goes first, and must come back over HTTP/2 already.
     */
    private HttpClient h2cClient() throws Exception {
        HttpClient h2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> first = h2.send(post("[1,2,3]").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(first.version()).as("the upgrading request").isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(first.body()).isEqualTo("{\"tokens\":5,\"bytes\":7}");
        return h2;
    }

    private HttpRequest.Builder post(String json) {
        return post("/", HttpRequest.BodyPublishers.ofString(json));
    }

    private HttpRequest.Builder post(String path, HttpRequest.BodyPublisher body) {
        return HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(body);
    }

    private String jdkOutcome(HttpClient client, String path, byte[] body, Map<String, Object> expected)
            throws InterruptedException {
        try {
            HttpResponse<String> r = client.send(post(path, HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body(), expected)
                    + " over " + r.version();
        } catch (IOException e) {
            return e.toString();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Programs: curl, Python

    @Test
    void curlGetsTheWholeAnswerOverHttp2AndHttp11(@TempDir Path dir) throws Exception {
        Path curl = onPath("curl");
        assumeTrue(curl != null, "curl is not installed: skipped");
        Path tooLarge = Files.write(dir.resolve("too-large.json"), validBody(TWO_MB));
        Path malformed = Files.write(dir.resolve("malformed.json"), malformedAtOffset2(900_000));
        Path rejected = Files.write(dir.resolve("rejected.json"), rejectedBody(900_000));
        List<List<String>> modes = List.of(List.of("--http2-prior-knowledge"), List.of("--http1.1"),
                // curl (7.88) asks "Expect: 100-continue" before a body over 1 MiB, so its 2 MB is refused unsent;
                // without it the body comes at once
                List.of("--http1.1", "-H", "Expect:"));
        List<String> outcomes = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        List<Integer> hookedStatuses = new ArrayList<>();
        List<Integer> failureStatuses = new ArrayList<>();
        for (List<String> mode : modes) {
            String over = " over HTTP/" + (mode.contains("--http2-prior-knowledge") ? "2" : "1.1");
            for (int i = 0; i < CURL_REPETITIONS; i++) {
                outcomes.add(mode + " 2 MB: " + curlOutcome(curl, mode, "/", tooLarge, dir, TOO_LARGE));
                expected.add(mode + " 2 MB: exit 0, " + expectedAnswer(TOO_LARGE) + over);
                outcomes.add(mode + " malformed: " + curlOutcome(curl, mode, "/", malformed, dir,
                        MALFORMED_AT_OFFSET_2));
                expected.add(mode + " malformed: exit 0, " + expectedAnswer(MALFORMED_AT_OFFSET_2) + over);
                outcomes.add(mode + " rejected: " + curlOutcome(curl, mode, "/reject", rejected, dir, REJECTED));
                expected.add(mode + " rejected: exit 0, " + expectedAnswer(REJECTED) + over);
                hookedStatuses.addAll(List.of(413, 400, 422));
                failureStatuses.addAll(List.of(400, 422));
            }
        }
        assertSameLines(outcomes, expected);
        assertEachFailedBodyToldOnce(hookedStatuses, failureStatuses);
    }

    /** Runs curl once: its exit status, then the answer as one line (or curl's own complaint). */
    private String curlOutcome(Path curl, List<String> mode, String path, Path body, Path dir,
            Map<String, Object> expected) throws Exception {
        Path answerFile = dir.resolve("answer");
        Path errors = dir.resolve("errors");
        Files.deleteIfExists(answerFile);
        List<String> command = new ArrayList<>(List.of(curl.toString(), "-sS", "--max-time", "60"));
        command.addAll(mode);
        command.addAll(List.of("-H", "Content-Type: application/json", "--data-binary", "@" + body,
                "-o", answerFile.toString(), "-w", "%{http_code} %{http_version} %{content_type}",
                server.uri(path).toString()));
        if (mode.contains("--http2-prior-knowledge")) {
            undertowsOwnDoubleCloses++;
        }
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        byte[] written = process.getInputStream().readAllBytes();
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return "curl did not end within 90 s";
        }
        String[] w = new String(written, StandardCharsets.UTF_8).split(" ", 3);
        int exit = process.exitValue();
        if (exit != 0) {
            return "exit " + exit + " (" + Files.readString(errors).strip() + "), status " + w[0];
        }
        String received = Files.exists(answerFile) ? Files.readString(answerFile) : "";
        return "exit 0, " + answer(Integer.parseInt(w[0]), w.length > 2 ? w[2] : "", received, expected)
                + " over HTTP/" + w[1];
    }

    /**
     * Python's own http.client, which the raw-socket client above imitates: it writes the whole body, then reads. A
     * second request on the same connection follows when the answer did not say {@code Connection: close}. One
     * Python process runs every case, one line of JSON each (a pyenv shim takes over a second to start).
     */
    @Test
    void pythonsHttpClientGetsTheWholeAnswer(@TempDir Path dir) throws Exception {
        Path python = onPath("python3");
        assumeTrue(python != null, "python3 is not installed: skipped");
        Path script = Files.writeString(dir.resolve("post.py"), String.join("\n",
                "import http.client, json, sys",
                "port, cases = int(sys.argv[1]), sys.argv[2:]",
                "for path, file in zip(cases[0::2], cases[1::2]):",
                "    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=30)",
                "    try:",
                "        conn.request('POST', path, body=open(file, 'rb').read(),"
                        + " headers={'Content-Type': 'application/json'})",
                "        r = conn.getresponse()",
                "        out = {'status': r.status, 'type': r.getheader('Content-Type'), 'body': r.read().decode()}",
                "        if (r.getheader('Connection') or '').lower() != 'close':",
                "            conn.request('POST', '/', body=b'[1,2,3]', headers={'Content-Type': 'application/json'})",
                "            second = conn.getresponse()",
                "            out['then'] = '%d %s' % (second.status, second.read().decode())",
                "        else:",
                "            out['then'] = 'closed'",
                "    except Exception as e:",
                "        out = {'failed': '%s: %s' % (type(e).__name__, e)}",
                "    conn.close()",
                "    print(json.dumps(out), flush=True)",
                ""));
        Map<String, Path> bodies = new LinkedHashMap<>();
        bodies.put("2 MB", Files.write(dir.resolve("too-large.json"), validBody(TWO_MB)));
        bodies.put("20 MB", Files.write(dir.resolve("much-too-large.json"), validBody(TWENTY_MB)));
        bodies.put("malformed", Files.write(dir.resolve("malformed.json"), malformedAtOffset2(900_000)));
        bodies.put("rejected", Files.write(dir.resolve("rejected.json"), rejectedBody(900_000)));
        Map<String, Map<String, Object>> problems = Map.of("2 MB", TOO_LARGE, "20 MB", TOO_LARGE,
                "malformed", MALFORMED_AT_OFFSET_2, "rejected", REJECTED);
        List<String> command = new ArrayList<>(List.of(python.toString(), script.toString(),
                String.valueOf(server.port)));
        List<String> cases = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < CURL_REPETITIONS; i++) {
            for (Map.Entry<String, Path> body : bodies.entrySet()) {
                command.addAll(List.of(body.getKey().equals("rejected") ? "/reject" : "/",
                        body.getValue().toString()));
                cases.add(body.getKey());
                expected.add(body.getKey() + ": " + expectedAnswer(problems.get(body.getKey()))
                        + "; connection usable");
            }
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        List<String> printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();
        assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("python ended").isTrue();
        List<String> outcomes = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            String line = i < printed.size() ? printed.get(i) : "{\"failed\":\"nothing printed\"}";
            Map<String, Object> out;
            try {
                out = jsonObject(line);
            } catch (IOException e) {
                out = Map.of("failed", line); // a Python traceback
            }
            String outcome;
            if (out.containsKey("failed")) {
                outcome = "failed: " + out.get("failed");
            } else {
                Object then = out.get("then");
                outcome = answer(((Long) out.get("status")).intValue(), String.valueOf(out.get("type")),
                        (String) out.get("body"), problems.get(cases.get(i)))
                        + ("closed".equals(then) || "200 {\"tokens\":5,\"bytes\":7}".equals(then)
                        ? "; connection usable" : "; then " + then);
            }
            outcomes.add(cases.get(i) + ": " + outcome);
        }
        assertSameLines(outcomes, expected);
        List<Integer> hookedStatuses = new ArrayList<>();
        List<Integer> failureStatuses = new ArrayList<>();
        for (int i = 0; i < CURL_REPETITIONS; i++) {
            hookedStatuses.addAll(List.of(413, 413, 400, 422));
            failureStatuses.addAll(List.of(400, 422));
        }
        assertEachFailedBodyToldOnce(hookedStatuses, failureStatuses);
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------------------
    // HTTP/2: a refused stream still being sent does not hold up the others on its connection

    /**
     * The refused stream is held open by its client (it has 3.5 MB more to send, then waits for the other stream)
     * while the other stream sends a valid body. A server that stops reading the refused stream without giving its
     * flow-control credit back leaves the client no connection window for the other; one that resets the stream
     * with CANCEL loses its answer. A new client, so a new connection, for each repetition.
     */
    @Test
    void anHttp2StreamAnsweredEarlyDoesNotStallAnotherOnTheSameConnection() throws Exception {
        byte[] valid = validBody(300_000);
        List<String> outcomes = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < REPETITIONS; i++) {
            int peersBefore = peers.size(); // the warm-up's connection counts: it is the one to go on
            HttpClient h2 = h2cClient();
            int hookedBefore = hooked.size();
            CompletableFuture<HttpResponse<String>> other = new CompletableFuture<>();
            RefusedThenMore refusedBody = new RefusedThenMore(validBody(5_000_000), 1_500_000,
                    // past the limit: stop until the server has said so, so that there is much left to send
                    () -> awaitTrue(() -> hooked.size() > hookedBefore, 10_000),
                    // keep the stream open until the other one is done (or 15 s have gone)
                    () -> {
                        try {
                            other.get(15, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            // the other's outcome is judged below
                        }
                    });
            CompletableFuture<HttpResponse<String>> refused = h2.sendAsync(post("/",
                    HttpRequest.BodyPublishers.ofInputStream(() -> refusedBody)).build(),
                    HttpResponse.BodyHandlers.ofString());
            awaitTrue(() -> hooked.size() > hookedBefore || refused.isDone(), 15_000);
            String otherOutcome;
            if (hooked.size() > hookedBefore) {
                boolean[] refusedEndedFirst = new boolean[1];
                h2.sendAsync(post("/", HttpRequest.BodyPublishers.ofByteArray(valid)).build(),
                        HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                            // before completing: the refused body's last bytes wait for this very future
                            refusedEndedFirst[0] = refusedBody.ended;
                            if (e != null) {
                                other.completeExceptionally(e);
                            } else {
                                other.complete(r);
                            }
                        });
                otherOutcome = futureOutcome(other, null);
                otherOutcome += refusedEndedFirst[0] ? ", after the refused body's end"
                        : ", before the refused body's end";
            } else {
                otherOutcome = "not sent: the first stream was not refused within 15 s";
                other.cancel(true);
            }
            String refusedOutcome = futureOutcome(refused, TOO_LARGE);
            outcomes.add("refused: " + refusedOutcome + "; other: " + otherOutcome + "; connections: "
                    + new HashSet<>(peers.subList(peersBefore, peers.size())).size());
            expected.add("refused: " + expectedAnswer(TOO_LARGE) + " over HTTP_2; other: 200 {\"tokens\":4,\"bytes\":"
                    + valid.length + "} over HTTP_2, before the refused body's end; connections: 1");
        }
        assertSameLines(outcomes, expected);
        // the warm-up POSTs of h2cClient were valid: only the refused bodies failed
        assertEachFailedBodyToldOnce(Collections.nCopies(REPETITIONS, 413), Collections.nCopies(REPETITIONS, 413));
    }

    /**
     * Past the linger bound (here 256 KiB more; a client sending 5 MB over a 1 MiB limit reaches it) an HTTP/2 stream
     * is ended with RST_STREAM(NO_ERROR) after its complete answer, as RFC 9113 §8.1 provides, and the connection must
     * go on: the next stream is served on it. A client sending at full speed always has DATA in flight when the reset
     * reaches it, and RFC 9113 §5.1 says "An endpoint MUST ignore frames that it receives on closed streams after it
     * has sent a RST_STREAM frame"; Undertow 2.4.4 answers a DATA frame for a stream it no longer knows with
     * GOAWAY(PROTOCOL_ERROR) ({@code Http2Channel.createChannelImpl}), which ends every stream on the connection.
     *
     * <p>Whether this client hears its 413 is not asked: the JDK's HttpClient (17) completes a response only once it
     * has sent its whole body, and ignores a RST_STREAM that comes after the response's END_STREAM (it goes on
     * sending), so past the bound it never can. Asked is that it gets nothing but the 413 if it gets an answer.
     */
    @Test
    void anHttp2StreamEndedPastTheLingerBoundLeavesItsConnectionServing() throws Exception {
        server.close();
        start(BodyLimits.defaults().withMaxBodyBytes(LIMIT).withLinger(256 * 1024, Duration.ofSeconds(30),
                Duration.ofSeconds(5)));
        byte[] big = validBody(5_000_000);
        byte[] valid = validBody(300_000);
        List<String> outcomes = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < REPETITIONS; i++) {
            for (boolean byLength : new boolean[] {true, false}) {
                int peersBefore = peers.size(); // the warm-up's connection counts: it is the one to go on
                HttpClient h2 = h2cClient();
                HttpRequest.BodyPublisher body = byLength ? HttpRequest.BodyPublishers.ofByteArray(big)
                        : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big));
                CompletableFuture<HttpResponse<String>> refusedFuture = h2.sendAsync(post("/", body).build(),
                        HttpResponse.BodyHandlers.ofString());
                // JDK 17 hands out a response only once it has sent the whole body, and it takes no notice of a
                // RST_STREAM(NO_ERROR) that follows a complete response: past the bound it waits for credit that
                // never comes. So the next request is not made to wait for the refused one, and the refused one is
                // given a few seconds, then let go.
                String next = futureOutcome(h2.sendAsync(post("/", HttpRequest.BodyPublishers.ofByteArray(valid))
                        .build(), HttpResponse.BodyHandlers.ofString()), null);
                String refused = futureOutcome(refusedFuture, TOO_LARGE, 3);
                String label = byLength ? "refused by Content-Length: " : "refused while read: ";
                boolean noAnswer = refused.startsWith("java.io.IOException") || refused.startsWith("no response");
                boolean rightOrNone = noAnswer || refused.equals(expectedAnswer(TOO_LARGE) + " over HTTP_2");
                // why there was no answer, on both lines: it differs from run to run, and shows what went on
                String aside = noAnswer ? " (the refused one: " + refused + ")" : "";
                outcomes.add(label + (rightOrNone ? "413 or no answer" : refused) + "; next: " + next
                        + "; connections: " + new HashSet<>(peers.subList(peersBefore, peers.size())).size()
                        + aside);
                expected.add(label + "413 or no answer; next: 200 {\"tokens\":4,\"bytes\":" + valid.length
                        + "} over HTTP_2; connections: 1" + aside);
            }
        }
        assertSameLines(outcomes, expected);
        assertEachFailedBodyToldOnce(Collections.nCopies(2 * REPETITIONS, 413), Collections.nCopies(REPETITIONS, 413));
    }

    /**
     * A body sent as fast as the client may, which stops at {@code pauseAt} until {@code atPause} returns (the server
     * has refused it by then), goes on, and before its last two bytes waits for {@code beforeEnd}; {@code ended} once
     * those are handed out.
     */
    private static final class RefusedThenMore extends PullInputStream {
        private final byte[] body;
        private final int pauseAt;
        private final Runnable atPause;
        private final Runnable beforeEnd;
        private int sent;
        volatile boolean ended;

        RefusedThenMore(byte[] body, int pauseAt, Runnable atPause, Runnable beforeEnd) {
            this.body = body;
            this.pauseAt = pauseAt;
            this.atPause = atPause;
            this.beforeEnd = beforeEnd;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (sent == body.length) {
                return -1;
            }
            if (sent == pauseAt) {
                atPause.run();
            }
            if (sent == body.length - 2) {
                beforeEnd.run();
                ended = true;
            }
            int stop = sent < pauseAt ? pauseAt : sent < body.length - 2 ? body.length - 2 : body.length;
            int n = Math.min(len, stop - sent);
            System.arraycopy(body, sent, b, off, n);
            sent += n;
            return n;
        }
    }

    /** A response as one line (only the status and body when {@code expected} is null), or why there was none. */
    private static String futureOutcome(CompletableFuture<HttpResponse<String>> future, Map<String, Object> expected)
            throws InterruptedException {
        return futureOutcome(future, expected, 30);
    }

    private static String futureOutcome(CompletableFuture<HttpResponse<String>> future, Map<String, Object> expected,
            int seconds) throws InterruptedException {
        try {
            HttpResponse<String> r = future.get(seconds, TimeUnit.SECONDS);
            String line = expected == null ? r.statusCode() + " " + r.body()
                    : answer(r.statusCode(), r.headers().firstValue("content-type").orElse(""), r.body(), expected);
            return line + " over " + r.version();
        } catch (ExecutionException e) {
            return String.valueOf(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            return "no response within " + seconds + " s";
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Shared

    /** One line per outcome, compared as text: a failure shows every repetition's outcome beside the expected. */
    private static void assertSameLines(List<String> outcomes, List<String> expected) {
        assertThat(String.join("\n", outcomes)).isEqualTo(String.join("\n", expected));
    }

    /**
     * Each failed body was told once, to onFailure (if the consumer had it) and to the hook: waits (at most 5 s) for
     * the expected number, then a little longer, since a second report of the same body would come late.
     */
    private void assertEachFailedBodyToldOnce(List<Integer> hookedStatuses, List<Integer> failureStatuses)
            throws InterruptedException {
        awaitTrue(() -> hooked.size() >= hookedStatuses.size() && failures.size() >= failureStatuses.size(), 5000);
        Thread.sleep(200);
        assertThat(hooked).extracting(BodyFailure::status).as("told to the error hook")
                .containsExactlyInAnyOrderElementsOf(hookedStatuses);
        assertThat(failures).extracting(BodyFailure::status).as("told to onFailure")
                .containsExactlyInAnyOrderElementsOf(failureStatuses);
    }

    private static void awaitTrue(BooleanSupplier condition, long millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** {"pad":"xxx…"}: valid JSON of exactly {@code size} bytes, so that only its size can be refused. */
    private static byte[] validBody(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        byte[] head = utf8("{\"pad\":\"");
        System.arraycopy(head, 0, body, 0, head.length);
        body[size - 2] = '"';
        body[size - 1] = '}';
        return body;
    }

    /** "[1}", wrong at byte offset 2, then {@code filler} more bytes: the rest of an array with one big string. */
    private static byte[] malformedAtOffset2(int filler) {
        byte[] body = new byte[3 + filler];
        Arrays.fill(body, (byte) 'x');
        byte[] head = utf8("[1},\"");
        System.arraycopy(head, 0, body, 0, head.length);
        body[body.length - 2] = '"';
        body[body.length - 1] = ']';
        return body;
    }

    /** [{"qty":-1},"xxx…"]: valid JSON of {@code size} bytes, whose first number {@link #rejecting} refuses. */
    private static byte[] rejectedBody(int size) {
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'x');
        byte[] head = utf8("[{\"qty\":-1},\"");
        System.arraycopy(head, 0, body, 0, head.length);
        body[size - 2] = '"';
        body[size - 1] = ']';
        return body;
    }

    /** The members a problem must have: RFC 9457's type, title and status, and the given extension members. */
    private static Map<String, Object> problem(int status, String title, Object... members) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "about:blank");
        m.put("title", title);
        m.put("status", (long) status);
        for (int i = 0; i < members.length; i += 2) {
            m.put((String) members[i], members[i + 1]);
        }
        return m;
    }

    private static String expectedAnswer(Map<String, Object> problem) {
        return problem.get("status") + " " + PROBLEM_JSON + " " + problem;
    }

    /**
     * A response as one line comparable with {@link #expectedAnswer}: status, Content-Type, and the members of the
     * body that {@code expected} names (a missing one shows as such), or the body itself when it is no JSON object.
     */
    private static String answer(int status, String contentType, String body, Map<String, Object> expected) {
        String members;
        try {
            Map<String, Object> actual = jsonObject(body);
            Map<String, Object> picked = new LinkedHashMap<>();
            for (String name : expected.keySet()) {
                picked.put(name, actual.getOrDefault(name, "<missing>"));
            }
            members = picked.toString();
        } catch (IOException | RuntimeException e) {
            members = "not a JSON object (" + e.getMessage() + "): "
                    + (body.length() > 200 ? body.substring(0, 200) + "..." : body);
        }
        return status + " " + contentType + " " + members;
    }

    /** A flat JSON object's members: numbers as longs, strings as strings, anything else as its token name. */
    private static Map<String, Object> jsonObject(String json) throws IOException {
        Map<String, Object> members = new LinkedHashMap<>();
        try (JsonParser p = new JsonFactory().createParser(json)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not an object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.getCurrentName();
                JsonToken value = p.nextToken();
                members.put(name, value == JsonToken.VALUE_NUMBER_INT ? (Object) p.getLongValue()
                        : value == JsonToken.VALUE_STRING ? p.getText() : value.name());
                p.skipChildren();
            }
            if (p.nextToken() != null) {
                throw new IOException("more after the object");
            }
        }
        return members;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
