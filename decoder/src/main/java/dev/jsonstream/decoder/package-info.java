/**
 * A push-fed streaming JSON decoder: bytes go in as they arrive, tokens with their JSON Pointer come out.
 *
 * <p>Start at {@link dev.jsonstream.decoder.DecoderConfig}: it is immutable and shared, and makes one
 * {@link dev.jsonstream.decoder.JsonDecoder} per body. The decoder calls a
 * {@link dev.jsonstream.decoder.TokenHandler} with a {@link dev.jsonstream.decoder.TokenCursor} for each
 * token; bad input ends in a {@link dev.jsonstream.decoder.JsonDecodeException} that says what was wrong
 * and where. Nothing in this package knows about HTTP.
 */
package dev.jsonstream.decoder;
