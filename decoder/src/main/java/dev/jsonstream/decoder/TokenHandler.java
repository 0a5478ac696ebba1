package dev.jsonstream.decoder;

/**
 * Receives the tokens of a body, synchronously, on the thread that feeds the decoder.
 *
 * <p>The cursor is valid only until this method returns; copy what you need out of it. An exception thrown
 * here stops the decoder (it is closed and fails every later call) and reaches the caller of
 * {@code feed}/{@code end} unchanged.
 */
@FunctionalInterface
public interface TokenHandler {
    /**
     * Called once for each token, in input order, on the thread that called {@code feed}, {@code resume} or
     * {@code end}.
     *
     * @param token the token; valid only until this returns, after which the same object describes the next token
     */
    void onToken(TokenCursor token);
}
