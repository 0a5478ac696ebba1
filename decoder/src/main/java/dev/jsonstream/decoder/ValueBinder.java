package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;

/**
 * Turns one selected value into an item, reading it from a Jackson parser that stands on the value's first token:
 * {@code p -> mapper.readValue(p, Item.class)} with jackson-databind. Given to
 * {@link Selection.Builder#bind(String, ValueBinder, BoundHandler)}, whose {@link BoundHandler} receives the item.
 *
 * <p><b>A binder must be a pure function of the tokens it reads.</b> The decoder first hands it its own parser,
 * bounded to the value, so that each byte is parsed once, while the value arrives; when the input fed so far ends
 * inside the value, that read throws an {@code Error} of the decoder's, which unwinds the binder, and the decoder tries
 * again, from the start of the value, once all of it has arrived (from its kept bytes, with a parser of the decoder's
 * configuration). So a binder may run twice on one value, the first run abandoned: it must not store, send or count
 * anything (do that in the {@link BoundHandler}, which is called once per value), nor catch {@code Throwable}; what a
 * binder that does returns from an abandoned run is dropped.
 *
 * <p>The parser is valid during the call only. It ends with the value: past the value's last token,
 * {@code nextToken()} returns null; tokens left unread are skipped. Its limits are the decoder's, and settings made
 * on it (features, codec) stay on it. What the binder throws is handed to {@link BoundHandler#onFailure} when the
 * value ends, so that a value that does not bind fails the same way however the input was split.
 *
 * @param <T> the item
 */
@FunctionalInterface
public interface ValueBinder<T> {
    /**
     * Reads one value.
     *
     * @param parser on the value's first token; valid during this call only
     * @return the item (null is allowed)
     * @throws IOException when the value does not bind (for example jackson-databind's {@code DatabindException})
     */
    T bind(JsonParser parser) throws IOException;
}
