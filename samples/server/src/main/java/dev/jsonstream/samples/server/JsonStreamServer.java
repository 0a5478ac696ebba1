package dev.jsonstream.samples.server;

import dev.jsonstream.decoder.DecodeLimits;
import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.DirectBufferFeeding;
import dev.jsonstream.decoder.Limit;
import dev.jsonstream.decoder.PathPattern;
import dev.jsonstream.http.BodyConsumerFactory;
import dev.jsonstream.http.BodyErrorHook;
import dev.jsonstream.http.BodyLimits;
import dev.jsonstream.http.JsonBodyHandler;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Deque;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.xnio.Options;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar jsonstream-server.jar [OPTIONS]}: a servlet-free Undertow service on the adapter, with
 * {@code /validate}, {@code /stats}, {@code /select?path=} and the {@code /orders} example. Logs one line per
 * request; stops cleanly on SIGINT or SIGTERM.
 */
@Command(name = "jsonstream-server", mixinStandardHelpOptions = true, version = "jsonstream-server 0.1.0",
        description = "Decodes JSON request bodies as they arrive, in constant memory.", sortOptions = false)
public final class JsonStreamServer implements Callable<Integer> {
    static final String INDEX = "jsonstream server\n"
            + "POST /validate          204 for a valid JSON body, else application/problem+json\n"
            + "POST /stats             counts of the body's tokens, computed while it streams\n"
            + "POST /select?path=P     each value matching the path pattern P as compact JSON, one per line\n"
            + "                        (NDJSON); &raw=true: as its exact bytes instead (lines may then break)\n"
            + "POST /orders            totals per currency of {\"orders\":[{\"currency\":..,\"lines\":[..]}]}\n"
            + "POST /orders/workers    each order bound and handed to a pool of workers that drop it (benchmarks)\n"
            + "POST /baseline/full-bytes, /baseline/blocking, /baseline/orders-iterator   what services do without"
            + " jsonstream (benchmarks)\n"
            + "Bodies: application/json, application/*+json, application/x-ndjson, application/jsonl,"
            + " application/json-seq; gzip and deflate accepted.\n";

    @Option(names = "--port", description = "Port (default 8080; 0 picks a free one).")
    int port = 8080;

    @Option(names = "--host", description = "Address to listen on (default 127.0.0.1).")
    String host = "127.0.0.1";

    @Option(names = "--max-body-bytes", paramLabel = "N", description = "Body size limit as received (default 10 MiB).")
    long maxBodyBytes = BodyLimits.DEFAULT_MAX_BODY_BYTES;

    @Option(names = "--max-inflated-bytes", paramLabel = "N",
            description = "Body size limit after gzip/deflate (default 100 MiB).")
    long maxInflatedBytes = BodyLimits.DEFAULT_MAX_INFLATED_BYTES;

    @Option(names = "--max-inflation-ratio", paramLabel = "R",
            description = "Most inflated bytes per compressed byte, checked past 1 MiB (default 200; 0: off).")
    int maxInflationRatio = BodyLimits.DEFAULT_MAX_INFLATION_RATIO;

    @Option(names = "--max-depth", paramLabel = "N", description = "Nesting limit (default 1000).")
    long maxDepth = Limit.MAX_DEPTH.defaultValue();

    @Option(names = "--max-string", paramLabel = "N", description = "String length limit (default 5,000,000).")
    long maxString = Limit.MAX_STRING_LENGTH.defaultValue();

    @Option(names = "--body-deadline", paramLabel = "S", description = "Seconds for a whole body (default 60).")
    long bodyDeadlineSeconds = BodyLimits.DEFAULT_BODY_DEADLINE.toSeconds();

    @Option(names = "--min-rate", paramLabel = "B",
            description = "Slowest accepted body pace in bytes per second, averaged over 5 s (default 1024; 0: off).")
    long minRate = BodyLimits.DEFAULT_MIN_BYTES_PER_SECOND;

    @Option(names = "--linger-bytes", paramLabel = "N", description = "After an early answer, the most body bytes"
            + " still read and dropped so that the client hears it (default 64 MiB; 0: none).")
    long lingerBytes = BodyLimits.DEFAULT_LINGER_BYTES;

