package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Objects;

/**
 * How to decode: framing, limits, malformed UTF-8 and buffer feeding. Immutable and thread-safe; build it once
 * and make one {@link JsonDecoder} per body with {@link #newDecoder(TokenHandler)}.
 *
 * <pre>{@code
 * DecoderConfig config = DecoderConfig.builder()
 *         .framing(Framing.CONCATENATED)
 *         .limits(DecodeLimits.defaults().with(Limit.MAX_DEPTH, 64))
 *         .build();
 * try (InputStream in = Files.newInputStream(path)) {
 *     config.decode(in, token -> System.out.println(token.kind() + " " + token.pointer()));
 * }
 * }</pre>
 */
public final class DecoderConfig {
    private static final DecoderConfig DEFAULTS = builder().build();

    private final Framing framing;
    private final DecodeLimits limits;
    private final MalformedUtf8 malformedUtf8;
    private final DirectBufferFeeding directBufferFeeding;
    private final int scratchBytes;
    private final int readBufferBytes;
    /** Shared by every decoder of this configuration: it owns the symbol table and Jackson's own limits. */
    final DecoderJsonFactory jsonFactory;

    private DecoderConfig(Builder b) {
        this.framing = b.framing;
        this.limits = b.limits;
        this.malformedUtf8 = b.malformedUtf8;
        this.directBufferFeeding = b.directBufferFeeding;
        this.scratchBytes = b.scratchBytes;
        this.readBufferBytes = b.readBufferBytes;
        this.jsonFactory = new DecoderJsonFactory(new JsonFactoryBuilder()
                .streamReadConstraints(jacksonConstraints(limits))
                // Recyclers are pooled per configuration, keeping only small buffers (see SmallBufferPool: Jackson
                // checks a string's limit only when a segment fills, so a segment must not start large).
                .recyclerPool(new SmallBufferPool(b.scratchBytes))
                // Jackson collects at most this much of an unrecognized word (the decoder quotes it), and quotes no
                // raw content.
                .errorReportConfiguration(ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(SyntaxMessages.MAX_WORD)
                        .maxRawContentLength(0)
                        .build()));
    }

