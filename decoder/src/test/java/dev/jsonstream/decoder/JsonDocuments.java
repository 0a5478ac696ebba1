package dev.jsonstream.decoder;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random valid JSON documents as a small model (so that failures shrink to small documents) rendered to UTF-8:
 * nested objects and arrays, strings and names with every escape and raw characters of one to four bytes, numbers
 * of every shape, literals, and whitespace of all four kinds between tokens.
 */
final class JsonDocuments {
    /** Names that the selection patterns of the properties refer to, so that name patterns select something. */
    static final String[] COMMON_NAMES = {"id", "name", "a/b", "~", "*", "0", ""};
    private static final String[] SIMPLE_ESCAPES = {"\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"};
    private static final String[] SPACES = {" ", "\t", "\n", "\r", "\r\n", "  ", "\n\t", " \r ", ""};
    private static final int MAX_DEPTH = 5;

    private JsonDocuments() {
    }

    /** A JSON value of the model. */
    sealed interface Node permits Obj, Arr, Str, Num, Lit {
    }

    record Obj(List<Member> members) implements Node {
    }

    record Member(Str name, Node value) {
    }

    record Arr(List<Node> items) implements Node {
    }

    /** A string as the JSON source of its characters, one piece per character or escape, without the quotes. */
    record Str(List<String> pieces) implements Node {
    }

    /** A number as written. */
    record Num(String text) implements Node {
    }

    /** true, false or null. */
    record Lit(String text) implements Node {
    }

    /**
     * One document: a root value and the whitespace put between tokens (and before the first and after the last),
     * taken round-robin from {@code gaps}; no gaps means no whitespace at all.
     */
    record Document(Node root, List<String> gaps) {
        byte[] bytes() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            int[] gap = {0};
            gap(out, gap);
            render(root, out, gap);
            return out.toByteArray();
        }

        private void gap(ByteArrayOutputStream out, int[] gap) {
            if (!gaps.isEmpty()) {
                out.writeBytes(gaps.get(gap[0]++ % gaps.size()).getBytes(StandardCharsets.UTF_8));
            }
        }

