package dev.jsonstream.samples.cli;

import dev.jsonstream.decoder.DecodeLimits;
import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.Framing;
import dev.jsonstream.decoder.JsonDecodeException;
import dev.jsonstream.decoder.Limit;
import dev.jsonstream.decoder.Selection;
import dev.jsonstream.decoder.TokenHandler;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code jsonstream [OPTIONS] [FILE...]}: decodes JSON from files, http(s) URLs (or standard input) in constant
 * memory and prints events, {@code jq -c --stream} lines, pointer/value leaves, or selected values.
 *
 * <p>Exit codes: 0 valid, 1 invalid JSON or a limit exceeded, 2 usage error, 3 I/O error (a missing file, a URL
 * that answers with an error status or not at all; a closed output pipe is not an error). A usage error is one line
 * naming the problem and one pointing to {@code --help}, not the whole help, which would push the problem off a
 * small terminal.
 */
@Command(name = "jsonstream", mixinStandardHelpOptions = true, version = "jsonstream " + JsonStreamCli.VERSION,
        description = "Decodes JSON from FILEs, http(s) URLs or standard input in constant memory.",
        sortOptions = false)
public final class JsonStreamCli implements Callable<Integer> {
    /** For --version and the User-Agent a URL is requested with. */
    static final String VERSION = "0.1.0";

    /** Output formats. */
    enum Format {
        events, jq_stream, pointer;

        /** The format an option value names ("jq-stream" or "jq_stream"), or null. */
        static Format named(String value) {
            try {
                return valueOf(value.replace('-', '_'));
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
    }

    @Parameters(paramLabel = "FILE", description = "Files or http(s) URLs to read; none or '-' reads standard"
            + " input.")
    List<String> files = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "events (default: KIND POINTER [VALUE]), jq-stream (as jq -c --stream), pointer "
                    + "(POINTER<TAB>VALUE per leaf).", converter = FormatConverter.class)
    Format format = Format.events;

    @Option(names = "--select", paramLabel = "PATTERN",
            description = "Print each value matching PATTERN (/items/*, /**/id, ...) as compact JSON; repeatable.")
    List<String> select = new ArrayList<>();

    @Option(names = "--raw", description = "With --select: print each value's exact input bytes rather than"
            + " compact JSON; lines may then break, where a value spans lines in the input.")
    boolean raw;

    @Option(names = "--validate", description = "Print nothing, also with --select or --format; only the exit code"
            + " and errors.")
    boolean validate;

    @Option(names = "--single", description = "Require exactly one JSON value per input.")
    boolean single;

    @Option(names = "--seq", description = "Read RFC 7464 JSON text sequences (RS-separated records).")
    boolean seq;

    @Option(names = "--max-depth", paramLabel = "N", converter = WholeNumber.class,
            description = "Nesting limit (default 1000).")
    Long maxDepth;

    @Option(names = "--max-string", paramLabel = "N", converter = WholeNumber.class,
            description = "String length limit in characters.")
    Long maxString;

    @Option(names = "--max-number", paramLabel = "N", converter = WholeNumber.class,
            description = "Number length limit in digits.")
    Long maxNumber;

    @Option(names = "--max-name", paramLabel = "N", converter = WholeNumber.class,
            description = "Member name length limit in characters.")
    Long maxName;

    @Option(names = "--max-bytes", paramLabel = "N", converter = WholeNumber.class,
            description = "Input size limit in bytes.")
    Long maxBytes;

    @Option(names = "--unbuffered", description = "Write out each line as soon as it is printed (output is"
            + " written out anyway whenever the input makes it wait).")
    boolean unbuffered;

    @Option(names = "--progress", description = "Show a progress bar on standard error for a FILE of known size"
            + " (only when standard error is a terminal).")
    boolean progress;

    /** The exit code of a usage error: picocli's {@code exitCodeOnInvalidInput}, also on the plain path. */
    static final int USAGE_ERROR = 2;

    private final InputStream stdin;
    private final OutputStream stdout;
    private final PrintStream stderr;
    /** Made for the first URL argument only: a run on files never loads the HTTP client. */
    private UrlInput urlInput;

    public static void main(String[] args) {
        System.exit(run(args, System.in, new FileOutputStream(FileDescriptor.out), System.err));
    }

    /**
     * Runs the command as from a shell, with the given streams; returns the exit code. The usual command lines are
     * parsed by {@link PlainArguments}, and picocli is not even loaded; the rest (help, version, mistakes) by picocli.
     */
    static int run(String[] args, InputStream in, OutputStream out, PrintStream err) {
        JsonStreamCli plain = new JsonStreamCli(in, out, err);
        if (PlainArguments.parse(args, plain)) {
            return plain.call();
        }
        return Picocli.run(new JsonStreamCli(in, out, err), args);
    }

