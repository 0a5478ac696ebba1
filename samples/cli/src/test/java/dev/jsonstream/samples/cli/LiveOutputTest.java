package dev.jsonstream.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The CLI as a filter behind a slow producer: a child process whose standard input is a pipe this test writes to,
 * one value at a time, waiting for each line before writing the next. Without live output no line would come out
 * before the input ends, and every wait here would run to its bound.
 */
class LiveOutputTest {
    /** A line and when it arrived (System.nanoTime). */
    record Arrival(String line, long at) {
    }

    private static Process start(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), JsonStreamCli.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    /** Reads the child's lines on a thread of its own, so that the test can wait for each with a bound. */
    private static BlockingQueue<Arrival> lines(Process p) {
        BlockingQueue<Arrival> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    q.add(new Arrival(line, System.nanoTime()));
                }
            } catch (Exception ignored) {
                // the child ended
            }
        });
        t.setDaemon(true);
        t.start();
        return q;
    }

    /** Writes each input, then waits (at most 30 s) for the line it makes; returns each line's delay in ms. */
    private static List<Long> feedSlowly(List<String> expected, String[] inputs, String... args) throws Exception {
        Process p = start(args);
        BlockingQueue<Arrival> q = lines(p);
        List<Long> delays = new ArrayList<>();
        try (OutputStream in = p.getOutputStream()) {
            for (int i = 0; i < inputs.length; i++) {
                long written = System.nanoTime();
                in.write(inputs[i].getBytes(StandardCharsets.UTF_8));
                in.flush();
                Arrival a = q.poll(30, TimeUnit.SECONDS);
                assertThat(a).as("line %d arrives while the input is still open", i).isNotNull();
                assertThat(a.line()).isEqualTo(expected.get(i));
                delays.add(TimeUnit.NANOSECONDS.toMillis(a.at() - written));
            }
        } // the input ends
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(q).isEmpty();
        return delays;
    }

    @Test
    void selectedValuesComeOutAsTheirInputArrives() throws Exception {
        List<Long> delays = feedSlowly(List.of("1", "{\"c\":[true]}", "\"x\""),
                new String[] {"{\"a\":1}\n", "{\"b\":{\"c\":[true]}}\n", "{\"d\":\"x\"}\n"}, "--select", "/*");
        System.out.println("[live output] --select line delays (ms, the first includes the JVM's start): " + delays);
        // Once started, a line follows its input at once: the bound is far above what a busy machine takes.
        assertThat(delays.subList(1, delays.size())).allMatch(ms -> ms < 500);
    }

    @Test
    void jqStreamLinesComeOutAsTheirInputArrives() throws Exception {
        // Cut where jq -c --stream has a line to print: a number only ends at the byte after it.
        List<Long> delays = feedSlowly(List.of("[[\"a\"],1]", "[[\"b\"],\"x\"]", "[[\"b\"]]"),
                new String[] {"{\"a\":1,", "\"b\":\"x\"", "}\n"}, "--format", "jq-stream");
        System.out.println("[live output] jq-stream line delays (ms): " + delays);
        assertThat(delays.subList(1, delays.size())).allMatch(ms -> ms < 500);
    }

    @Test
    void unbufferedWritesOutEveryLineAsItEnds() {
        // Counted on the sink itself: a flush per line, where the default waits for the input or the block.
        int[] flushes = {0};
        OutputStream counting = new ByteArrayOutputStream() {
            @Override
            public void flush() {
                flushes[0]++;
            }
        };
        LineSink each = new LineSink(counting, true);
        LineSink blocks = new LineSink(counting, false);
        for (int i = 0; i < 3; i++) {
            each.put((byte) 'x');
            each.endLine();
            blocks.put((byte) 'y');
            blocks.endLine();
        }
        assertThat(flushes[0]).isEqualTo(3);
        assertThat(counting.toString()).isEqualTo("x\nx\nx\n");
        JsonStreamCliTest.Result r = JsonStreamCliTest.cli("[1,2]".getBytes(StandardCharsets.UTF_8), "--unbuffered",
                "--format", "jq-stream");
        assertThat(r.out()).isEqualTo(JsonStreamCliTest.cli("[1,2]".getBytes(StandardCharsets.UTF_8), "--format",
                "jq-stream").out());
    }
}
