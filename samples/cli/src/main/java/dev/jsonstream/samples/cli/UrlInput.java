package dev.jsonstream.samples.cli;

import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.Framing;
import dev.jsonstream.decoder.Inflation;
import dev.jsonstream.decoder.JsonDecodeException;
import dev.jsonstream.decoder.TokenHandler;
import dev.jsonstream.http.client.JsonBodyHandlers;
import dev.jsonstream.http.client.JsonResponseException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import javax.net.ssl.SSLException;

/**
 * The CLI's input from an http or https URL: the response body decoded as it arrives by the http-client module's
 * {@link JsonBodyHandlers#ofTokens}, into the handler and the sink a file's bytes go to, so that the output and the
 * decode errors are a file's.
 *
 * <p>Only this class names {@code java.net.http} and the http-client module, and {@link JsonStreamCli} reaches it only
 * for an argument that is a URL: a run on files loads neither (UrlProcessTest checks it).
 *
 * <p>Everything that is not the decoder's own error or a closed output comes out of {@link #decode} as an
 * {@link IOException} whose message is meant for the user, which the CLI prints and exits 3 on as for a file it cannot
 * read: an error status, a media type that is not JSON, a refused, failed or dropped connection.
 */
final class UrlInput {
    /** The JSON types the http-client module decodes, first; anything else only so that a server does not say 406. */
    static final String ACCEPT = "application/json, application/x-ndjson, application/jsonl, application/json-seq,"
            + " application/*+json;q=0.9, */*;q=0.1";
    static final String USER_AGENT = "jsonstream/" + JsonStreamCli.VERSION;

    /** The framing --single or --seq asked for, or null: the CLI's default, several root values. */
    private final Framing chosen;
    private HttpClient client;

    UrlInput(Framing chosen) {
        this.chosen = chosen;
    }