    JsonStreamCli(InputStream in, OutputStream out, PrintStream err) {
        this.stdin = in;
        this.stdout = out;
        this.stderr = err;
    }

    /** picocli's part: it makes the fields' values from any command line, or says what is wrong with it. */
    static final class Picocli {
        private Picocli() {
        }

        static int run(JsonStreamCli cli, String[] args) {
            CommandLine cmd = new CommandLine(cli);
            cmd.setErr(new java.io.PrintWriter(cli.stderr, true));
            cmd.setOut(new java.io.PrintWriter(cli.stdout, true));
            cmd.setParameterExceptionHandler((e, arguments) -> cli.usageError(usageProblem(e)));
            return cmd.execute(args);
        }
    }

    /** Says what is wrong with the command line, and where the help is; returns picocli's usage exit code, 2. */
    private int usageError(String problem) {
        stderr.println("jsonstream: " + problem);
        stderr.println("Try 'jsonstream --help' for more information.");
        return USAGE_ERROR;
    }

    /** What picocli found wrong with the arguments, in this command's words. */
    static String usageProblem(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException
                && !((CommandLine.UnmatchedArgumentException) e).getUnmatched().isEmpty()) {
            String arg = ((CommandLine.UnmatchedArgumentException) e).getUnmatched().get(0);
            return (arg.startsWith("-") ? "unknown option '" : "unexpected argument '") + arg + "'";
        }
        if (e instanceof CommandLine.MissingParameterException
                && !((CommandLine.MissingParameterException) e).getMissing().isEmpty()) {
            ArgSpec missing = ((CommandLine.MissingParameterException) e).getMissing().get(0);
            return name(missing) + " needs a value (" + missing.paramLabel() + ")";
        }
        if (e instanceof CommandLine.OverwrittenOptionException) {
            return name(((CommandLine.OverwrittenOptionException) e).getOverwritten()) + " is given more than once";
        }
        if (e.getArgSpec() != null && e.getCause() instanceof CommandLine.TypeConversionException) {
            // This command's converters say what the option takes; picocli's own one (a switch's) says "boolean".
            String takes = e.getArgSpec().type() == boolean.class ? "true or false" : e.getCause().getMessage();
            return name(e.getArgSpec()) + " takes " + takes + ", not '" + e.getValue() + "'";
        }
        return e.getMessage();
    }

    private static String name(ArgSpec arg) {
        return arg instanceof OptionSpec ? ((OptionSpec) arg).longestName() : arg.paramLabel();
    }

    @Override
    public Integer call() {
        if (single && seq) {
            return usageError("--single and --seq exclude each other");
        }
        if (raw && select.isEmpty()) {
            return usageError("--raw goes with --select");
        }
        DecoderConfig config;
        try {
            config = config();
            for (String pattern : select) {
                dev.jsonstream.decoder.PathPattern.compile(pattern);
            }
        } catch (IllegalArgumentException e) { // a bad pattern (PathPatternException) or limit
            return usageError(e.getMessage());
        }
        LineSink sink = new LineSink(stdout, unbuffered); // it writes in blocks of its own
        int status = 0;
        try {
            for (String file : files.isEmpty() ? List.of("-") : files) {
                status = Math.max(status, decode(file, config, sink));
                sink.flush();
            }
        } catch (UncheckedIOException brokenPipe) {
            return status; // the reader went away (head, less): not an error
        }
        return status;
    }

    private DecoderConfig config() {
        DecodeLimits limits = DecodeLimits.defaults();
        limits = with(limits, Limit.MAX_DEPTH, maxDepth);
        limits = with(limits, Limit.MAX_STRING_LENGTH, maxString);
        limits = with(limits, Limit.MAX_NUMBER_LENGTH, maxNumber);
        limits = with(limits, Limit.MAX_NAME_LENGTH, maxName);
        limits = with(limits, Limit.MAX_INPUT_BYTES, maxBytes);
        Framing framing = single ? Framing.SINGLE : seq ? Framing.JSON_SEQ : Framing.CONCATENATED;
        return DecoderConfig.builder().framing(framing).limits(limits).build();
    }

    /** The limits with one set from its option, if given; a value out of range is named by the option. */
    private static DecodeLimits with(DecodeLimits limits, Limit limit, Long value) {
        if (value == null) {
            return limits;
        }
        try {
            return limits.with(limit, value);
        } catch (IllegalArgumentException e) {
            String why = String.valueOf(e.getMessage()); // "maxDepth must be at least 1, was 0"
            String name = limit.configName() + " ";
            throw new IllegalArgumentException(option(limit) + " " + (why.startsWith(name)
                    ? why.substring(name.length()) : "is out of range: " + value), e);
        }
    }

