package dev.jsonstream.samples.server;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Random valid JSON of about a chosen size: nested objects and arrays, strings with escapes and multi-byte UTF-8,
 * integers (some beyond 64 bits), decimals and exponents, literals, and random whitespace between tokens.
 * A single document's root is always an object or an array, so that any strict prefix of it is incomplete (no
 * trailing whitespace either): the malformed traffic cuts valid documents and must get 400 whatever the cut.
 */
final class RandomJson {
    private static final String[] NAMES = {"id", "name", "items", "a", "b", "price", "qty", "tags", "x/y", "m~n",
        "\u00e9t\u00e9", "\u4e2d\u6587", ""};
    private static final String[] PIECES = {"abc", "Hello", " ", "\\n", "\\\"", "\\\\", "\\/", "\\u00e9", "\\ud83d\\ude00",
        "\u00e9", "\u4e2d", "\ud83d\ude00", "0123456789", "\\t", "~", "/"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-1", "42", "9223372036854775807",
        "-9223372036854775808", "18446744073709551616", "123456789012345678901234567890", "3.14159", "-0.0",
        "1e10", "1E-7", "-2.5e+300", "1e400", "0.000001", "6.02214076e23"};

    private final Random random;
    private final StringBuilder sb = new StringBuilder();
    private int budget;

    private RandomJson(Random random) {
        this.random = random;
    }

    /** One document (an object or an array at the root) of roughly {@code size} bytes, or a little more. */
    static byte[] document(Random random, int size) {
        RandomJson g = new RandomJson(random);
        g.budget = size;
        if (random.nextInt(20) == 0) {
            g.deepNest(); // now and then a narrow, deep one
        } else {
            g.container(1, true);
        }
        return g.sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Several root values (scalars too), one per line, as NDJSON: roughly {@code size} bytes. */
    static byte[] ndjson(Random random, int size) {
        RandomJson g = new RandomJson(random);
        g.budget = size;
        do {
            g.value(1);
            g.sb.append('\n');
        } while (g.sb.length() < size);
        return g.sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void deepNest() {
        int depth = 20 + random.nextInt(200);
        for (int i = 0; i < depth; i++) {
            sb.append(random.nextBoolean() ? "[" : "{\"d\":");
        }
        int close = sb.length();
        value(depth + 1);
        for (int i = close - 1; i >= 0; i--) {
            char c = sb.charAt(i);
            if (c == '[') {
                sb.append(']');
            } else if (c == '{') {
                sb.append('}');
            }
        }
    }

    /** An object or an array; the root one keeps adding members until the size is reached. */
    private void container(int depth, boolean root) {
        boolean object = random.nextBoolean();
        sb.append(object ? '{' : '[');
        int members = root ? Integer.MAX_VALUE : random.nextInt(6);
        for (int i = 0; i < members && (i == 0 || sb.length() < budget); i++) {
            if (i > 0) {
                sb.append(',');
            }
            space();
            if (object) {
                string(NAMES[random.nextInt(NAMES.length)]);
                space();
                sb.append(':');
                space();
            }
            value(depth + 1);
            space();
            if (root && sb.length() >= budget) {
                break;
            }
        }
        sb.append(object ? '}' : ']');
    }

    private void value(int depth) {
        int kinds = depth > 12 || sb.length() > budget ? 5 : 7;
        switch (random.nextInt(kinds)) {
            case 0, 1 -> string(randomText());
            case 2 -> sb.append(NUMBERS[random.nextInt(NUMBERS.length)]);
            case 3 -> sb.append(random.nextInt(2_000_001) - 1_000_000);
            case 4 -> sb.append(random.nextInt(3) == 0 ? "true" : random.nextBoolean() ? "false" : "null");
            default -> container(depth, false);
        }
    }

    private String randomText() {
        StringBuilder t = new StringBuilder();
        int pieces = random.nextInt(8);
        for (int i = 0; i < pieces; i++) {
            t.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return t.toString();
    }

    /** {@code text} is written as is: it holds its escapes already. */
    private void string(String text) {
        sb.append('"').append(text).append('"');
    }

    private void space() {
        int r = random.nextInt(10);
        if (r == 0) {
            sb.append(' ');
        } else if (r == 1) {
            sb.append("\n  ");
        } else if (r == 2) {
            sb.append("\t\r\n");
        }
    }
}