    /**
     * Requests {@code url} and decodes the response's body into {@code handler} as it arrives; the lines the handler
     * makes are written out after each piece of the body, before the client waits for the next.
     *
     * @throws JsonDecodeException the body is not valid JSON, over a limit, or cut short (INCOMPLETE)
     * @throws UncheckedIOException the output was closed (the CLI ends quietly on it)
     * @throws IOException anything else, in words for the user
     */
    void decode(String url, DecoderConfig config, TokenHandler handler, LineSink sink) throws IOException {
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(new URI(url)).header("Accept", ACCEPT).header("User-Agent", USER_AGENT)
                    .header("Accept-Encoding", Inflation.ACCEPTED_CODINGS).GET().build();
        } catch (URISyntaxException e) {
            throw new IOException("not a valid URL: " + lowerFirst(e.getReason()) + " at index " + e.getIndex());
        } catch (IllegalArgumentException e) { // no host, say
            throw new IOException("not a valid URL: " + lowerFirst(String.valueOf(e.getMessage())));
        }
        Answer answer = new Answer(JsonBodyHandlers.ofTokens(config, handler, this::framingFor), sink);
        try {
            client().send(request, answer);
        } catch (IOException e) {
            Throwable cause = e.getCause(); // what the body failed with, if it did
            if (cause instanceof JsonDecodeException) {
                throw (JsonDecodeException) cause;
            }
            if (cause instanceof UncheckedIOException) {
                throw (UncheckedIOException) cause;
            }
            throw problem(e, answer.status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    /**
     * Made once, for all the URLs of a run. Redirects are followed as {@code curl -L} follows them, but never from
     * https to http. HTTP/1.1: one request at a time gains nothing from HTTP/2, and plain http is then sent without
     * the h2c upgrade headers that some servers refuse.
     */
    private HttpClient client() {
        if (client == null) {
            client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
        }
        return client;
    }

    /**
     * What {@code send} threw, in words for the user and without exception class names; a failure of the body is its
     * cause.
     *
     * @param status the response's status, or 0 when none came
     */
    private static IOException problem(IOException thrown, int status) {
        if (thrown.getCause() instanceof JsonResponseException) {
            JsonResponseException e = (JsonResponseException) thrown.getCause();
            boolean notJson = e.status() >= 200 && e.status() <= 299 && e.mediaType() != null
                    && JsonBodyHandlers.framingOf(e.mediaType()) == null;
            return new IOException(e.getMessage() + (notJson ? " (to read it anyway: curl -s URL | jsonstream)" : ""));
        }
        Throwable root = thrown;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof UnresolvedAddressException) {
            return new IOException("unknown host");
        }
        if (thrown instanceof ConnectException) {
            return new IOException("cannot connect: " + words(thrown, "connection refused"));
        }
        if (thrown instanceof SSLException) {
            return new IOException("TLS failed: " + words(thrown, "the handshake failed"));
        }
        String when = status == 0 ? " before a response" : " before the response ended";
        if (root instanceof EOFException) {
            return new IOException("the connection closed" + when);
        }
        if (root instanceof SocketException) {
            return new IOException("the connection broke" + when + ": " + words(thrown, "a socket error"));
        }
        return new IOException((status == 0 ? "no response: " : "the response broke off: ")
                + words(thrown, "the connection failed"));
    }

    /**
     * The message of the innermost cause that has one, lower-cased at its start and without the exception class
     * names the JDK puts in front of a cause's message ({@code sun.security...Exception: unable to find ...});
     * {@code otherwise} where there is none.
     */
    private static String words(Throwable t, String otherwise) {
        String message = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && !c.getMessage().isBlank()) {
                message = c.getMessage();
            }
        }
        if (message == null) {
            return otherwise;
        }
        return lowerFirst(message.replaceAll("(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error): ", "")
                .trim());
    }

    /** "Connection refused" as "connection refused", in the middle of a line; "HTTP/1.1" stays. */
    private static String lowerFirst(String message) {
        if (message.length() > 1 && Character.isUpperCase(message.charAt(0))
                && Character.isLowerCase(message.charAt(1))) {
            return Character.toLowerCase(message.charAt(0)) + message.substring(1);
        }
        return message;
    }

    /**
     * The framing the CLI reads a JSON response with, given the one its media type names: the CLI's own options frame
     * it, as they frame a file (several root values unless --single or --seq), but records (json-seq) are read as
     * records, since no other framing reads their RS bytes.
     */
    private Framing framingFor(Framing named) {
        if (chosen == Framing.SINGLE) {
            return Framing.SINGLE;
        }
        return chosen == Framing.JSON_SEQ || named == Framing.JSON_SEQ ? Framing.JSON_SEQ : Framing.CONCATENATED;
    }

    /**
     * The body handler of one request: the module's, its subscriber wrapped in {@link LiveOutput}. Remembers the status, to tell a connection that failed before
     * any response from one that broke off during it.
     */
    private final class Answer implements HttpResponse.BodyHandler<Void> {
        private final HttpResponse.BodyHandler<Void> tokens;
        private final LineSink sink;
        private volatile int status;

        Answer(HttpResponse.BodyHandler<Void> tokens, LineSink sink) {
            this.tokens = tokens;
            this.sink = sink;
        }

        @Override
        public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
            status = info.statusCode();
            return new LiveOutput(tokens.apply(info), sink);
        }
    }

    /**
     * Writes out the lines made from each piece of the body once it is decoded, before the client waits for the
     * next: a slow stream's values show as they come, as {@link WaitFlushingInput} does for a pipe. A closed output
     * stops the response: the subscription is cancelled and the body fails with the UncheckedIOException, which the
     * CLI ends quietly on.
     */
    private static final class LiveOutput implements HttpResponse.BodySubscriber<Void> {
        private final HttpResponse.BodySubscriber<Void> decoding;
        private final LineSink sink;
        private Flow.Subscription subscription;
        /** The output was closed: whatever still arrives is dropped. */
        private boolean closed;

        LiveOutput(HttpResponse.BodySubscriber<Void> decoding, LineSink sink) {
            this.decoding = decoding;
            this.sink = sink;
        }

        @Override
        public CompletionStage<Void> getBody() {
            return decoding.getBody();
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            decoding.onSubscribe(s);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            if (closed) {
                return;
            }
            decoding.onNext(item);
            try {
                sink.flush();
            } catch (UncheckedIOException e) {
                closed = true;
                subscription.cancel();
                decoding.onError(e);
            }
        }

        @Override
        public void onError(Throwable throwable) {
            if (!closed) {
                decoding.onError(throwable);
            }
        }

        @Override
        public void onComplete() {
            if (!closed) {
                decoding.onComplete();
            }
        }
    }
}
