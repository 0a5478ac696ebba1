package dev.jsonstream.decoder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SubmissionPublisher;
import org.junit.jupiter.api.Test;

/**
 * The examples of {@code decoder/README.md} are this code: each compiles and runs here. The lines between a pair of
 * markers ({@code // DOCUMENT#NAME:begin} and {@code :end}, without the markers' indentation) are what the document
 * shows; {@code ReadmeJavaBlocksTest} in http-adapter, which can read every module's sources, fails when a document's
 * Java block is not exactly such a region.
 */
class ReadmeExampleTest {

    @Test
    void thePiecesExampleRuns() {
        // decoder/README.md#pieces:begin
        DecoderConfig config = DecoderConfig.builder()
                .framing(Framing.CONCATENATED) // NDJSON: any number of values
                .limit(Limit.MAX_DEPTH, 64)
                .build();
        List<String> ids = new ArrayList<>();
        JsonDecoder decoder = config.newDecoder(token -> {
            if (token.kind() == TokenKind.INT && "id".equals(token.fieldName())) {
                ids.add(token.pointer() + "=" + token.numberText() + " @" + token.byteOffset());
            }
        });
        // The body arrives in pieces that cut tokens anywhere; each buffer is free again when feed returns.
        decoder.feed(ByteBuffer.wrap("{\"id\": 1, \"tags\": [\"a\"]}\n{\"i".getBytes(UTF_8)));
        decoder.feed(ByteBuffer.wrap("d\": 18446744073709551616}\n".getBytes(UTF_8)));
        decoder.end(); // throws JsonDecodeException (kind, offset, line, column, pointer) on bad input
        // ids: [/id=1 @7, /id=18446744073709551616 @32]
        // decoder/README.md#pieces:end
        assertThat(ids).containsExactly("/id=1 @7", "/id=18446744073709551616 @32");
    }

    @Test
    void theSelectionExampleRuns() {
        byte[] body = "{\"items\": [{\"sku\": \"A-1\"}, {\"sku\": \"B-2\"}], \"total\": 2}".getBytes(UTF_8);
        // decoder/README.md#selection:begin
        List<String> items = new ArrayList<>();
        Selection selection = Selection.builder()
                .raw("/items/*", m -> items.add(new String(m.toByteArray(), UTF_8))) // exact bytes of each element
                .value("/total", m -> System.out.println("total: " + m.value()))    // a Long
                .build();
        JsonDecoder decoder = DecoderConfig.defaults().newDecoder(selection);
        decoder.feed(ByteBuffer.wrap(body));
        decoder.end();
        // items: [{"sku": "A-1"}, {"sku": "B-2"}]
        // decoder/README.md#selection:end
        assertThat(items).containsExactly("{\"sku\": \"A-1\"}", "{\"sku\": \"B-2\"}");
    }

    @Test
    void theBindingExampleRuns() {
        byte[] body = ("{\"items\": [{\"id\": 1, \"name\": \"pen\", \"price\": 1.50, \"tags\": [\"office\"]},"
                + " {\"id\": 2, \"name\": \"ink\", \"price\": 12, \"tags\": []}]}").getBytes(UTF_8);
        // decoder/README.md#binding:begin
        record Item(long id, String name, BigDecimal price, List<String> tags) {}

        ObjectMapper mapper = new ObjectMapper();
        List<Item> stored = new ArrayList<>();
        Selection items = Selection.builder()
                .bind("/items/*", p -> mapper.readValue(p, Item.class), (m, item) -> stored.add(item))
                .build();
        JsonDecoder decoder = DecoderConfig.defaults().newDecoder(items);
        decoder.feed(ByteBuffer.wrap(body));
        decoder.end();
        // stored: [Item[id=1, name=pen, price=1.50, tags=[office]], Item[id=2, name=ink, price=12, tags=[]]]
        // decoder/README.md#binding:end
        assertThat(stored).hasToString("[Item[id=1, name=pen, price=1.50, tags=[office]],"
                + " Item[id=2, name=ink, price=12, tags=[]]]");
    }

    @Test
    void theFlowExampleRuns() throws Exception {
        List<byte[]> chunks = List.of("{\"items\": [{\"sku\": \"A-".getBytes(UTF_8),
                "1\"}, {\"sku\": \"B-2\"}]}".getBytes(UTF_8));
        // decoder/README.md#flow:begin
        List<String> skus = new ArrayList<>();
        Selection selection = Selection.builder().value("/items/*/sku", m -> skus.add((String) m.value())).build();
        DecoderSubscriber<ByteBuffer> subscriber = DecoderSubscriber.ofBuffers(
                DecoderConfig.defaults().newDecoder(selection));
        try (SubmissionPublisher<ByteBuffer> publisher = new SubmissionPublisher<>()) { // any Flow.Publisher
            publisher.subscribe(subscriber);
            chunks.forEach(chunk -> publisher.submit(ByteBuffer.wrap(chunk)));
        }
        subscriber.result().toCompletableFuture().get(); // a JsonDecodeException, if any, is its cause
        // skus: [A-1, B-2]
        // decoder/README.md#flow:end
        assertThat(skus).containsExactly("A-1", "B-2");
    }
}
