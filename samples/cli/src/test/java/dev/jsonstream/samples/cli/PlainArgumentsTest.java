package dev.jsonstream.samples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** {@link PlainArguments} accepts only what picocli accepts, and reads it the same. */
class PlainArgumentsTest {
    private static JsonStreamCli fresh() {
        return new JsonStreamCli(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream(),
                new PrintStream(new ByteArrayOutputStream()));
    }

    /** What a parse leaves in the fields, to compare. */
    private static List<Object> fields(JsonStreamCli c) {
        return Arrays.asList(c.files, c.format, c.select, c.raw, c.validate, c.single, c.seq, c.maxDepth, c.maxString,
                c.maxNumber, c.maxName, c.maxBytes, c.unbuffered, c.progress);
    }

    @Test
    void theTableIsPicoclisModelOfTheCommand() {
        List<OptionSpec> options = new CommandLine(fresh()).getCommandSpec().options().stream()
                .filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
        assertThat(options).hasSize(PlainArguments.OPTIONS.size());
        for (OptionSpec o : options) {
            assertThat(o.names()).as("one name each").hasSize(1);
            boolean takesValue = o.arity().max() > 0 && o.type() != boolean.class;
            assertThat(PlainArguments.declares(o.longestName(), takesValue, o.isMultiValue()))
                    .as(o.longestName()).isTrue();
        }
        assertThat(new CommandLine(fresh()).getCommandSpec().exitCodeOnInvalidInput())
                .isEqualTo(JsonStreamCli.USAGE_ERROR);
    }

    @Test
    void everyCommandLineItTakesPicocliTakesAlikeOverRandomOnes() {
        String[] words = {"--format", "events", "jq-stream", "pointer", "yaml", "--format=jq-stream", "--format=",
                "--select", "/a", "/**/id", "/items/*", "--raw", "--raw=true", "--validate", "--single", "--seq",
                "--max-depth", "--max-string", "--max-number", "--max-name", "--max-bytes", "--max-bytes=5", "10",
                "0", "-1", "+7", "ten", "99999999999999999999", "file.json", "a b.json", "-", "--", "--help", "-h",
                "--version", "-V", "-x", "--unknown", "@args", "", "--unbuffered", "--progress", "--validate=false"};
        Random random = new Random(20261130);
        int taken = 0;
        for (int run = 0; run < 20_000; run++) {
            String[] args = new String[random.nextInt(6)];
            for (int i = 0; i < args.length; i++) {
                args[i] = words[random.nextInt(words.length)];
            }
            JsonStreamCli plain = fresh();
            if (!PlainArguments.parse(args, plain)) {
                continue;
            }
            taken++;
            JsonStreamCli picocli = fresh();
            CommandLine.ParseResult result = new CommandLine(picocli).parseArgs(args); // throws if it refuses
            assertThat(result.isUsageHelpRequested() || result.isVersionHelpRequested()).isFalse();
            assertThat(fields(plain)).as(String.join(" ", args)).isEqualTo(fields(picocli));
        }
        assertThat(taken).as("command lines the plain parser took").isGreaterThan(2_000);
    }

    @Test
    void theUsualCommandLinesAreTakenWithoutPicocli() {
        for (String line : new String[] {"", "--validate f.json", "--select /items/* --raw -",
                "--format jq-stream a.json b.json", "--format=pointer --max-depth 64 --single x.json",
                "--seq --max-bytes=1000000 --unbuffered"}) {
            String[] args = line.isEmpty() ? new String[0] : line.split(" ");
            assertThat(PlainArguments.parse(args, fresh())).as(line).isTrue();
        }
        for (String line : new String[] {"--help", "--version", "--raw --raw", "--format", "--max-depth ten",
                "--select --raw", "-- -", "@opts"}) {
            assertThat(PlainArguments.parse(line.split(" "), fresh())).as(line).isFalse();
        }
    }
}
