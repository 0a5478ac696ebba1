package dev.jsonstream.decoder;

/** Receives the values a {@link Selection} picks out, each once it has ended, on the decoding thread. */
@FunctionalInterface
public interface MatchHandler {
    void onMatch(Match match);
}
