package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.json.async.NonBlockingByteBufferJsonParser;
import com.fasterxml.jackson.core.json.async.NonBlockingJsonParser;
import com.fasterxml.jackson.core.sym.ByteQuadsCanonicalizer;

/**
 * The {@link JsonFactory} of a {@link DecoderConfig}: Jackson's own, whose non-blocking parsers also tell how many
 * LFs they have skipped.
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

    /** A parser that tells how many LFs it has skipped. */
    interface LineFeeds {
        /** LFs skipped so far, plus one; an int that may wrap: only differences between two readings count. */
        int lineFeedMark();
    }

    DecoderJsonFactory(JsonFactoryBuilder builder) {
        super(builder);
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

    private static final class ArrayParser extends NonBlockingJsonParser implements LineFeeds {
        ArrayParser(IOContext context, int features, ByteQuadsCanonicalizer names) {
            super(context, features, names);
        }

        @Override
        public int lineFeedMark() {
            return _currInputRow;
        }
    }

    private static final class BufferParser extends NonBlockingByteBufferJsonParser implements LineFeeds {
        BufferParser(IOContext context, int features, ByteQuadsCanonicalizer names) {
            super(context, features, names);
        }

        @Override
        public int lineFeedMark() {
            return _currInputRow;
        }
    }
}
