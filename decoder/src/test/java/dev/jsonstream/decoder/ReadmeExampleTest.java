package dev.jsonstream.decoder;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The README's example is this code: it compiles here, runs here, and the README must show it line for line
 * (the lines between the two markers, without their indentation).
 */
class ReadmeExampleTest {

    @Test
    void theExampleRunsAndTheReadmeShowsIt() throws IOException {
        // README:begin
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
        // README:end
        assertThat(ids).containsExactly("/id=1 @7", "/id=18446744073709551616 @32");

        assertReadmeShows("README");
        assertThat(Arrays.asList(readme().split("\n"))).contains("mvn -B verify");
    }

    @Test
    void theSelectionExampleRunsAndTheReadmeShowsIt() throws IOException {
        byte[] body = "{\"items\": [{\"sku\": \"A-1\"}, {\"sku\": \"B-2\"}], \"total\": 2}".getBytes(UTF_8);
        // README-SELECTION:begin
        List<String> items = new ArrayList<>();
        Selection selection = Selection.builder()
                .raw("/items/*", m -> items.add(new String(m.toByteArray(), UTF_8))) // exact bytes of each element
                .value("/total", m -> System.out.println("total: " + m.value()))    // a Long
                .build();
        JsonDecoder decoder = DecoderConfig.defaults().newDecoder(selection);
        decoder.feed(ByteBuffer.wrap(body));
        decoder.end();
        // items: [{"sku": "A-1"}, {"sku": "B-2"}]
        // README-SELECTION:end
        assertThat(items).containsExactly("{\"sku\": \"A-1\"}", "{\"sku\": \"B-2\"}");
        assertReadmeShows("README-SELECTION");
    }

    @Test
    void theBindingExampleRunsAndTheReadmeShowsIt() throws IOException {
        byte[] body = ("{\"items\": [{\"id\": 1, \"name\": \"pen\", \"price\": 1.50, \"tags\": [\"office\"]},"
                + " {\"id\": 2, \"name\": \"ink\", \"price\": 12, \"tags\": []}]}").getBytes(UTF_8);
        // README-BINDING:begin
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
        // README-BINDING:end
        assertThat(stored).hasToString("[Item[id=1, name=pen, price=1.50, tags=[office]],"
                + " Item[id=2, name=ink, price=12, tags=[]]]");
        assertReadmeShows("README-BINDING");
    }

    private static String readme() throws IOException {
        return Files.readString(Corpora.projectRoot().resolve("README.md"));
    }

    /** The lines between the two markers of this file, unindented, must stand in the README. */
    private static void assertReadmeShows(String marker) throws IOException {
        List<String> source = Files.readAllLines(Corpora.projectRoot()
                .resolve("decoder/src/test/java/dev/jsonstream/decoder/ReadmeExampleTest.java"));
        int begin = source.indexOf("        // " + marker + ":begin");
        int end = source.indexOf("        // " + marker + ":end");
        String example = source.subList(begin + 1, end).stream()
                .map(l -> l.length() >= 8 ? l.substring(8) : l.strip())
                .collect(Collectors.joining("\n"));
        assertThat(readme()).as("README.md shows the %s example of ReadmeExampleTest", marker).contains(example);
    }
}
