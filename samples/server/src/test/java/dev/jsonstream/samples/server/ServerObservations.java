package dev.jsonstream.samples.server;

import dev.jsonstream.http.BodyFailure;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.AttachmentKey;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the soak sees from inside the server, in bounded memory: the adapter's failed bodies by status (and any
 * body reported twice), the server's request log tallied by method, path and status as it is written, and the
 * WARNING and SEVERE records of java.util.logging (where Undertow's and XNIO's JBoss logging goes) by logger,
 * message and exception class.
 */
final class ServerObservations {
    private static final AttachmentKey<AtomicInteger> REPORTS = AttachmentKey.create(AtomicInteger.class);
    /**
     * The server's request line: client, method, path, status ({@code ---}: no answer, the client left), bytes
     * out, time (a comma where the locale has one).
     */
    private static final Pattern REQUEST_LINE = Pattern.compile("(\\S+) (\\S+) (\\S+) (\\d{3}|---) \\d+B-out [\\d.,]+ms");
    private static final int KEPT = 20;

    final Map<Integer, LongAdder> failuresByStatus = new ConcurrentHashMap<>();
    final AtomicLong reportedTwice = new AtomicLong();
    final Map<String, LongAdder> logByRequest = new ConcurrentHashMap<>();
    final List<String> unexpectedLogLines = new CopyOnWriteArrayList<>();
    final Map<String, LongAdder> warnings = new ConcurrentHashMap<>();
    final List<String> warningSamples = new CopyOnWriteArrayList<>();

    /** The adapter's error hook: one call per failed body, on the IO thread. */
    void onBodyFailure(HttpServerExchange exchange, BodyFailure failure) {
        failuresByStatus.computeIfAbsent(failure.status(), s -> new LongAdder()).increment();
        AtomicInteger reports = exchange.getAttachment(REPORTS);
        if (reports == null) {
            exchange.putAttachment(REPORTS, new AtomicInteger(1));
        } else if (reports.incrementAndGet() == 2) {
            reportedTwice.incrementAndGet();
        }
    }

    long failures(int status) {
        LongAdder n = failuresByStatus.get(status);
        return n == null ? 0 : n.sum();
    }

    /** For {@code JsonStreamServer.log}: lines are tallied as they come, none is kept but the unexpected ones. */
    PrintStream logStream() {
        return new PrintStream(new OutputStream() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void write(int b) {
                // PrintStream calls this under its own lock, one whole printf at a time
                if (b == '\n') {
                    logLine(line.toString());
                    line.setLength(0);
                } else if (line.length() < 2000) {
                    line.append((char) b);
                }
            }
        }, true, StandardCharsets.ISO_8859_1);
    }

    private void logLine(String line) {
        Matcher m = REQUEST_LINE.matcher(line);
        if (m.matches()) {
            String path = m.group(3).replaceFirst("\\?.*", "");
            logByRequest.computeIfAbsent(m.group(2) + " " + path + " " + m.group(4), k -> new LongAdder()).increment();
            if (m.group(4).startsWith("5")) {
                keep(unexpectedLogLines, line);
            }
        } else if (!line.startsWith("jsonstream-server listening on http://127.0.0.1:")
                && !line.equals("jsonstream-server stopped")) {
            keep(unexpectedLogLines, line);
        }
    }

    /** A java.util.logging handler for the root logger: counts WARNING and SEVERE records. */
    Handler warningCounter() {
        return new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() < Level.WARNING.intValue()) {
                    return;
                }
                String key = r.getLevel() + " " + r.getLoggerName() + ": " + r.getMessage()
                        + (r.getThrown() != null ? " [" + r.getThrown().getClass().getName() + "]" : "");
                if (warnings.computeIfAbsent(key, k -> new LongAdder()).sum() == 0 && r.getThrown() != null) {
                    keep(warningSamples, key + ": " + r.getThrown());
                }
                warnings.get(key).increment();
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
    }

    private static void keep(List<String> list, String s) {
        if (list.size() < KEPT) {
            list.add(s);
        }
    }

    /** The request log's answers with a 4xx or 5xx status, by status, all methods and paths together. */
    Map<Integer, Long> answeredFailuresByStatus() {
        Map<Integer, Long> m = new TreeMap<>();
        logByRequest.forEach((k, v) -> {
            String status = k.substring(k.lastIndexOf(' ') + 1);
            if (!status.equals("---") && status.charAt(0) >= '4') {
                m.merge(Integer.parseInt(status), v.sum(), Long::sum);
            }
        });
        return m;
    }

    static Map<String, Long> sorted(Map<String, LongAdder> counts) {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }
}
