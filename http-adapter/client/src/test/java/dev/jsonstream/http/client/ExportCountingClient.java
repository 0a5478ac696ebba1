package dev.jsonstream.http.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.jsonstream.decoder.DecoderConfig;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The client side of {@link NginxExportTest}, run in a JVM of its own with a small heap: GETs an export
 * {@code {"total":N,"items":[...]}}, binds each element of {@code /items/*} with jackson-databind through
 * {@link JsonBodyHandlers#ofStream}, and checks that the element at index i has id i, so that none is lost, repeated or
 * out of order. Prints {@code key=value} lines for the test to read; exits 2 on the first element out of place (an
 * exception or an OutOfMemoryError exits non-zero by itself).
 *
 * <p>Usage: {@code ExportCountingClient URL}
 */
public final class ExportCountingClient {
    /** One element of the export, every member bound, as a user's type would be. */
    record Item(long id, String sku, String name, BigDecimal price, int qty, List<String> tags, String note) {
    }

    private ExportCountingClient() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        ObjectReader reader = new ObjectMapper().readerFor(Item.class);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        long started = System.nanoTime();
        HttpResponse<Stream<Item>> response = client.send(HttpRequest.newBuilder(uri).build(),
                JsonBodyHandlers.ofStream(DecoderConfig.defaults(), "/items/*", p -> reader.readValue(p)));
        long count = 0;
        try (Stream<Item> items = response.body()) {
            for (Iterator<Item> it = items.iterator(); it.hasNext(); count++) {
                Item item = it.next();
                if (item.id() != count || !item.sku().equals(sku(count))) {
                    System.err.println("element " + count + " is item " + item.id() + " (" + item.sku() + ")");
                    System.exit(2);
                }
            }
        }
        System.out.println("status=" + response.statusCode());
        System.out.println("content-type=" + response.headers().firstValue("Content-Type").orElse(""));
        System.out.println("content-length=" + response.headers().firstValueAsLong("Content-Length").orElse(-1));
        System.out.println("elements=" + count);
        System.out.println("seconds=" + (System.nanoTime() - started) / 1_000_000_000.0);
        System.out.println("peak-heap-bytes=" + peakHeapBytes());
    }

    /** The sku the export gives item {@code id}; {@link NginxExportTest} writes the same. */
    static String sku(long id) {
        String digits = Long.toString(id);
        return "SKU-" + "0".repeat(Math.max(0, 8 - digits.length())) + digits;
    }

    /**
     * The heap pools' peaks added up: at least the most heap in use at any one time (the pools peaked at different
     * moments, so the sum may be more).
     */
    static long peakHeapBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
