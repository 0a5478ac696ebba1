/**
 * The Undertow integration: {@link dev.jsonstream.http.JsonBodyHandler} decodes request bodies straight from
 * Undertow's pooled buffers on the IO thread, never blocking it, answers bad bodies early with RFC 9457 problem
 * responses, and hands tokens to a per-request {@link dev.jsonstream.http.BodyConsumer}.
 */
package dev.jsonstream.http;
