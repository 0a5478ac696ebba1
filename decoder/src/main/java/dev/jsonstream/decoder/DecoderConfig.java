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

    /**
     * SINGLE framing, default limits, malformed UTF-8 rejected, {@link DirectBufferFeeding#COPY_TO_SCRATCH}.
     *
     * @return the same shared instance on every call
     */
    public static DecoderConfig defaults() {
        JacksonVersion.requireSupported();
        return Defaults.CONFIG;
    }

    /**
     * A builder with every setting at its default, the values of {@link #defaults()}.
     *
     * @return a new builder; builders are not thread-safe, the configurations they build are
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration's values, to make a variant of it.
     *
     * @return a new builder; changing it leaves this configuration as it is
     */
    public Builder toBuilder() {
        return new Builder().framing(framing).limits(limits).malformedUtf8(malformedUtf8)
                .directBufferFeeding(directBufferFeeding).scratchBytes(scratchBytes).readBufferBytes(readBufferBytes);
    }

    /**
     * A new decoder for one body, delivering to {@code handler}.
     *
     * @param handler receives every token, on the thread that calls {@code feed}, {@code resume} or {@code end};
     *     not null. A {@link Selection} serves this one decoder only
     * @return a decoder ready for the body's first byte, closed by its {@code end()} or by {@code close()}
     * @throws IllegalStateException if {@code handler} is a {@link Selection} already given to another decoder
     */
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
     * @param in read until it returns -1; left open
     * @param handler receives every token, on the calling thread; an exception it throws ends the decoding and
     *     reaches the caller unchanged
     * @return the number of bytes read, that is the whole input, a BOM included
     * @throws IOException if reading {@code in} fails; the decoder is then closed
     * @throws JsonDecodeException on bad or incomplete input
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

    /**
     * {@link #decode(InputStream, TokenHandler)} for a channel (which must be in blocking mode).
     *
     * @param in read until end of stream; left open. In non-blocking mode, a read that finds nothing returns at
     *     once and this method loops without waiting
     * @param handler receives every token, on the calling thread; an exception it throws ends the decoding and
     *     reaches the caller unchanged
     * @return the number of bytes read, that is the whole input, a BOM included
     * @throws IOException if reading {@code in} fails; the decoder is then closed
     * @throws JsonDecodeException on bad or incomplete input
     */
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

    /**
     * How root values are laid out in the input.
     *
     * @return the framing; {@link Framing#SINGLE} unless set
     */
    public Framing framing() {
        return framing;
    }

    /**
     * The limits each decoder of this configuration enforces.
     *
     * @return the limits; {@link DecodeLimits#defaults()} unless set
     */
    public DecodeLimits limits() {
        return limits;
    }

    /**
     * What malformed UTF-8 gets: an error ({@link MalformedUtf8#REJECT}, the default) or U+FFFD.
     *
     * @return the choice, never null
     */
    public MalformedUtf8 malformedUtf8() {
        return malformedUtf8;
    }

    /**
     * How bytes outside an accessible heap array (direct and read-only buffers) reach the parser.
     *
     * @return the choice; {@link DirectBufferFeeding#COPY_TO_SCRATCH} unless set
     */
    public DirectBufferFeeding directBufferFeeding() {
        return directBufferFeeding;
    }

    /**
     * Size of the scratch array for {@link DirectBufferFeeding#COPY_TO_SCRATCH}; default 16 KiB.
     *
     * @return the most bytes copied at a time, at least 16
     */
    public int scratchBytes() {
        return scratchBytes;
    }

    /**
     * Size of the one buffer the blocking {@code decode} methods read into; default 64 KiB.
     *
     * @return the size in bytes, at least 1
     */
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

        /**
         * How root values are laid out in the input; default {@link Framing#SINGLE}.
         *
         * @param framing {@link Framing#SINGLE} for one value (RFC 8259), {@link Framing#CONCATENATED} for NDJSON
         *     and other values one after the other, {@link Framing#JSON_SEQ} for RFC 7464; not null
         * @return this builder
         */
        public Builder framing(Framing framing) {
            this.framing = Objects.requireNonNull(framing, "framing");
            return this;
        }

        /**
         * All the limits at once; default {@link DecodeLimits#defaults()}.
         *
         * @param limits the value of every {@link Limit}; not null
         * @return this builder
         */
        public Builder limits(DecodeLimits limits) {
            this.limits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /**
         * Shorthand for {@code limits(limits().with(limit, value))}: one limit changed, the others kept.
         *
         * @param limit the limit to set; not null
         * @param value in the limit's {@link Limit#unit() unit}, at least 1; {@code Long.MAX_VALUE} is unlimited.
         *     The depth, the length limits and {@link Limit#MAX_CAPTURE_BYTES} must be below
         *     {@code Integer.MAX_VALUE}
         * @return this builder
         * @throws IllegalArgumentException if {@code value} is out of that range
         */
        public Builder limit(Limit limit, long value) {
            this.limits = limits.with(limit, value);
            return this;
        }

        /**
         * What malformed UTF-8 gets; default {@link MalformedUtf8#REJECT}.
         *
         * @param malformedUtf8 {@link MalformedUtf8#REJECT} for an error at the first offending byte,
         *     {@link MalformedUtf8#REPLACE} for U+FFFD in its place; not null
         * @return this builder
         */
        public Builder malformedUtf8(MalformedUtf8 malformedUtf8) {
            this.malformedUtf8 = Objects.requireNonNull(malformedUtf8, "malformedUtf8");
            return this;
        }

        /**
         * How bytes outside an accessible heap array reach the parser; default
         * {@link DirectBufferFeeding#COPY_TO_SCRATCH}.
         *
         * @param feeding {@link DirectBufferFeeding#COPY_TO_SCRATCH} for bounded copies into one scratch array,
         *     {@link DirectBufferFeeding#BYTE_BUFFER} to read every buffer in place, one checked read per byte;
         *     not null
         * @return this builder
         */
        public Builder directBufferFeeding(DirectBufferFeeding feeding) {
            this.directBufferFeeding = Objects.requireNonNull(feeding, "feeding");
            return this;
        }

        /**
         * Size of the scratch array for {@link DirectBufferFeeding#COPY_TO_SCRATCH}; default 16 KiB.
         *
         * @param bytes the most bytes copied at a time, at least 16; a decoder's array grows to this size only
         *     when its input needs it
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is below 16
         */
        public Builder scratchBytes(int bytes) {
            if (bytes < 16) {
                throw new IllegalArgumentException("scratchBytes must be at least 16, was " + bytes);
            }
            this.scratchBytes = bytes;
            return this;
        }

        /**
         * Size of the buffer the blocking {@code decode} methods read into; default 64 KiB.
         *
         * @param bytes at least 1; each {@code decode} call allocates one buffer of this size
         * @return this builder
         * @throws IllegalArgumentException if {@code bytes} is below 1
         */
        public Builder readBufferBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("readBufferBytes must be at least 1, was " + bytes);
            }
            this.readBufferBytes = bytes;
            return this;
        }

        /**
         * A configuration with the values set so far. The builder may go on to build others.
         *
         * @return a new configuration, with its own Jackson factory and buffer pool: build it once and share it
         *     rather than build one per body
         */
        public DecoderConfig build() {
            return new DecoderConfig(this);
        }
    }
}
