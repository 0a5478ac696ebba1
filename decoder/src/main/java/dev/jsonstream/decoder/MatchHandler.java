package dev.jsonstream.decoder;

/** Receives the values a {@link Selection} picks out, each once it has ended, on the decoding thread. */
@FunctionalInterface
public interface MatchHandler {
    /**
     * Called once for each match, as soon as the value's last token has been decoded. An exception thrown here
     * stops the decoder as one thrown by a {@link TokenHandler} does.
     *
     * @param match the value; valid only until this returns
     */
    void onMatch(Match match);
}
