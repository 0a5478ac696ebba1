package dev.jsonstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link MatchWorkers}: items worked on a pool, a few at a time, the body paused while the pool is full. */
class MatchWorkersTest {
    /** What each item is read into: its id, and its qty as written. */
    record Item(long id, String qty) {
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private ExecutorService pool = Executors.newFixedThreadPool(4);
    private TestServer server;

    @AfterEach
    void nothingLeftOut() throws InterruptedException {
        pool.shutdownNow();
        if (server != null) {
            server.closeCheckingBuffers();
        }
    }

    /** {"items":[{"id":0,"qty":"1"},{"id":1,"qty":"1"},...]}, about 24 bytes an item. */
    private static byte[] items(int count) {
        StringBuilder sb = new StringBuilder(count * 26).append("{\"items\":[");
        for (int i = 0; i < count; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"qty\":\"1\"}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static MatchWorkers.Builder<Item> reading() {
        return MatchWorkers.builder("/items/*", m -> {
            String text = new String(m.toByteArray(), StandardCharsets.US_ASCII);
            long id = Long.parseLong(text.substring(text.indexOf(':') + 1, text.indexOf(',')));
            String qty = text.substring(text.lastIndexOf(':') + 2, text.length() - 2);
            return new Item(id, qty);
        });
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER =
            new com.fasterxml.jackson.databind.ObjectMapper();

    /** The same items, bound by jackson-databind from the decoder's own parser as each arrives. */
    private static MatchWorkers.Builder<Item> binding() {
        return MatchWorkers.binding("/items/*", p -> MAPPER.readValue(p, Item.class));
    }

    /** Answers how many items were stored. */
    private static final MatchWorkers.Completion STORED =
            (exchange, n) -> exchange.getResponseSender().send("{\"stored\":" + n + "}");

    /** Serves {@code workers} (answering {@link #STORED}), posts {@code count} items and expects all stored. */
    private void postExpectingAllStored(MatchWorkers<Item> workers, int count) throws Exception {
        server = new TestServer(JsonBodyHandler.builder(workers).build());
        HttpResponse<String> r = post(items(count));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"stored\":" + count + "}");
    }

    private HttpResponse<String> post(byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(server.uri("/")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aHundredThousandItemsOnFourWorkersNeverMoreThanFourInFlight() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        AtomicLong idSum = new AtomicLong();
        AtomicLong worked = new AtomicLong();
        MatchWorkers<Item> workers = reading()
                .work(item -> {
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    idSum.addAndGet(item.id());
                    worked.incrementAndGet();
                    running.decrementAndGet();
                })
                .executor(pool, 4)
                .onComplete(STORED)
                .build();
        int count = 100_000;
        postExpectingAllStored(workers, count);
        assertThat(worked.get()).isEqualTo(count);
        assertThat(idSum.get()).isEqualTo((long) count * (count - 1) / 2);
        assertThat(workers.mostInFlight.get()).as("items in flight at most").isEqualTo(4);
        assertThat(mostRunning.get()).as("works running at once").isBetween(1, 4);
        assertThat(workers.pauses.get()).as("times the body waited for room").isPositive();
        assertThat(workers.skipped.get()).isZero();
        System.out.printf("[match workers] %,d items, %,d pauses, at most %d in flight, %d running%n", count,
                workers.pauses.get(), workers.mostInFlight.get(), mostRunning.get());
    }

    @Test
    void itemsReachThePoolInBatchesNotOneHandOffEach() throws Exception {
        // A wake-up of a pool thread per item costs more than binding the item: the items one read makes are handed
        // over together, and a few runners take them in turn. Each runner takes at least one item, so the count of
        // hand-offs can reach the count of items only if nearly every runner finds a single item.
        AtomicLong handOffs = new AtomicLong();
        AtomicLong worked = new AtomicLong();
        MatchWorkers<Item> workers = binding()
                .work(item -> worked.incrementAndGet())
                .executor(task -> {
                    handOffs.incrementAndGet();
                    pool.execute(task);
                }, 64)
                .onComplete(STORED)
                .build();
        int count = 100_000;
        postExpectingAllStored(workers, count);
        assertThat(worked.get()).isEqualTo(count);
        assertThat(handOffs.get()).as("tasks handed to the executor for %,d items", count).isLessThan(count / 4);
        System.out.printf("[match workers] %,d items in %,d hand-offs, %,d pauses%n", count, handOffs.get(),
                workers.pauses.get());
    }

    @Test
    void slowWorkSpreadsOverThePool() throws Exception {
        // Works that block (a store, say) run side by side up to the room in flight: the runners started one by one
        // as items wait behind the first reach every thread of the pool.
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        MatchWorkers<Item> workers = reading()
                .work(item -> {
                    mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                    Thread.sleep(2);
                    running.decrementAndGet();
                })
                .executor(pool, 4)
                .build();
        server = new TestServer(JsonBodyHandler.builder(workers).build());
        HttpResponse<String> r = post(items(400));
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(mostRunning.get()).as("works running at once, on a pool of 4").isEqualTo(4);
        assertThat(workers.mostInFlight.get()).isEqualTo(4);
    }

    @Test
    void boundItemsArriveWholeAndInOrderHoweverTheBodyWasSplit() throws Exception {
        // 200,000 items of about 24 bytes come in the server's pooled buffers, so hundreds of them run past the end
        // of one: each is bound once it has all arrived, and every item reaches the work exactly once.
        List<Long> reported = new CopyOnWriteArrayList<>();
        AtomicLong idSum = new AtomicLong();
        MatchWorkers<Item> workers = binding()
                .work(item -> idSum.addAndGet(item.id()))
                .executor(pool, 4)
                .ordered(true)
                .onEachDone((exchange, index, item) -> {
                    if (item.id() != index || !item.qty().equals("1")) {
                        reported.add(-index - 1); // noticed below
                    }
                    reported.add(index);
                })
                .onComplete(STORED)
                .build();
        int count = 200_000;
        postExpectingAllStored(workers, count);
        assertThat(reported).hasSize(count).isSorted().allMatch(i -> i >= 0);
        assertThat(idSum.get()).isEqualTo((long) count * (count - 1) / 2);
        assertThat(workers.mostInFlight.get()).isLessThanOrEqualTo(4);
    }

    @Test
    void aBoundItemThatDoesNotBindIsA422NamingItsPointer() throws Exception {
        String body = "{\"items\":[{\"id\":0,\"qty\":\"1\"},{\"id\":\"one\",\"qty\":\"1\"},{\"id\":2,\"qty\":\"1\"}]}";
        AtomicLong worked = new AtomicLong();
        MatchWorkers<Item> workers = binding().work(item -> worked.incrementAndGet()).executor(pool, 4).build();
        server = new TestServer(JsonBodyHandler.builder(workers).build());
        HttpResponse<String> r = post(body.getBytes(StandardCharsets.US_ASCII));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unprocessable Content\",\"status\":422,"
                + "\"detail\":\"the value at /items/1 cannot be read as this service expects\","
                + "\"pointer\":\"/items/1\"}");
        assertThat(worked.get()).as("only the item before it").isLessThanOrEqualTo(1);
        assertThat(post(items(10)).statusCode()).as("the server goes on").isEqualTo(204);
    }

    @Test
    void orderedItemsAreReportedInMatchOrderUnorderedOnesEachOnce() throws Exception {
        for (boolean ordered : new boolean[] {true, false}) {
            List<Long> reported = new CopyOnWriteArrayList<>();
            MatchWorkers<Item> workers = reading()
                    .work(item -> {
                        if (item.id() % 7 == 0) {
                            Thread.sleep(1); // some finish late, so that later ones finish first
                        }
                    })
                    .executor(pool, 8)
                    .ordered(ordered)
                    .onEachDone((exchange, index, item) -> {
                        assertThat(item.id()).isEqualTo(index);
                        reported.add(index);
                    })
                    .build();
            server = new TestServer(JsonBodyHandler.builder(workers).build());
            HttpResponse<String> r = post(items(2_000));
            assertThat(r.statusCode()).as("ordered=%s", ordered).isEqualTo(204);
            assertThat(reported).hasSize(2_000).doesNotHaveDuplicates();
            if (ordered) {
                assertThat(reported).isSorted();
            } else {
                assertThat(new ArrayList<>(reported)).containsExactlyInAnyOrderElementsOf(
                        java.util.stream.LongStream.range(0, 2_000).boxed().toList());
            }
            assertThat(workers.mostInFlight.get()).isLessThanOrEqualTo(8);
            server.closeCheckingBuffers();
            server = null;
        }
    }

    @Test
    void aWorkerEndsTheBodyWithA422AndLaterItemsDoNotStart() throws Exception {
        AtomicLong started = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean failed = new java.util.concurrent.atomic.AtomicBoolean();
        AtomicLong startedAfterTheFailure = new AtomicLong();
        ProblemResponse unknown = ProblemResponse.of(422, "Unprocessable Content", "item 500 names an unknown product")
                .with("pointer", "/items/500");
        MatchWorkers<Item> workers = reading()
                .work(item -> {
                    started.incrementAndGet();
                    if (failed.get()) {
                        startedAfterTheFailure.incrementAndGet();
                    }
                    if (item.id() == 500) {
                        ProblemException e = new ProblemException(unknown);
                        failed.set(true);
                        throw e;
                    }
                })
                .executor(pool, 4)
                .onComplete((exchange, n) -> exchange.getResponseSender().send("stored " + n))
                .build();
        server = new TestServer(JsonBodyHandler.builder(workers).build());
        HttpResponse<String> r = post(items(100_000));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(r.body()).isEqualTo(unknown.toJson());
        // Items after 500 may start while its work runs (here until it throws). Once it has thrown, no item is
        // handed to the pool any more, and at most the 3 others already handed over may start.
        assertThat(started.get()).isGreaterThanOrEqualTo(497);
        assertThat(startedAfterTheFailure.get()).isLessThanOrEqualTo(3);
        assertThat(workers.skipped.get() + startedAfterTheFailure.get()).isLessThanOrEqualTo(3);

        // A client that writes the whole body before it reads hears the same answer.
        String raw = ConsumerAnswersTest.RawClient.writeAllThenRead(server.port, "application/json", items(100_000));
        assertThat(raw).startsWith("HTTP/1.1 422").endsWith(unknown.toJson());
        assertThat(post(items(10)).body()).as("the server goes on").isEqualTo("stored 10");
    }

    @Test
    void aMatchThatCannotBeReadIsA422NamingItsPointer() throws Exception {
        MatchWorkers<Item> workers = MatchWorkers.<Item>builder("/items/*", m -> {
            throw new IllegalArgumentException("secret internals");
        }).work(item -> { }).executor(pool, 4).build();
        server = new TestServer(JsonBodyHandler.builder(workers).build());
        HttpResponse<String> r = post(items(3));
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.body()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Unprocessable Content\",\"status\":422,"
                + "\"detail\":\"the value at /items/0 cannot be read as this service expects\","
                + "\"pointer\":\"/items/0\"}");
    }

