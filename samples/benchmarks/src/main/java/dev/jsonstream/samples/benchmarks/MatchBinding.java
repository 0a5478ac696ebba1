package dev.jsonstream.samples.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.JsonDecoder;
import dev.jsonstream.decoder.Selection;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Binding each element of the generated 10 MiB {"items":[...]} document to a record, the ways a user would, fed in
 * the same 16 KiB heap pieces; with {@code -prof gc}, B/op divided by {@link #ITEMS} is the allocation per match.
 * (a) RAW matches only, read nothing: what selecting costs; (b) {@code mapper.readValue(m.parser(), Item.class)};
 * (c) {@code mapper.readValue(m.toByteArray(), Item.class)}, a copy then a parse; (d) VALUE matches (a Map per
 * element); (e) jackson-databind reading the whole document at once (not streaming: for reference).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 4, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class MatchBinding {
    public record Item(long id, String name, double price, List<String> tags, boolean active) {
    }

    public record Items(List<Item> items) {
    }

    /** Elements in the generated document, for the allocation per match. */
    public static int ITEMS;

    private final ObjectMapper mapper = new ObjectMapper();
    private final DecoderConfig config = DecoderConfig.defaults();
    private byte[] doc;
    private byte[][] pieces;

    @Setup
    public void load() throws IOException {
        doc = BenchInputs.load("generated");
        pieces = BenchInputs.arrays(doc);
        ITEMS = mapper.readValue(doc, Items.class).items().size();
        System.out.println("\n[match binding] " + ITEMS + " items in " + doc.length + " bytes");
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
        decode(Selection.builder().raw("/items/*", m -> bh.consume(m.endByteOffset())).build());
    }

    @Benchmark
    public void b_bindThroughParser(Blackhole bh) {
        decode(Selection.builder().raw("/items/*", m -> bh.consume(mapper.readValue(m.parser(), Item.class))).build());
    }

    @Benchmark
    public void c_copyThenBind(Blackhole bh) {
        decode(Selection.builder().raw("/items/*", m -> bh.consume(mapper.readValue(m.toByteArray(), Item.class)))
                .build());
    }

    @Benchmark
    public void d_valueMaps(Blackhole bh) {
        decode(Selection.builder().value("/items/*", m -> bh.consume(m.value())).build());
    }

    @Benchmark
    public Items e_databindWholeDocument() throws IOException {
        return mapper.readValue(doc, Items.class);
    }
}