    /** The option that sets {@code limit}, or null for the limits this command keeps at their defaults. */
    static String option(Limit limit) {
        switch (limit) {
            case MAX_DEPTH:
                return "--max-depth";
            case MAX_STRING_LENGTH:
                return "--max-string";
            case MAX_NUMBER_LENGTH:
                return "--max-number";
            case MAX_NAME_LENGTH:
                return "--max-name";
            case MAX_INPUT_BYTES:
                return "--max-bytes";
            default:
                return null;
        }
    }

    /**
     * The decoder's message with what this command's options have to do with it: the option that raises a limit,
     * or the option that chose the framing. The decoder says neither (it knows no options), right after its detail.
     */
    private String message(JsonDecodeException e) {
        String hint = "";
        String option = e.limit() == null ? null : option(e.limit());
        if (option != null) {
            hint = " (raise it with " + option + ")";
        } else if (single && e.detail().startsWith("more than one JSON value")) {
            hint = " (leave out --single to read several)";
        } else if (seq && e.detail().contains("record")) {
            hint = " (--seq reads RFC 7464 records: RS, a JSON text, LF)";
        }
        String m = e.getMessage();
        return m.startsWith(e.detail()) ? e.detail() + hint + m.substring(e.detail().length()) : m;
    }

    private TokenHandler handler(LineSink sink) {
        if (validate) {
            // Before --select: nothing is captured either, so only the JSON itself and its limits decide the exit
            // code (a selected value over the capture limit is no error when nothing is printed).
            return t -> { };
        }
        if (!select.isEmpty()) {
            Selection.Builder b = Selection.builder();
            for (String pattern : select) {
                if (raw) {
                    b.raw(pattern, m -> sink.putLine(m.bytes()));
                } else {
                    b.events(pattern, new CompactJson(sink));
                }
            }
            return b.build();
        }
        switch (format) {
            case jq_stream:
                return new JqStreamLines(sink);
            case pointer:
                return new PointerLines(sink);
            default:
                return new EventLines(sink);
        }
    }

    /**
     * Whether a FILE argument is an http or https URL (the scheme in any case). The argument alone decides, never
     * whether a file of that name exists, so that a command means the same in every directory; {@code ./http://x}
     * names the local path.
     */
    static boolean isUrl(String file) {
        return file.regionMatches(true, 0, "http://", 0, 7) || file.regionMatches(true, 0, "https://", 0, 8);
    }

    private int decode(String file, DecoderConfig config, LineSink sink) {
        try {
            if (isUrl(file)) {
                if (urlInput == null) {
                    urlInput = new UrlInput(single || seq ? config.framing() : null);
                }
                urlInput.decode(file, config, handler(sink), sink);
            } else {
                decodeLocal(file, config, sink);
            }
            return 0;
        } catch (JsonDecodeException e) {
            sink.dropLine();
            sink.flush();
            stderr.println("jsonstream: " + file + ": " + message(e));
            return 1;
        } catch (NoSuchFileException e) {
            stderr.println("jsonstream: " + file + ": no such file");
            return 3;
        } catch (IOException e) {
            stderr.println("jsonstream: " + file + ": " + e.getMessage());
            return 3;
        }
    }

    private void decodeLocal(String file, DecoderConfig config, LineSink sink) throws IOException {
        boolean stdinInput = file.equals("-");
        try (InputStream in = stdinInput ? new NonClosing(stdin) : Files.newInputStream(Paths.get(file))) {
            InputStream source = in;
            if (progress && !stdinInput && ProgressBar.stderrIsTerminal()) {
                source = new ProgressBar(in, Files.size(Paths.get(file)), stderr);
            }
            source = new WaitFlushingInput(source, sink);
            config.decode(source, handler(sink));
        }
    }

    /** Standard input stays open after a file of the same run is done. */
    private static final class NonClosing extends java.io.FilterInputStream {
        NonClosing(InputStream in) {
            super(in);
        }

        @Override
        public void close() {
        }
    }

    /**
     * Reads "jq-stream" as {@link Format#jq_stream}. Its refusal says what the option takes, for
     * {@link #usageProblem}'s "--format takes ..., not 'yaml'".
     */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            Format format = Format.named(value);
            if (format == null) {
                throw new CommandLine.TypeConversionException("events, jq-stream or pointer");
            }
            return format;
        }
    }

    /**
     * A limit's value: a decimal long. Its refusal says what the option takes, as {@link FormatConverter}'s does;
     * a number too large for a long is told apart from one that is not a number.
     */
    static final class WholeNumber implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new CommandLine.TypeConversionException(value.matches("[+-]?[0-9]+")
                        ? "a whole number up to " + Long.MAX_VALUE : "a whole number");
            }
        }
    }
}
