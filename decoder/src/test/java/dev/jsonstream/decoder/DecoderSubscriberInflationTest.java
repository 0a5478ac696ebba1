package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jsonstream.decoder.DecoderSubscriberTest.RecordingSubscription;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import org.junit.jupiter.api.Test;

/**
 * {@link DecoderSubscriber} with an {@link Inflation}: the decoder sees the same tokens however the compressed bytes
 * are cut into items, pauses hold the inflated buffer, and corrupt, cut and bomb bodies end with the inflation's
 * exception, the subscription cancelled once and the inflation ended.
 */
class DecoderSubscriberInflationTest {
    /** About 90 KB of JSON: several of the subscriber's 16 KiB inflated buffers, tokens cut across them. */
    private static final byte[] BODY = body();

    private static byte[] body() {
        StringBuilder sb = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 1500; i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":").append(i).append(",\"name\":\"item ").append(i)
                    .append("\",\"tags\":[\"a\",\"b\"],\"price\":").append(i).append(".25}");
        }
        return sb.append("],\"n\":1500}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** What a decoder makes of the body fed whole, uncompressed: every token with its offsets, then OK. */
    private static List<String> expectedLog(byte[] json) {
        EventLog log = new EventLog(false);
        JsonDecoder decoder = DecoderConfig.defaults().newDecoder(log);
        decoder.feed(json, 0, json.length);
        decoder.end();
        log.finish(null);
        return log.lines;
    }

    /**
     * Publishes the items as the subscriber asks for them, one at a time, from this thread, resuming the decoder
     * whenever a handler paused it, then completes (unless the result is set first). Checks the demand on the way:
     * one item asked for after each item taken, and none while paused.
     */
    private static <T> RecordingSubscription publish(DecoderSubscriber<T> subscriber, JsonDecoder decoder,
            List<T> items) {
        RecordingSubscription s = new RecordingSubscription();
        subscriber.onSubscribe(s);
        CompletableFuture<Void> result = subscriber.result().toCompletableFuture();
        int delivered = 0;
        boolean completed = false;
        while (!result.isDone()) {
            if (decoder.isPaused()) {
                assertThat(s.requested).as("nothing asked for while paused").isEqualTo(delivered);
                subscriber.resume();
            } else if (delivered < items.size()) {
                assertThat(s.requested).as("one more item asked for").isEqualTo(delivered + 1);
                subscriber.onNext(items.get(delivered++));
            } else {
                assertThat(completed).as("the result is set after the completion").isFalse();
                completed = true;
                subscriber.onComplete();
            }
        }
        return s;
    }

    /** The buffers of the plan's pieces as items: single buffers, or lists of one to three. */
    private static List<List<ByteBuffer>> items(byte[] compressed, Feeds.Plan plan) {
        List<List<ByteBuffer>> items = new ArrayList<>();
        int from = 0;
        for (int i = 0; i < plan.cuts().length; i++) {
            if (i % 3 == 0) {
                items.add(new ArrayList<>());
            }
            items.get(items.size() - 1).add(Feeds.wrap(compressed, from, plan.cuts()[i], plan.kind()));
            from = plan.cuts()[i];
        }
        return items;
    }

    /** Decodes {@code compressed} through the subscriber under every feeding plan; each must give the same log. */
    private static void sameTokensUnderEveryPlan(String coding, byte[] compressed, byte[] json) {
        List<String> expected = expectedLog(json);
        for (Feeds.Plan plan : Feeds.plans(compressed.length, 0, 0, 12, compressed.length)) {
            EventLog log = new EventLog(plan.pauseEveryToken());
            JsonDecoder decoder = DecoderConfig.defaults().newDecoder(log);
            Inflation inflation = Inflation.forEncoding(coding, Long.MAX_VALUE, 0);
            List<List<ByteBuffer>> items = items(compressed, plan);
            RecordingSubscription s;
            if (plan.cuts().length % 2 == 0) { // about half the plans in lists, half in single buffers
                s = publish(DecoderSubscriber.ofBufferLists(decoder, inflation), decoder, items);
            } else {
                List<ByteBuffer> single = items.stream().flatMap(List::stream).toList();
                s = publish(DecoderSubscriber.ofBuffers(decoder, inflation), decoder, single);
            }
            log.finish(null);
            assertThat(log.lines).as("%s %s", coding, plan).isEqualTo(expected);
            assertThat(s.cancels).isZero();
            assertThat(items).allSatisfy(item -> assertThat(item).allSatisfy(b -> assertThat(b.position())
                    .as("the publisher's buffers are left as they were").isEqualTo(2)));
            assertThatThrownBy(() -> inflation.inflate(ByteBuffer.allocate(1))).as("ended")
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void gzipAndDeflateBodiesGiveTheSameTokensHoweverTheyAreCutIntoItems() throws IOException {
        sameTokensUnderEveryPlan("gzip", InflationTest.gzip(BODY), BODY);
        sameTokensUnderEveryPlan("deflate", InflationTest.zlib(BODY), BODY);
        sameTokensUnderEveryPlan("x-gzip", InflationTest.gzipWithEveryHeaderField(BODY), BODY);
    }

    @Test
    void severalGzipMembersMakeOneBodyEvenWithATokenCutBetweenThem() throws IOException {
        int cut = new String(BODY, StandardCharsets.UTF_8).indexOf("\"item 750\"") + 4; // inside a string
        ByteArrayOutputStream members = new ByteArrayOutputStream();
        members.writeBytes(InflationTest.gzip(Arrays.copyOfRange(BODY, 0, cut)));
        members.writeBytes(InflationTest.gzip(new byte[0]));
        members.writeBytes(InflationTest.gzip(Arrays.copyOfRange(BODY, cut, BODY.length)));
        sameTokensUnderEveryPlan("gzip", members.toByteArray(), BODY);
    }

    @Test
    void aPauseInsideAnInflatedBufferResumedFromAnotherThreadLosesNothing() throws Exception {
        byte[] compressed = InflationTest.gzip(BODY);
        BlockingQueue<String> signals = new LinkedBlockingQueue<>();
        EventLog log = new EventLog(false);
        int[] tokens = {0};
        TokenHandler pausing = t -> {
            log.onToken(t);
            if (++tokens[0] % 97 == 0) { // 97 tokens are about 400 bytes: most pauses fall inside a buffer
                t.pause();
                signals.add("paused");
            }
        };
        DecoderSubscriber<List<ByteBuffer>> subscriber = DecoderSubscriber.ofBufferLists(
                DecoderConfig.defaults().newDecoder(pausing), Inflation.forEncoding("gzip", Long.MAX_VALUE, 0));
        subscriber.result().whenComplete((ok, failure) -> signals.add("done"));
        ExecutorService delivery = Executors.newSingleThreadExecutor();
        // room for every item, so that submit never waits for demand the paused subscriber does not give
        try (SubmissionPublisher<List<ByteBuffer>> publisher = new SubmissionPublisher<>(delivery, 1 << 12)) {
            publisher.subscribe(subscriber);
            for (List<ByteBuffer> item : items(compressed, new Feeds.Plan("random", randomCuts(compressed.length),
                    Feeds.Kind.HEAP, false))) {
                publisher.submit(item);
            }
        } // onComplete once the items are delivered
        int resumes = 0;
        for (String signal = signals.poll(60, TimeUnit.SECONDS); !"done".equals(signal);
                signal = signals.poll(60, TimeUnit.SECONDS)) {
            assertThat(signal).as("a pause or the end within a minute").isEqualTo("paused");
            subscriber.resume(); // on this thread; the publisher's thread delivered the items
            resumes++;
        }
        delivery.shutdown();
        subscriber.result().toCompletableFuture().join();
        log.finish(null);
        assertThat(resumes).isGreaterThan(100);
        assertThat(log.lines).isEqualTo(expectedLog(BODY));
    }

    /** Cuts after 1 to 300 bytes each, the same every run. */
    private static int[] randomCuts(int length) {
        java.util.Random random = new java.util.Random(length);
        List<Integer> cuts = new ArrayList<>();
        for (int at = 1 + random.nextInt(300); at < length; at += 1 + random.nextInt(300)) {
            cuts.add(at);
        }
        cuts.add(length);
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The items of {@code compressed}, {@code size} bytes each (the last shorter), one buffer to an item. */
    private static List<List<ByteBuffer>> itemsOf(byte[] compressed, int size) {
        List<List<ByteBuffer>> items = new ArrayList<>();
        for (int i = 0; i < compressed.length; i += size) {
            items.add(List.of(ByteBuffer.wrap(compressed, i, Math.min(size, compressed.length - i)).slice()));
        }
        return items;
    }

    /** How a body that must fail failed: the result's exception, and what was asked of the subscription. */
    private record Failure(Throwable thrown, RecordingSubscription subscription) {
    }

    /** Publishes the items to an inflating subscriber, whose result must fail; the inflation must be ended. */
    private static Failure failure(Inflation inflation, List<List<ByteBuffer>> items) {
        JsonDecoder decoder = DecoderConfig.defaults().newDecoder(t -> { });
        DecoderSubscriber<List<ByteBuffer>> subscriber = DecoderSubscriber.ofBufferLists(decoder, inflation);
        RecordingSubscription s = publish(subscriber, decoder, items);
        subscriber.close(); // after the end: changes nothing, cancels nothing more
        assertThatThrownBy(() -> inflation.finish()).as("ended").isInstanceOf(IllegalStateException.class);
        Throwable thrown = subscriber.result().toCompletableFuture().handle((ok, e) -> e).join();
        assertThat(thrown).as("failed, not wrapped").isNotNull().isNotInstanceOf(CompletionException.class);
        return new Failure(thrown, s);
    }

    /** 200 MB of JSON (a 1 and spaces) in about 200 KB of gzip, made once for the tests that need it. */
    private static byte[] bomb;

    private static synchronized byte[] bomb() throws IOException {
        if (bomb == null) {
            bomb = InflationTest.gzippedWhitespace(200L << 20);
        }
        return bomb;
    }

    @Test
    void aCutGzipBodyFailsWithTheInflationsExceptionAtTheEnd() throws IOException {
        byte[] gz = InflationTest.gzip(BODY);
        for (int cut : new int[] {3, 8, gz.length / 2}) {
            Failure f = failure(Inflation.forEncoding("gzip", Long.MAX_VALUE, 0),
                    itemsOf(Arrays.copyOf(gz, gz.length - cut), 100));
            assertThat(f.thrown()).as("cut %d bytes short", cut).isExactlyInstanceOf(DataFormatException.class)
                    .hasMessage("the compressed body ends before its end marker");
            assertThat(f.subscription().cancels).as("the publisher had completed: nothing to cancel").isZero();
        }
    }

    @Test
    void aCorruptBodyFailsAtTheItemThatShowsItAndCancelsOnce() throws IOException {
        byte[] gz = InflationTest.gzip(BODY);
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 6] ^= 1; // in the trailer's CRC-32
        Failure crc = failure(Inflation.forEncoding("gzip", Long.MAX_VALUE, 0), itemsOf(badCrc, 100));
        assertThat(crc.thrown()).isExactlyInstanceOf(DataFormatException.class).hasMessageContaining("CRC-32 mismatch");
        assertThat(crc.subscription().cancels).isEqualTo(1);

        // A second member whose header is not gzip: found in the middle of the body, before more is asked for
        // (a flipped byte inside deflate data may instead inflate to bad JSON first, and fail the decoder).
        ByteArrayOutputStream members = new ByteArrayOutputStream();
        members.writeBytes(InflationTest.gzip(Arrays.copyOf(BODY, BODY.length / 2)));
        int secondMember = members.size();
        members.writeBytes(InflationTest.gzip(Arrays.copyOfRange(BODY, BODY.length / 2, BODY.length)));
        byte[] badMember = members.toByteArray();
        badMember[secondMember + 1] = 0;
        Failure header = failure(Inflation.forEncoding("gzip", Long.MAX_VALUE, 0), itemsOf(badMember, 100));
        assertThat(header.thrown()).isExactlyInstanceOf(DataFormatException.class).hasMessageContaining("magic");
        assertThat(header.subscription().cancels).isEqualTo(1);
        assertThat(header.subscription().requested).as("the item with the bad header was the last asked for")
                .isEqualTo((secondMember + 1) / 100 + 1);
    }

    @Test
    void aGzipBombIsCancelledAtTheInflatedSizeLimitLongBeforeItsEnd() throws IOException {
        List<List<ByteBuffer>> items = itemsOf(bomb(), 1024);
        Failure f = failure(Inflation.forEncoding("gzip", 8 << 20, 0), items);
        assertThat(f.thrown()).isInstanceOfSatisfying(InflationLimitException.class, e -> {
            assertThat(e.limitName()).isEqualTo("maxInflatedBytes");
            assertThat(e.limitValue()).isEqualTo(8 << 20);
        });
        assertThat(f.subscription().cancels).isEqualTo(1);
        assertThat(f.subscription().requested).as("items asked for, of %d", items.size())
                .isLessThan(items.size() / 10);
    }

    @Test
    void aGzipBombIsCancelledByTheRatioJustPastTheGrace() throws IOException {
        Failure f = failure(Inflation.forEncoding("gzip", Long.MAX_VALUE, 200), itemsOf(bomb(), 1024));
        assertThat(f.thrown()).isInstanceOfSatisfying(InflationLimitException.class, e -> {
            assertThat(e.limitName()).isEqualTo("maxInflationRatio");
            assertThat(e.limitValue()).isEqualTo(200);
            assertThat(e).hasMessage("the body inflates to more than 200 times its compressed size");
        });
        assertThat(f.subscription().cancels).isEqualTo(1);
        // past the 1 MiB grace in about one item of 1 KiB, at 1000:1
        assertThat(f.subscription().requested).as("items asked for").isLessThanOrEqualTo(3);
    }

    @Test
    void aHandlerClosingTheSubscriberOrAPublisherErrorEndsTheInflation() throws IOException {
        Inflation closedByHandler = Inflation.forEncoding("gzip", Long.MAX_VALUE, 0);
        List<DecoderSubscriber<List<ByteBuffer>>> self = new ArrayList<>();
        JsonDecoder decoder = DecoderConfig.defaults().newDecoder(t -> self.get(0).close());
        self.add(DecoderSubscriber.ofBufferLists(decoder, closedByHandler));
        RecordingSubscription s = publish(self.get(0), decoder, itemsOf(InflationTest.gzip(BODY), 100));
        assertThat(s.cancels).isEqualTo(1);
        assertThatThrownBy(() -> closedByHandler.finish()).isInstanceOf(IllegalStateException.class);

        Inflation failedUpstream = Inflation.forEncoding("deflate", Long.MAX_VALUE, 0);
        DecoderSubscriber<ByteBuffer> subscriber = DecoderSubscriber.ofBuffers(
                DecoderConfig.defaults().newDecoder(t -> { }), failedUpstream);
        subscriber.onSubscribe(new RecordingSubscription());
        subscriber.onError(new IOException("connection reset"));
        assertThatThrownBy(() -> failedUpstream.finish()).isInstanceOf(IllegalStateException.class);
    }
}
