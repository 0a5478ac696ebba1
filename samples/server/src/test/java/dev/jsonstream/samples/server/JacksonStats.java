package dev.jsonstream.samples.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What {@code POST /stats} must answer for a body, computed independently of the server: Jackson's blocking
 * parser walks the same (inflated) bytes and counts as {@link StatsConsumer} documents it. The answer is built in
 * the server's field order, so the two are compared as exact strings.
 */
final class JacksonStats {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JacksonStats() {
    }

    static String of(byte[] body) {
        long documents = 0;
        long tokens = 0;
        long objects = 0;
        long arrays = 0;
        long fields = 0;
        long strings = 0;
        long numbers = 0;
        long literals = 0;
        int depth = 0;
        int maxDepth = 0;
        // Several root values separated by whitespace (NDJSON) are read one after another by default.
        try (JsonParser p = FACTORY.createParser(body)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                tokens++;
                switch (t) {
                    case START_OBJECT -> {
                        objects++;
                        maxDepth = Math.max(maxDepth, ++depth);
                    }
                    case START_ARRAY -> {
                        arrays++;
                        maxDepth = Math.max(maxDepth, ++depth);
                    }
                    case END_OBJECT, END_ARRAY -> depth--;
                    case FIELD_NAME -> fields++;
                    case VALUE_STRING -> strings++;
                    case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> numbers++;
                    case VALUE_TRUE, VALUE_FALSE, VALUE_NULL -> literals++;
                    default -> throw new IllegalStateException("unexpected token " + t);
                }
                if (depth == 0 && t != JsonToken.FIELD_NAME) {
                    documents++; // a root scalar, or the end of a root container
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the generator made invalid JSON", e);
        }
        return "{\"bytes\":" + body.length + ",\"documents\":" + documents + ",\"tokens\":" + tokens + ",\"objects\":"
                + objects + ",\"arrays\":" + arrays + ",\"fields\":" + fields + ",\"strings\":" + strings
                + ",\"numbers\":" + numbers + ",\"literals\":" + literals + ",\"maxDepth\":" + maxDepth + "}";
    }
}
