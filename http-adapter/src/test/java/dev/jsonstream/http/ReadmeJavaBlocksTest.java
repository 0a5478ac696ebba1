package dev.jsonstream.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No document shows Java that no test compiles and runs. Every {@code ```java} block of the project's documents must
 * be, line for line, a marked region of a test source of some module:
 *
 * <pre>
 *         // decoder/README.md#pieces:begin
 *         DecoderConfig config = ...
 *         // decoder/README.md#pieces:end
 * </pre>
 *
 * <p>The marker names the document (its path from the project root) and the example; the region is the lines between
 * the two markers without the markers' indentation. Every region must be shown in the document it names, so that a
 * change to the code shows up as a failure here until the document follows. This test lives in http-adapter because
 * its sources are read as files, through the project root, and the decoder may not depend on the adapter; it reads
 * the tests of every module.
 */
class ReadmeJavaBlocksTest {
    /** The documents whose Java blocks must be tested code, from the project root. */
    static final List<String> DOCUMENTS = List.of("README.md", "decoder/README.md", "http-adapter/README.md",
            "http-adapter/client/README.md", "samples/cli/README.md", "samples/server/README.md");

    /** A marker: its indentation, then {@code // DOCUMENT#NAME:begin} or {@code :end}. */
    private static final Pattern MARKER = Pattern.compile("^( *)// ([\\w./-]+\\.md)#([\\w-]+):(begin|end)$");
    /** A comment that ends as a marker does but has another shape (the old {@code // README-X:begin}): refused. */
    private static final Pattern MARKER_LIKE = Pattern.compile("^\\s*//.*:(begin|end)\\s*$");
    /** A fence of a Markdown code block: its indentation and its info string. */
    private static final Pattern FENCE = Pattern.compile("^( *)```(.*)$");

    /** A marked region of a test source: the example {@code name} of {@code document}. */
    record Region(String document, String name, String where, String text) {
    }

    /** A Java block of a document, and where it starts ({@code document:line}). */
    record Block(String document, String where, String text) {
    }

    @Test
    void everyJavaBlockIsATestedRegionAndEveryRegionIsShown() throws IOException {
        Path root = projectRoot();
        List<String> problems = new ArrayList<>();
        List<Region> regions = new ArrayList<>();
        for (Path source : testSources(root)) {
            regions.addAll(regions(root.relativize(source).toString(), Files.readAllLines(source), problems));
        }
        List<Block> blocks = new ArrayList<>();
        for (String document : DOCUMENTS) {
            Path file = root.resolve(document);
            if (!Files.isRegularFile(file)) {
                problems.add(document + ": missing");
                continue;
            }
            blocks.addAll(javaBlocks(document, Files.readAllLines(file), problems));
        }
        problems.addAll(mismatches(regions, blocks));
        assertThat(regions).as("marked regions found").isNotEmpty();
        assertThat(problems).as("documents against the marked regions of the tests:%n%s",
                String.join("\n", problems)).isEmpty();
    }

    @Test
    void theFrontDoorShowsTheCommandCiRuns() throws IOException {
        // .ci/run runs "mvn -B verify", as the README's "Set up" tells a newcomer to.
        assertThat(Files.readAllLines(projectRoot().resolve("README.md"))).contains("mvn -B verify");
        assertThat(Files.readString(projectRoot().resolve(".ci/run"))).contains("\nmvn -B verify\n");
    }

    @Test
    void anUntestedBlockAnUnshownRegionAndAStrayMarkerAreEachReported() {
        List<String> problems = new ArrayList<>();
        List<Region> regions = regions("T.java", List.of(
                "    void t() {",
                "        // README.md#shown:begin",
                "        int a = 1;",
                "",
                "            a++;",
                "        // README.md#shown:end",
                "        // README.md#unshown:begin",
                "        int b = 2;",
                "        // README.md#unshown:end",
                "        // README-OLD:begin",
                "    }"), problems);
        assertThat(regions).extracting(Region::text).containsExactly("int a = 1;\n\n    a++;", "int b = 2;");
        List<Block> blocks = javaBlocks("README.md", List.of(
                "Text.",
                "```java",
                "int a = 1;",
                "",
                "    a++;",
                "```",
                "```xml",
                "<not-java/>",
                "```",
                "```java",
                "int c = 3;",
                "```"), problems);
        assertThat(blocks).hasSize(2);
        problems.addAll(mismatches(regions, blocks));
        assertThat(problems).hasSize(3);
        assertThat(problems.get(0)).startsWith("T.java:10: ");
        assertThat(problems.get(1)).startsWith("README.md:10: a Java block that no test runs");
        assertThat(problems.get(2)).startsWith("T.java:7: README.md#unshown is not shown");
    }

    /** The project root: the nearest directory upwards with testdata/ and decoder/ (as the decoder's tests find it). */
    static Path projectRoot() {
        Path p = Paths.get("").toAbsolutePath();
        while (p != null && !(Files.isDirectory(p.resolve("testdata")) && Files.isDirectory(p.resolve("decoder")))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the project root from " + Paths.get("").toAbsolutePath());
        }
        return p;
    }

    /** The Java files under every module's src/test/java. */
    private static List<Path> testSources(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> {
                        String path = root.relativize(f).toString().replace('\\', '/');
                        return path.matches("(.+/)?src/test/java/.+") && !path.matches("(.+/)?target/.+");
                    })
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    /** The marked regions of one source file; a marker out of place is a problem. */
    static List<Region> regions(String source, List<String> lines, List<String> problems) {
        List<Region> regions = new ArrayList<>();
        Matcher open = null;
        int openLine = 0;
        List<String> text = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String where = source + ":" + (i + 1);
            Matcher m = MARKER.matcher(line);
            if (!m.matches()) {
                if (MARKER_LIKE.matcher(line).matches()) {
                    problems.add(where + ": a marker must read // DOCUMENT#NAME:begin or :end: " + line.strip());
                } else if (open != null) {
                    String indent = open.group(1);
                    if (line.isBlank()) {
                        text.add("");
                    } else if (line.startsWith(indent)) {
                        text.add(line.substring(indent.length()));
                    } else {
                        problems.add(where + ": a line of the region is indented less than its marker");
                    }
                }
                continue;
            }
            boolean begin = m.group(4).equals("begin");
            if (begin && open != null) {
                problems.add(where + ": a region begins inside " + open.group(2) + "#" + open.group(3));
            } else if (begin) {
                open = m;
                openLine = i + 1;
                text.clear();
            } else if (open == null || !open.group(2).equals(m.group(2)) || !open.group(3).equals(m.group(3))) {
                problems.add(where + ": an end without its begin: " + line.strip());
            } else {
                regions.add(new Region(m.group(2), m.group(3), source + ":" + openLine, String.join("\n", text)));
                open = null;
            }
        }
        if (open != null) {
            problems.add(source + ":" + openLine + ": a region that does not end");
        }
        return regions;
    }

    /** The {@code ```java} blocks of one document, without the fence's indentation. */
    static List<Block> javaBlocks(String document, List<String> lines, List<String> problems) {
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches()) {
                continue;
            }
            int start = i;
            String indent = fence.group(1);
            List<String> text = new ArrayList<>();
            for (i++; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
                String line = lines.get(i);
                text.add(line.startsWith(indent) ? line.substring(indent.length()) : line.strip());
            }
            if (i == lines.size()) {
                problems.add(document + ":" + (start + 1) + ": a code block that does not end");
            }
            if (fence.group(2).strip().toLowerCase(java.util.Locale.ROOT).startsWith("java")) {
                blocks.add(new Block(document, document + ":" + (start + 1), String.join("\n", text)));
            }
        }
        return blocks;
    }

    /** Blocks that are no region of their document, regions not shown in theirs, and regions of no document. */
    static List<String> mismatches(List<Region> regions, List<Block> blocks) {
        List<String> problems = new ArrayList<>();
        Map<String, Region> byName = new LinkedHashMap<>();
        for (Region r : regions) {
            Region before = byName.putIfAbsent(r.document() + "#" + r.name(), r);
            if (before != null) {
                problems.add(r.where() + ": " + r.document() + "#" + r.name() + " is marked at " + before.where()
                        + " too");
            }
        }
        for (Block b : blocks) {
            boolean tested = regions.stream()
                    .anyMatch(r -> r.document().equals(b.document()) && r.text().equals(b.text()));
            if (tested) {
                continue;
            }
            String elsewhere = regions.stream().filter(r -> r.text().equals(b.text()))
                    .map(r -> r.document() + "#" + r.name() + " (" + r.where() + ")").findFirst().orElse(null);
            problems.add(b.where() + (elsewhere != null
                    ? ": the block is " + elsewhere + ", marked for another document"
                    : ": a Java block that no test runs: mark it in a test as // " + b.document()
                            + "#NAME:begin ... :end, or make it match its region line for line"));
        }
        for (Region r : regions) {
            if (blocks.stream().noneMatch(b -> b.document().equals(r.document()) && b.text().equals(r.text()))) {
                problems.add(r.where() + ": " + r.document() + "#" + r.name() + " is not shown in "
                        + r.document() + (DOCUMENTS.contains(r.document()) ? " (or its block differs)"
                                : ", which is not one of " + DOCUMENTS));
            }
        }
        return problems;
    }
}
