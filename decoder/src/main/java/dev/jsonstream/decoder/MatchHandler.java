package dev.jsonstream.decoder;

import java.io.IOException;

/** Receives the values a {@link Selection} picks out, each once it has ended, on the decoding thread. */
@FunctionalInterface
public interface MatchHandler {
    /**
     * Called once for each match, as soon as the value's last token has been decoded. An exception thrown here
     * stops the decoder as one thrown by a {@link TokenHandler} does (an {@code IOException}, such as a binder's,
     * reaches the caller wrapped in an {@code UncheckedIOException}).
     *
     * @param match the value, valid during this call only
     * @throws IOException when binding the value fails, for example
     */
    void onMatch(Match match) throws IOException;
}
