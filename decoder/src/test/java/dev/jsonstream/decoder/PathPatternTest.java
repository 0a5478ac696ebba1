package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The pattern language: literals, escapes, wildcards, and errors that say which character and why. */
class PathPatternTest {

    @Test
    void literalsAndIndexes() {
        PathPattern p = PathPattern.compile("/orders/0/sku");
        assertThat(p.matches("/orders/0/sku")).isTrue();
        assertThat(p.matches("/orders/1/sku")).isFalse();
        assertThat(p.matches("/orders/0")).isFalse();
        assertThat(p.matches("/orders/0/sku/x")).isFalse();
        assertThat(PathPattern.compile("/01").matches("/1")).isFalse();
        assertThat(PathPattern.compile("").matches("")).isTrue();
        assertThat(PathPattern.compile("").matches("/a")).isFalse();
        assertThat(PathPattern.compile("/").matches("/")).isTrue(); // the member named ""
        assertThat(PathPattern.compile("/").matches("")).isFalse();
        assertThat(p.toString()).isEqualTo("/orders/0/sku");
        assertThat(p).isEqualTo(PathPattern.compile("/orders/0/sku")).hasSameHashCodeAs(PathPattern.compile(
                "/orders/0/sku"));
    }

    @Test
    void escapes() {
        PathPattern p = PathPattern.compile("/a~1b/~0c/~2");
        assertThat(p.matches("/a~1b/~0c/*")).isTrue(); // the member names "a/b", "~c" and "*"
        assertThat(p.matches("/a~1b/~0c/x")).isFalse();
    }

    @Test
    void wildcards() {
        PathPattern items = PathPattern.compile("/items/*");
        assertThat(items.matches("/items/0")).isTrue();
        assertThat(items.matches("/items/name")).isTrue();
        assertThat(items.matches("/items")).isFalse();
        assertThat(items.matches("/items/0/x")).isFalse();

        PathPattern ids = PathPattern.compile("/**/id");
        assertThat(ids.matches("/id")).isTrue();
        assertThat(ids.matches("/a/b/3/id")).isTrue();
        assertThat(ids.matches("/a/id/x")).isFalse();

        PathPattern all = PathPattern.compile("/**");
        assertThat(all.matches("")).isTrue();
        assertThat(all.matches("/a/b")).isTrue();

        PathPattern skus = PathPattern.compile("/orders/*/lines/*/sku");
        assertThat(skus.matches("/orders/3/lines/0/sku")).isTrue();
        assertThat(skus.matches("/orders/3/lines/sku")).isFalse();

        PathPattern mid = PathPattern.compile("/a/**/b/*");
        assertThat(mid.matches("/a/b/1")).isTrue();
        assertThat(mid.matches("/a/x/y/b/1")).isTrue();
        assertThat(mid.matches("/a/x/b")).isFalse();
    }

    @Test
    void invalidPatternsSayWhichCharacterAndWhy() {
        assertInvalid("items", 0, "starts with '/'");
        assertInvalid("/a~3", 2, "'~' must be followed by 0 (for ~), 1 (for /) or 2 (for *)");
        assertInvalid("/a~", 2, "'~' must be followed by");
        assertInvalid("/ab*", 3, "'*' may only stand alone");
        assertInvalid("/***", 1, "'*' may only stand alone");
        assertInvalid("/**/**", 4, "redundant");
        assertInvalid("/x".repeat(PathPattern.MAX_SEGMENTS + 1), 125, "more than 62 segments");
    }

    private static void assertInvalid(String pattern, int index, String reason) {
        assertThatThrownBy(() -> PathPattern.compile(pattern)).isInstanceOfSatisfying(PathPatternException.class,
                e -> {
                    assertThat(e.index()).isEqualTo(index);
                    assertThat(e.reason()).contains(reason);
                    assertThat(e.pattern()).isEqualTo(pattern);
                    assertThat(e.getMessage()).startsWith("invalid path pattern \"" + pattern + "\" at index "
                            + index + ": ");
                });
    }
}
