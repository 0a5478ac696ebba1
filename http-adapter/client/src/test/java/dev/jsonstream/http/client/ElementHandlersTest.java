package dev.jsonstream.http.client;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.sun.net.httpserver.HttpServer;
import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.ErrorKind;
import dev.jsonstream.decoder.JsonDecodeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link JsonBodyHandlers#ofStream} and {@link JsonBodyHandlers#ofPublisher} with the JDK's {@code HttpClient}
 * against the JDK's {@code HttpServer}: elements bound with jackson-databind as the response arrives, a slow consumer
 * holding the server back, an early close reaching the server as a closed connection, and failures thrown where the
 * consumer meets them.
 */
class ElementHandlersTest {
    /** An element of the exports below. */
    record Item(int id, String name) {
    }

    /** Binds an {@link Item}, leaving out the exports' tags. */
    private static final ObjectReader ITEM_READER = new ObjectMapper().readerFor(Item.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer server;
    private CountingServer served;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (served != null) {
            served.close();
        }
    }

    /** A counting server that writes {@code body}'s pieces, typed {@code type}; stopped after the test. */
    private CountingServer serve(String type, Iterator<byte[]> body) throws IOException {
        CountingServer counting = new CountingServer(Map.of("Content-Type", type), out -> {
            while (body.hasNext()) {
                out.write(body.next());
            }
        });
        served = counting;
        return counting;
    }

    /** The pieces of {@code {"items":[...]}} with {@code count} items, {@code perPiece} items to a piece. */
    private static Iterator<byte[]> export(long count, int perPiece) {
        return new Iterator<>() {
            private long next;
            private boolean closed;

            @Override
            public boolean hasNext() {
                return !closed;
            }

            @Override
            public byte[] next() {
                StringBuilder b = new StringBuilder(next == 0 ? "{\"total\":" + count + ",\"items\":[" : "");
                for (int i = 0; i < perPiece && next < count; i++, next++) {
                    b.append(next == 0 ? "" : ",").append(item(next));
                }
                if (next == count) {
                    b.append("]}");
                    closed = true;
                }
                return b.toString().getBytes(UTF_8);
            }
        };
    }

    private static String item(long i) {
        return "{\"id\":" + i + ",\"name\":\"item " + i + "\",\"tags\":[\"a\",\"b\"]}";
    }

    private static Item expected(long i) {
        return new Item((int) i, "item " + i);
    }

    private static HttpResponse.BodyHandler<Stream<Item>> items() {
        return JsonBodyHandlers.ofStream(DecoderConfig.defaults(), "/items/*", ITEM_READER::readValue);
    }

    private static HttpResponse.BodyHandler<Flow.Publisher<Item>> itemsPublished() {
        return JsonBodyHandlers.ofPublisher(DecoderConfig.defaults(), "/items/*", ITEM_READER::readValue);
    }

