package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.async.NonBlockingByteBufferJsonParser;
import com.fasterxml.jackson.core.json.async.NonBlockingJsonParser;
import com.fasterxml.jackson.core.json.async.NonBlockingJsonParserBase;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;
import com.fasterxml.jackson.core.util.BufferRecycler;
import java.lang.reflect.Field;

/**
 * The {@link JsonFactory} of a {@link DecoderConfig}: Jackson's own, whose non-blocking parsers also tell how many
 * LFs they have skipped, and can be told to stop canonicalizing member names ({@link NameTableGuard}).
 *
 * <p>Why: the decoder reports lines counted by LF (Jackson's public location mixes in CRs), and counting LFs in its
 * own pass over every byte cost more than everything else it adds to the parser (a few operations per eight bytes,
 * against one test per 32 bytes without). LFs lie only in whitespace in valid JSON, and Jackson counts each one it
 * skips in {@code _currInputRow}, a field of its parser base class that subclasses may read. Where the decoder
 * feeds Jackson everything, Jackson's count is the decoder's; where it does not (JSON text sequences, the bytes
 * after a single value), the decoder counts itself.
 */
final class DecoderJsonFactory extends JsonFactory {
    private static final long serialVersionUID = 1L;

    /** A parser that tells how many LFs it has skipped, and where it is, without making a location object. */
    interface ParserPosition {
        /** LFs skipped so far, plus one; an int that may wrap: only differences between two readings count. */
        int lineFeedMark();

        /** The offset of the next byte the parser will read, in what it was fed: currentLocation()'s byte offset. */
        long position();

        /**
         * The parser's recycler, from its configuration's {@link SmallBufferPool}: the decoder's scratch array is
         * borrowed from it too. It goes back to the pool when the parser is closed.
         */
        BufferRecycler bufferRecycler();
    }

    /** A parser whose name table can be watched, and replaced by Jackson's placeholder. */
    interface NameTables {
        ByteQuadsCanonicalizer nameTable();

        /** Stops canonicalizing: each later name is a new String, nothing is added to a table. */
        void stopCanonicalizing();
    }

    /**
     * The parser's name table field: final, so it is set by reflection, which the JVM allows where jackson-core is
     * on the class path (an unnamed module is open); null where it is not (jackson-core as a named module), and
     * then the config does not canonicalize at all ({@link #canonicalizes()}).
     */
    private static final Field SYMBOLS = symbolsField();

    /** Jackson's table that keeps nothing: every lookup misses and nothing is added. Stateless, so shared. */
    private static final ByteQuadsCanonicalizer PLACEHOLDER = ByteQuadsCanonicalizer.createRoot()
            .makeChildOrPlaceholder(0);

    private static Field symbolsField() {
        try {
            Field f = NonBlockingJsonParserBase.class.getDeclaredField("_symbols");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    DecoderJsonFactory(JsonFactoryBuilder builder) {
        super(withNamePolicy(builder));
    }

    /** The factory of a configuration with these limits and scratch size. */
    static DecoderJsonFactory forLimits(DecodeLimits limits, int scratchBytes) {
        return new DecoderJsonFactory(new JsonFactoryBuilder()
                .streamReadConstraints(jacksonConstraints(limits))
                // Recyclers are pooled per configuration, keeping only small buffers (see SmallBufferPool: Jackson
                // checks a string's limit only when a segment fills, so a segment must not start large).
                .recyclerPool(new SmallBufferPool(scratchBytes))
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

    /**
     * Member names: canonical while they repeat, never interned (String.intern on every new name was most of the
     * time of a body keyed by ids), never a reason to refuse a body (see NameTableGuard); not canonical at all where
     * the guard could not stop it.
     */
    private static JsonFactoryBuilder withNamePolicy(JsonFactoryBuilder builder) {
        builder.disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .disable(JsonFactory.Feature.FAIL_ON_SYMBOL_HASH_OVERFLOW);
        return SYMBOLS != null ? builder : builder.disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES);
    }

    /** Names in the table shared by this factory's parsers (each starts from a copy of it). */
    int sharedNames() {
        return _byteSymbolCanonicalizer.size();
    }

    /** Whether names are canonicalized at first (they always are where the guard can stop it). */
    boolean canonicalizes() {
        return isEnabled(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES);
    }

    private static void replaceTable(NonBlockingJsonParserBase parser) {
        try {
            SYMBOLS.set(parser, PLACEHOLDER);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the name table was accessible when the factory was made", e);
        }
    }

    @Override
    public JsonParser createNonBlockingByteArrayParser() {
        IOContext context = _createNonBlockingContext(null);
        return new ArrayParser(context, _parserFeatures, _byteSymbolCanonicalizer.makeChildOrPlaceholder(
                _factoryFeatures));
    }

    @Override
    public JsonParser createNonBlockingByteBufferParser() {
        IOContext context = _createNonBlockingContext(null);
        return new BufferParser(context, _parserFeatures, _byteSymbolCanonicalizer.makeChildOrPlaceholder(
                _factoryFeatures));
    }

    // The two parsers below are twins: Jackson's array and ByteBuffer parsers share a base class that the decoder
    // cannot extend in between, so each subclass reads the same protected fields.
    private static final class ArrayParser extends NonBlockingJsonParser implements ParserPosition, NameTables {
        ArrayParser(IOContext context, int features, ByteQuadsCanonicalizer names) {
            super(context, features, names);
        }

        @Override
        public int lineFeedMark() {
            return _currInputRow;
        }

        @Override
        public long position() {
            return _currInputProcessed + (_inputPtr - _currBufferStart);
        }

        @Override
        public BufferRecycler bufferRecycler() {
            return _ioContext.bufferRecycler();
        }

        @Override
        public ByteQuadsCanonicalizer nameTable() {
            return _symbols;
        }

        @Override
        public void stopCanonicalizing() {
            replaceTable(this);
        }
    }

    private static final class BufferParser extends NonBlockingByteBufferJsonParser
            implements ParserPosition, NameTables {
        BufferParser(IOContext context, int features, ByteQuadsCanonicalizer names) {
            super(context, features, names);
        }

        @Override
        public int lineFeedMark() {
            return _currInputRow;
        }

        @Override
        public long position() {
            return _currInputProcessed + (_inputPtr - _currBufferStart);
        }

        @Override
        public BufferRecycler bufferRecycler() {
            return _ioContext.bufferRecycler();
        }

        @Override
        public ByteQuadsCanonicalizer nameTable() {
            return _symbols;
        }

        @Override
        public void stopCanonicalizing() {
            replaceTable(this);
        }
    }
}
