package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The reference for selection tests, independent of the decoder: Jackson's blocking parser over the whole
 * document, a glob matcher of its own over pointer segments, and values built as plain Java objects.
 */
final class TreeWalk {
    private static final JsonFactory JSON = new JsonFactory();

    private TreeWalk() {
    }

    /** A selected value: its pointer and its Java form (Long/BigInteger, BigDecimal, String, Map, List, ...). */
    record Selected(String pointer, Object value) {
    }

    /** The outermost values of a document (or of each root value of a stream) that match the pattern. */
    static List<Selected> select(byte[] doc, String pattern) {
        List<String> segments = pattern.isEmpty() ? List.of() : Arrays.asList(pattern.substring(1).split("/", -1));
        List<Selected> out = new ArrayList<>();
        try (JsonParser p = JSON.createParser(doc)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME || t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
                    continue;
                }
                String pointer = p.getParsingContext().pathAsPointer().toString();
                if (globMatches(segments, 0, pointerSegments(pointer), 0)) {
                    out.add(new Selected(pointer, read(p)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** Parses one complete JSON value from bytes (a RAW capture) into its Java form. */
    static Object parse(byte[] value) {
        try (JsonParser p = JSON.createParser(value)) {
            p.nextToken();
            Object v = read(p);
            if (p.nextToken() != null) {
                throw new AssertionError("more than one value in a capture");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> pointerSegments(String pointer) {
        if (pointer.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String raw : pointer.substring(1).split("/", -1)) {
            out.add(raw.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    /** Pattern segments against path segments; "*" one, "**" any number, "~2" a literal "*". */
    private static boolean globMatches(List<String> pat, int i, List<String> path, int j) {
        if (i == pat.size()) {
            return j == path.size();
        }
        String seg = pat.get(i);
        if (seg.equals("**")) {
            for (int k = j; k <= path.size(); k++) {
                if (globMatches(pat, i + 1, path, k)) {
                    return true;
                }
            }
            return false;
        }
        if (j == path.size()) {
            return false;
        }
        boolean one = seg.equals("*")
                || seg.replace("~2", "*").replace("~1", "/").replace("~0", "~").equals(path.get(j));
        return one && globMatches(pat, i + 1, path, j + 1);
    }

    /** The value the parser is on, as Java objects; leaves the parser on its last token. */
    static Object read(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    p.nextToken();
                    m.put(name, read(p));
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    l.add(read(p));
                }
                return l;
            }
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? p.getBigIntegerValue()
                        : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IllegalStateException(String.valueOf(p.currentToken()));
        }
    }
}