    private <T> HttpResponse<T> get(URI uri, HttpResponse.BodyHandler<T> handler) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), handler);
    }

    @Test
    void theElementsOfAnExportAreBoundInOrder() throws Exception {
        URI uri = serve("application/json", export(5_000, 37)).uri;
        try (Stream<Item> items = get(uri, items()).body()) {
            assertThat(items.collect(Collectors.toList()))
                    .isEqualTo(IntStream.range(0, 5_000).mapToObj(ElementHandlersTest::expected).toList());
        }
    }

    @Test
    void eachLineOfAnNdjsonStreamIsAnElement() throws Exception {
        Iterator<byte[]> lines = IntStream.range(0, 300).mapToObj(i -> (item(i) + "\n").getBytes(UTF_8)).iterator();
        URI uri = serve("application/x-ndjson", lines).uri;
        HttpResponse.BodyHandler<Stream<Item>> roots = JsonBodyHandlers.ofStream(DecoderConfig.defaults(), "",
                p -> {
                    Item item = null;
                    for (var t = p.nextToken(); t != null; t = p.nextToken()) { // a binder may read tokens itself
                        if (t == com.fasterxml.jackson.core.JsonToken.FIELD_NAME && "id".equals(p.currentName())) {
                            p.nextToken();
                            item = expected(p.getIntValue());
                        } else if (t.isStructStart() && p.currentName() != null) {
                            p.skipChildren();
                        }
                    }
                    return item;
                });
        try (Stream<Item> items = get(uri, roots).body()) {
            assertThat(items.map(Item::id).toList()).isEqualTo(IntStream.range(0, 300).boxed().toList());
        }
    }

    /**
     * The consumer takes three elements and stops taking: the client stops reading, so the server stalls long before
     * the end of a 400 MB body; once the stream is closed, the server's next write fails.
     */
    @Test
    void aSlowConsumerHoldsTheServerBackAndClosingTheStreamClosesTheConnection() throws Exception {
        CountingServer served = serve("application/json", export(8_000_000, 500));
        AtomicLong written = served.written;
        CompletableFuture<Throwable> serverEnded = served.ended;
        URI uri = served.uri;
        Stream<Item> items = get(uri, items()).body();
        Iterator<Item> it = items.iterator();
        assertThat(List.of(it.next(), it.next(), it.next())).containsExactly(expected(0), expected(1), expected(2));
        long stalledAt = awaitStall(written);
        assertThat(stalledAt).as("bytes the server wrote while the consumer took nothing").isLessThan(64L << 20);
        assertThat(serverEnded).isNotDone();
        items.close();
        assertThat(serverEnded.get(60, TimeUnit.SECONDS)).as("the server's write after the close")
                .isInstanceOf(IOException.class);
        assertThat(written.get()).isLessThan(100L << 20);
    }

    /** Waits until {@code written} has not moved for a while (a busy machine only makes the wait longer). */
    private static long awaitStall(AtomicLong written) throws InterruptedException {
        long last = -1;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            long now = written.get();
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(500);
        }
        return written.get();
    }

    @Test
    void aConsumerThatThrowsClosesTheResponseAndKeepsItsException() throws Exception {
        CountingServer served = serve("application/json", export(8_000_000, 500));
        AtomicLong written = served.written;
        CompletableFuture<Throwable> serverEnded = served.ended;
        URI uri = served.uri;
        List<Item> seen = new ArrayList<>();
        Throwable thrown;
        try (Stream<Item> items = get(uri, items()).body()) {
            thrown = catchThrowable(() -> items.forEach(item -> {
                if (seen.size() == 3) {
                    throw new IllegalStateException("the consumer's own failure");
                }
                seen.add(item);
            }));
        }
        assertThat(thrown).hasMessage("the consumer's own failure");
        assertThat(seen).hasSize(3);
        assertThat(serverEnded.get(60, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    }

    @Test
    void aResponseCutShortThrowsIncompleteAfterTheElementsBeforeTheCut() throws Exception {
        byte[] start = ("{\"items\":[" + item(0) + "," + item(1) + ",{\"id\":2,").getBytes(UTF_8);
        CountDownLatch twoTaken = new CountDownLatch(1);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write(start);
            exchange.getResponseBody().flush();
            try {
                twoTaken.await(60, TimeUnit.SECONDS); // so that send() has returned: the cut is the stream's to meet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            new Thread(() -> exchange.getHttpContext().getServer().stop(0)).start(); // closes mid-body
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        List<Item> seen = new ArrayList<>();
        Throwable thrown;
        try (Stream<Item> items = get(uri, items()).body()) {
            Iterator<Item> it = items.iterator();
            seen.add(it.next());
            seen.add(it.next());
            twoTaken.countDown();
            thrown = catchThrowable(it::next);
        }
        assertThat(seen).containsExactly(expected(0), expected(1));
        assertThat(thrown).isInstanceOf(JsonDecodeException.class);
        assertThat(((JsonDecodeException) thrown).kind()).isEqualTo(ErrorKind.INCOMPLETE);
        assertThat(((JsonDecodeException) thrown).pointer()).isEqualTo("/items/2");
        assertThat(thrown.getSuppressed()).hasSize(1).allMatch(IOException.class::isInstance);
    }

    @Test
    void aValueThatDoesNotBindIsTheBindersIoExceptionWithTheElementsBeforeIt() throws Exception {
        Iterator<byte[]> body = List.of(("{\"items\":[" + item(0) + ",{\"id\":\"x\"}," + item(2) + "]}")
                .getBytes(UTF_8)).iterator();
        URI uri = serve("application/json", body).uri;
        List<Item> seen = new ArrayList<>();
        Throwable thrown;
        try (Stream<Item> items = get(uri, items()).body()) {
            thrown = catchThrowable(() -> items.forEach(seen::add));
        }
        assertThat(seen).containsExactly(expected(0));
        assertThat(thrown).isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(com.fasterxml.jackson.databind.exc.InvalidFormatException.class);
    }

    @Test
    void anErrorStatusFailsSendNotTheStream() throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html");
            exchange.sendResponseHeaders(503, 0);
            exchange.getResponseBody().write("<html>busy</html>".getBytes(UTF_8));
            exchange.close();
        });
        server.start();
        URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
        Throwable thrown = catchThrowable(() -> get(uri, items()));
        assertThat(thrown).isInstanceOf(IOException.class).hasCauseInstanceOf(JsonResponseException.class);
        assertThat(((JsonResponseException) thrown.getCause()).status()).isEqualTo(503);
    }

    /** A subscriber that records what it is given and requests only what the test asks. */
    private static final class Recorder implements Flow.Subscriber<Item> {
        final List<Item> items = new ArrayList<>();
        final AtomicReference<Flow.Subscription> subscription = new AtomicReference<>();
        final CompletableFuture<Throwable> end = new CompletableFuture<>();
        final CountDownLatch subscribed = new CountDownLatch(1);
        volatile CountDownLatch arrivals = new CountDownLatch(0);

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription.set(s);
            subscribed.countDown();
        }

        @Override
        public synchronized void onNext(Item item) {
            items.add(item);
            arrivals.countDown();
        }

        @Override
        public void onError(Throwable throwable) {
            end.complete(throwable);
        }

        @Override
        public void onComplete() {
            end.complete(null);
        }

        synchronized int count() {
            return items.size();
        }
    }

    @Test
    void aPublisherGivesWhatIsRequestedAndNoMore() throws Exception {
        CountingServer served = serve("application/json", export(1_000, 10));
        CompletableFuture<Throwable> serverEnded = served.ended;
        URI uri = served.uri;
        Flow.Publisher<Item> publisher = get(uri, itemsPublished()).body();
        Recorder recorder = new Recorder();
        recorder.arrivals = new CountDownLatch(5);
        publisher.subscribe(recorder);
        recorder.subscribed.await();
        recorder.subscription.get().request(5);
        assertThat(recorder.arrivals.await(60, TimeUnit.SECONDS)).isTrue();
        assertThat(serverEnded.get(60, TimeUnit.SECONDS)).as("the whole body fits the socket buffers").isNull();
        // the body has all been sent; with no more demand, the five are all the subscriber has
        Thread.sleep(200);
        assertThat(recorder.count()).isEqualTo(5);
        assertThat(recorder.end).isNotDone();
        recorder.subscription.get().request(Long.MAX_VALUE);
        assertThat(recorder.end.get(60, TimeUnit.SECONDS)).isNull();
        assertThat(recorder.items).isEqualTo(IntStream.range(0, 1_000).mapToObj(ElementHandlersTest::expected)
                .toList());
    }

    @Test
    void aSecondSubscriberIsRefusedAndCancellingClosesTheConnection() throws Exception {
        CountingServer served = serve("application/json", export(8_000_000, 500));
        CompletableFuture<Throwable> serverEnded = served.ended;
        URI uri = served.uri;
        Flow.Publisher<Item> publisher = get(uri, itemsPublished()).body();
        Recorder first = new Recorder();
        first.arrivals = new CountDownLatch(3);
        publisher.subscribe(first);
        Recorder second = new Recorder();
        publisher.subscribe(second);
        assertThat(second.end.get(10, TimeUnit.SECONDS)).isInstanceOf(IllegalStateException.class);
        first.subscription.get().request(3);
        assertThat(first.arrivals.await(60, TimeUnit.SECONDS)).isTrue();
        first.subscription.get().cancel();
        assertThat(serverEnded.get(60, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        assertThat(first.items).containsExactly(expected(0), expected(1), expected(2));
    }

    @Test
    void aPublisherTellsItsSubscriberTheDecodersErrorUnwrapped() throws Exception {
        Iterator<byte[]> body = List.of(("{\"items\":[" + item(0) + ",]}").getBytes(UTF_8)).iterator();
        URI uri = serve("application/json", body).uri;
        Flow.Publisher<Item> publisher = get(uri, itemsPublished()).body();
        Recorder recorder = new Recorder();
        publisher.subscribe(recorder);
        recorder.subscription.get().request(10);
        Throwable failure = recorder.end.get(60, TimeUnit.SECONDS);
        assertThat(recorder.items).containsExactly(expected(0));
        assertThat(failure).isInstanceOf(JsonDecodeException.class);
        assertThat(((JsonDecodeException) failure).kind()).isEqualTo(ErrorKind.MALFORMED);
        assertThat(((JsonDecodeException) failure).pointer()).isEqualTo("/items/1");
    }
}
