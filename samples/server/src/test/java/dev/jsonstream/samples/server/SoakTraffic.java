package dev.jsonstream.samples.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * Makes one request of a {@link TrafficKind} against the soak server and judges the answer. Each worker thread has
 * its own {@link Worker} (its kept-alive raw connection); the JDK clients are shared. Closing it stops the watchdogs
 * of the requests written whole before reading.
 */
final class SoakTraffic implements Closeable {
    /** How a request ended: a short label for the table, whether it is what the kind expects, and any detail. */
    record Outcome(String label, boolean ok, String detail) {
        static Outcome ok(String label) {
            return new Outcome(label, true, "");
        }

        static Outcome fail(String label, String detail) {
            return new Outcome(label, false, detail);
        }
    }

    /** A valid body as sent, and the stats it must get. */
    private record Body(byte[] bytes, String type, String expectedStats) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DECODE_ERROR_KINDS = Set.of("MALFORMED", "INCOMPLETE", "ENCODING");

    private final int port;
    private final long maxBodyBytes;
    private final HttpClient http1;
    private final HttpClient h2c;
    private final byte[][] bombs;
    /** Close the connection of a request written whole before reading when its writing blocks too long. */
    private final ScheduledExecutorService writeWatchdogs = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "soak-write-watchdog");
        t.setDaemon(true);
        return t;
    });
    /** Requests sent by the h2c client, and its answers that came over HTTP/2 (whatever their content). */
    final LongAdder h2cRequests = new LongAdder();
    final LongAdder http2Answers = new LongAdder();

    SoakTraffic(int port, long maxBodyBytes, long maxInflatedBytes, HttpClient http1, HttpClient h2c) {
        this.port = port;
        this.maxBodyBytes = maxBodyBytes;
        this.http1 = http1;
        this.h2c = h2c;
        this.bombs = gzipBombs(maxInflatedBytes);
    }

    @Override
    public void close() {
        writeWatchdogs.shutdownNow();
    }

    /** One per worker thread: the raw connection it keeps alive between valid requests. */
    static final class Worker implements Closeable {
        RawHttp keptAlive;

        @Override
        public void close() throws IOException {
            if (keptAlive != null) {
                keptAlive.close();
                keptAlive = null;
            }
        }
    }

    Outcome run(TrafficKind kind, Random random, Worker worker) {
        try {
            return switch (kind) {
                case VALID_KEEP_ALIVE -> validRaw(random, worker, false, false);
                case VALID_CHUNKED -> validRaw(random, worker, true, false);
                case VALID_GZIP -> validRaw(random, worker, random.nextInt(3) == 0, true);
                case VALID_HTTP_CLIENT -> validByJdkClient(random, http1);
                case VALID_H2C -> validByJdkClient(random, h2c);
                case EXPECT_CONTINUE -> expectContinue(random);
                case MALFORMED -> malformed(random);
                case MALFORMED_WRITE_FIRST -> malformedWriteFirst(random);
                case OVER_LIMIT_LENGTH -> overLimitByLength(random);
                case OVER_LIMIT_CHUNKED -> overLimitChunked(random);
                case OVER_LIMIT_WRITE_FIRST -> overLimitWriteFirst(random);
                case GZIP_BOMB -> gzipBomb(random);
                case H2C_EARLY_413 -> h2cOverLimit(random);
                case H2C_EARLY_400 -> h2cMalformedEarly(random);
                case ORDERS_422 -> ordersUnbound(random);
                case WRONG_MEDIA_TYPE -> wrongMediaType(random);
                case DISCONNECT_FIN -> disconnect(random, false);
                case DISCONNECT_RST -> disconnect(random, true);
                case TRICKLE -> trickle(random);
            };
        } catch (IOException e) {
            return Outcome.fail(ioError(e), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.fail("interrupted", e.toString());
        }
    }

    /**
     * The label of a request that ended in an I/O error: its message without addresses and numbers, so that the
     * table tells the ways apart ("GOAWAY received": the server ended the h2c connection, every stream on it lost).
     */
    static String ioError(IOException e) {
        String message = String.valueOf(e.getMessage()).replaceAll("/?\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+:? ?", "")
                .replaceAll("\\d+", "N");
        return "I/O error: " + e.getClass().getSimpleName() + " " + (message.length() > 60 ? message.substring(0, 60)
                : message);
    }

    /** Mostly small bodies, some tens of KB, a few up to about 200 KB (all under --max-body-bytes). */
    private static int bodySize(Random random) {
        int p = random.nextInt(100);
        if (p < 70) {
            return 2 + random.nextInt(2_000);
        }
        if (p < 95) {
            return 2_000 + random.nextInt(30_000);
        }
        return 32_000 + random.nextInt(170_000);
    }

    private Body validBody(Random random) {
        boolean ndjson = random.nextInt(4) == 0;
        byte[] bytes = ndjson ? RandomJson.ndjson(random, bodySize(random)) : RandomJson.document(random,
                bodySize(random));
        if (bytes.length > maxBodyBytes) {
            throw new IllegalStateException("a valid body of " + bytes.length + " bytes is over the soak's limit");
        }
        String type = ndjson ? "application/x-ndjson" : random.nextInt(5) == 0 ? "application/vnd.soak+json"
                : "application/json";
        return new Body(bytes, type, JacksonStats.of(bytes));
    }

    private static Outcome statsAnswer(int status, String body, String expected, String label) {
        if (status != 200) {
            return Outcome.fail("status " + status + " (expected 200)", body);
        }
        if (!body.equals(expected)) {
            return Outcome.fail("stats differ", "expected " + expected + " got " + body);
        }
        return Outcome.ok(label);
    }

    /** A valid body on the worker's kept-alive connection; a connection found stale is replaced once. */
    private Outcome validRaw(Random random, Worker worker, boolean chunked, boolean gzip) throws IOException {
        Body body = validBody(random);
        byte[] payload = gzip ? gzip(body.bytes) : body.bytes;
        ByteArrayOutputStream request = new ByteArrayOutputStream(payload.length + 256);
        String encoding = gzip ? "gzip" : "identity";
        if (chunked) {
            request.writeBytes(RawHttp.head("POST", "/stats", "Content-Type", body.type, "Content-Encoding", encoding,
                    "Transfer-Encoding", "chunked"));
            int[] pieces = {1 + random.nextInt(20_000), 1 + random.nextInt(300), 1 + random.nextInt(5_000)};
            request.writeBytes(RawHttp.chunked(payload, pieces));
        } else {
            request.writeBytes(RawHttp.head("POST", "/stats", "Content-Type", body.type, "Content-Encoding", encoding,
                    "Content-Length", Integer.toString(payload.length)));
            request.writeBytes(payload);
        }
        for (int attempt = 0; ; attempt++) {
            boolean reused = worker.keptAlive != null;
            if (!reused) {
                worker.keptAlive = new RawHttp(port);
            }
            RawHttp c = worker.keptAlive;
            RawHttp.Response r;
            long t0 = System.nanoTime();
            long sent;
            try {
                c.send(request.toByteArray());
                sent = System.nanoTime();
                c.requests++;
                r = c.read();
            } catch (IOException e) {
                worker.close();
                if (reused && attempt == 0) {
                    continue; // the server may close an idle connection: any client retries on a new one
                }
                throw e;
            }
            if (r.closes()) {
                worker.close();
            }
            String label = "200 stats equal" + (attempt > 0 ? ", after a stale kept-alive connection"
                    : reused ? ", connection reused" : "");
            Outcome o = statsAnswer(r.status(), r.text(), body.expectedStats, label);
            // when it fails, how long the client took to send and the server to answer: whose side was slow
            return o.ok() ? o : Outcome.fail(o.label(), o.detail() + String.format(" (%d bytes sent in %d ms,"
                    + " answer after %d ms)", request.size(), (sent - t0) / 1_000_000,
                    (System.nanoTime() - t0) / 1_000_000));
        }
    }

    private Outcome validByJdkClient(Random random, HttpClient client) throws IOException, InterruptedException {
        Body body = validBody(random);
        byte[] bytes = body.bytes;
        HttpRequest.BodyPublisher publisher = random.nextBoolean() ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)); // no length
        long t0 = System.nanoTime();
        HttpResponse<String> r = send(client, "/stats", body.type, publisher);
        Outcome o = statsAnswer(r.statusCode(), r.body(), body.expectedStats, "200 stats equal, " + r.version());
        return o.ok() ? o : Outcome.fail(o.label(), o.detail() + String.format(" (%d bytes, %s, answer after %d ms)",
                bytes.length, r.version(), (System.nanoTime() - t0) / 1_000_000));
    }

    private Outcome expectContinue(Random random) throws IOException {
        Body body = validBody(random);
        long t0 = System.nanoTime();
        try (RawHttp c = new RawHttp(port)) {
            c.send(RawHttp.head("POST", "/stats", "Content-Type", body.type, "Expect", "100-continue",
                    "Content-Length", Integer.toString(body.bytes.length)));
            int first = c.readStatusOnly(); // the body is not sent before the server asks for it
            long continued = System.nanoTime();
            if (first != 100) {
                return Outcome.fail("status " + first + " before the body (expected 100)", "");
            }
            c.send(body.bytes);
            long sent = System.nanoTime();
            RawHttp.Response r = c.read();
            Outcome o = statsAnswer(r.status(), r.text(), body.expectedStats, "100 then 200 stats equal");
            // when it fails, when each step happened (ms from the connect): whose side was slow
            return o.ok() ? o : Outcome.fail(o.label(), o.detail() + String.format(" (100 at %d ms, body of %d"
                    + " bytes sent at %d ms, answer at %d ms)", (continued - t0) / 1_000_000, body.bytes.length,
                    (sent - t0) / 1_000_000, (System.nanoTime() - t0) / 1_000_000));
        }
    }

    /** A single document cut short (any strict prefix is incomplete), with a byte broken, or with trailing text. */
    private Outcome malformed(Random random) throws IOException {
        byte[] doc = RandomJson.document(random, bodySize(random));
        byte[] body;
        long lastGoodOffset; // the error must be reported at or before this offset
        String how;
        int p = random.nextInt(10);
        if (p < 4) {
            body = Arrays.copyOf(doc, random.nextInt(doc.length));
            lastGoodOffset = body.length;
            how = "cut";
        } else if (p < 9) {
            body = doc.clone();
            int at = random.nextInt(doc.length);
            // 0x01 is no JSON token and may not stand raw in a string; 0xFF is never UTF-8
            body[at] = random.nextBoolean() ? (byte) 0x01 : (byte) 0xFF;
            lastGoodOffset = at;
            how = "broken byte";
        } else {
            body = (new String(doc, StandardCharsets.UTF_8) + " [1]").getBytes(StandardCharsets.UTF_8);
            lastGoodOffset = body.length;
            how = "second value";
        }
        boolean chunked = random.nextInt(3) == 0;
        String path = random.nextBoolean() ? "/validate" : "/stats";
        String what = how + " at " + lastGoodOffset + " of " + body.length + (chunked ? " chunked" : "") + " to "
                + path;
        try (RawHttp c = new RawHttp(port)) {
            if (chunked) {
                c.send(RawHttp.head("POST", path, "Content-Type", "application/json", "Transfer-Encoding",
                        "chunked"));
                c.send(RawHttp.chunked(body, new int[] {1 + random.nextInt(4_000)}));
            } else {
                c.send(RawHttp.head("POST", path, "Content-Type", "application/json", "Content-Length",
                        Integer.toString(body.length)));
                c.send(body);
            }
            RawHttp.Response r;
            try {
                r = c.read();
            } catch (IOException e) {
                return Outcome.fail(ioError(e), what + ": " + e);
            }
            if (r.status() != 400) {
                return Outcome.fail("status " + r.status() + " (expected 400)", what + " " + r.text());
            }
            JsonNode problem = problem(r);
            if (problem == null) {
                return Outcome.fail("400 not problem+json", r.header("content-type") + " " + r.text());
            }
            String kind = problem.path("kind").asText("");
            long offset = problem.path("offset").asLong(-1);
            if (!DECODE_ERROR_KINDS.contains(kind) || problem.path("status").asInt() != 400
                    || !problem.has("line") || !problem.has("column") || !problem.has("pointer")) {
                return Outcome.fail("400 problem incomplete", what + ": " + r.text());
            }
            if (offset < 0 || offset > body.length) {
                return Outcome.fail("400 offset out of place", what + ": " + r.text());
            }
            if (offset > lastGoodOffset) {
                // Found here, now fixed in the decoder: "[\u0001]" was reported at offset 2, not 1.
                return Outcome.fail("400 offset past the error", what + ": " + r.text());
            }
            return Outcome.ok("400 " + kind);
        }
    }

    private static JsonNode problem(RawHttp.Response r) {
        if (!"application/problem+json".equals(r.header("content-type"))) {
            return null;
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return null;
        }
    }

    private static Outcome expectProblem(RawHttp.Response r, int status, String mustContain) {
        if (r.status() != status) {
            return Outcome.fail("status " + r.status() + " (expected " + status + ")", r.text());
        }
        JsonNode problem = problem(r);
        if (problem == null || problem.path("status").asInt() != status || !r.text().contains(mustContain)) {
            return Outcome.fail(status + " without the expected problem", r.text());
        }
        return Outcome.ok(Integer.toString(status));
    }

    /** Only the head, declaring a body over the limit (sometimes asking for 100): 413 at once, and no 100. */
    private Outcome overLimitByLength(Random random) throws IOException {
        long declared = maxBodyBytes + 1 + (long) random.nextInt((int) maxBodyBytes * 10);
        boolean expect = random.nextBoolean();
        try (RawHttp c = new RawHttp(port)) {
            c.send(expect ? RawHttp.head("POST", "/stats", "Content-Type", "application/json", "Expect",
                    "100-continue", "Content-Length", Long.toString(declared))
                    : RawHttp.head("POST", "/stats", "Content-Type", "application/json", "Content-Length",
                            Long.toString(declared)));
            RawHttp.Response r = c.read();
            if (!r.interim().isEmpty()) {
                return Outcome.fail("100 for a body refused by its length", r.interim().toString());
            }
            return expectProblem(r, 413, "\"limit\":\"maxBodyBytes\"");
        }
    }

    /** A valid-looking chunked array sent on until the server answers (or the limit plus 128 KiB is out). */
    private Outcome overLimitChunked(Random random) throws IOException {
        try (RawHttp c = new RawHttp(port)) {
            c.send(RawHttp.head("POST", "/stats", "Content-Type", "application/json", "Transfer-Encoding", "chunked"));
            int piece = 1_000 + random.nextInt(15_000);
            byte[] elements = "12345678,".repeat(piece / 9 + 1).substring(0, piece).getBytes(StandardCharsets.US_ASCII);
            byte[] chunk = RawHttp.chunked(elements, new int[] {piece});
            byte[] withoutLastChunk = Arrays.copyOf(chunk, chunk.length - 5); // "0\r\n\r\n" would end the body
            long sent = 0;
            try {
                c.send("1\r\n[\r\n".getBytes(StandardCharsets.US_ASCII));
                while (sent < maxBodyBytes + 128 * 1024 && c.in.available() == 0) {
                    c.send(withoutLastChunk);
                    sent += piece;
                }
            } catch (IOException e) {
                // the server answered and closed while we were still sending: the answer is still there to read
            }
            RawHttp.Response r = c.read();
            return expectProblem(r, 413, "\"limit\":\"maxBodyBytes\"");
        }
    }

    private Outcome gzipBomb(Random random) throws IOException {
        byte[] bomb = bombs[random.nextInt(bombs.length)];
        try (RawHttp c = new RawHttp(port)) {
            c.send(RawHttp.head("POST", "/stats", "Content-Type", "application/json", "Content-Encoding", "gzip",
                    "Content-Length", Integer.toString(bomb.length)));
            c.send(bomb);
            return expectProblem(c.read(), 413, "\"limit\":\"maxInflatedBytes\"");
        }
    }

    private Outcome wrongMediaType(Random random) throws IOException {
        byte[] body = RandomJson.document(random, 2 + random.nextInt(500));
        String[] headers = switch (random.nextInt(5)) {
            case 0 -> new String[] {"Content-Type", "text/plain"};
            case 1 -> new String[] {"Content-Type", "application/xml"};
            case 2 -> new String[] {"Content-Type", "application/json; charset=ISO-8859-1"};
            case 3 -> new String[] {};
            default -> new String[] {"Content-Type", "application/json", "Content-Encoding", "br"};
        };
        String[] all = Arrays.copyOf(headers, headers.length + 2);
        all[headers.length] = "Content-Length";
        all[headers.length + 1] = Integer.toString(body.length);
        try (RawHttp c = new RawHttp(port)) {
            c.send(RawHttp.head("POST", "/stats", all));
            c.send(body);
            return expectProblem(c.read(), 415, "\"status\":415");
        }
    }

    /**
     * Sends part of a valid body, then leaves: with a FIN (close), or with a reset once the server has asked for
     * the body with its 100 (a reset that arrives before the server has read the request may discard it unread,
     * and then there is nothing to count; after the 100 the body is being read for sure).
     */
    private Outcome disconnect(Random random, boolean reset) throws IOException, InterruptedException {
        byte[] body = RandomJson.document(random, bodySize(random));
        boolean chunked = random.nextInt(3) == 0;
        boolean expect = reset || random.nextBoolean();
        byte[] payload = chunked ? RawHttp.chunked(body, new int[] {1 + random.nextInt(8_000)}) : body;
        int part = random.nextInt(payload.length - (chunked ? 5 : 0)); // never the whole body
        RawHttp c = new RawHttp(port);
        try {
            String[] headers = {"Content-Type", "application/json",
                chunked ? "Transfer-Encoding" : "Content-Length", chunked ? "chunked" : Integer.toString(body.length),
                "Expect", "100-continue"};
            c.send(RawHttp.head("POST", "/stats", expect ? headers : Arrays.copyOf(headers, 4)));
            if (expect) {
                int first = c.readStatusOnly();
                if (first != 100) {
                    return Outcome.fail("status " + first + " before the body (expected 100)", "");
                }
            }
            c.send(Arrays.copyOf(payload, part));
            Thread.sleep(random.nextInt(5));
        } finally {
            if (reset) {
                c.reset();
            } else {
                c.close();
            }
        }
        return Outcome.ok(reset ? "left with RST" : expect ? "left with FIN after 100" : "left with FIN");
    }

    /** About 10 bytes a second of a body declared as 100,000 bytes: the server must give up with 408. */
    private Outcome trickle(Random random) throws IOException, InterruptedException {
        try (RawHttp c = new RawHttp(port)) {
            c.send(RawHttp.head("POST", "/stats", "Content-Type", "application/json", "Content-Length", "100000"));
            c.send(new byte[] {'['});
            long t0 = System.nanoTime();
            try {
                for (int i = 0; c.in.available() == 0 && System.nanoTime() - t0 < 10_000_000_000L; i++) {
                    c.send(new byte[] {(byte) (i % 2 == 0 ? '1' : ',')});
                    Thread.sleep(90 + random.nextInt(20));
                }
            } catch (IOException e) {
                // closed by the server after its answer: read it
            }
            return expectProblem(c.read(), 408, "\"status\":408");
        }
    }

    /** A request by a JDK client; the h2c client's requests and HTTP/2 answers are counted. */
    private HttpResponse<String> send(HttpClient client, String path, String type,
            HttpRequest.BodyPublisher publisher) throws IOException, InterruptedException {
        if (client == h2c) {
            h2cRequests.increment();
        }
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", type).POST(publisher).build(),
                HttpResponse.BodyHandlers.ofString());
        if (client == h2c && r.version() == HttpClient.Version.HTTP_2) {
            http2Answers.increment();
        }
        return r;
    }

    /**
     * A request written whole before a byte of the answer is read, as Python's http.client does: the early answer
     * must arrive complete (a server that closes with the rest of the body unread makes the client's stack drop it
     * with a reset), must not close the connection (the rest was drained whole, well under the linger bounds), and
     * the same connection must then answer a GET: the server read exactly the rest of the body, no more, no less.
     */
    private Outcome writeFirst(byte[] request, String what, Function<RawHttp.Response, Outcome> judge)
            throws IOException {
        long t0 = System.nanoTime();
        try (RawHttp c = new RawHttp(port)) {
            RawHttp.Response r;
            try {
                c.sendAll(request, writeWatchdogs);
                r = c.read();
            } catch (IOException e) {
                return Outcome.fail(ioError(e), what + ": " + e + String.format(" (after %d ms)",
                        (System.nanoTime() - t0) / 1_000_000));
            }
            Outcome answer = judge.apply(r);
            if (!answer.ok()) {
                return Outcome.fail(answer.label(), what + ": " + answer.detail());
            }
            if (r.closes()) {
                return Outcome.fail(answer.label() + " with Connection: close", what + ": the rest of the body was"
                        + " under the linger bounds");
            }
            RawHttp.Response next;
            try {
                c.send(RawHttp.head("GET", "/"));
                next = c.read();
            } catch (IOException e) {
                return Outcome.fail(answer.label() + ", then GET / failed", what + ": " + e);
            }
            if (next.status() != 200 || !next.text().startsWith("jsonstream server")) {
                return Outcome.fail(answer.label() + ", then GET / answered " + next.status(), what + ": "
                        + next.text());
            }
            return Outcome.ok(answer.label() + ", then GET / on the same connection");
        }
    }

    /** A body of exactly {@code size} bytes: the start of a JSON array of numbers, not closed. */
    private static byte[] arrayStart(int size) {
        byte[] body = "12345678,".repeat(size / 9 + 1).getBytes(StandardCharsets.US_ASCII);
        body[0] = '[';
        return Arrays.copyOf(body, size);
    }

    private static byte[] concat(byte[] head, byte[] body) {
        byte[] all = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, all, head.length, body.length);
        return all;
    }

    /** 2x-8x the limit: refused from the head (Content-Length) or once the limit is passed (chunked). */
    private Outcome overLimitWriteFirst(Random random) throws IOException {
        byte[] body = arrayStart((int) (2 * maxBodyBytes + random.nextInt((int) (6 * maxBodyBytes))));
        boolean chunked = random.nextBoolean();
        byte[] request = chunked
                ? concat(RawHttp.head("POST", "/stats", "Content-Type", "application/json", "Transfer-Encoding",
                        "chunked"), RawHttp.chunked(body, new int[] {1 + random.nextInt(32_000), 1 + random.nextInt(
                        300)}))
                : concat(RawHttp.head("POST", "/stats", "Content-Type", "application/json", "Content-Length",
                        Integer.toString(body.length)), body);
        String what = body.length + " bytes" + (chunked ? " chunked" : " by Content-Length");
        return writeFirst(request, what, r -> {
            Outcome o = expectProblem(r, 413, "\"limit\":\"maxBodyBytes\"");
            if (o.ok() && !chunked && !r.text().contains("(" + body.length + " bytes, by Content-Length)")) {
                return Outcome.fail("413 without the declared length", r.text());
            }
            return o;
        });
    }

    /** A body broken in its first bytes and followed by a lot more, and where the decoder must find the error. */
    private record EarlyError(byte[] body, long offset, String what) {
    }

    /**
     * {@code [}, a few elements, then a byte that cannot stand there (located at its first byte, like
     * {@code ErrorsTest}'s cases), then 150-250 KB (under the limit) that the server must drop unread.
     */
    private static EarlyError earlyError(Random random) {
        int elements = random.nextInt(5);
        byte[][] breakers = {{','}, {0x01}, {'t', 'r', 'u', 'x'}, {(byte) 0xFF}};
        String[] names = {"a second comma", "a control character", "an unknown word", "a byte that is never UTF-8"};
        int b = random.nextInt(breakers.length);
        byte[] start = concat(("[" + "1,".repeat(elements)).getBytes(StandardCharsets.US_ASCII), breakers[b]);
        int filler = 150_000 + random.nextInt(100_000);
        byte[] rest = (",0".repeat(filler / 2) + "]").getBytes(StandardCharsets.US_ASCII);
        return new EarlyError(concat(start, rest), 1 + 2L * elements, names[b] + " at " + (1 + 2 * elements)
                + " of " + (start.length + rest.length) + " bytes");
    }

    /** A 400 problem at exactly the early error's offset (line 1, the column one more). */
    private static Outcome earlyErrorAnswer(int status, JsonNode problem, String text, EarlyError e) {
        if (status != 400) {
            return Outcome.fail("status " + status + " (expected 400)", text);
        }
        if (problem == null) {
            return Outcome.fail("400 not problem+json", text);
        }
        if (!problem.path("kind").asText("").equals("MALFORMED") || problem.path("status").asInt() != 400
                || problem.path("offset").asLong(-1) != e.offset() || problem.path("line").asLong(-1) != 1
                || problem.path("column").asLong(-1) != e.offset() + 1 || !problem.has("pointer")) {
            return Outcome.fail("400 not at offset " + e.offset(), text);
        }
        return Outcome.ok("400 at the exact offset");
    }

    private Outcome malformedWriteFirst(Random random) throws IOException {
        EarlyError e = earlyError(random);
        boolean chunked = random.nextBoolean();
        String path = random.nextBoolean() ? "/validate" : "/stats";
        byte[] request = chunked
                ? concat(RawHttp.head("POST", path, "Content-Type", "application/json", "Transfer-Encoding",
                        "chunked"), RawHttp.chunked(e.body(), new int[] {1 + random.nextInt(20_000), 1 + random.nextInt(
                        300)}))
                : concat(RawHttp.head("POST", path, "Content-Type", "application/json", "Content-Length",
                        Integer.toString(e.body().length)), e.body());
        return writeFirst(request, e.what() + (chunked ? " chunked" : "") + " to " + path,
                r -> earlyErrorAnswer(r.status(), problem(r), r.text(), e));
    }

    /** A JDK client request whose early answer must arrive whole: an IOException (a reset stream) is a failure. */
    private Outcome jdkEarlyAnswer(HttpClient client, String path, String type, HttpRequest.BodyPublisher publisher,
            String what, Function<HttpResponse<String>, Outcome> judge) throws InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> r;
        try {
            r = send(client, path, type, publisher);
        } catch (IOException e) {
            return Outcome.fail(ioError(e), what + ": " + e + String.format(" (after %d ms)",
                    (System.nanoTime() - t0) / 1_000_000));
        }
        Outcome o = judge.apply(r);
        return o.ok() ? Outcome.ok(o.label() + ", " + r.version()) : Outcome.fail(o.label(), what + " (" + r.version()
                + "): " + o.detail());
    }

    private static JsonNode problem(HttpResponse<String> r) {
        if (!r.headers().firstValue("Content-Type").orElse("").equals("application/problem+json")) {
            return null;
        }
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return null;
        }
    }

    /** Over h2c, 2x-8x the limit: with a length (refused from the headers) or without (refused once passed). */
    private Outcome h2cOverLimit(Random random) throws InterruptedException {
        byte[] body = arrayStart((int) (2 * maxBodyBytes + random.nextInt((int) (6 * maxBodyBytes))));
        boolean withLength = random.nextBoolean();
        HttpRequest.BodyPublisher publisher = withLength ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        return jdkEarlyAnswer(h2c, "/stats", "application/json", publisher, body.length + " bytes"
                + (withLength ? " with a length" : " without a length"), r -> {
                    JsonNode problem = problem(r);
                    if (r.statusCode() != 413) {
                        return Outcome.fail("status " + r.statusCode() + " (expected 413)", r.body());
                    }
                    if (problem == null || problem.path("status").asInt() != 413
                            || !problem.path("limit").asText("").equals("maxBodyBytes")
                            || problem.path("value").asLong() != maxBodyBytes) {
                        return Outcome.fail("413 without the expected problem", r.body());
                    }
                    return Outcome.ok("413");
                });
    }

    private Outcome h2cMalformedEarly(Random random) throws InterruptedException {
        EarlyError e = earlyError(random);
        boolean withLength = random.nextBoolean();
        HttpRequest.BodyPublisher publisher = withLength ? HttpRequest.BodyPublishers.ofByteArray(e.body())
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(e.body()));
        String path = random.nextBoolean() ? "/validate" : "/stats";
        return jdkEarlyAnswer(h2c, path, "application/json", publisher, e.what() + (withLength ? " with a length"
                : " without a length") + " to " + path, r -> earlyErrorAnswer(r.statusCode(), problem(r), r.body(), e));
    }

    /**
     * 20-80 KB of orders with one that does not bind among the first four: over raw HTTP/1.1 written whole before
     * reading (Content-Length or chunked), or by the JDK client over HTTP/1.1 or h2c. The answer is the 422 with
     * the member's pointer, byte for byte.
     */
    private Outcome ordersUnbound(Random random) throws IOException, InterruptedException {
        OrdersJson.Unbindable orders = OrdersJson.withUnboundQty(random, 20_000 + random.nextInt(60_000));
        byte[] body = orders.bytes();
        int how = random.nextInt(4);
        String what = orders.pointer() + " in " + body.length + " bytes";
        if (how < 2) {
            boolean chunked = how == 1;
            byte[] request = chunked
                    ? concat(RawHttp.head("POST", "/orders", "Content-Type", "application/json", "Transfer-Encoding",
                            "chunked"), RawHttp.chunked(body, new int[] {1 + random.nextInt(8_000)}))
                    : concat(RawHttp.head("POST", "/orders", "Content-Type", "application/json", "Content-Length",
                            Integer.toString(body.length)), body);
            return writeFirst(request, what + (chunked ? " chunked" : ""), r -> unboundAnswer(r.status(),
                    r.header("content-type"), r.text(), orders));
        }
        HttpClient client = how == 2 ? http1 : h2c;
        HttpRequest.BodyPublisher publisher = random.nextBoolean() ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
        return jdkEarlyAnswer(client, "/orders", "application/json", publisher, what, r -> unboundAnswer(
                r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), orders));
    }

    private static Outcome unboundAnswer(int status, String contentType, String text, OrdersJson.Unbindable orders) {
        if (status != 422) {
            return Outcome.fail("status " + status + " (expected 422)", text);
        }
        if (!"application/problem+json".equals(contentType)) {
            return Outcome.fail("422 not problem+json", contentType + " " + text);
        }
        if (!text.equals(orders.problem())) {
            return Outcome.fail("422 differs", "expected " + orders.problem() + " got " + text);
        }
        return Outcome.ok("422 with the pointer");
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Two bodies of a few KB that inflate to four times the limit: one long string, one long array. */
    private static byte[][] gzipBombs(long maxInflatedBytes) {
        int size = (int) Math.min(Integer.MAX_VALUE - 16, maxInflatedBytes * 4);
        byte[] string = new byte[size];
        Arrays.fill(string, (byte) '0');
        string[0] = '"';
        string[size - 1] = '"';
        byte[] array = ("[" + "0,".repeat(size / 2 - 1) + "0]").getBytes(StandardCharsets.US_ASCII);
        return new byte[][] {gzip(string), gzip(array)};
    }
}
