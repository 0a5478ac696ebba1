package dev.jsonstream.samples.benchmarks;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.sun.management.GarbageCollectionNotificationInfo;
import com.sun.net.httpserver.HttpServer;
import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.Limit;
import dev.jsonstream.decoder.ValueBinder;
import dev.jsonstream.http.client.JsonBodyHandlers;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * One run of the client-side benchmark ({@code run.sh client}, RESULTS.md part 7): a fresh JVM fetches one response
 * from a local server with one body handler, binds every element to {@link Item} with jackson-databind, and prints
 * one JSON line: the elements and a checksum of them (equal across variants on the same document), the seconds of
 * each fetch, and the process's memory (peak heap, peak heap after a collection, VmHWM).
 *
 * <p>A fresh JVM per run, so that one variant's garbage, heap sizing and JIT state never reach another's. The same
 * response is fetched {@code --fetches} times (fewer once {@code --budget} seconds have passed): the first fetch
 * pays for class loading and the JIT; the time reported is the median of the last three after it, beside the
 * quickest fetch after it (the least disturbed by other work on the machine).
 *
 * <p>Usage: {@code ClientHandlerRun URL VARIANT SHAPE [--fetches N] [--budget SECONDS] [--limit SECONDS]}, where
 * SHAPE is {@code export} ({"total":N,"items":[..]}), {@code ndjson} (one item a line) or {@code line} (one export
 * as one NDJSON line), and VARIANT one of {@link #VARIANTS}. {@code ClientHandlerRun serve DIR PORT SECONDS} is the
 * fallback server for machines without nginx.
 */
public final class ClientHandlerRun {
    /** One record of the export, as a client maps it (every field of the generator's records). */
    public record Item(long id, String sku, String name, double price, String currency, String created,
            boolean active, List<String> tags, Dimensions dimensions, Supplier supplier) {
    }

    public record Dimensions(double w, double h, double d) {
    }

    public record Supplier(long id, String name, String country) {
    }

    /** The whole export, for the variants that bind the document (or the long line) at once. */
    public record Export(long total, List<Item> items) {
    }

    /** One ObjectMapper with databind's defaults, shared by every variant. */
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader ITEM_READER = MAPPER.readerFor(Item.class);
    private static final ObjectReader EXPORT_READER = MAPPER.readerFor(Export.class);
    /**
     * The defaults with room for one bound value of up to 64 MiB and 16 million tokens: a bound value is kept whole
     * until it has bound, and the defaults refuse one of over 16 MiB or a million tokens (a 16 MB line of records).
     */
    private static final DecoderConfig LARGE_VALUES = DecoderConfig.defaults().toBuilder()
            .limit(Limit.MAX_CAPTURE_BYTES, 64L << 20).limit(Limit.MAX_CAPTURE_TOKENS, 16_000_000).build();
    /** How many elements the publisher's subscriber asks for at a time. */
    private static final int REQUEST_BATCH = 256;

    static final Map<String, Variant> VARIANTS = Map.of(
            "stream", (client, request, shape, tally) -> jsonstreamStream(client, request, shape, tally,
                    DecoderConfig.defaults()),
            "stream-large", (client, request, shape, tally) -> jsonstreamStream(client, request, shape, tally,
                    LARGE_VALUES),
            "publisher", ClientHandlerRun::jsonstreamPublisher,
            "bytes", ClientHandlerRun::byteArrayDatabind,
            "iterator", ClientHandlerRun::inputStreamMappingIterator,
            "lines", ClientHandlerRun::linesReadValue,
            "line-subscriber", ClientHandlerRun::lineSubscriberReadValue);

    private ClientHandlerRun() {
    }

    /** What a document is, which decides the pattern, the element type and the framing a variant uses. */
    enum Shape {
        /** {"total":N,"items":[..]} as application/json: the items are the elements. */
        EXPORT,
        /** application/x-ndjson, one item a line. */
        NDJSON,
        /** application/x-ndjson, one export as one long line: the line is the element. */
        LINE;

        /** The reader of one root value of an NDJSON shape. */
        ObjectReader rootReader() {
            return this == LINE ? EXPORT_READER : ITEM_READER;
        }
    }

    /** Fetches the response once with one kind of body handler, adding what it binds to the tally. */
    @FunctionalInterface
    interface Variant {
        void fetch(HttpClient client, HttpRequest request, Shape shape, Tally tally) throws Exception;
    }

    /** What a fetch bound: the count of items and a sum over them, so that no binding is dead code. */
    static final class Tally {
        long items;
        long check;
        long bytes;

        void add(Object element) {
            if (element instanceof Item item) {
                items++;
                check += item.id() + item.supplier().id() + item.tags().size() + (long) item.price();
            } else if (element instanceof Export export) {
                export.items().forEach(this::add);
            } else {
                throw new IllegalStateException("bound " + element);
            }
        }

        void bodyOf(HttpResponse<?> response) {
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status " + response.statusCode());
            }
            bytes = response.headers().firstValueAsLong("Content-Length").orElse(-1);
        }
    }

    // ---- the variants ----

    /** The pattern of the elements: each item of an export, or each root value of NDJSON. */
    private static String pattern(Shape shape) {
        return shape == Shape.EXPORT ? "/items/*" : "";
    }

    private static ValueBinder<Object> binder(Shape shape) {
        ObjectReader reader = shape == Shape.EXPORT ? ITEM_READER : shape.rootReader();
        return p -> reader.readValue(p);
    }

    /** a: JsonBodyHandlers.ofStream, consumed by forEach on the caller's thread. */
    private static void jsonstreamStream(HttpClient client, HttpRequest request, Shape shape, Tally tally,
            DecoderConfig config) throws IOException, InterruptedException {
        HttpResponse<Stream<Object>> response = client.send(request,
                JsonBodyHandlers.ofStream(config, pattern(shape), binder(shape)));
        tally.bodyOf(response);
        try (Stream<Object> elements = response.body()) {
            elements.forEach(tally::add);
        }
    }

    /** b: JsonBodyHandlers.ofPublisher, a subscriber asking for {@value #REQUEST_BATCH} elements at a time. */
    private static void jsonstreamPublisher(HttpClient client, HttpRequest request, Shape shape, Tally tally)
            throws IOException, InterruptedException, ExecutionException {
        HttpResponse<Flow.Publisher<Object>> response = client.send(request,
                JsonBodyHandlers.ofPublisher(DecoderConfig.defaults(), pattern(shape), binder(shape)));
        tally.bodyOf(response);
        CompletableFuture<Void> done = new CompletableFuture<>();
        response.body().subscribe(new Flow.Subscriber<>() {
            private Flow.Subscription subscription;
            private int left;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                left = REQUEST_BATCH;
                s.request(REQUEST_BATCH);
            }

            @Override
            public void onNext(Object element) {
                tally.add(element);
                if (--left == 0) {
                    left = REQUEST_BATCH;
                    subscription.request(REQUEST_BATCH);
                }
            }

            @Override
            public void onError(Throwable failure) {
                done.completeExceptionally(failure);
            }

            @Override
            public void onComplete() {
                done.complete(null);
            }
        });
        done.get();
    }

    /** c: BodyHandlers.ofByteArray, then databind over the whole body (an export at once, NDJSON by readValues). */
    private static void byteArrayDatabind(HttpClient client, HttpRequest request, Shape shape, Tally tally)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, BodyHandlers.ofByteArray());
        tally.bodyOf(response);
        if (shape == Shape.EXPORT) {
            tally.add(EXPORT_READER.readValue(response.body()));
            return;
        }
        try (MappingIterator<Object> values = shape.rootReader().readValues(response.body())) {
            while (values.hasNextValue()) {
                tally.add(values.nextValue());
            }
        }
    }

    /**
     * d: BodyHandlers.ofInputStream read on the caller's (blocking) thread by databind's MappingIterator: for an
     * export, a JsonParser moved onto the first item of "items" first, as a blocking client reads a large export.
     */
    private static void inputStreamMappingIterator(HttpClient client, HttpRequest request, Shape shape,
            Tally tally) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = client.send(request, BodyHandlers.ofInputStream());
        tally.bodyOf(response);
        try (InputStream body = response.body()) {
            if (shape != Shape.EXPORT) {
                try (MappingIterator<Object> values = shape.rootReader().readValues(body)) {
                    while (values.hasNextValue()) {
                        tally.add(values.nextValue());
                    }
                }
                return;
            }
            try (JsonParser parser = MAPPER.createParser(body)) {
                toFirstItem(parser);
                MappingIterator<Object> items = ITEM_READER.readValues(parser);
                while (items.hasNextValue()) {
                    tally.add(items.nextValue());
                }
            }
        }
    }

    /** Moves the parser onto the first element of the export's "items", skipping the members before it. */
    private static void toFirstItem(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("not an object");
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            if (parser.nextToken() == JsonToken.START_ARRAY && name.equals("items")) {
                parser.nextToken();
                return;
            }
            parser.skipChildren();
        }
        throw new IOException("no \"items\" array");
    }

    /** e: BodyHandlers.ofLines (the JDK's BufferedReader over the body), one readValue per line. */
    private static void linesReadValue(HttpClient client, HttpRequest request, Shape shape, Tally tally)
            throws IOException, InterruptedException {
        requireNdjson(shape);
        HttpResponse<Stream<String>> response = client.send(request, BodyHandlers.ofLines());
        tally.bodyOf(response);
        ObjectReader reader = shape.rootReader();
        try (Stream<String> lines = response.body()) {
            lines.forEach(line -> {
                if (!line.isEmpty()) {
                    try {
                        tally.add(reader.readValue(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            });
        }
    }

    /**
     * f: BodyHandlers.fromLineSubscriber, the JDK's own line splitting of a body as it arrives, which is what
     * modelcontextprotocol/java-sdk issue 1042 measured (its SSE reader is built on it); one readValue per line,
     * on the client's thread.
     */
    private static void lineSubscriberReadValue(HttpClient client, HttpRequest request, Shape shape, Tally tally)
            throws IOException, InterruptedException {
        requireNdjson(shape);
        ObjectReader reader = shape.rootReader();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        HttpResponse<Void> response = client.send(request, BodyHandlers.fromLineSubscriber(
                new Flow.Subscriber<String>() {
                    @Override
                    public void onSubscribe(Flow.Subscription subscription) {
                        subscription.request(Long.MAX_VALUE);
                    }

                    @Override
                    public void onNext(String line) {
                        if (!line.isEmpty() && failure.get() == null) {
                            try {
                                tally.add(reader.readValue(line));
                            } catch (IOException | RuntimeException e) {
                                failure.set(e);
                            }
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                        failure.set(t);
                    }

                    @Override
                    public void onComplete() {
                    }
                }));
        tally.bodyOf(response);
        if (failure.get() != null) {
            throw new IOException("a line did not bind", failure.get());
        }
    }

    private static void requireNdjson(Shape shape) {
        if (shape == Shape.EXPORT) {
            throw new IllegalArgumentException("a line variant reads NDJSON only");
        }
    }

    // ---- the run ----

    public static void main(String[] args) throws Exception {
        if (args.length == 4 && args[0].equals("serve")) {
            serve(Paths.get(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        if (args.length < 3 || !VARIANTS.containsKey(args[1])) {
            System.err.println("usage: ClientHandlerRun URL " + VARIANTS.keySet() + " export|ndjson|line"
                    + " [--fetches N] [--budget SECONDS] [--limit SECONDS] | serve DIR PORT SECONDS");
            System.exit(2);
        }
        URI uri = URI.create(args[0]);
        String variantName = args[1];
        Shape shape = Shape.valueOf(args[2].toUpperCase(Locale.ROOT));
        int fetches = 1;
        double budget = 60;
        double limit = 600;
        for (int i = 3; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--fetches" -> fetches = Integer.parseInt(args[i + 1]);
                case "--budget" -> budget = Double.parseDouble(args[i + 1]);
                case "--limit" -> limit = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException(args[i]);
            }
        }
        Result result = new Result(variantName, shape, uri);
        startWatchdog(result, limit);
        // A failure on one of the client's own threads (an OutOfMemoryError while it gathers a body) may never reach
        // send(): report it here, at once, rather than waiting for the watchdog.
        Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> {
            if (Result.outOfMemory(failure) != null) {
                result.finish(failure, false);
            }
            failure.printStackTrace();
        });

        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        Memory.start();
        long runStart = System.nanoTime();
        try {
            for (int f = 0; f < fetches && (f == 0 || (System.nanoTime() - runStart) / 1e9 < budget); f++) {
                Tally tally = new Tally();
                long start = System.nanoTime();
                VARIANTS.get(variantName).fetch(client, request, shape, tally);
                result.fetched((System.nanoTime() - start) / 1e9, tally);
            }
            result.finish(null, false);
        } catch (Throwable failure) {
            result.finish(failure, false);
        }
    }

    /** Ends a run that is still going after {@code limit} seconds (a hung client thread, a quadratic variant). */
    private static void startWatchdog(Result result, double limit) {
        Thread watchdog = new Thread(() -> {
            try {
                Thread.sleep((long) (limit * 1000));
            } catch (InterruptedException e) {
                return;
            }
            result.finish(new IllegalStateException("over the limit of " + limit + " s"), true);
        }, "watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    /** What the run prints: one JSON line, once, then the process ends. */
    static final class Result {
        private final String variant;
        private final Shape shape;
        private final URI uri;
        private final List<Double> seconds = new ArrayList<>();
        private Tally first;
        private String mismatch;

        Result(String variant, Shape shape, URI uri) {
            this.variant = variant;
            this.shape = shape;
            this.uri = uri;
        }

        synchronized void fetched(double s, Tally tally) {
            seconds.add(s);
            if (first == null) {
                first = tally;
            } else if (first.items != tally.items || first.check != tally.check) {
                mismatch = "fetch " + seconds.size() + " bound other items than the first";
            }
        }

        /**
         * Prints the line and ends the process: called by the run, the watchdog or a dying client thread, the first
         * wins. It exits (so that a flight recording is written) unless {@code halt}: the watchdog's run may be stuck
         * in a way a shutdown hook could wait on.
         */
        synchronized void finish(Throwable failure, boolean halt) {
            String error = failure == null ? mismatch : describe(failure);
            StringBuilder line = new StringBuilder(512);
            line.append("{\"variant\":\"").append(variant).append("\",\"shape\":\"")
                    .append(shape.name().toLowerCase(Locale.ROOT)).append("\",\"url\":\"").append(uri)
                    .append("\",\"bytes\":").append(first == null ? -1 : first.bytes)
                    .append(",\"items\":").append(first == null ? -1 : first.items)
                    .append(",\"check\":").append(first == null ? 0 : first.check)
                    .append(",\"fetch_seconds\":[")
                    .append(seconds.stream().map(s -> String.format(Locale.ROOT, "%.4f", s))
                            .collect(Collectors.joining(",")))
                    .append("],\"seconds\":").append(fmt(timed()))
                    .append(",\"best_seconds\":").append(fmt(best()))
                    .append(",\"mib_per_s\":")
                    .append(first == null || seconds.isEmpty() ? "null" : fmt(first.bytes / 1048576.0 / timed()));
            Memory.appendTo(line);
            line.append(",\"xmx_mb\":").append(Runtime.getRuntime().maxMemory() >> 20)
                    .append(",\"java\":\"").append(System.getProperty("java.version"))
                    .append("\",\"error\":").append(error == null ? "null" : "\"" + escape(error) + "\"")
                    .append('}');
            System.out.println(line);
            System.out.flush();
            if (halt) {
                Runtime.getRuntime().halt(0);
            }
            System.exit(0);
        }

        /** The median of the last three fetches after the first; the first alone when there is no other. */
        private double timed() {
            if (seconds.isEmpty()) {
                return Double.NaN;
            }
            if (seconds.size() == 1) {
                return seconds.get(0);
            }
            List<Double> last = new ArrayList<>(seconds.subList(Math.max(1, seconds.size() - 3), seconds.size()));
            last.sort(null);
            return last.size() % 2 == 1 ? last.get(last.size() / 2)
                    : (last.get(last.size() / 2 - 1) + last.get(last.size() / 2)) / 2;
        }

        /** The quickest fetch after the first (the first alone when there is no other): the least disturbed. */
        private double best() {
            return seconds.isEmpty() ? Double.NaN : seconds.size() == 1 ? seconds.get(0)
                    : seconds.subList(1, seconds.size()).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        /** The failure's kind and message; an OutOfMemoryError anywhere in its causes is named as such. */
        private static String describe(Throwable failure) {
            Throwable oom = outOfMemory(failure);
            return oom != null ? "OutOfMemoryError: " + oom.getMessage()
                    : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        }

        static Throwable outOfMemory(Throwable failure) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                if (t instanceof OutOfMemoryError) {
                    return t;
                }
            }
            return null;
        }
    }

    static String fmt(double v) {
        return Double.isNaN(v) ? "null" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ");
    }

    /**
     * The process's memory: the peak of each heap pool since the start (their sum is an upper bound of the peak
     * heap in use, since pools peak at different times), the peak of the heap left after a collection (what the
     * run kept alive, plus the old generation's garbage not yet collected), and the peak RSS (VmHWM).
     */
    static final class Memory {
        private static final AtomicLong PEAK_AFTER_GC = new AtomicLong();
        private static final AtomicLong COLLECTIONS = new AtomicLong();

        private Memory() {
        }

        static void start() {
            List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans();
            Set<String> heapPools = pools.stream().filter(p -> p.getType() == MemoryType.HEAP)
                    .map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((notification, handback) -> {
                    String type = notification.getType();
                    if (!type.equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    Map<String, MemoryUsage> after = GarbageCollectionNotificationInfo
                            .from((CompositeData) notification.getUserData()).getGcInfo().getMemoryUsageAfterGc();
                    long used = after.entrySet().stream().filter(e -> heapPools.contains(e.getKey()))
                            .mapToLong(e -> e.getValue().getUsed()).sum();
                    PEAK_AFTER_GC.accumulateAndGet(used, Math::max);
                    COLLECTIONS.incrementAndGet();
                }, null, null);
            }
        }

        static void appendTo(StringBuilder line) {
            long heap = 0;
            long old = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heap += pool.getPeakUsage().getUsed();
                    if (pool.getName().contains("Old") || pool.getName().contains("Tenured")) {
                        old += pool.getPeakUsage().getUsed();
                    }
                }
            }
            line.append(",\"peak_heap_mb\":").append(heap >> 20).append(",\"peak_old_mb\":").append(old >> 20)
                    .append(",\"peak_after_gc_mb\":").append(PEAK_AFTER_GC.get() >> 20)
                    .append(",\"collections\":").append(COLLECTIONS.get())
                    .append(",\"vmhwm_mb\":").append(vmHwmKb() >> 10);
        }

        /** The process's peak resident set, from /proc/self/status (-1 where there is none). */
        private static long vmHwmKb() {
            try {
                for (String l : Files.readAllLines(Paths.get("/proc/self/status"))) {
                    if (l.startsWith("VmHWM:")) {
                        return Long.parseLong(l.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                return -1;
            }
            return -1;
        }
    }

    /**
     * The fallback server where nginx cannot be had: the files of {@code dir} on 127.0.0.1, typed by extension as
     * run.sh's nginx types them, with a Content-Length; it stops by itself after {@code seconds}.
     */
    static void serve(Path dir, int port, int seconds) throws IOException, InterruptedException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", exchange -> {
            Path file = dir.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
                exchange.close();
                return;
            }
            String name = file.getFileName().toString();
            exchange.getResponseHeaders().set("Content-Type", name.endsWith(".ndjson") ? "application/x-ndjson"
                    : name.endsWith(".json") ? "application/json" : "application/octet-stream");
            exchange.sendResponseHeaders(200, Files.size(file));
            try (OutputStream out = exchange.getResponseBody()) {
                Files.copy(file, out);
            }
        });
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.start();
        Thread.sleep(seconds * 1000L);
        server.stop(0);
        System.exit(0);
    }
}