    @Option(names = "--linger-time", paramLabel = "S", description = "After an early answer, the most seconds spent"
            + " reading and dropping the rest of the body (default 30).")
    long lingerSeconds = BodyLimits.DEFAULT_LINGER_TIME.toSeconds();

    @Option(names = "--linger-idle", paramLabel = "S", description = "... and the most seconds without a byte"
            + " (default 5).")
    long lingerIdleSeconds = BodyLimits.DEFAULT_LINGER_IDLE.toSeconds();

    @Option(names = "--pool-buffers", hidden = true, paramLabel = "direct|heap",
            description = "Benchmarks: Undertow's 16 KiB pool buffers direct (default) or heap.")
    String poolBuffers = "direct";

    @Option(names = "--direct-feeding", hidden = true, paramLabel = "copy|byte-buffer",
            description = "Benchmarks: how direct buffers reach the parser (default copy).")
    String directFeeding = "copy";

    @Option(names = "--measure-allocation", hidden = true,
            description = "Benchmarks: answer /stats with X-Allocated-Bytes, the IO thread's allocation for the body.")
    boolean measureAllocation;

    private PrintStream log = System.out;
    /** Tests: the pool Undertow takes its buffers from (null: 16 KiB buffers as --pool-buffers says). */
    private ByteBufferPool bufferPool;
    /** Tests: the window --min-rate is averaged over (a shorter one makes a trickle fail sooner). */
    private Duration rateWindow = BodyLimits.DEFAULT_RATE_WINDOW;
    /** Tests: told of every body that fails (the adapter's error hook); by default nothing is. */
    private BodyErrorHook errorHook = (exchange, failure) -> { };
    /** Tests: each connection's socket send buffer in bytes, or 0 for the system's (which grows to megabytes). */
    private int sendBufferBytes;

