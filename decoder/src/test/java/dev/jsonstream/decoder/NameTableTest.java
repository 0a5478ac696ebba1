package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Member names: canonical while a body's names repeat, and neither a reason to refuse a valid body nor a way to slow
 * it down when they are ids or are built to collide in Jackson's table (see {@link NameTableGuard}). Speed itself is
 * shown by the benchmarks; here, that the guard acts when it should and only then, and that every name is right.
 */
class NameTableTest {
    /** A config of its own per test: the shared table is the config's. */
    private DecoderConfig config = DecoderConfig.builder().build();

    @Test
    void documentsWithRepeatedNamesKeepTheTable() throws IOException {
        Path bench = Corpora.shared().resolve("bench");
        for (Path doc : new Path[] {bench.resolve("simdjson/twitter.json"),
                bench.resolve("nativejson-benchmark/citm_catalog.json"),
                bench.resolve("nativejson-benchmark/canada.json")}) {
            assertThat(decode(Files.readAllBytes(doc)).canonical).as("%s", doc.getFileName()).isTrue();
        }
    }

    @Test
    void namesBuiltToCollideAreReadRightAndStopTheTable() throws IOException {
        List<String> names = collidingNames(NameTableGuard.MAX_NAMES / 2); // under the bound on names
        assertThat(names).doesNotHaveDuplicates();
        byte[] body = object(names, 50_000);
        Decoded d = decode(body);
        assertThat(d.canonical).isFalse();
        assertThat(d.names).isEqualTo(jacksonNames(body));
    }

    @Test
    void aFewCollidingNamesAreStillCanonical() throws IOException {
        // Ordinary documents may hold a few such names by chance: a short chain is no reason to stop.
        byte[] body = object(collidingNames(8), 1000);
        Decoded d = decode(body);
        assertThat(d.canonical).isTrue();
        assertThat(d.names).isEqualTo(jacksonNames(body));
    }

    @Test
    void idKeyedObjectsStopTheTableAfterItsBound() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3 * NameTableGuard.MAX_NAMES; i++) {
            ids.add(new UUID(i * 0x9E3779B97F4A7C15L, i).toString());
        }
        byte[] body = object(ids, 0);
        Decoded d = decode(body);
        assertThat(d.canonical).isFalse();
        assertThat(d.names).isEqualTo(ids);

        byte[] fewer = object(ids.subList(0, NameTableGuard.MAX_NAMES / 2), 0);
        assertThat(decode(fewer).canonical).isTrue();
    }

    @Test
    void longNamesStopTheTableOnceTheyAddUp() throws IOException {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            names.add(("n" + i).repeat(20_000));
        }
        byte[] body = object(names, 0);
        Decoded d = decode(body);
        assertThat(d.canonical).isFalse();
        assertThat(d.names).isEqualTo(names);
    }

    @Test
    void theSharedTableTakesOnlySmallTables() throws IOException {
        // Whether each body keeps canonical names is not asserted: with this many names in the table, random
        // names spill past the guard's bound for about one seed in 300 (Jackson's seed comes from the clock), and
        // the guard then stops for that body. The shared table must stay small either way.
        for (int body = 0; body < 6; body++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < NameTableGuard.MAX_NAMES * 3 / 4; i++) {
                ids.add("id-" + body + "-" + i);
            }
            assertThat(decode(object(ids, 0)).names).isEqualTo(ids);
            assertThat(config.jsonFactory.sharedNames()).isLessThanOrEqualTo(NameTableGuard.MAX_SHARED_NAMES);
        }
        assertThat(config.jsonFactory.sharedNames()).isPositive(); // the first body's names were taken
    }

    /**
     * Distinct 8-byte names whose two-quad hash in Jackson's table is the same for every seed: the table mixes the
     * first quad, adds the second times 33, and only then the seed, so for any first quad one second quad lands on
     * a chosen sum (33 is odd, so it has an inverse modulo 2^32). Only those spelled in plain ASCII are kept.
     */
    static List<String> collidingNames(int count) {
        int target = 0x5EED_1DEA;
        int inverse33 = 0x3E0F83E1; // 33 * 0x3E0F83E1 = 1 modulo 2^32
        assertThat(33 * inverse33).isEqualTo(1);
        List<String> out = new ArrayList<>();
        for (long q1 = 0x61616161L; out.size() < count && q1 <= 0x7A7A7A7AL; q1++) {
            if (!letters((int) q1)) {
                continue;
            }
            int h = (int) q1;
            h += h >>> 15;
            h ^= h >>> 9;
            int q2 = (target - h) * inverse33;
            if (letters(q2)) {
                out.add(quad((int) q1) + quad(q2));
            }
        }
        return out;
    }

    private static boolean letters(int quad) {
        for (int shift = 0; shift < 32; shift += 8) {
            int b = (quad >>> shift) & 0xFF;
            if (b < 'a' || b > 'z') {
                return false;
            }
        }
        return true;
    }

    private static String quad(int q) {
        return new String(new byte[] {(byte) (q >>> 24), (byte) (q >>> 16), (byte) (q >>> 8), (byte) q},
                StandardCharsets.US_ASCII);
    }

    /** An object with each name once, then {@code repeats} more members named after the last one (deepest). */
    private static byte[] object(List<String> names, int repeats) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(names.get(i)).append("\":").append(i % 100);
        }
        String last = names.get(names.size() - 1);
        for (int i = 0; i < repeats; i++) {
            sb.append(",\"").append(last).append("\":").append(i % 100);
        }
        return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final class Decoded {
        final List<String> names = new ArrayList<>();
        boolean canonical;
    }

    private Decoded decode(byte[] body) {
        Decoded d = new Decoded();
        StreamingDecoder decoder = (StreamingDecoder) config.newDecoder(t -> {
            if (t.kind() == TokenKind.FIELD_NAME) {
                d.names.add(t.fieldName());
            }
        });
        for (int off = 0; off < body.length; off += 16384) {
            decoder.feed(body, off, Math.min(16384, body.length - off));
        }
        d.canonical = decoder.namesCanonical();
        decoder.end();
        return d;
    }

    private static List<String> jacksonNames(byte[] body) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = new JsonFactory().createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    out.add(p.currentName());
                }
            }
        }
        return out;
    }
}
