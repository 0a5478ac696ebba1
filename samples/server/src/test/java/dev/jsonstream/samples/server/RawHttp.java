package dev.jsonstream.samples.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An HTTP/1.1 client connection over a plain socket, for what the JDK client cannot do: exact Content-Length
 * headers without the body, 100-continue by hand, trickles, leaving mid-body with a FIN or a reset, writing a whole
 * request before reading (as Python's http.client does). It reads a
 * response whole: interim 1xx heads (recorded), then the final head and its body by Content-Length, chunked, or
 * up to the close.
 */
final class RawHttp implements Closeable {
    /** Any single read waits at most this long: a server that never answers fails the request, not the soak. */
    static final int READ_TIMEOUT_MILLIS = 15_000;

    final Socket socket;
    final InputStream in;
    final OutputStream out;
    /** Requests sent on this connection so far (more than one: it was kept alive). */
    int requests;

    RawHttp(int port) throws IOException {
        this(port, 0);
    }

    /**
     * A connection whose receive buffer is {@code receiveBufferBytes} (0: the system's, growing as it likes): set
     * before connecting, so that the window the server sees stays that small and a client that does not read
     * makes the server's writes wait.
     */
    RawHttp(int port, int receiveBufferBytes) throws IOException {
        socket = new Socket();
        if (receiveBufferBytes > 0) {
            socket.setReceiveBufferSize(receiveBufferBytes);
        }
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = socket.getOutputStream();
    }

    /** A response: final status, headers (names in lower case), body, and the 1xx statuses seen before it. */
    record Response(int status, Map<String, String> headers, byte[] body, List<Integer> interim) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        boolean closes() {
            return "close".equalsIgnoreCase(header("connection"));
        }
    }

    /** The request line and headers, ending with the blank line; {@code headers} are name, value pairs. */
    static byte[] head(String method, String path, String... headers) {
        StringBuilder sb = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        for (int i = 0; i < headers.length; i += 2) {
            sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
        }
        return sb.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Writes the whole of {@code bytes}, in 64 KiB writes, before the caller reads a byte of the answer, as Python's
     * http.client (one sendall) and many SDKs do. A server that stops reading would block the write for ever (a
     * socket's timeout is for reads only), so a watchdog closes the connection after {@link #READ_TIMEOUT_MILLIS},
     * and then this says how far it got.
     */
    void sendAll(byte[] bytes, ScheduledExecutorService watchdogs) throws IOException {
        AtomicBoolean stalled = new AtomicBoolean();
        ScheduledFuture<?> watchdog = watchdogs.schedule(() -> {
            stalled.set(true);
            try {
                socket.close();
            } catch (IOException e) {
                // closing is all it can do
            }
        }, READ_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        int off = 0;
        try {
            while (off < bytes.length) {
                int n = Math.min(64 * 1024, bytes.length - off);
                out.write(bytes, off, n);
                off += n;
            }
            out.flush();
        } catch (IOException e) {
            throw new IOException((stalled.get() ? "the server stopped reading: " : e + ": ") + off + " of "
                    + bytes.length + " bytes written" + (stalled.get() ? " in " + READ_TIMEOUT_MILLIS + " ms" : ""), e);
        } finally {
            watchdog.cancel(false);
        }
    }

    /** The body in chunked coding, in pieces of the given sizes (cycled), and the last chunk. */
    static byte[] chunked(byte[] body, int[] pieces) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(body.length + 64);
        int off = 0;
        for (int i = 0; off < body.length; i++) {
            int n = Math.min(Math.max(1, pieces[i % pieces.length]), body.length - off);
            b.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            b.write(body, off, n);
            b.writeBytes(new byte[] {'\r', '\n'});
            off += n;
        }
        b.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    /** Reads heads up to the first final (non-1xx) one, and its body. */
    Response read() throws IOException {
        List<Integer> interim = new ArrayList<>();
        while (true) {
            String statusLine = line();
            if (statusLine.isEmpty()) {
                continue;
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not a status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            if (status / 100 == 1) {
                interim.add(status);
                continue;
            }
            return new Response(status, headers, body(headers), interim);
        }
    }

    /** Reads only the next head's status (1xx included), leaving the rest unread. */
    int readStatusOnly() throws IOException {
        String statusLine = line();
        for (String h = line(); !h.isEmpty(); h = line()) {
            // skip the headers
        }
        return Integer.parseInt(statusLine.split(" ", 3)[1]);
    }

    private byte[] body(Map<String, String> headers) throws IOException {
        String length = headers.get("content-length");
        if (length != null) {
            return in.readNBytes(Integer.parseInt(length));
        }
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi >= 0 ? size.substring(0, semi) : size).trim(), 16);
                if (n == 0) {
                    while (!line().isEmpty()) {
                        // trailers
                    }
                    return b.toByteArray();
                }
                b.writeBytes(in.readNBytes(n));
                line();
            }
        }
        return in.readAllBytes();
    }

    private String line() throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("connection closed" + (sb.length() > 0 ? " in the line " + sb : ""));
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    /** Leaves with a reset instead of a FIN: a zero linger time makes close() send RST. */
    void reset() throws IOException {
        socket.setSoLinger(true, 0);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
