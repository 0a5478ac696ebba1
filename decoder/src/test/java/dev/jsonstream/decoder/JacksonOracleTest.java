package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Over the bench corpus (and the project's testdata), the decoder's token, text and number sequence, and each
 * token's byte offset, line and column, equal those of Jackson's blocking parser reading the whole document from
 * one byte array: the reference the decoder must match while never holding the document.
 */
class JacksonOracleTest {
    private static final JsonFactory BLOCKING = new JsonFactory();

    static Stream<Arguments> documents() {
        return Corpora.sharedFiles("bench", "*.json");
    }

    /**
     * The project's own sample. (Not edge-cases.json: it holds a lone CR, which Jackson counts as a line break and
     * this decoder, like jq, git and wc, does not; CursorTest pins that down.)
     */
    @org.junit.jupiter.api.Test
    void ourOwnTestdataToo() throws IOException {
        sameTokensTextsNumbersAndLocationsAsTheBlockingParser("orders.json", Corpora.testdata().resolve("orders.json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documents")
    void sameTokensTextsNumbersAndLocationsAsTheBlockingParser(String name, Path file) throws IOException {
        byte[] input = file != null && file.startsWith(Corpora.testdata()) ? Corpora.read(file) : Corpora.readShared(file);
        List<String> expected = blocking(input);
        List<String> actual = new ArrayList<>();
        JsonDecoder decoder = DecoderConfig.defaults().newDecoder(t -> {
            if (t.kind() != TokenKind.END_ROOT) {
                actual.add(describe(t));
            }
        });
        // 16 KiB pieces, as a server would see them.
        for (int off = 0; off < input.length; off += 16 * 1024) {
            decoder.feed(input, off, Math.min(16 * 1024, input.length - off));
        }
        decoder.end();
        assertThat(actual).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i)).as("token %d of %s", i, name).isEqualTo(expected.get(i));
        }
    }

    /** A decoder token as {@link #blocking} describes Jackson's: kind, text or number, byte offset, line:column. */
    static String describe(TokenCursor t) {
        String text;
        switch (t.kind()) {
            case FIELD_NAME:
            case STRING:
                text = t.text();
                break;
            case INT:
                text = t.numberText() + " " + t.bigIntegerValue();
                break;
            case FLOAT:
                text = t.numberText() + " " + t.doubleValue();
                break;
            default:
                text = "";
        }
        return t.kind() + " " + text + " @" + t.byteOffset() + " " + t.line() + ":" + t.column();
    }

    private static List<String> blocking(byte[] input) throws IOException {
        try (JsonParser p = BLOCKING.createParser(input)) {
            return blocking(p, loc -> loc.getByteOffset() + " " + loc.getLineNr() + ":" + loc.getColumnNr());
        }
    }

    /**
     * Every token the parser gives, described as {@link #describe(TokenCursor)} describes the decoder's, with the
     * token's location written by {@code where} (offset, then line:column).
     */
    static List<String> blocking(JsonParser p, Function<JsonLocation, String> where) throws IOException {
        List<String> out = new ArrayList<>();
        JsonToken t;
        while ((t = p.nextToken()) != null) {
            String text;
            switch (t) {
                case FIELD_NAME:
                    text = p.currentName();
                    break;
                case VALUE_STRING:
                    text = p.getText();
                    break;
                case VALUE_NUMBER_INT:
                    text = p.getText() + " " + p.getBigIntegerValue();
                    break;
                case VALUE_NUMBER_FLOAT:
                    text = p.getText() + " " + p.getDoubleValue();
                    break;
                default:
                    text = "";
            }
            JsonLocation loc = p.currentTokenLocation();
            out.add(kind(t) + " " + text + " @" + where.apply(loc));
        }
        return out;
    }

    private static TokenKind kind(JsonToken t) {
        switch (t) {
            case START_OBJECT: return TokenKind.START_OBJECT;
            case END_OBJECT: return TokenKind.END_OBJECT;
            case START_ARRAY: return TokenKind.START_ARRAY;
            case END_ARRAY: return TokenKind.END_ARRAY;
            case FIELD_NAME: return TokenKind.FIELD_NAME;
            case VALUE_STRING: return TokenKind.STRING;
            case VALUE_NUMBER_INT: return TokenKind.INT;
            case VALUE_NUMBER_FLOAT: return TokenKind.FLOAT;
            case VALUE_TRUE: return TokenKind.TRUE;
            case VALUE_FALSE: return TokenKind.FALSE;
            case VALUE_NULL: return TokenKind.NULL;
            default: throw new IllegalArgumentException(String.valueOf(t));
        }
    }
}
