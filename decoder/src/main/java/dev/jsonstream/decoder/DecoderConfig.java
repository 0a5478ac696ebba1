package dev.jsonstream.decoder;

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
    /** Made on first use, so that loading this class never fails (see {@link JacksonVersion}). */
    private static final class Defaults {
        static final DecoderConfig CONFIG = builder().build();
    }

    private final Framing framing;
    private final DecodeLimits limits;
    private final MalformedUtf8 malformedUtf8;
    private final DirectBufferFeeding directBufferFeeding;
    private final int scratchBytes;
    private final int readBufferBytes;
    /** Shared by every decoder of this configuration: it owns the symbol table and Jackson's own limits. */
    final DecoderJsonFactory jsonFactory;

    private DecoderConfig(Builder b) {
        // First: with an older jackson-core the factory below would fail with a NoSuchMethodError naming neither
        // version nor fix. The Jackson types it needs are only touched by DecoderJsonFactory, so that this class
        // loads and runs this check with any jackson-core.
        JacksonVersion.requireSupported();
        this.framing = b.framing;
        this.limits = b.limits;
        this.malformedUtf8 = b.malformedUtf8;
        this.directBufferFeeding = b.directBufferFeeding;
        this.scratchBytes = b.scratchBytes;
        this.readBufferBytes = b.readBufferBytes;
        this.jsonFactory = DecoderJsonFactory.forLimits(limits, b.scratchBytes);
    }

    /** SINGLE framing, default limits, malformed UTF-8 rejected, {@link DirectBufferFeeding#COPY_TO_SCRATCH}. */
    public static DecoderConfig defaults() {
        JacksonVersion.requireSupported();
        return Defaults.CONFIG;
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
