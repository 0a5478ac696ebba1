package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small helpers for the behaviour tests: decode a whole input, and check that every split agrees. */
final class Decode {
    private Decode() {
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** "KIND pointer [text]" per token, END_ROOT included, for an input that must be accepted. */
    static List<String> events(DecoderConfig config, byte[] input) {
        List<String> out = new ArrayList<>();
        JsonDecoder d = config.newDecoder(t -> out.add(brief(t)));
        d.feed(input, 0, input.length);
        d.end();
        splitsAgree(config, input);
        return out;
    }

    static List<String> events(DecoderConfig config, String input) {
        return events(config, utf8(input));
    }

    static String brief(TokenCursor t) {
        String text = t.kind() == TokenKind.END_ROOT || t.text() == null ? "" : " " + t.text();
        return t.kind() + " " + t.pointer() + text;
    }

    /** The error an input must end in (and every split must end in the same one). */
    static JsonDecodeException error(DecoderConfig config, byte[] input) {
        JsonDecodeException e = catchThrowableOfType(JsonDecodeException.class, () -> {
            JsonDecoder d = config.newDecoder(t -> { });
            d.feed(input, 0, input.length);
            d.end();
        });
        assertThat(e).as("decoding must fail").isNotNull();
        splitsAgree(config, input);
        return e;
    }

    static JsonDecodeException error(DecoderConfig config, String input) {
        return error(config, utf8(input));
    }

    static void splitsAgree(DecoderConfig config, byte[] input) {
        SplitInvarianceTest.checkAllPlans(config, input, Feeds.plans(input.length, 300, 60, 10, input.length));
    }
}