    public static void main(String[] args) {
        int status = new CommandLine(new JsonStreamServer()).execute(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        Undertow server = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.stop();
            log.println("jsonstream-server stopped");
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }

    /** Starts the server and returns it (its port: {@link #port(Undertow)}). */
    Undertow start() {
        BodyLimits limits = BodyLimits.defaults().withMaxBodyBytes(maxBodyBytes).withMaxInflatedBytes(maxInflatedBytes)
                .withMaxInflationRatio(maxInflationRatio)
                .withBodyDeadline(Duration.ofSeconds(bodyDeadlineSeconds))
                .withMinRate(minRate, rateWindow)
                .withLinger(lingerBytes, Duration.ofSeconds(lingerSeconds), Duration.ofSeconds(lingerIdleSeconds));
        DecoderConfig config = DecoderConfig.builder().limits(DecodeLimits.defaults()
                .with(Limit.MAX_DEPTH, maxDepth).with(Limit.MAX_STRING_LENGTH, maxString))
                .directBufferFeeding(directFeeding.equals("byte-buffer") ? DirectBufferFeeding.BYTE_BUFFER
                        : DirectBufferFeeding.COPY_TO_SCRATCH)
                .build();
        RoutingHandler routes = Handlers.routing()
                .get("/", exchange -> {
                    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
                    exchange.getResponseSender().send(INDEX);
                })
                .post("/validate", body(limits, config, errorHook, (exchange, control) -> new ValidateConsumer()))
                .post("/stats", body(limits, config, errorHook,
                        (exchange, control) -> new StatsConsumer(control, measureAllocation)))
                .post("/select", selectHandler(limits, config, errorHook))
                .post("/orders", body(limits, config, errorHook, (exchange, control) -> new OrdersConsumer(control)))
                .post("/orders/workers", body(limits, config, errorHook, OrdersConsumer.workers(workPool())))
                .post("/baseline/orders-iterator", Baselines.ordersIterator())
                .post("/baseline/full-bytes", Baselines.fullBytes())
                .post("/baseline/blocking", Baselines.blockingStream());
        Undertow.Builder builder = Undertow.builder()
                .setByteBufferPool(bufferPool != null ? bufferPool
                        : new DefaultByteBufferPool(!poolBuffers.equals("heap"), 16 * 1024))
                .setServerOption(UndertowOptions.MAX_ENTITY_SIZE, 0L)
                .setServerOption(UndertowOptions.ENABLE_HTTP2, true)
                .addHttpListener(port, host, logged(routes));
        if (sendBufferBytes > 0) {
            builder.setSocketOption(Options.SEND_BUFFER, sendBufferBytes);
        }
        Undertow server = builder.build();
        server.start();
        log.println("jsonstream-server listening on http://" + host + ":" + port(server) + "/");
        return server;
    }

    /** Two daemon threads for /orders/workers, made on first use. */
    private static java.util.concurrent.ExecutorService workPool;

    private static synchronized java.util.concurrent.Executor workPool() {
        if (workPool == null) {
            workPool = java.util.concurrent.Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "orders-worker");
                t.setDaemon(true);
                return t;
            });
        }
        return workPool;
    }

    static int port(Undertow server) {
        return ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    }

    private static HttpHandler body(BodyLimits limits, DecoderConfig config, BodyErrorHook errorHook,
            BodyConsumerFactory factory) {
        return JsonBodyHandler.builder(factory).limits(limits).decoderConfig(config).errorHook(errorHook).build();
    }

    /**
     * Checks {@code ?path=} and {@code &raw=} before the body is read: a missing or invalid pattern, or a raw that
     * is neither true nor false, is a 400 with the reason.
     */
    private static HttpHandler selectHandler(BodyLimits limits, DecoderConfig config, BodyErrorHook errorHook) {
        return exchange -> {
            Deque<String> path = exchange.getQueryParameters().get("path");
            PathPattern pattern;
            boolean raw;
            try {
                if (path == null || path.isEmpty()) {
                    throw new IllegalArgumentException("the query parameter path (a path pattern) is missing");
                }
                pattern = PathPattern.compile(path.getFirst());
                raw = raw(exchange.getQueryParameters().get("raw"));
            } catch (IllegalArgumentException e) {
                badRequest(exchange, e.getMessage()); // a PathPatternException names the character and the reason
                return;
            }
            body(limits, config, errorHook, (ex, control) -> new SelectConsumer(ex, control, pattern, raw))
                    .handleRequest(exchange);
        };
    }

    /** {@code raw=true} (or a bare {@code raw}) or {@code raw=false}; absent is false. */
    private static boolean raw(Deque<String> values) {
        if (values == null || values.isEmpty()) {
            return false;
        }
        String v = values.getFirst();
        if (v.isEmpty() || v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw new IllegalArgumentException("the query parameter raw is true or false, not '" + v + "'");
    }

    private static void badRequest(HttpServerExchange exchange, String detail) {
        exchange.setStatusCode(400);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/problem+json");
        StringBuilder sb = new StringBuilder("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
                + "\"detail\":\"");
        com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(detail, sb);
        exchange.getResponseSender().send(sb.append("\"}").toString());
    }

    /**
     * One log line per request, when it completes: client, method, path, status ({@code ---} when nothing was
     * answered because the client left), bytes sent, time.
     */
    private HttpHandler logged(HttpHandler next) {
        return exchange -> {
            long started = System.nanoTime();
            exchange.addExchangeCompleteListener((ex, nextListener) -> {
                // A client that left mid-body got no answer: "---" rather than the 200 the exchange still holds.
                log.printf("%s %s %s %s %dB-out %.1fms%n", ex.getSourceAddress().getAddress().getHostAddress(),
                        ex.getRequestMethod(), ex.getRequestURI(),
                        ex.isResponseStarted() ? String.valueOf(ex.getStatusCode()) : "---",
                        ex.getResponseBytesSent(), (System.nanoTime() - started) / 1e6);
                nextListener.proceed();
            });
            next.handleRequest(exchange);
        };
    }

    void log(PrintStream to) {
        this.log = to;
    }

    /** Tests: a pool of their own (one that counts, say) in place of the 16 KiB default; before {@link #start()}. */
    void bufferPool(ByteBufferPool pool) {
        this.bufferPool = pool;
    }

    /** Tests: a shorter window for --min-rate than the default 5 s; before {@link #start()}. */
    void rateWindow(Duration window) {
        this.rateWindow = window;
    }

    /** Tests: a hook told of every failed body, with its status (0: the client went away); before {@link #start()}. */
    void errorHook(BodyErrorHook hook) {
        this.errorHook = hook;
    }

    /**
     * Tests: a small send buffer per connection, so that a client that reads slowly fills it within a few lines
     * rather than megabytes; before {@link #start()}.
     */
    void sendBuffer(int bytes) {
        this.sendBufferBytes = bytes;
    }
}
