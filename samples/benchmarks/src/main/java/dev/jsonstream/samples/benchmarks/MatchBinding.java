package dev.jsonstream.samples.benchmarks;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.JsonDecoder;
import dev.jsonstream.decoder.Selection;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Binding each element of a 10 MiB {"items":[...]} document to a record, the ways a user would, fed in the same
 * 16 KiB heap pieces; with {@code -prof gc}, B/op divided by the element count is the allocation per element.
 * Inputs: "generated" (flat ASCII records) and "pretty_unicode" (pretty-printed records with nested lists and maps,
 * and strings in many scripts, some escaped). Variants: (a) RAW matches only, read nothing: what selecting costs;
 * (b) {@code mapper.readValue(m.parser(), Item.class)} on RAW matches (the value's kept bytes, parsed again);
 * (c) {@code mapper.readValue(m.toByteArray(), Item.class)}, a copy then a parse; (d) VALUE matches (a Map per
 * element); (e) jackson-databind reading the whole document at once (not streaming: the reference);
 * (f) {@code bind("/items/*", p -> reader.readValue(p), ...)}: the binder reads the decoder's own parser, in place.
 * Two references without this project, which say where the ceiling of (f) lies: (g) databind's
 * {@code MappingIterator} over the document's stream, element by element (what a blocking service does with an
 * upload); (h) Jackson's non-blocking parser fed the whole document at once, databind reading each element straight
 * off it (binding in place with nothing of the decoder's around it, and no piece ever ending inside an element).
 * A third input, "orders", is the sample server's {@code POST /orders} body (flat records with one nested list and
 * decimal prices), the document of the end-to-end comparison.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MatchBinding {
    public record Item(long id, String name, double price, List<String> tags, boolean active) {
    }

    public record PrettyItem(long id, String name, @JsonProperty("título") String titulo, double price,
            List<String> tags, Map<String, String> labels) {
    }

    public record Items<T>(List<T> items) {
    }

    public record Line(String sku, long qty, BigDecimal price) {
    }

    public record Order(String id, String currency, List<Line> lines) {
    }

    public record Orders<T>(List<T> orders) {
    }

    @Param({"generated", "pretty_unicode", "orders"})
    public String input;

    private final ObjectMapper mapper = new ObjectMapper();
    private final DecoderConfig config = DecoderConfig.defaults();
    private byte[] doc;
    private byte[][] pieces;
    private ObjectReader element;
    private ObjectReader whole;
    /** The elements' pattern, and the member that holds them. */
    private String pattern;
    private String member;

    @Setup
    public void load() throws IOException {
        doc = BenchInputs.load(input);
        pieces = BenchInputs.arrays(doc);
        boolean orders = input.equals("orders");
        Class<?> type = orders ? Order.class : input.equals("pretty_unicode") ? PrettyItem.class : Item.class;
        member = orders ? "orders" : "items";
        pattern = "/" + member + "/*";
        element = mapper.readerFor(type);
        JavaType wholeType = mapper.getTypeFactory().constructParametricType(orders ? Orders.class : Items.class, type);
        whole = mapper.readerFor(wholeType);
        Object read = whole.readValue(doc);
        int items = (read instanceof Orders<?> o ? o.orders() : ((Items<?>) read).items()).size();
        System.out.println("\n[match binding] " + input + ": " + items + " items in " + doc.length + " bytes");
    }

    private void decode(Selection selection) {
        JsonDecoder d = config.newDecoder(selection);
        for (byte[] piece : pieces) {
            d.feed(piece, 0, piece.length);
        }
        d.end();
    }

    @Benchmark
    public void a_rawMatches(Blackhole bh) {
        decode(Selection.builder().raw(pattern, m -> bh.consume(m.endByteOffset())).build());
    }

    @Benchmark
    public void b_bindThroughParser(Blackhole bh) {
        decode(Selection.builder().raw(pattern, m -> bh.consume((Object) element.readValue(m.parser()))).build());
    }

    @Benchmark
    public void c_copyThenBind(Blackhole bh) {
        decode(Selection.builder().raw(pattern, m -> bh.consume((Object) element.readValue(m.toByteArray())))
                .build());
    }

    @Benchmark
    public void d_valueMaps(Blackhole bh) {
        decode(Selection.builder().value(pattern, m -> bh.consume(m.value())).build());
    }

    @Benchmark
    public Object e_databindWholeDocument() throws IOException {
        return whole.readValue(doc);
    }

    @Benchmark
    public void f_bindInPlace(Blackhole bh) {
        decode(Selection.builder().bind(pattern, p -> element.readValue(p), (m, item) -> bh.consume(item))
                .build());
    }

    @Benchmark
    public void g_mappingIteratorOverStream(Blackhole bh) throws IOException {
        try (JsonParser p = mapper.createParser(new ByteArrayInputStream(doc))) {
            toFirstElement(p);
            MappingIterator<Object> it = element.readValues(p);
            while (it.hasNextValue()) {
                bh.consume(it.nextValue());
            }
        }
    }

    @Benchmark
    public void h_asyncParserWholeDocument(Blackhole bh) throws IOException {
        try (JsonParser p = mapper.getFactory().createNonBlockingByteArrayParser()) {
            ByteArrayFeeder feeder = (ByteArrayFeeder) p.getNonBlockingInputFeeder();
            feeder.feedInput(doc, 0, doc.length);
            feeder.endOfInput();
            toFirstElement(p);
            while (p.currentToken() == JsonToken.START_OBJECT) {
                bh.consume((Object) element.readValue(p));
                p.nextToken();
            }
        }
    }

    /** Moves the parser onto the first element of the document's one array member. */
    private void toFirstElement(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT || p.nextToken() != JsonToken.FIELD_NAME
                || !member.equals(p.currentName()) || p.nextToken() != JsonToken.START_ARRAY) {
            throw new IllegalStateException("not a {\"" + member + "\":[...]} document");
        }
        p.nextToken();
    }
}
