package dev.jsonstream.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.Framing;
import dev.jsonstream.decoder.JsonDecodeException;
import dev.jsonstream.decoder.JsonDecoder;
import dev.jsonstream.decoder.Limit;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The decoder's errors as an HTTP client reads them in a problem's detail: about the body, in HTTP's terms. */
class BodyErrorWordingTest {

    private static String detail(DecoderConfig config, String body) {
        JsonDecodeException e = catchThrowableOfType(JsonDecodeException.class, () -> {
            JsonDecoder d = config.newDecoder(t -> { });
            d.feed(ByteBuffer.wrap(body.getBytes(StandardCharsets.ISO_8859_1)));
            d.end();
        });
        assertThat(e).as(body).isNotNull();
        return BodyErrorWording.detail(e);
    }

    private static String detail(String body) {
        return detail(DecoderConfig.defaults(), body);
    }

    @Test
    void eachKindIsWordedForTheBody() {
        assertThat(detail("[1][2]")).isEqualTo("the body holds more than one JSON value: expected the end of the body"
                + " after the root value, found '[' at line 1, column 4 (byte 3), at (root)");
        assertThat(detail("[1}")).isEqualTo("the body is not valid JSON: expected ',' or ']' after an array element,"
                + " found '}' at line 1, column 3 (byte 2), at /1");
        assertThat(detail("{\"a\": [1, 2")).isEqualTo("the body ends before the array that began at byte 6 is closed:"
                + " expected ',' or ']' after an array element at line 1, column 12 (byte 11), at /a");
        assertThat(detail("")).isEqualTo("the body ends before its JSON value does: expected a JSON value, found an"
                + " empty body at line 1, column 1 (byte 0), at (root)");
        assertThat(detail(DecoderConfig.builder().limit(Limit.MAX_DEPTH, 2).build(), "[[[1]]]"))
                .isEqualTo("the body is over a limit: nesting deeper than 2 levels at line 1, column 3 (byte 2),"
                        + " at /0/0");
        assertThat(detail(DecoderConfig.builder().limit(Limit.MAX_INPUT_BYTES, 3).build(), "[1, 2]"))
                .startsWith("the body is over a limit: a body longer than 3 bytes");
        assertThat(detail("\u00ff\u00fe[\u0000")).startsWith("the body is not UTF-8 JSON: expected UTF-8, found the"
                + " UTF-16LE byte order mark");
    }

    @Test
    void noDetailNamesTheApi() {
        for (String body : new String[] {"[1][2]", "[1}", "NaN", "{\"a\" 1}", "[1,]", "\"abc", ""}) {
            for (Framing framing : Framing.values()) {
                String d;
                try {
                    d = detail(DecoderConfig.builder().framing(framing).build(), body);
                } catch (AssertionError valid) {
                    continue; // valid in this framing
                }
                assertThat(d).doesNotContain("CONCATENATED", "SINGLE", "JSON_SEQ", "Framing", "Jackson", "Feature",
                        "Source:", "maxDepth", "the input", "an input");
            }
        }
    }
}
