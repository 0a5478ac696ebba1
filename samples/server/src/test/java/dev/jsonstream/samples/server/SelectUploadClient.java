package dev.jsonstream.samples.server;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.http.client.JsonBodyHandlers;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The client side of {@link SelectEndToEndTest}, in a JVM of its own with a small heap: POSTs a generated upload
 * {@code {"items":[...]}} to {@code /select?path=/items/*} and reads the NDJSON answer with
 * {@link JsonBodyHandlers#ofStream} (pattern {@code ""}: each line a root value), each line bound with
 * jackson-databind, checking that line i is item i. The upload is made as it is sent, never held whole, and it holds
 * itself after its first items until the first line has come back: it goes on only if the server answers while it is
 * still reading the upload.
 *
 * <p>The exchange is {@link FullDuplexPost}, HTTP/1.1 over a socket, sending and reading at once, because the JDK's
 * {@code HttpClient} cannot: it reads a response only once it has sent the whole request body (HTTP/1.1 and HTTP/2
 * alike; see {@link SelectEndToEndTest}), so against {@code /select} it waits for ever once the answer fills the
 * socket buffers (or the HTTP/2 stream window of 16 MiB) and the server, held back by the unread answer, stops
 * reading the upload. The body handler is driven as the JDK's client drives it: a {@code BodySubscriber} given the
 * response's status and headers, fed a buffer per chunk as it requests them, so it reads from the socket only as
 * fast as the elements are taken.
 *
 * <p>Prints {@code key=value} lines for the test; exits 2 on a line out of place, 4 when the first line did not come
 * back while the upload was held (an exception or an OutOfMemoryError exits non-zero by itself).
 *
 * <p>Usage: {@code SelectUploadClient PORT ITEMS HOLD_AFTER_ITEMS HOLD_SECONDS}
 */
public final class SelectUploadClient {
    /** Each item is written exactly this long, its separating comma included. */
    static final int ITEM_BYTES = 128;

    /** The length of the upload of {@code items} items: the items, the commas between them, and the array around. */
    static long uploadBytes(long items) {
        return "{\"items\":[".length() + items * ITEM_BYTES - 1 + "]}".length();
    }

    /** One line of the answer, every member bound. */
    record Item(long id, String name, String pad) {
    }

    private SelectUploadClient() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        long items = Long.parseLong(args[1]);
        long holdAfter = Long.parseLong(args[2]);
        long holdSeconds = Long.parseLong(args[3]);
        CountDownLatch firstLineArrived = new CountDownLatch(1);
        HeldUpload upload = new HeldUpload(items, holdAfter, () -> {
            try {
                if (!firstLineArrived.await(holdSeconds, TimeUnit.SECONDS)) {
                    System.err.println("the upload held itself for " + holdSeconds + " s and no line came back");
                    System.exit(4);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ObjectReader reader = new ObjectMapper().readerFor(Item.class);
        HttpResponse.BodyHandler<Stream<Item>> lines = JsonBodyHandlers.ofStream(DecoderConfig.defaults(), "",
                p -> reader.readValue(p));
        long started = System.nanoTime();
        long uploadedAtFirstLine = -1;
        long count = 0;
        try (FullDuplexPost post = new FullDuplexPost(port, "/select?path=/items/*", "application/json", upload);
                Stream<Item> answer = post.answer(lines)) {
            for (Iterator<Item> it = answer.iterator(); it.hasNext(); count++) {
                Item item = it.next();
                if (count == 0) {
                    uploadedAtFirstLine = upload.produced();
                    firstLineArrived.countDown();
                }
                if (item.id() != count || !item.name().equals("item " + count)) {
                    System.err.println("line " + count + " is item " + item.id() + " (" + item.name() + ")");
                    System.exit(2);
                }
            }
            System.out.println("status=" + post.info.statusCode());
            System.out.println("content-type=" + post.info.headers().firstValue("Content-Type").orElse(""));
            System.out.println("transfer-encoding=" + post.info.headers().firstValue("Transfer-Encoding").orElse(""));
        }
        System.out.println("lines=" + count);
        System.out.println("uploaded-bytes=" + upload.produced());
        System.out.println("uploaded-bytes-at-first-line=" + uploadedAtFirstLine);
        System.out.println("held-at-bytes=" + upload.heldAt());
        System.out.println("seconds=" + (System.nanoTime() - started) / 1e9);
        System.out.println("peak-heap-bytes=" + HeapReportingServer.peakHeapBytes());
    }

    /**
     * {@code {"items":[...]}} of {@code items} items made one at a time as it is read; before item {@code holdAfter}
     * it runs {@code hold} (which waits), once. A read returns what it has before the hold rather than wait in the
     * middle of filling a buffer, so that the bytes before the hold are sent.
     */
    static final class HeldUpload extends InputStream {
        private final long items;
        private final long holdAfter;
        private final Runnable hold;
        private final StringBuilder item = new StringBuilder(ITEM_BYTES);
        private final String padding = "p".repeat(ITEM_BYTES);
        private long next;
        private byte[] piece = "{\"items\":[".getBytes(UTF_8);
        private int pieceAt;
        private boolean ended;
        private volatile long produced;
        private volatile long heldAt = -1;

        HeldUpload(long items, long holdAfter, Runnable hold) {
            this.items = items;
            this.holdAfter = holdAfter;
            this.hold = hold;
        }

        /** The bytes read so far. */
        long produced() {
            return produced;
        }

        /** The bytes read when the upload held itself, or -1 before. */
        long heldAt() {
            return heldAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) {
            int n = 0;
            while (n < length) {
                if (pieceAt == piece.length) {
                    if (ended || (next == holdAfter && heldAt < 0 && n > 0)) {
                        break; // the end, or the hold: hand over what is here first
                    }
                    nextPiece();
                }
                int take = Math.min(length - n, piece.length - pieceAt);
                System.arraycopy(piece, pieceAt, into, offset + n, take);
                pieceAt += take;
                n += take;
            }
            produced += n;
            return n == 0 && length > 0 ? -1 : n;
        }

        /** The next item, or the end of the array; the hold first when it is due. */
        private void nextPiece() {
            if (next == holdAfter && heldAt < 0) {
                heldAt = produced;
                hold.run();
            }
            if (next == items) {
                piece = "]}".getBytes(UTF_8);
                ended = true;
            } else {
                item.setLength(0);
                item.append(next == 0 ? "" : ",").append("{\"id\":").append(next).append(",\"name\":\"item ")
                        .append(next).append("\",\"pad\":\"");
                int itemLength = ITEM_BYTES - (next == 0 ? 1 : 0); // the first has no comma
                item.append(padding, 0, itemLength - item.length() - 2).append("\"}");
                piece = item.toString().getBytes(UTF_8);
                next++;
            }
            pieceAt = 0;
        }
    }

    /**
     * A POST over HTTP/1.1 on a socket of its own that sends its chunked body from a thread of its own while the
     * answer is read: full duplex, as the JDK's client is not. {@link #answer} hands the answer's body to a body
     * handler as the JDK's client would.
     */
    static final class FullDuplexPost implements Closeable {
        /** The most body bytes handed to the subscriber at a time, as the JDK's client's buffers are. */
        private static final int PIECE_BYTES = 16 * 1024;
        private final Socket socket = new Socket();
        private final InputStream in;
        private HttpResponse.ResponseInfo info;

        FullDuplexPost(int port, String target, String contentType, InputStream upload) throws IOException {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(120_000); // a read that waits this long is a hang, not a busy machine
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024 + 16);
            byte[] head = ("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: "
                    + contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(US_ASCII);
            Thread sender = new Thread(() -> {
                try {
                    out.write(head);
                    byte[] chunk = new byte[64 * 1024];
                    for (int n = upload.read(chunk); n > 0; n = upload.read(chunk)) {
                        out.write((Integer.toHexString(n) + "\r\n").getBytes(US_ASCII));
                        out.write(chunk, 0, n);
                        out.write('\r');
                        out.write('\n');
                        out.flush(); // each chunk goes out now: the bytes before a hold must reach the server
                    }
                    out.write("0\r\n\r\n".getBytes(US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the answer, read on the other thread, says what happened (a reset, a cut answer)
                }
            }, "upload-sender");
            sender.setDaemon(true);
            sender.start();
        }

        /** Reads the answer's head, and gives its body to {@code handler}'s subscriber as it requests it. */
        <T> T answer(HttpResponse.BodyHandler<T> handler) throws Exception {
            String[] status = line().split(" ", 3);
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.computeIfAbsent(h.substring(0, colon).trim(), k -> new ArrayList<>())
                        .add(h.substring(colon + 1).trim());
            }
            HttpHeaders httpHeaders = HttpHeaders.of(headers, (name, value) -> true);
            int code = Integer.parseInt(status[1]);
            info = new HttpResponse.ResponseInfo() {
                @Override
                public int statusCode() {
                    return code;
                }

                @Override
                public HttpHeaders headers() {
                    return httpHeaders;
                }

                @Override
                public HttpClient.Version version() {
                    return HttpClient.Version.HTTP_1_1;
                }
            };
            if (!httpHeaders.firstValue("Transfer-Encoding").orElse("").toLowerCase(Locale.ROOT).equals("chunked")) {
                throw new IOException("expected a chunked answer, got " + status[1] + " " + headers);
            }
            HttpResponse.BodySubscriber<T> subscriber = handler.apply(info);
            new ChunkedSubscription(subscriber).start();
            return subscriber.getBody().toCompletableFuture().get(60, TimeUnit.SECONDS);
        }

        /**
         * The answer's chunked body, decoded, as the subscriber requests it: one list of one buffer per request,
         * read from the socket on a thread of its own only while there is demand, so that a subscriber that waits
         * leaves the bytes in the socket and the server is held back.
         */
        private final class ChunkedSubscription implements Flow.Subscription {
            private final HttpResponse.BodySubscriber<?> subscriber;
            private long demand;
            private boolean cancelled;
            /** Bytes left in the current chunk. */
            private int chunkLeft;

            ChunkedSubscription(HttpResponse.BodySubscriber<?> subscriber) {
                this.subscriber = subscriber;
            }

            void start() {
                subscriber.onSubscribe(this);
                Thread reader = new Thread(this::deliver, "answer-reader");
                reader.setDaemon(true);
                reader.start();
            }

            @Override
            public synchronized void request(long n) {
                if (n <= 0) {
                    cancelled = true;
                    subscriber.onError(new IllegalArgumentException("request(" + n + ")"));
                    return;
                }
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                notifyAll();
            }

            @Override
            public synchronized void cancel() {
                cancelled = true;
                notifyAll();
                try {
                    socket.close(); // as the JDK's client closes a connection whose response was cancelled
                } catch (IOException e) {
                    // closed either way
                }
            }

            private synchronized boolean awaitDemand() throws InterruptedException {
                while (demand == 0 && !cancelled) {
                    wait();
                }
                if (cancelled) {
                    return false;
                }
                demand--;
                return true;
            }

            private void deliver() {
                try {
                    while (awaitDemand()) {
                        ByteBuffer piece = nextPiece();
                        if (piece == null) {
                            subscriber.onComplete();
                            return;
                        }
                        subscriber.onNext(List.of(piece));
                    }
                } catch (IOException e) {
                    if (!isCancelled()) {
                        subscriber.onError(e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            private synchronized boolean isCancelled() {
                return cancelled;
            }

            /** Up to {@link #PIECE_BYTES} of the body, or null at its end (the last chunk and its trailers read). */
            private ByteBuffer nextPiece() throws IOException {
                if (chunkLeft == 0) {
                    String size = line();
                    int semicolon = size.indexOf(';');
                    chunkLeft = Integer.parseInt((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                    if (chunkLeft == 0) {
                        while (!line().isEmpty()) {
                            // trailers
                        }
                        return null;
                    }
                }
                byte[] bytes = in.readNBytes(Math.min(chunkLeft, PIECE_BYTES));
                if (bytes.length == 0) {
                    throw new EOFException("the connection closed inside a chunk");
                }
                chunkLeft -= bytes.length;
                if (chunkLeft == 0) {
                    line(); // the CRLF after the chunk's data
                }
                return ByteBuffer.wrap(bytes);
            }
        }

        private String line() throws IOException {
            StringBuilder sb = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new EOFException("the connection closed" + (sb.length() > 0 ? " in the line " + sb : ""));
                }
                if (c != '\r') {
                    sb.append((char) c);
                }
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
