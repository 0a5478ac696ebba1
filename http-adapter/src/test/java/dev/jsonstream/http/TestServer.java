package dev.jsonstream.http;

import io.undertow.Undertow;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import java.net.InetSocketAddress;
import java.net.URI;

/** Undertow on 127.0.0.1, an ephemeral port, with a counting pool of 16 KiB direct buffers. */
final class TestServer implements AutoCloseable {
    final CountingPool pool = new CountingPool(new DefaultByteBufferPool(true, 16 * 1024));
    final Undertow undertow;
    final int port;

    TestServer(HttpHandler handler) {
        undertow = Undertow.builder()
                .setByteBufferPool(pool)
                .setServerOption(io.undertow.UndertowOptions.MAX_ENTITY_SIZE, 0L)
                .setServerOption(io.undertow.UndertowOptions.ENABLE_HTTP2, true)
                .setIoThreads(2)
                .setWorkerThreads(4)
                .addHttpListener(0, "127.0.0.1", handler)
                .build();
        undertow.start();
        port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Waits (at most two seconds) for every pooled buffer to be back; returns how many are still out. */
    long outstandingAfterSettling() throws InterruptedException {
        for (int i = 0; i < 200 && pool.outstanding.get() != 0; i++) {
            Thread.sleep(10);
        }
        return pool.outstanding.get();
    }

    /** Stops the server after checking that every pooled buffer went back, and went back once. */
    void closeCheckingBuffers() throws InterruptedException {
        try {
            org.assertj.core.api.Assertions.assertThat(outstandingAfterSettling()).as("pooled buffers not given back")
                    .isZero();
            org.assertj.core.api.Assertions.assertThat(pool.doubleCloses.get()).as("pooled buffers given back twice")
                    .isZero();
        } finally {
            close();
        }
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
