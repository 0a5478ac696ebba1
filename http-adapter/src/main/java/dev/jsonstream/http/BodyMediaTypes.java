package dev.jsonstream.http;

import dev.jsonstream.decoder.Framing;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which request media types are decoded, and in which framing: {@code application/json} and any
 * {@code application/*+json} as one value, NDJSON / JSON Lines as a stream of values, {@code application/json-seq}
 * as RFC 7464 records. A charset other than UTF-8 is refused, as is any other type.
 */
final class BodyMediaTypes {
    private final Map<String, Framing> types;
    private final boolean structuredSuffix;

    private BodyMediaTypes(Map<String, Framing> types, boolean structuredSuffix) {
        this.types = types;
        this.structuredSuffix = structuredSuffix;
    }

    static BodyMediaTypes defaults() {
        Map<String, Framing> m = new LinkedHashMap<>();
        m.put("application/json", Framing.SINGLE);
        m.put("application/x-ndjson", Framing.CONCATENATED);
        m.put("application/jsonl", Framing.CONCATENATED);
        m.put("application/json-seq", Framing.JSON_SEQ);
        return new BodyMediaTypes(m, true);
    }

    BodyMediaTypes with(String type, Framing framing) {
        Map<String, Framing> m = new LinkedHashMap<>(types);
        if (framing == null) {
            m.remove(type.toLowerCase(Locale.ROOT));
        } else {
            m.put(type.toLowerCase(Locale.ROOT), framing);
        }
        return new BodyMediaTypes(m, structuredSuffix);
    }

    BodyMediaTypes withStructuredSuffix(boolean accept) {
        return new BodyMediaTypes(types, accept);
    }

    /** The outcome of looking at a Content-Type header. */
    record Verdict(Framing framing, String refusal) {
    }

    Verdict judge(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return new Verdict(null, "no Content-Type: expected one of " + types.keySet());
        }
        String[] parts = contentType.split(";");
        String type = parts[0].trim().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim();
            int eq = param.indexOf('=');
            if (eq > 0 && param.substring(0, eq).trim().equalsIgnoreCase("charset")) {
                String charset = param.substring(eq + 1).trim().replace("\"", "");
                if (!charset.equalsIgnoreCase("utf-8") && !charset.equalsIgnoreCase("utf8")) {
                    return new Verdict(null, "charset " + charset + " is not supported: JSON bodies are UTF-8");
                }
            }
        }
        Framing framing = types.get(type);
        if (framing == null && structuredSuffix && type.startsWith("application/") && type.endsWith("+json")) {
            framing = Framing.SINGLE;
        }
        if (framing == null) {
            return new Verdict(null, "media type " + type + " is not supported: expected one of " + types.keySet()
                    + (structuredSuffix ? " or application/*+json" : ""));
        }
        return new Verdict(framing, null);
    }
}
