package dev.jsonstream.samples.benchmarks;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.LongFunction;

/** The documents the benchmarks read, and the same 16 KiB pieces of them for every streaming variant. */
final class BenchInputs {
    static final int CHUNK = 16 * 1024;
    /** The generated inputs' size, for JMH; the CLI runs write theirs with {@code write KIND SIZE}. */
    private static final int GENERATED_BYTES = 10 << 20;

    private BenchInputs() {
    }

    /**
     * Without arguments, prints each input's size in bytes as JSON, for run.sh to turn operations per second into
     * MB/s. With {@code write KIND SIZE}, writes a generated document of that kind and at least SIZE bytes to stdout
     * (the same generator, and so the same bytes up to that size, as the JMH inputs of that name).
     */
    public static void main(String[] args) throws IOException {
        if (args.length == 3 && args[0].equals("write")) {
            try (OutputStream out = new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16)) {
                write(args[1], Long.parseLong(args[2]), out);
            }
            return;
        }
        if (args.length != 0) {
            System.err.println("usage: BenchInputs [write generated|idkeyed|pretty_unicode|orders|export|export_ndjson"
                    + "|export_line SIZE]");
            System.exit(2);
        }
        StringBuilder sb = new StringBuilder("{");
        String[] names = {"twitter", "citm_catalog", "canada", "generated", "idkeyed", "pretty_unicode", "orders"};
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(names[i]).append("\":").append(load(names[i]).length);
        }
        System.out.println(sb.append('}'));
    }

    /**
     * twitter (the simdjson copy, exact 64-bit ids), citm_catalog, canada, or one of the generated kinds of 10 MiB:
     * "generated", "idkeyed", "pretty_unicode", "orders".
     */
    static byte[] load(String name) {
        if (GENERATORS.containsKey(name)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(GENERATED_BYTES + CHUNK);
            try {
                write(name, GENERATED_BYTES, out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
        Path corpora = Paths.get(System.getProperty("jsonstream.corpora", "../shared/corpora"));
        Path file = name.equals("twitter") ? corpora.resolve("bench/simdjson/twitter.json")
                : corpora.resolve("bench/nativejson-benchmark/" + name + ".json");
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file.toAbsolutePath()
                    + " (set -Djsonstream.corpora=... to the shared corpora)", e);
        }
    }

    /**
     * A generated document: its head, then elements joined by the separator, then its tail. A head that names the
     * count of elements ({@code countsElements}) is given it, which costs a first pass that counts them.
     */
    private record Shape(LongFunction<String> head, String separator, String tail, Element element,
            boolean countsElements) {
        Shape(String head, String separator, String tail, Element element) {
            this(count -> head, separator, tail, element, false);
        }
    }

    /** Appends element {@code i}, drawing everything it varies from {@code r}. */
    private interface Element {
        void append(StringBuilder sb, int i, Random r);
    }

    private static final Map<String, Shape> GENERATORS = Map.of(
            "generated", new Shape("{\"items\":[", ",", "]}", BenchInputs::item),
            "idkeyed", new Shape("{\"users\":{", ",", "}}", BenchInputs::user),
            "pretty_unicode", new Shape("{\n  \"items\": [\n", ",\n", "\n  ]\n}\n", BenchInputs::prettyItem),
            "orders", new Shape("{\"orders\":[", ",", "]}", BenchInputs::order),
            // An export as a paging API answers it, its count first; the same records as NDJSON, one a line; and
            // the export again as one NDJSON line (the long-line case of the client benchmark).
            "export", new Shape(count -> "{\"total\":" + count + ",\"items\":[", ",", "]}", BenchInputs::exportItem,
                    true),
            "export_ndjson", new Shape("", "\n", "\n", BenchInputs::exportItem),
            "export_line", new Shape(count -> "{\"total\":" + count + ",\"items\":[", ",", "]}\n",
                    BenchInputs::exportItem, true));

    /**
     * Writes a document of the kind, adding elements until it has at least {@code size} bytes. Elements go out one at
     * a time, so any size streams in constant memory; the seed is fixed, so a size always gives the same bytes.
     */
    static void write(String kind, long size, OutputStream out) throws IOException {
        Shape shape = GENERATORS.get(kind);
        if (shape == null) {
            throw new IllegalArgumentException("no generated input " + kind + ", only " + GENERATORS.keySet());
        }
        long count = shape.countsElements() ? count(shape, size) : Long.MAX_VALUE;
        Random r = new Random(42);
        StringBuilder sb = new StringBuilder(1024);
        long written = put(shape.head().apply(count), out);
        for (int i = 0; written < size && i < count; i++) {
            sb.setLength(0);
            if (i > 0) {
                sb.append(shape.separator());
            }
            shape.element().append(sb, i, r);
            written += put(sb, out);
        }
        put(shape.tail(), out);
    }

    /**
     * How many elements {@link #write} puts in a document of at least {@code size} bytes, found by generating them
     * (the head is not counted, so the document may come out a few bytes over the size, never under).
     */
    private static long count(Shape shape, long size) {
        Random r = new Random(42);
        StringBuilder sb = new StringBuilder(1024);
        long written = 0;
        int i = 0;
        for (; written < size; i++) {
            sb.setLength(0);
            if (i > 0) {
                sb.append(shape.separator());
            }
            shape.element().append(sb, i, r);
            written += sb.toString().getBytes(StandardCharsets.UTF_8).length;
        }
        return i;
    }

    /** Writes the text as UTF-8 and returns its length in bytes (the size counts bytes, not chars). */
    private static int put(CharSequence text, OutputStream out) throws IOException {
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        return bytes.length;
    }

    private static final String[] CURRENCIES = {"EUR", "USD", "JPY", "GBP", "CHF"};

    /**
     * One order of the sample server's {@code POST /orders}: {"id":..,"currency":..,"lines":[{"sku":..,"qty":..,
     * "price":..},..]}, one to four lines, prices with two decimals (about 160 bytes).
     */
    private static void order(StringBuilder sb, int i, Random r) {
        sb.append("{\"id\":\"order-").append(String.format("%08d", i)).append("\",\"currency\":\"")
                .append(CURRENCIES[r.nextInt(CURRENCIES.length)]).append("\",\"lines\":[");
        for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
            sb.append(k == 0 ? "{\"sku\":\"SKU-" : ",{\"sku\":\"SKU-")
                    .append(String.format("%06d", r.nextInt(1_000_000)))
                    .append("\",\"qty\":").append(1 + r.nextInt(9)).append(",\"price\":").append(r.nextInt(500))
                    .append('.').append(String.format("%02d", r.nextInt(100))).append('}');
        }
        sb.append("]}");
    }

    private static final String[] COUNTRIES = {"DE", "FR", "US", "JP", "BR", "IN", "GB", "KR"};

    /**
     * One record of an export (about 280 bytes): {"id":..,"sku":..,"name":..,"price":..,"currency":..,"created":..,
     * "active":..,"tags":[..],"dimensions":{"w":..,"h":..,"d":..},"supplier":{"id":..,"name":..,"country":..}}, the
     * name two of the pretty document's words (raw UTF-8, some escaped), the rest ASCII.
     */
    private static void exportItem(StringBuilder sb, int i, Random r) {
        sb.append("{\"id\":").append(i).append(",\"sku\":\"SKU-").append(1_000_000 + r.nextInt(1_000_000))
                .append("\",\"name\":\"").append(word(r)).append(' ').append(word(r)).append(' ')
                .append(Integer.toHexString(r.nextInt())).append("\",\"price\":").append(r.nextInt(100_000) / 100.0)
                .append(",\"currency\":\"").append(CURRENCIES[r.nextInt(CURRENCIES.length)])
                .append("\",\"created\":\"").append(Instant.ofEpochSecond(instant2024(r)))
                .append("\",\"active\":").append(r.nextBoolean()).append(",\"tags\":[");
        for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
            sb.append(k == 0 ? "\"" : ",\"").append(TAGS[r.nextInt(TAGS.length)]).append('"');
        }
        sb.append("],\"dimensions\":{\"w\":").append(r.nextInt(10_000) / 10.0).append(",\"h\":")
                .append(r.nextInt(10_000) / 10.0).append(",\"d\":").append(r.nextInt(10_000) / 10.0)
                .append("},\"supplier\":{\"id\":");
        int supplier = r.nextInt(5_000);
        sb.append(supplier).append(",\"name\":\"Supplier ").append(supplier).append("\",\"country\":\"")
                .append(COUNTRIES[supplier % COUNTRIES.length]).append("\"}}");
    }

    private static final String[] TAGS = {"new", "sale", "outdoor", "kitchen", "garden", "clearance", "bulk",
        "fragile", "imported", "eco"};

    /** {"id":..,"name":..,"price":..,"tags":[..],"active":..}: few distinct names, all ASCII. */
    private static void item(StringBuilder sb, int i, Random r) {
        sb.append("{\"id\":").append(i).append(",\"name\":\"item ").append(Long.toHexString(r.nextLong()))
                .append("\",\"price\":").append(r.nextInt(100_000) / 100.0).append(",\"tags\":[\"t")
                .append(r.nextInt(50)).append("\",\"u").append(r.nextInt(9)).append("\"],\"active\":")
                .append(r.nextBoolean()).append('}');
    }

    /**
     * One member of {"users":{..}}: "&lt;uuid&gt;":{"id":..,"name":..,"score":..,"seen":{"&lt;ISO instant&gt;":n,..},
     * "follows":{"&lt;user id&gt;":true,..}}. Real bodies key maps by ids: here nearly every name but the repeated
     * inner ones is new, which is what a parser's name table (built for names that repeat) meets in such bodies.
     */
    private static void user(StringBuilder sb, int i, Random r) {
        sb.append('"').append(uuid(r)).append("\":{\"id\":").append(i)
                .append(",\"name\":\"user ").append(Integer.toHexString(r.nextInt()))
                .append("\",\"score\":").append(r.nextInt(100_000) / 100.0).append(",\"seen\":{");
        long seen = instant2024(r);
        for (int k = 0, n = 1 + r.nextInt(5); k < n; k++) {
            seen += 1 + r.nextInt(3 * 86_400); // ascending, so that no object repeats a name
            sb.append(k == 0 ? "\"" : ",\"").append(Instant.ofEpochSecond(seen)).append("\":")
                    .append(1 + r.nextInt(20));
        }
        sb.append("},\"follows\":{");
        long userId = r.nextInt(1_000_000);
        for (int k = 0, n = r.nextInt(4); k < n; k++) {
            userId += 1 + r.nextInt(1_000_000); // ascending, as above
            sb.append(k == 0 ? "\"" : ",\"").append(userId).append("\":true");
        }
        sb.append("}}");
    }

    /**
     * Words for the pretty document's strings: accented Latin, Greek, Cyrillic, CJK, Hangul and emoji as raw UTF-8
     * (2, 3 and 4 bytes a character), and some written as JSON escapes (an escaped emoji is a surrogate pair).
     */
    private static final String[] WORDS = {"Zoë", "Ångström", "façade", "naïve", "crème brûlée", "Łódź",
        "straße", "Ελληνικά", "λόγος", "Москва", "東京", "北京市", "日本語", "한국어", "🎉", "🚀", "👩‍💻", "café",
        "caf\\u00e9", "\\u2603 snow", "\\ud83d\\ude00 grin", "\\u00c5ngstr\\u00f6m", "plain", "ascii", "value",
        "data"};
    /** Names that repeat from element to element in the labels objects: Unicode ones, one escaped, ASCII ones. */
    private static final String[] LABELS = {"été", "名前", "κλειδί", "ключ", "\\u00fcber", "😀 mood", "colour",
        "size"};

    /**
     * One element of {"items":[..]}, indented by 2 spaces a level as a pretty-printer would:
     * {"id":..,"name":..,"título":..,"price":..,"tags":[..],"labels":{..}}, where each labels object mixes names that
     * repeat (from LABELS) with new ones (UUIDs, ISO instants).
     */
    private static void prettyItem(StringBuilder sb, int i, Random r) {
        sb.append("    {\n      \"id\": ").append(i)
                .append(",\n      \"name\": \"").append(word(r)).append(' ').append(word(r))
                .append("\",\n      \"título\": \"").append(word(r)).append(' ').append(word(r)).append(' ')
                .append(word(r)).append("\",\n      \"price\": ").append(r.nextInt(100_000) / 100.0)
                .append(",\n      \"tags\": [");
        for (int k = 0, n = 1 + r.nextInt(3); k < n; k++) {
            sb.append(k == 0 ? "\n        \"" : ",\n        \"").append(word(r)).append('"');
        }
        sb.append("\n      ],\n      \"labels\": {");
        // No object repeats a name: labels are taken in turn (fewer than LABELS.length), instants ascend.
        int label = r.nextInt(LABELS.length);
        long seen = instant2024(r);
        for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
            sb.append(k == 0 ? "\n        \"" : ",\n        \"");
            switch (r.nextInt(3)) {
                case 0 -> sb.append(LABELS[(label + k) % LABELS.length]);
                case 1 -> sb.append(uuid(r));
                default -> {
                    seen += 1 + r.nextInt(86_400);
                    sb.append(Instant.ofEpochSecond(seen));
                }
            }
            sb.append("\": \"").append(word(r)).append('"');
        }
        sb.append("\n      }\n    }");
    }

    private static String word(Random r) {
        return WORDS[r.nextInt(WORDS.length)];
    }

    /** A random (version 4) UUID drawn from {@code r}, so that the documents stay deterministic. */
    private static UUID uuid(Random r) {
        long high = (r.nextLong() & ~0xF000L) | 0x4000L;
        long low = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(high, low);
    }

    /** Seconds since the epoch, somewhere in the first 300 days of 2024. */
    private static long instant2024(Random r) {
        return START_2024 + r.nextInt(300 * 86_400);
    }

    private static final long START_2024 = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();

    /** The pattern that picks one field per element of each input's main array. */
    static String oneFieldPerElement(String name) {
        switch (name) {
            case "twitter":
                return "/statuses/*/id";
            case "citm_catalog":
                return "/performances/*/id";
            case "canada":
                return "/features/*/type";
            case "idkeyed":
                return "/users/*/name";
            default:
                return "/items/*/id";
        }
    }

    static ByteBuffer[] chunks(byte[] doc, boolean direct) {
        int n = (doc.length + CHUNK - 1) / CHUNK;
        ByteBuffer[] out = new ByteBuffer[n];
        for (int i = 0; i < n; i++) {
            int len = Math.min(CHUNK, doc.length - i * CHUNK);
            ByteBuffer b = direct ? ByteBuffer.allocateDirect(len) : ByteBuffer.allocate(len);
            b.put(doc, i * CHUNK, len).flip();
            out[i] = b;
        }
        return out;
    }

    static byte[][] arrays(byte[] doc) {
        int n = (doc.length + CHUNK - 1) / CHUNK;
        byte[][] out = new byte[n][];
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(doc, i * CHUNK, Math.min(doc.length, (i + 1) * CHUNK));
        }
        return out;
    }
}
