package dev.jsonstream.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code jsonstream} launcher script (src/main/sh), run as a user runs it. The shaded jar is made only after the
 * tests, so the script gets a stand-in {@code jsonstream.jar} beside it: a manifest naming the CLI's main class and
 * the test class path.
 */
class LauncherTest {
    @TempDir
    Path dir;

    private Path install() throws IOException {
        Path script = dir.resolve("jsonstream");
        Files.copy(JsonStreamCliTest.root().resolve("samples/cli/src/main/sh/jsonstream"), script);
        assertThat(script.toFile().setExecutable(true)).isTrue();
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, JsonStreamCli.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, List.of(System.getProperty("java.class.path")
                .split(File.pathSeparator)).stream().map(p -> Paths.get(p).toUri().toString())
                .collect(Collectors.joining(" ")));
        try (OutputStream out = Files.newOutputStream(dir.resolve("jsonstream.jar"));
                JarOutputStream jar = new JarOutputStream(out, m)) {
            jar.flush();
        }
        return script;
    }

    record Run(int status, String out, String err) {
    }

    private Run run(Path script, String stdin, Map<String, String> env, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("sh", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("JSONSTREAM_JAVA_OPTS");
        pb.environment().putAll(env);
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void argumentsInputOutputAndExitCodesGoThrough() throws Exception {
        Path script = install();
        Run r = run(script, "{\"a\":[1,\"x y\"]}", Map.of(), "--format", "jq-stream");
        assertThat(r.out()).isEqualTo("[[\"a\",0],1]\n[[\"a\",1],\"x y\"]\n[[\"a\",1]]\n[[\"a\"]]\n");
        assertThat(r.status()).isZero();
        Run bad = run(script, "{\"a\":", Map.of(), "--validate");
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.out()).isEmpty();
        assertThat(bad.err()).startsWith("jsonstream: -: ");
        assertThat(run(script, "", Map.of(), "--bogus").status()).isEqualTo(2);
    }

    @Test
    void javaOptionsFromTheEnvironmentComeLastSoTheyWin() throws Exception {
        Path script = install();
        // The launcher's -Xms8m with a maximum below it: the JVM refuses to start, so the option was applied.
        Run r = run(script, "[]", Map.of("JSONSTREAM_JAVA_OPTS", "-Xmx4m"), "--validate");
        assertThat(r.status()).isNotZero();
        assertThat(r.out()).as("the JVM's complaint goes to standard error").isEmpty();
        assertThat(r.err()).contains("heap");
        assertThat(run(script, "[]", Map.of("JSONSTREAM_JAVA_OPTS", "-Xmx32m"), "--validate").status()).isZero();
    }

    @Test
    void filesUnder64MiBRunOnTheFirstCompilerAloneAndInputsOfUnknownSizeOnBoth() throws Exception {
        Path script = install();
        Path small = Files.writeString(dir.resolve("small.json"), "[1,2]");
        Path big = dir.resolve("big.json");
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(64L << 20); // sparse: the size is all that counts here, and the CLI stops at its first byte
        }
        Path tiny = Files.writeString(dir.resolve("tiny.json"), "0");
        assertThat(c1Alone(script, small.toString())).as("one small file").isTrue();
        assertThat(c1Alone(script, "--select", "/*", small.toString(), tiny.toString())).as("two small files").isTrue();
        assertThat(c1Alone(script)).as("standard input").isFalse();
        assertThat(c1Alone(script, small.toString(), "-")).as("a file and standard input").isFalse();
        assertThat(c1Alone(script, big.toString())).as("a file of 64 MiB").isFalse();
        assertThat(c1Alone(script, small.toString(), dir.toString())).as("a path that is no file").isFalse();
        assertThat(c1Alone(script, small.toString(), "HTTP://127.0.0.1:1/x")).as("a file and a URL").isFalse();
    }

    @Test
    void aUrlGoesThroughTheLauncher() throws Exception {
        Path script = install();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"a\":1}\n{\"a\":2}\n".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/export";
            assertThat(run(script, "", Map.of(), "--select", "/a", url)).isEqualTo(new Run(0, "1\n2\n", ""));
        } finally {
            server.stop(0);
        }
    }

    /**
     * Whether the launcher, given {@code args}, stops the JIT at its first tier; the JVM prints its flags. Where it
     * does not, C2 runs and must be told to inline less.
     */
    private boolean c1Alone(Path script, String... args) throws Exception {
        Run r = run(script, "[]", Map.of("JSONSTREAM_JAVA_OPTS", "-XX:+PrintCommandLineFlags"), args);
        assertThat(r.err()).as("the JVM's flags").contains("-XX:+PrintCommandLineFlags");
        boolean c1Alone = r.err().contains("-XX:TieredStopAtLevel=1 ");
        assertThat(r.err().contains("-XX:FreqInlineSize=100 ")).as("C2's smaller inlining, exactly where C2 runs")
                .isNotEqualTo(c1Alone);
        return c1Alone;
    }

    @Test
    void theArchiveIsUsedOnlyWithTheJavaItWasMadeWith() throws Exception {
        Path script = install();
        Files.writeString(dir.resolve("jsonstream.jsa"), "not an archive");
        // -Xshare:on makes the JVM fail when an archive it is given cannot be mapped.
        Map<String, String> strict = Map.of("JSONSTREAM_JAVA_OPTS", "-Xshare:on");
        Files.writeString(dir.resolve("jsonstream.jsa.java"), "/no/such/java");
        assertThat(run(script, "[]", strict, "--validate").status()).as("another java: no archive").isZero();
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java").toRealPath();
        Files.writeString(dir.resolve("jsonstream.jsa.java"), java.toString());
        Run r = run(script, "[]", strict, "--validate");
        assertThat(r.status()).as("this java: the archive is given").isNotZero();
        assertThat(r.out()).isEmpty();
    }
}
