package dev.jsonstream.samples.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.DirectBufferFeeding;
import dev.jsonstream.decoder.JsonDecoder;
import dev.jsonstream.decoder.Selection;
import dev.jsonstream.decoder.TokenCursor;
import dev.jsonstream.decoder.TokenHandler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.parsetools.JsonEventType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * Decoding one document per operation, every variant reading the same data: each member name, each string's text,
 * each number's value. (a) Jackson's blocking parser over one byte[] (the reference), (r) Jackson's non-blocking
 * parser fed the same 16 KiB pieces as the decoder, with nothing around it ("raw async": the floor the decoder
 * approaches), (b) the decoder fed 16 KiB heap buffers, (c) 16 KiB direct buffers under each direct-buffer strategy,
 * (d) the decoder with a selection picking one field per element, (e) Vert.x's JsonParser fed the same 16 KiB pieces.
 * The tokens-only variants (r2, b2, c1t) consume each token's kind and decode nothing, to measure the engine alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
// Ten warm-up seconds: on a 2-core machine C2 is still recompiling the parser after three (a run with 3 x 1 s saw
// iterations climb from 340 to 748 ops/s, and scores whose error was larger than themselves).
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class DecoderThroughput {
    @Param({"twitter", "citm_catalog", "canada", "generated", "idkeyed", "pretty_unicode"})
    public String input;

    private byte[] doc;
    private ByteBuffer[] heap;
    private ByteBuffer[] direct;
    private byte[][] pieces;
    private final JsonFactory jackson = new JsonFactory();
    private final DecoderConfig copy = DecoderConfig.defaults();
    private final DecoderConfig byteBuffer = DecoderConfig.builder()
            .directBufferFeeding(DirectBufferFeeding.BYTE_BUFFER).build();
    private String pattern;

    @Setup(Level.Trial)
    public void load() {
        doc = BenchInputs.load(input);
        heap = BenchInputs.chunks(doc, false);
        direct = BenchInputs.chunks(doc, true);
        pieces = BenchInputs.arrays(doc);
        pattern = BenchInputs.oneFieldPerElement(input);
    }

    /** The document's size, for turning operations per second into MB/s. */
    public int documentBytes() {
        return doc.length;
    }

    @Benchmark
    public void a_blockingByteArray(Blackhole bh) throws IOException {
        try (JsonParser p = jackson.createParser(doc)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                read(p, t, bh);
            }
        }
    }

    /** What both Jackson variants read at each token: the same names, texts and numbers as the decoder's reader. */
    private static void read(JsonParser p, JsonToken t, Blackhole bh) throws IOException {
        switch (t) {
            case FIELD_NAME:
                bh.consume(p.currentName());
                break;
            case VALUE_STRING:
                bh.consume(p.getText());
                break;
            case VALUE_NUMBER_INT:
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    bh.consume(p.getBigIntegerValue());
                } else {
                    bh.consume(p.getLongValue());
                }
                break;
            case VALUE_NUMBER_FLOAT:
                bh.consume(p.getDoubleValue());
                break;
            default:
                bh.consume(t);
        }
    }

    /**
     * Jackson's non-blocking parser fed the decoder's 16 KiB pieces, with nothing of the decoder around it: the floor
     * the decoder's own work is measured against.
     */
    @Benchmark
    public void r_rawAsync(Blackhole bh) throws IOException {
        rawAsync(bh, true);
    }

    /** As {@link #r_rawAsync}, each token only consumed: the floor for the decoder's tokens-only variants. */
    @Benchmark
    public void r2_rawAsyncTokens(Blackhole bh) throws IOException {
        rawAsync(bh, false);
    }

    private void rawAsync(Blackhole bh, boolean values) throws IOException {
        try (JsonParser p = jackson.createNonBlockingByteArrayParser()) {
            ByteArrayFeeder feeder = (ByteArrayFeeder) p.getNonBlockingInputFeeder();
            for (byte[] piece : pieces) {
                feeder.feedInput(piece, 0, piece.length);
                pullAvailable(p, bh, values);
            }
            feeder.endOfInput();
            pullAvailable(p, bh, values);
        }
    }

    /** Pulls tokens until the parser needs more input (NOT_AVAILABLE) or the input has ended (null). */
    private static void pullAvailable(JsonParser p, Blackhole bh, boolean values) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.NOT_AVAILABLE && t != null) {
            if (values) {
                read(p, t, bh);
            } else {
                bh.consume(t);
            }
        }
    }

    /** What every decoder variant does with each token. */
    private static TokenHandler reader(Blackhole bh) {
        return (TokenCursor t) -> {
            switch (t.kind()) {
                case FIELD_NAME:
                    bh.consume(t.fieldName());
                    break;
                case STRING:
                    bh.consume(t.text());
                    break;
                case INT:
                    if (t.fitsInLong()) {
                        bh.consume(t.longValue());
                    } else {
                        bh.consume(t.bigIntegerValue());
                    }
                    break;
                case FLOAT:
                    bh.consume(t.doubleValue());
                    break;
                default:
                    bh.consume(t.kind());
            }
        };
    }

    /** What the decoder's tokens-only variants do with each token: its kind, nothing decoded. */
    private static TokenHandler kinds(Blackhole bh) {
        return (TokenCursor t) -> bh.consume(t.kind());
    }

    private static void feed(DecoderConfig config, ByteBuffer[] chunks, TokenHandler handler) {
        JsonDecoder d = config.newDecoder(handler);
        for (ByteBuffer b : chunks) {
            d.feed(b);
        }
        d.end();
    }

    @Benchmark
    public void b_decoderHeap16k(Blackhole bh) {
        feed(copy, heap, reader(bh));
    }

    @Benchmark
    public void b2_decoderHeap16kTokens(Blackhole bh) {
        feed(copy, heap, kinds(bh));
    }

    @Benchmark
    public void c1_decoderDirect16kCopy(Blackhole bh) {
        feed(copy, direct, reader(bh));
    }

    @Benchmark
    public void c1t_decoderDirect16kCopyTokens(Blackhole bh) {
        feed(copy, direct, kinds(bh));
    }

    @Benchmark
    public void c2_decoderDirect16kByteBuffer(Blackhole bh) {
        feed(byteBuffer, direct, reader(bh));
    }

    @Benchmark
    public void d_decoderSelectOneFieldPerElement(Blackhole bh) {
        feed(copy, heap, Selection.builder().value(pattern, m -> bh.consume(m.value())).build());
    }

    @Benchmark
    public void e_vertxJsonParser(Blackhole bh) {
        io.vertx.core.parsetools.JsonParser parser = io.vertx.core.parsetools.JsonParser.newParser();
        parser.handler(event -> {
            if (event.fieldName() != null) {
                bh.consume(event.fieldName());
            }
            if (event.type() == JsonEventType.VALUE) {
                bh.consume(event.value());
            }
        });
        for (byte[] piece : pieces) {
            parser.handle(Buffer.buffer(piece));
        }
        parser.end();
    }
}
