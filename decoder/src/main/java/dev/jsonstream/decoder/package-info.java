/**
 * A push-fed streaming JSON decoder: bytes go in as they arrive, tokens with their JSON Pointer come out.
 *
 * <p>Start at {@link dev.jsonstream.decoder.DecoderConfig}: it is immutable and shared, and makes one
 * {@link dev.jsonstream.decoder.JsonDecoder} per body. The decoder calls a
 * {@link dev.jsonstream.decoder.TokenHandler} with a {@link dev.jsonstream.decoder.TokenCursor} for each
 * token; bad input ends in a {@link dev.jsonstream.decoder.JsonDecodeException} that says what was wrong
 * and where. To pick values out of a body instead of handling every token, give the decoder a
 * {@link dev.jsonstream.decoder.Selection} of {@link dev.jsonstream.decoder.PathPattern}s. Nothing in this
 * package knows about HTTP.
 */
package dev.jsonstream.decoder;