    /**
     * Jackson's limits act as an early guard while a token is still arriving (so that a huge string is refused
     * before it is all held); the decoder then checks strings and names exactly when the token completes. The
     * guard must never refuse what the exact check accepts: nesting is checked by the decoder alone, and names
     * get six times the room because Jackson may count the bytes of escapes ({@code \u0041} is six bytes).
     * Numbers are Jackson's alone: it checks their digits exactly, at the end of each number and while it grows.
     * Jackson also applies its string limit to a number's text (and to the text it parses a big number from), so
     * that guard is kept at least as long as the longest number text the number limit lets through: its digits
     * plus a sign, a point, an exponent marker and the exponent's sign.
     */
    private static StreamReadConstraints jacksonConstraints(DecodeLimits limits) {
        return StreamReadConstraints.builder()
                .maxNestingDepth((int) limits.get(Limit.MAX_DEPTH) + 1)
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, Math.max(limits.get(Limit.MAX_STRING_LENGTH),
                        limits.get(Limit.MAX_NUMBER_LENGTH) + 4)))
                .maxNumberLength((int) limits.get(Limit.MAX_NUMBER_LENGTH))
                .maxNameLength((int) Math.min(Integer.MAX_VALUE, 6L * limits.get(Limit.MAX_NAME_LENGTH)))
                .maxDocumentLength(-1)
                .maxTokenCount(-1)
                .build();
    }

    /** SINGLE framing, default limits, malformed UTF-8 rejected, {@link DirectBufferFeeding#COPY_TO_SCRATCH}. */
    public static DecoderConfig defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values. */
    public Builder toBuilder() {
        return new Builder().framing(framing).limits(limits).malformedUtf8(malformedUtf8)
                .directBufferFeeding(directBufferFeeding).scratchBytes(scratchBytes).readBufferBytes(readBufferBytes);
    }

    /** A new decoder for one body, delivering to {@code handler}. */
    public JsonDecoder newDecoder(TokenHandler handler) {
        Objects.requireNonNull(handler, "handler");
        // A selection keeps values whole while they arrive: only then does the decoder keep bytes for it.
        CaptureClient capture = handler instanceof Selection ? ((Selection) handler).captureClient() : null;
        return new StreamingDecoder(this, handler, capture);
    }

    /**
     * Decodes a whole stream with one reusable buffer of {@link #readBufferBytes()}, never holding more of the
     * input. Blocking; backpressure is the handler's own speed, so a pause asked for here is resumed at once.
     * The stream is not closed.
     *
     * @return the number of bytes read
     */
    public long decode(InputStream in, TokenHandler handler) throws IOException {
        byte[] buf = new byte[readBufferBytes];
        try (JsonDecoder decoder = newDecoder(handler)) {
            int n;
            while ((n = in.read(buf)) != -1) {
                decoder.feed(buf, 0, n);
                while (decoder.isPaused()) {
                    decoder.resume();
                }
            }
            decoder.end();
            return decoder.bytesFed();
        }
    }

    /** {@link #decode(InputStream, TokenHandler)} for a channel (which must be in blocking mode). */
    public long decode(ReadableByteChannel in, TokenHandler handler) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(readBufferBytes);
        try (JsonDecoder decoder = newDecoder(handler)) {
            while (in.read(buf.clear()) != -1) {
                decoder.feed(buf.flip());
                while (decoder.isPaused()) {
                    decoder.resume();
                }
            }
            decoder.end();
            return decoder.bytesFed();
        }
    }

    public Framing framing() {
        return framing;
    }

    public DecodeLimits limits() {
        return limits;
    }

    /** What malformed UTF-8 gets: an error ({@link MalformedUtf8#REJECT}, the default) or U+FFFD. */
    public MalformedUtf8 malformedUtf8() {
        return malformedUtf8;
    }

    public DirectBufferFeeding directBufferFeeding() {
        return directBufferFeeding;
    }

    /** Size of the scratch array for {@link DirectBufferFeeding#COPY_TO_SCRATCH}; default 16 KiB. */
    public int scratchBytes() {
        return scratchBytes;
    }

    /** Size of the one buffer the blocking {@code decode} methods read into; default 64 KiB. */
    public int readBufferBytes() {
        return readBufferBytes;
    }

    @Override
    public String toString() {
        return "DecoderConfig{framing=" + framing + ", limits=" + limits + ", malformedUtf8=" + malformedUtf8
                + ", directBufferFeeding=" + directBufferFeeding + ", scratchBytes=" + scratchBytes
                + ", readBufferBytes=" + readBufferBytes + "}";
    }

    /** Builds a {@link DecoderConfig}; every setting has the default that {@link #defaults()} shows. */
    public static final class Builder {
        private Framing framing = Framing.SINGLE;
        private DecodeLimits limits = DecodeLimits.defaults();
        private MalformedUtf8 malformedUtf8 = MalformedUtf8.REJECT;
        private DirectBufferFeeding directBufferFeeding = DirectBufferFeeding.COPY_TO_SCRATCH;
        private int scratchBytes = 16 * 1024;
        private int readBufferBytes = 64 * 1024;

        private Builder() {
        }

        public Builder framing(Framing framing) {
            this.framing = Objects.requireNonNull(framing, "framing");
            return this;
        }

        public Builder limits(DecodeLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Shorthand for {@code limits(limits().with(limit, value))}. */
        public Builder limit(Limit limit, long value) {
            this.limits = limits.with(limit, value);
            return this;
        }

        public Builder malformedUtf8(MalformedUtf8 malformedUtf8) {
            this.malformedUtf8 = Objects.requireNonNull(malformedUtf8, "malformedUtf8");
            return this;
        }

        public Builder directBufferFeeding(DirectBufferFeeding feeding) {
            this.directBufferFeeding = Objects.requireNonNull(feeding, "feeding");
            return this;
        }

        public Builder scratchBytes(int bytes) {
            if (bytes < 16) {
                throw new IllegalArgumentException("scratchBytes must be at least 16, was " + bytes);
            }
            this.scratchBytes = bytes;
            return this;
        }

        public Builder readBufferBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("readBufferBytes must be at least 1, was " + bytes);
            }
            this.readBufferBytes = bytes;
            return this;
        }

        public DecoderConfig build() {
            return new DecoderConfig(this);
        }
    }
}
