package dev.jsonstream.samples.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The lines of /select: whitespace between tokens dropped, every other byte kept, one array reused. */
class NdjsonLinesTest {

    private static String compact(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return new String(b, 0, NdjsonLines.compact(b, b.length), StandardCharsets.UTF_8);
    }

    @Test
    void whitespaceBetweenTokensGoesAndEverythingElseStays() {
        assertThat(compact("{\r\n\t\"a\" :  [ 1 ,\t2 ,\n 3 ] ,\r \"b\" : { } }")).isEqualTo("{\"a\":[1,2,3],\"b\":{}}");
        assertThat(compact(" [ 1.0 , -0 , 1E+2 , 2.5e-3 , 18446744073709551616 , 1e400 ] "))
                .isEqualTo("[1.0,-0,1E+2,2.5e-3,18446744073709551616,1e400]");
        assertThat(compact("[ true , false , null ]")).isEqualTo("[true,false,null]");
        assertThat(compact("\"  a  b  \"")).isEqualTo("\"  a  b  \"");
        assertThat(compact("[ \"\\u0041 \\u00e9 \\/ \\ud83d\\ude00\" , \"café € 😀\" ]"))
                .isEqualTo("[\"\\u0041 \\u00e9 \\/ \\ud83d\\ude00\",\"café € 😀\"]");
    }

    @Test
    void anEscapedQuoteDoesNotEndAStringAndAnEscapedBackslashDoesNotEscapeTheQuote() {
        // [ "a \" b" , "c\\" , "\\\"" , " \\\\ " ]: whitespace after each string, some of it inside the next one
        assertThat(compact("[ \"a \\\" b\" , \"c\\\\\" , \"\\\\\\\"\" , \" \\\\\\\\ \" ]"))
                .isEqualTo("[\"a \\\" b\",\"c\\\\\",\"\\\\\\\"\",\" \\\\\\\\ \"]");
        assertThat(compact("{ \"k\\\"\" : \"\\\\\" , \"l\" : \" \\\" \\\\ \" }"))
                .isEqualTo("{\"k\\\"\":\"\\\\\",\"l\":\" \\\" \\\\ \"}");
    }

    private static String text(ByteBuffer line) {
        byte[] b = new byte[line.remaining()];
        line.duplicate().get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void aLineIsTheValueCompactedOrRawThenALineFeed() {
        NdjsonLines lines = new NdjsonLines();
        ByteBuffer value = ByteBuffer.wrap("xx{ \"a\" : [ 1 ,\n 2 ] }yy".getBytes(StandardCharsets.UTF_8), 2, 20)
                .asReadOnlyBuffer();
        assertThat(text(lines.line(value, false))).isEqualTo("{\"a\":[1,2]}\n");
        assertThat(text(lines.line(value, true))).isEqualTo("{ \"a\" : [ 1 ,\n 2 ] }\n");
        assertThat(value.position()).as("the value is left as it was").isEqualTo(2);
        assertThat(value.remaining()).isEqualTo(20);
        ByteBuffer direct = ByteBuffer.allocateDirect(8).put("[ 1 ]".getBytes(StandardCharsets.US_ASCII)).flip();
        assertThat(text(lines.line(direct, false))).isEqualTo("[1]\n");
    }

    @Test
    void oneArrayServesEveryLineUpToItsBoundAndALargerLineGetsItsOwn() {
        NdjsonLines lines = new NdjsonLines();
        ByteBuffer first = lines.line(ByteBuffer.wrap("[1, 2]".getBytes(StandardCharsets.US_ASCII)), false);
        ByteBuffer second = lines.line(ByteBuffer.wrap("{\"b\": 3}".getBytes(StandardCharsets.US_ASCII)), false);
        assertThat(second).isSameAs(first);
        assertThat(text(second)).isEqualTo("{\"b\":3}\n");

        String medium = "[\"" + "m".repeat(10_000) + "\" ]";
        ByteBuffer grown = lines.line(ByteBuffer.wrap(medium.getBytes(StandardCharsets.US_ASCII)), false);
        assertThat(text(grown)).isEqualTo("[\"" + "m".repeat(10_000) + "\"]\n");
        assertThat(lines.line(ByteBuffer.wrap("1".getBytes(StandardCharsets.US_ASCII)), false)).isSameAs(grown);

        String large = "[ \"" + "x".repeat(NdjsonLines.KEPT_BYTES) + "\" ]";
        ByteBuffer own = lines.line(ByteBuffer.wrap(large.getBytes(StandardCharsets.US_ASCII)), false);
        assertThat(own).isNotSameAs(grown);
        assertThat(text(own)).isEqualTo("[\"" + "x".repeat(NdjsonLines.KEPT_BYTES) + "\"]\n");
        assertThat(lines.line(ByteBuffer.wrap("2".getBytes(StandardCharsets.US_ASCII)), false))
                .as("the large line's array is not kept").isSameAs(grown);
    }
}
