package dev.jsonstream.decoder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the Java value of a VALUE match from its tokens. */
final class ValueBuilder {
    private final List<Object> containers = new ArrayList<>();
    private final List<String> names = new ArrayList<>();
    private Object result;

    void reset() {
        containers.clear();
        names.clear();
        result = null;
    }

    Object result() {
        return result;
    }

    void add(TokenCursor t, TokenKind kind, boolean exactDecimals) {
        switch (kind) {
            case START_OBJECT:
                push(new LinkedHashMap<String, Object>());
                return;
            case START_ARRAY:
                push(new ArrayList<Object>());
                return;
            case END_OBJECT:
            case END_ARRAY:
                containers.remove(containers.size() - 1); // already in its parent since its start
                names.remove(names.size() - 1);
                return;
            case FIELD_NAME:
                names.set(names.size() - 1, t.text());
                return;
            case STRING:
                put(t.text());
                return;
            case INT:
                put(t.fitsInLong() ? (Object) t.longValue() : (Object) t.bigIntegerValue());
                return;
            case FLOAT:
                put(exactDecimals ? (Object) t.decimalValue() : (Object) t.doubleValue());
                return;
            case TRUE:
            case FALSE:
                put(t.booleanValue());
                return;
            case NULL:
                put(null);
                return;
            default:
                throw new IllegalStateException(String.valueOf(kind));
        }
    }

    private void push(Object container) {
        put(container); // placed at once, filled in as its tokens come
        containers.add(container);
        names.add(null);
    }

    @SuppressWarnings("unchecked")
    private void put(Object v) {
        if (containers.isEmpty()) {
            if (result == null) {
                result = v;
            }
            return;
        }
        Object top = containers.get(containers.size() - 1);
        if (top instanceof Map) {
            ((Map<String, Object>) top).put(names.get(names.size() - 1), v);
        } else {
            ((List<Object>) top).add(v);
        }
    }
}
