/**
 * The Undertow integration: an {@code HttpHandler} that feeds request bodies from Undertow's pooled buffers to
 * the {@code dev.jsonstream.decoder} decoder without blocking the IO thread. Its contents come with the adapter
 * issue; until then this package holds nothing but this description.
 */
package dev.jsonstream.http;
