package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonToken;
import java.util.function.Supplier;

/**
 * Where a binder reading a value in place gets its next token: the decoder's token pump, asked for one token while
 * the delivery of an earlier one is on the stack ({@link InPlaceParser}).
 */
interface TokenSource {
    /**
     * Decodes one more token of what has been fed and delivers it to the handler as any other, then leaves the parser
     * and the cursor on it.
     *
     * @return the token, or {@code NOT_AVAILABLE} when the input fed so far holds no more whole token (or the decoder
     *     was closed meanwhile)
     * @throws JsonDecodeException when the input is bad, as the decoder would throw it anyway
     */
    JsonToken pull();

    /**
     * From now until {@link #speak}, tokens pulled are not delivered to the handler (nothing but the binder wants
     * them); every other check still runs. At most {@code budget} tokens may be pulled meanwhile: the next one throws
     * what {@code overBudget} makes (the capture's token limit, exactly where delivery would have thrown it).
     */
    void quiet(long budget, Supplier<RuntimeException> overBudget);

    /**
     * Delivers again. With {@code onLastToken} (the parser still stands on the last token pulled) the cursor is put
     * on that token, as if it had been delivered; otherwise it stays on the token it was on before {@link #quiet}.
     *
     * @return the tokens pulled while quiet
     */
    long speak(boolean onLastToken);
}
