package dev.jsonstream.samples.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Random;

/** The documents the benchmarks read, and the same 16 KiB pieces of them for every streaming variant. */
final class BenchInputs {
    static final int CHUNK = 16 * 1024;

    private BenchInputs() {
    }

    /** Prints each input's size in bytes as JSON, for run.sh to turn operations per second into MB/s. */
    public static void main(String[] args) {
        StringBuilder sb = new StringBuilder("{");
        String[] names = {"twitter", "citm_catalog", "canada", "generated"};
        for (int i = 0; i < names.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(names[i]).append("\":").append(load(names[i]).length);
        }
        System.out.println(sb.append('}'));
    }

    /** twitter (the simdjson copy, exact 64-bit ids), citm_catalog, canada, or "generated" (10 MiB). */
    static byte[] load(String name) {
        if (name.equals("generated")) {
            return generated(10 << 20);
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

    /** {"items":[{"id":..,"name":..,"price":..,"tags":[..],"active":..},...]} of about {@code size} bytes. */
    static byte[] generated(int size) {
        Random r = new Random(42);
        StringBuilder sb = new StringBuilder(size + 256).append("{\"items\":[");
        for (int i = 0; sb.length() < size; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"id\":").append(i).append(",\"name\":\"item ").append(Long.toHexString(r.nextLong()))
                    .append("\",\"price\":").append(r.nextInt(100_000) / 100.0).append(",\"tags\":[\"t")
                    .append(r.nextInt(50)).append("\",\"u").append(r.nextInt(9)).append("\"],\"active\":")
                    .append(r.nextBoolean()).append('}');
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The pattern that picks one field per element of each input's main array. */
    static String oneFieldPerElement(String name) {
        switch (name) {
            case "twitter":
                return "/statuses/*/id";
            case "citm_catalog":
                return "/performances/*/id";
            case "canada":
                return "/features/*/type";
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
