package dev.jsonstream.decoder;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Receives what a {@link ValueBinder} made of each value that a {@link Selection} binds, once per value, when the
 * value ends, on the decoding thread: where side effects belong (storing, sending, counting, pausing).
 *
 * @param <T> the item
 */
@FunctionalInterface
public interface BoundHandler<T> {
    /**
     * One value, bound.
     *
     * @param match where the value was (pointer, index, offsets) and {@link Match#pause()}; valid during this call
     *     only, and without the RAW or VALUE forms' bytes and values
     * @param item what the binder returned
     * @throws IOException to stop the decoder, as a {@link MatchHandler}'s exception does
     */
    void onBound(Match match, T item) throws IOException;

    /**
     * A value the binder could not bind: it threw. By default the exception stops the decoder and reaches the caller
     * of {@code feed} (an {@code IOException} inside an {@link UncheckedIOException}); override to answer otherwise,
     * for example with the pointer of the member that failed.
     *
     * @param match the value, as for {@link #onBound}
     * @param failure what the binder threw, the same whether the value was bound in place or from its bytes
     * @throws IOException to stop the decoder
     */
    default void onFailure(Match match, Exception failure) throws IOException {
        if (failure instanceof IOException) {
            throw (IOException) failure;
        }
        throw (RuntimeException) failure;
    }
}
