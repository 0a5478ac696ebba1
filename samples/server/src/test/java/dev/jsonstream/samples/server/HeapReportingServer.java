package dev.jsonstream.samples.server;

import io.undertow.Undertow;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * The sample server in a JVM of its own for {@link SelectEndToEndTest}, so that its heap can be capped apart from the
 * test's: started with the server's own options (its log, the listening line first, goes to standard output), it
 * answers a line {@code peak-heap} on standard input with {@code peak-heap-bytes=N}, and stops when standard input
 * ends, so that it cannot outlive the test that started it.
 *
 * <p>Usage: {@code HeapReportingServer [JsonStreamServer's options]}
 */
public final class HeapReportingServer {
    private HeapReportingServer() {
    }

    public static void main(String[] args) throws Exception {
        JsonStreamServer options = new JsonStreamServer();
        new CommandLine(options).parseArgs(args);
        Undertow server = options.start();
        try (BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            for (String line = commands.readLine(); line != null; line = commands.readLine()) {
                if (line.equals("peak-heap")) {
                    System.out.println("peak-heap-bytes=" + peakHeapBytes());
                }
            }
        } finally {
            server.stop();
        }
        System.exit(0); // Undertow's and the JDK's non-daemon threads would keep the JVM up
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
