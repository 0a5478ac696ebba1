package dev.jsonstream.http.client;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's {@code HttpServer} on 127.0.0.1 answering every request with 200, the given headers and a chunked body,
 * counting the bytes it manages to write and recording how its writing ended: so a test sees the server held back by
 * a client that stops reading, and the write that fails once the client has closed the connection.
 */
final class CountingServer implements AutoCloseable {
    /** Writes a response's body. */
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** Bytes written to the connection so far. */
    final AtomicLong written = new AtomicLong();
    /** Completes when the body has been written (null) or its writing failed (the exception). */
    final CompletableFuture<Throwable> ended = new CompletableFuture<>();
    final URI uri;
    private final HttpServer server;

    CountingServer(Map<String, String> headers, Body body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            headers.forEach(exchange.getResponseHeaders()::set);
            exchange.sendResponseHeaders(200, 0);
            OutputStream counted = new OutputStream() {
                private final OutputStream out = exchange.getResponseBody();

                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    written.addAndGet(len);
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            };
            try (counted) {
                body.write(counted);
                ended.complete(null);
            } catch (IOException | RuntimeException e) {
                ended.complete(e);
                throw e;
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
