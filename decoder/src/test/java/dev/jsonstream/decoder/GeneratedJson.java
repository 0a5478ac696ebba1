package dev.jsonstream.decoder;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Random JSON documents for tests: nested containers, awkward names, escapes, all kinds of numbers. */
final class GeneratedJson {
    private static final String[] NAMES = {"id", "name", "a/b", "~", "*", "", "x", "items", "é", "\uD83D\uDE00"};
    private static final String[] NUMBERS = {"0", "-0", "1", "-17", "3.25", "1e10", "-2.5E-3", "18446744073709551616",
        "123456789012345678901234567890.5"};
    private static final String[] STRINGS = {"", "plain", "with \\\"quote\\\"", "tab\\t", "\\u00e9t\\u00e9", "日本語",
        "\uD83D\uDE00", "slash\\/"};

    private GeneratedJson() {
    }

    static byte[] document(Random random, int depth) {
        StringBuilder sb = new StringBuilder();
        value(sb, random, depth, true);
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void value(StringBuilder sb, Random r, int depth, boolean container) {
        int choice = container ? r.nextInt(2) : depth <= 0 ? 2 + r.nextInt(4) : r.nextInt(6);
        switch (choice) {
            case 0: {
                sb.append('{');
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(r.nextBoolean() ? "," : " ,\n ");
                    }
                    String name = NAMES[r.nextInt(NAMES.length)] + (r.nextInt(3) == 0 ? "" : Integer.toString(i));
                    sb.append('"').append(name.replace("\\", "\\\\")).append("\":");
                    value(sb, r, depth - 1, false);
                }
                sb.append('}');
                return;
            }
            case 1: {
                sb.append('[');
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    value(sb, r, depth - 1, false);
                }
                sb.append(']');
                return;
            }
            case 2:
                sb.append(NUMBERS[r.nextInt(NUMBERS.length)]);
                return;
            case 3:
                sb.append('"').append(STRINGS[r.nextInt(STRINGS.length)]).append('"');
                return;
            case 4:
                sb.append(r.nextBoolean() ? "true" : "false");
                return;
            default:
                sb.append("null");
        }
    }
}