        private void token(String text, ByteArrayOutputStream out, int[] gap) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            gap(out, gap);
        }

        private void render(Node node, ByteArrayOutputStream out, int[] gap) {
            if (node instanceof Obj o) {
                token("{", out, gap);
                for (int i = 0; i < o.members().size(); i++) {
                    if (i > 0) {
                        token(",", out, gap);
                    }
                    render(o.members().get(i).name(), out, gap);
                    token(":", out, gap);
                    render(o.members().get(i).value(), out, gap);
                }
                token("}", out, gap);
            } else if (node instanceof Arr a) {
                token("[", out, gap);
                for (int i = 0; i < a.items().size(); i++) {
                    if (i > 0) {
                        token(",", out, gap);
                    }
                    render(a.items().get(i), out, gap);
                }
                token("]", out, gap);
            } else if (node instanceof Str s) {
                token("\"" + String.join("", s.pieces()) + "\"", out, gap);
            } else if (node instanceof Num n) {
                token(n.text(), out, gap);
            } else {
                token(((Lit) node).text(), out, gap);
            }
        }

        @Override
        public String toString() {
            return printable(bytes());
        }
    }

    // ---- generation ----

    static Document document(Random r) {
        Node root = r.nextInt(8) == 0 ? value(r, 0) : container(r, 1 + r.nextInt(MAX_DEPTH));
        List<String> gaps = new ArrayList<>();
        int n = r.nextInt(4) == 0 ? 0 : 1 + r.nextInt(6);
        for (int i = 0; i < n; i++) {
            gaps.add(SPACES[r.nextInt(SPACES.length)]);
        }
        return new Document(root, gaps);
    }

    private static Node container(Random r, int depth) {
        int size = r.nextInt(6) == 0 ? r.nextInt(9) : r.nextInt(4);
        if (r.nextBoolean()) {
            List<Member> members = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                members.add(new Member(name(r), value(r, depth - 1)));
            }
            return new Obj(members);
        }
        List<Node> items = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            items.add(value(r, depth - 1));
        }
        return new Arr(items);
    }

    private static Node value(Random r, int depth) {
        int choice = r.nextInt(depth > 0 ? 8 : 5);
        switch (choice) {
            case 0:
                return string(r, r.nextInt(12));
            case 1:
                return number(r);
            case 2:
                return new Lit(new String[] {"true", "false", "null"}[r.nextInt(3)]);
            case 3:
                return number(r);
            case 4:
                return string(r, r.nextInt(3));
            default:
                return container(r, depth);
        }
    }

    private static Str name(Random r) {
        if (r.nextInt(3) == 0) {
            String n = COMMON_NAMES[r.nextInt(COMMON_NAMES.length)];
            List<String> pieces = new ArrayList<>();
            n.chars().forEach(c -> pieces.add(String.valueOf((char) c)));
            return new Str(pieces);
        }
        return string(r, r.nextInt(6));
    }

    static Str string(Random r, int length) {
        List<String> pieces = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            pieces.add(stringPiece(r));
        }
        return new Str(pieces);
    }

    private static String stringPiece(Random r) {
        switch (r.nextInt(10)) {
            case 0:
                return SIMPLE_ESCAPES[r.nextInt(SIMPLE_ESCAPES.length)];
            case 1: { // any BMP character but a surrogate, as an escape, hex digits in either case
                int c;
                do {
                    c = r.nextInt(0x10000);
                } while (c >= 0xD800 && c <= 0xDFFF);
                return unicodeEscape(r, c);
            }
            case 2: { // a supplementary character as an escaped surrogate pair
                int cp = 0x10000 + r.nextInt(0x100000);
                return unicodeEscape(r, Character.highSurrogate(cp)) + unicodeEscape(r, Character.lowSurrogate(cp));
            }
            case 3: // control characters must be escaped
                return unicodeEscape(r, r.nextInt(0x20));
            case 4: // two bytes in UTF-8
                return new String(Character.toChars(0x80 + r.nextInt(0x800 - 0x80)));
            case 5: { // three bytes, surrogates excluded
                int c;
                do {
                    c = 0x800 + r.nextInt(0x10000 - 0x800);
                } while (c >= 0xD800 && c <= 0xDFFF);
                return new String(Character.toChars(c));
            }
            case 6: // four bytes
                return new String(Character.toChars(0x10000 + r.nextInt(0x100000)));
            default: { // printable ASCII (and DEL, which needs no escape), but not the quote or backslash
                char c;
                do {
                    c = (char) (0x20 + r.nextInt(0x60));
                } while (c == '"' || c == '\\');
                return String.valueOf(c);
            }
        }
    }

    private static String unicodeEscape(Random r, int c) {
        String hex = String.format("%04x", c);
        return "\\u" + (r.nextBoolean() ? hex : hex.toUpperCase());
    }

    static Num number(Random r) {
        switch (r.nextInt(7)) {
            case 0:
                return new Num(new String[] {"0", "-0", "-0.0", "0.0", "0e0", "-0E-0", "0.000", "-0e+5"}[r.nextInt(8)]);
            case 1:
                return new Num(sign(r) + digits(r, 1 + r.nextInt(18)));
            case 2: // beyond long: 20 to 30 digits
                return new Num(sign(r) + digits(r, 20 + r.nextInt(11)));
            case 3:
                return new Num(sign(r) + integerPart(r) + "." + anyDigits(r, 1 + r.nextInt(20)));
            case 4: // 400 fraction digits
                return new Num(sign(r) + integerPart(r) + "." + anyDigits(r, 400));
            case 5:
                return new Num(sign(r) + mantissa(r) + exponentMark(r) + anyDigits(r, 1 + r.nextInt(3)));
            default: // big exponents, both ways
                return new Num(sign(r) + mantissa(r) + exponentMark(r) + new String[] {"400", "308", "324", "9999",
                    "0400", "1000"}[r.nextInt(6)]);
        }
    }

    private static String mantissa(Random r) {
        return r.nextBoolean() ? integerPart(r) : integerPart(r) + "." + anyDigits(r, 1 + r.nextInt(5));
    }

    private static String exponentMark(Random r) {
        return (r.nextBoolean() ? "e" : "E") + new String[] {"", "+", "-"}[r.nextInt(3)];
    }

    private static String sign(Random r) {
        return r.nextBoolean() ? "-" : "";
    }

    private static String integerPart(Random r) {
        return r.nextInt(3) == 0 ? "0" : digits(r, 1 + r.nextInt(6));
    }

    /** {@code n} digits without a leading zero. */
    private static String digits(Random r, int n) {
        return (char) ('1' + r.nextInt(9)) + anyDigits(r, n - 1);
    }

    private static String anyDigits(Random r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + r.nextInt(10)));
        }
        return sb.toString();
    }

    // ---- shrinking ----

    /** Simpler documents: without whitespace, then with simpler roots. */
    static List<Document> shrink(Document d) {
        List<Document> out = new ArrayList<>();
        if (!d.gaps().isEmpty()) {
            out.add(new Document(d.root(), List.of()));
            for (int i = 0; i < d.gaps().size() && d.gaps().size() > 1; i++) {
                List<String> g = new ArrayList<>(d.gaps());
                g.remove(i);
                out.add(new Document(d.root(), g));
            }
        }
        for (Node n : shrink(d.root())) {
            out.add(new Document(n, d.gaps()));
        }
        return out;
    }

    static List<Node> shrink(Node node) {
        List<Node> out = new ArrayList<>();
        if (node instanceof Obj o) {
            List<Member> ms = o.members();
            for (Member m : ms) {
                out.add(m.value());
            }
            for (int i = 0; i < ms.size(); i++) {
                List<Member> fewer = new ArrayList<>(ms);
                fewer.remove(i);
                out.add(new Obj(fewer));
            }
            for (int i = 0; i < ms.size(); i++) {
                Member m = ms.get(i);
                for (Node v : shrink(m.value())) {
                    out.add(new Obj(replaced(ms, i, new Member(m.name(), v))));
                }
                for (Node nm : shrink(m.name())) {
                    out.add(new Obj(replaced(ms, i, new Member((Str) nm, m.value()))));
                }
            }
        } else if (node instanceof Arr a) {
            List<Node> items = a.items();
            out.addAll(items);
            for (int i = 0; i < items.size(); i++) {
                List<Node> fewer = new ArrayList<>(items);
                fewer.remove(i);
                out.add(new Arr(fewer));
            }
            for (int i = 0; i < items.size(); i++) {
                for (Node v : shrink(items.get(i))) {
                    out.add(new Arr(replaced(items, i, v)));
                }
            }
        } else if (node instanceof Str s) {
            if (!s.pieces().isEmpty()) {
                out.add(new Str(List.of()));
                for (int i = 0; i < s.pieces().size() && s.pieces().size() > 1; i++) {
                    List<String> fewer = new ArrayList<>(s.pieces());
                    fewer.remove(i);
                    out.add(new Str(fewer));
                }
            }
        } else if (node instanceof Num n) {
            if (!n.text().equals("0")) {
                out.add(new Num("0"));
                String halved = halveLongestDigitRun(n.text());
                if (!halved.equals(n.text())) {
                    out.add(new Num(halved));
                }
            }
        } else if (!((Lit) node).text().equals("null")) {
            out.add(new Lit("null"));
        }
        return out;
    }

    /** The number with its longest run of digits cut to half, keeping it valid (the first digit stays). */
    private static String halveLongestDigitRun(String text) {
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < text.length();) {
            int j = i;
            while (j < text.length() && Character.isDigit(text.charAt(j))) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = Math.max(j, i + 1);
        }
        if (bestLen < 2) {
            return text;
        }
        return text.substring(0, bestStart + (bestLen + 1) / 2) + text.substring(bestStart + bestLen);
    }

    private static <T> List<T> replaced(List<T> list, int i, T value) {
        List<T> copy = new ArrayList<>(list);
        copy.set(i, value);
        return copy;
    }

    /** Bytes as readable text: printable ASCII as is, the rest as escapes ({@code \n}, {@code \xC3}). */
    static String printable(byte[] bytes) {
        StringBuilder sb = new StringBuilder(bytes.length + 16).append('"');
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c == '"') {
                sb.append("\\\"");
            } else if (c == '\\') {
                sb.append("\\\\");
            } else if (c >= 0x20 && c < 0x7F) {
                sb.append((char) c);
            } else {
                sb.append(String.format("\\x%02X", c));
            }
        }
        return sb.append("\" (").append(bytes.length).append(" bytes)").toString();
    }
}