    @Test
    void aFailedWorkIsLoggedOnOneLineWhateverTheMemberNameAndPath() throws Exception {
        List<java.util.logging.LogRecord> logged = new CopyOnWriteArrayList<>();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                logged.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        MatchWorkers<Item> workers = binding()
                .work(item -> {
                    throw new IllegalStateException("the store is down");
                })
                .executor(pool, 4)
                .build();
        server = new TestServer(JsonBodyHandler.builder(workers).build());
        BodyReading.LOG.addHandler(capture);
        try {
            // Both the member name and the path (%0A, which Undertow decodes) try to start a log line of their own.
            byte[] body = "{\"items\":{\"a\\n[ERROR] forged\":{\"id\":1,\"qty\":\"1\"}}}"
                    .getBytes(StandardCharsets.US_ASCII);
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(server.uri("/up%0A%5BERROR%5D%20forged"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(logged).hasSize(1);
            assertThat(logged.get(0).getMessage())
                    .isEqualTo("the work on /items/a\\n[ERROR] forged of POST /up\\n[ERROR] forged failed");
        } finally {
            BodyReading.LOG.removeHandler(capture);
        }
    }

    @Test
    void anExecutorThatRefusesWorkIsA503() throws Exception {
        MatchWorkers<Item> workers = reading().work(item -> { }).executor(task -> {
            throw new RejectedExecutionException("full");
        }, 4).build();
        server = new TestServer(JsonBodyHandler.builder(workers).build());
        HttpResponse<String> r = post(items(3));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"detail\":\"the service cannot take more work now\"");
    }

    /**
     * One worker, held on a latch by the first item, and room for eight in flight: the next five items wait in the
     * executor's queue. The body then ends badly (the client leaves, or sends a syntax error), and those five are
     * skipped when the worker is free. Returns {started, skipped}.
     */
    private long[] startedAndSkippedAfter(boolean leave) throws Exception {
        pool = Executors.newSingleThreadExecutor();
        CountDownLatch hold = new CountDownLatch(1);
        AtomicLong started = new AtomicLong();
        MatchWorkers<Item> workers = reading()
                .work(item -> {
                    started.incrementAndGet();
                    hold.await(30, TimeUnit.SECONDS);
                })
                .executor(pool, 8)
                .build();
        List<BodyFailure> failures = new CopyOnWriteArrayList<>();
        server = new TestServer(JsonBodyHandler.builder(workers).errorHook((ex, f) -> failures.add(f)).build());
        String all = new String(items(7), StandardCharsets.US_ASCII);
        byte[] six = all.substring(0, all.lastIndexOf(",{")).getBytes(StandardCharsets.US_ASCII); // no end
        String answer = "";
        try (Socket s = new Socket("127.0.0.1", server.port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
                    + (six.length + 100_000) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(six);
            out.flush();
            for (int i = 0; i < 1000 && started.get() == 0; i++) {
                Thread.sleep(10);
            }
            assertThat(started.get()).as("the first item is being worked on").isEqualTo(1);
            if (!leave) {
                out.write(",x".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                answer = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
            }
        } // the client leaves
        // The error hook hears of the end after the consumer does (the answer sent, or the client gone).
        for (int i = 0; i < 1000 && failures.isEmpty(); i++) {
            Thread.sleep(10);
        }
        assertThat(failures).extracting(BodyFailure::status).containsExactly(leave ? 0 : 400);
        hold.countDown(); // (the buffers are counted after the test: after a 400 the rest is drained a while)
        for (int i = 0; i < 1000 && workers.skipped.get() < 5; i++) {
            Thread.sleep(10);
        }
        if (!leave) {
            assertThat(answer).isEqualTo("HTTP/1.1 400");
        }
        assertThat(workers.pauses.get()).as("never full").isZero();
        return new long[] {started.get(), workers.skipped.get()};
    }

    @Test
    void aClientThatLeavesMidBodyCancelsWorkNotStarted() throws Exception {
        assertThat(startedAndSkippedAfter(true)).containsExactly(1, 5);
    }

    @Test
    void aBodyTheAdapterRefusesCancelsWorkNotStarted() throws Exception {
        assertThat(startedAndSkippedAfter(false)).containsExactly(1, 5);
    }
}
