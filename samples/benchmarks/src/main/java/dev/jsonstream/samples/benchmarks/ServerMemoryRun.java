package dev.jsonstream.samples.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The client side of RESULTS.md part 3, against a running sample server: a 1 GiB body generated on the fly to
 * {@code /stats} and to the receiveFullBytes baseline, a 1 GiB upload with a syntax error at byte 1,000, and the
 * server's allocation per request at three body sizes. Usage: {@code ServerMemoryRun HOST PORT}.
 */
public final class ServerMemoryRun {
    private static final byte[] ELEMENT = "{\"id\":1234567,\"name\":\"item\",\"tags\":[\"a\",\"b\"]}"
            .getBytes(StandardCharsets.US_ASCII);
    private static final int TOKENS_PER_ELEMENT = 11;

    private ServerMemoryRun() {
    }

    /** The number of elements making a body of at least {@code size} bytes, and that body's exact length. */
    static long elementsFor(long size) {
        return Math.max(1, (size - 12) / (ELEMENT.length + 1) + 1);
    }

    static long bodyLength(long elements) {
        return "{\"items\":[".length() + elements * ELEMENT.length + (elements - 1) + "]}".length();
    }

    /** Writes the body; with {@code breakAt} >= 0, the byte at that offset becomes 0x01 (invalid anywhere). */
    static void writeBody(OutputStream out, long elements, long breakAt, AtomicLong written) throws IOException {
        byte[] head = "{\"items\":[".getBytes(StandardCharsets.US_ASCII);
        byte[] buf = new byte[64 * 1024];
        int n = 0;
        long offset = 0;
        for (byte b : head) {
            buf[n++] = b;
        }
        for (long i = 0; i < elements; i++) {
            if (n + ELEMENT.length + 3 > buf.length) {
                offset = flush(out, buf, n, offset, breakAt, written);
                n = 0;
            }
            if (i > 0) {
                buf[n++] = ',';
            }
            System.arraycopy(ELEMENT, 0, buf, n, ELEMENT.length);
            n += ELEMENT.length;
        }
        buf[n++] = ']';
        buf[n++] = '}';
        flush(out, buf, n, offset, breakAt, written);
        out.flush();
    }

    private static long flush(OutputStream out, byte[] buf, int n, long offset, long breakAt, AtomicLong written)
            throws IOException {
        if (breakAt >= offset && breakAt < offset + n) {
            buf[(int) (breakAt - offset)] = 1; // a raw control character: invalid anywhere in JSON
        }
        out.write(buf, 0, n);
        written.addAndGet(n);
        return offset + n;
    }

    static Socket post(String host, int port, String path, long length) throws IOException {
        Socket s = new Socket(host, port);
        s.setSoTimeout(600_000);
        OutputStream out = s.getOutputStream();
        out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    /** Reads until the end or an error; an error (a reset while the client still sends) is noted, not thrown. */
    static String readAll(InputStream in) {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = in.read(buf)) > 0) {
                got.write(buf, 0, n);
            }
            return got.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return got.toString(StandardCharsets.UTF_8) + " (then " + e + ")";
        }
    }

    /**
     * {@code one HOST PORT PATH SIZE}: one generated body of about SIZE bytes, and one JSON line of what came back
     * (for run.sh memory's sweep of body sizes, which reads the server's RSS meanwhile).
     */
    private static void one(String host, int port, String path, long size) {
        long elements = elementsFor(size);
        String r = send(host, port, path, elements);
        boolean ok = r.contains("HTTP/1.1 200") && r.contains("\"tokens\":" + (5 + elements * TOKENS_PER_ELEMENT));
        String failure = ok ? "" : r.startsWith("failed: ") ? r.substring(8).replaceAll("^[\\w.]+\\.", "")
                : r.replaceAll("^[\\d.]+ s: (HTTP/1.1 \\d+ [^|]*).*", "$1").trim();
        System.out.printf("{\"body_bytes\": %d, \"ok\": %b, \"failure\": \"%s\"}%n", bodyLength(elements), ok,
                failure.replace("\\", "\\\\").replace("\"", "'"));
    }

    /** Sends a whole generated body and returns the response (or what went wrong). */
    static String send(String host, int port, String path, long elements) {
        long length = bodyLength(elements);
        try (Socket s = post(host, port, path, length)) {
            long t0 = System.nanoTime();
            writeBody(new BufferedOutputStream(s.getOutputStream(), 1 << 16), elements, -1, new AtomicLong());
            String response = readAll(s.getInputStream());
            return String.format("%.1f s: %s", (System.nanoTime() - t0) / 1e9, response.replace("\r\n", " | "));
        } catch (IOException e) {
            return "failed: " + e;
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 5 && args[0].equals("one")) {
            one(args[1], Integer.parseInt(args[2]), args[3], Long.parseLong(args[4]));
            return;
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        long gib = elementsFor(1L << 30);
        System.out.println("== 1 GiB body (" + bodyLength(gib) + " bytes, " + gib + " elements, expected tokens "
                + (5 + gib * TOKENS_PER_ELEMENT) + ") to /stats");
        System.out.println(send(host, port, "/stats", gib));

        System.out.println("== allocation per request on the server's IO thread (X-Allocated-Bytes), /stats");
        for (long size : new long[] {1024, 1 << 20, 64L << 20}) {
            long elements = elementsFor(size);
            String r = "";
            for (int i = 0; i < 3; i++) { // the third of three: warm
                r = send(host, port, "/stats", elements);
            }
            String allocated = r.replaceAll(".*X-Allocated-Bytes: (\\d+).*", "$1");
            long bytes = bodyLength(elements);
            System.out.printf("%,d body bytes: %s bytes allocated (%.4f per body byte)%n", bytes, allocated,
                    Double.parseDouble(allocated) / bytes);
        }

        System.out.println("== 1 GiB upload with a syntax error at byte 1,000, to /stats");
        long length = bodyLength(gib);
        try (Socket s = post(host, port, "/stats", length)) {
            AtomicLong written = new AtomicLong();
            AtomicLong writtenAtAnswer = new AtomicLong(-1);
            Thread writer = new Thread(() -> {
                try {
                    writeBody(s.getOutputStream(), gib, 1000, written);
                } catch (IOException stopped) {
                    // the server closed the connection after answering
                }
            });
            writer.start();
            InputStream in = s.getInputStream();
            int first = in.read();
            writtenAtAnswer.set(written.get());
            String rest = first < 0 ? "" : (char) first + readAll(in);
            writer.join(60_000);
            System.out.printf("answer received after the client had written %,d bytes (of %,d); the client wrote"
                    + " %,d in all%n%s%n", writtenAtAnswer.get(), length, written.get(),
                    rest.replace("\r\n", " | "));
        }

        System.out.println("== 1 GiB body to the receiveFullBytes baseline (/baseline/full-bytes)");
        System.out.println(send(host, port, "/baseline/full-bytes", gib));
    }
}
