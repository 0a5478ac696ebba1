package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * JSONTestSuite (nst/JSONTestSuite, read as bytes from ../shared) in SINGLE framing: every y_ file accepted, every
 * n_ file rejected with a {@link JsonDecodeException}, and every i_ file given the outcome recorded in
 * {@link #IMPLEMENTATION_DEFINED}. Each file must finish within a second (no hang) and may throw nothing else.
 */
class JsonTestSuiteTest {

    /** "accept", or the kind of error; why each is so is said beside it. */
    static final Map<String, String> IMPLEMENTATION_DEFINED = new TreeMap<>(Map.ofEntries(
            // Numbers of any size are valid JSON; the decoder keeps their exact text, so none is refused.
            Map.entry("i_number_double_huge_neg_exp.json", "accept"),
            Map.entry("i_number_huge_exp.json", "accept"),
            Map.entry("i_number_neg_int_huge_exp.json", "accept"),
            Map.entry("i_number_pos_double_huge_exp.json", "accept"),
            Map.entry("i_number_real_neg_overflow.json", "accept"),
            Map.entry("i_number_real_pos_overflow.json", "accept"),
            Map.entry("i_number_real_underflow.json", "accept"),
            Map.entry("i_number_too_big_neg_int.json", "accept"),
            Map.entry("i_number_too_big_pos_int.json", "accept"),
            Map.entry("i_number_very_big_negative_int.json", "accept"),
            // Lone or mismatched surrogates written as \\u escapes in string values: Jackson passes them through as
            // the UTF-16 units written (RFC 8259 section 8.2 leaves this to the implementation).
            Map.entry("i_string_1st_surrogate_but_2nd_missing.json", "accept"),
            Map.entry("i_string_1st_valid_surrogate_2nd_invalid.json", "accept"),
            Map.entry("i_string_incomplete_surrogate_and_escape_valid.json", "accept"),
            Map.entry("i_string_incomplete_surrogate_pair.json", "accept"),
            Map.entry("i_string_incomplete_surrogates_escape_valid.json", "accept"),
            Map.entry("i_string_invalid_lonely_surrogate.json", "accept"),
            Map.entry("i_string_invalid_surrogate.json", "accept"),
            Map.entry("i_string_inverted_surrogates_U+1D11E.json", "accept"),
            Map.entry("i_string_lone_second_surrogate.json", "accept"),
            // ... but in member names Jackson refuses a lone low surrogate.
            Map.entry("i_object_key_lone_2nd_surrogate.json", "MALFORMED"),
            // Malformed UTF-8 bytes are refused at the first offending byte (strict UTF-8, the default).
            Map.entry("i_string_UTF-8_invalid_sequence.json", "MALFORMED"),
            Map.entry("i_string_UTF8_surrogate_U+D800.json", "MALFORMED"),
            Map.entry("i_string_invalid_utf-8.json", "MALFORMED"),
            Map.entry("i_string_iso_latin_1.json", "MALFORMED"),
            Map.entry("i_string_lone_utf8_continuation_byte.json", "MALFORMED"),
            Map.entry("i_string_not_in_unicode_range.json", "MALFORMED"),
            Map.entry("i_string_overlong_sequence_2_bytes.json", "MALFORMED"),
            Map.entry("i_string_overlong_sequence_6_bytes.json", "MALFORMED"),
            Map.entry("i_string_overlong_sequence_6_bytes_null.json", "MALFORMED"),
            Map.entry("i_string_truncated-utf-8.json", "MALFORMED"),
            // Only UTF-8 is accepted; UTF-16 is recognised and named.
            Map.entry("i_string_UTF-16LE_with_BOM.json", "ENCODING"),
            Map.entry("i_string_utf16BE_no_BOM.json", "ENCODING"),
            Map.entry("i_string_utf16LE_no_BOM.json", "ENCODING"),
            // 500 levels is under the default maxDepth of 1000; a UTF-8 BOM is skipped.
            Map.entry("i_structure_500_nested_arrays.json", "accept"),
            Map.entry("i_structure_UTF-8_BOM_empty_object.json", "accept")));

    private static final DecoderConfig SINGLE = DecoderConfig.defaults();

    static String outcome(byte[] input) {
        return assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            try {
                SINGLE.decode(new java.io.ByteArrayInputStream(input), t -> { });
                return "accept";
            } catch (JsonDecodeException e) {
                return e.kind().name();
            }
        });
    }

    private static List<Path> files(String prefix) {
        Path dir = Corpora.shared().resolve("JSONTestSuite/test_parsing");
        return Corpora.files(dir, prefix + "*.json");
    }

    @Test
    void everyYesFileIsAccepted() {
        List<Path> files = files("y_");
        assertThat(files).hasSize(95);
        Map<String, String> refused = files.stream()
                .map(p -> Map.entry(p.getFileName().toString(), outcome(Corpora.read(p))))
                .filter(e -> !e.getValue().equals("accept"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        assertThat(refused).as("y_ files refused").isEmpty();
    }

    @Test
    void everyNoFileIsRejected() {
        List<Path> files = files("n_");
        assertThat(files).hasSize(188);
        List<String> accepted = files.stream()
                .filter(p -> outcome(Corpora.read(p)).equals("accept"))
                .map(p -> p.getFileName().toString())
                .collect(Collectors.toList());
        assertThat(accepted).as("n_ files accepted").isEmpty();
    }

    @Test
    void everyImplementationDefinedFileHasItsRecordedOutcome() {
        List<Path> files = files("i_");
        Map<String, String> actual = new TreeMap<>();
        for (Path p : files) {
            actual.put(p.getFileName().toString(), outcome(Corpora.read(p)));
        }
        assertThat(actual).isEqualTo(IMPLEMENTATION_DEFINED);
    }
}
