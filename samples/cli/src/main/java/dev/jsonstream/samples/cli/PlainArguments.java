package dev.jsonstream.samples.cli;

import java.util.Map;

/**
 * The command lines this CLI is usually given, parsed without picocli: long options of this command, a value as the
 * next argument or after {@code =}, and files. Anything else (help, version, an unknown or repeated option, a value
 * that does not convert, {@code --}, {@code @file}, short options) is left to picocli, which also words every usage
 * error; so this parser only ever accepts what picocli would, and fills in the same fields (a test holds the two to
 * that over many command lines).
 *
 * <p>Why: picocli builds its model of the command by reflection over some 170 of its classes, which are compiled for
 * Java 5 and so cannot be kept in a CDS archive on Java 17. That took 0.12-0.14 s of a 0.32 s run on a small file,
 * where the JVM alone starts in 0.12 s.
 */
final class PlainArguments {
    /** How an option takes its value. */
    private enum Arity { SWITCH, ONE, REPEATED }

    /** This command's options: the names and arities of {@link JsonStreamCli}'s {@code @Option} fields. */
    static final Map<String, Arity> OPTIONS = Map.ofEntries(
            Map.entry("--format", Arity.ONE),
            Map.entry("--select", Arity.REPEATED),
            Map.entry("--raw", Arity.SWITCH),
            Map.entry("--validate", Arity.SWITCH),
            Map.entry("--single", Arity.SWITCH),
            Map.entry("--seq", Arity.SWITCH),
            Map.entry("--max-depth", Arity.ONE),
            Map.entry("--max-string", Arity.ONE),
            Map.entry("--max-number", Arity.ONE),
            Map.entry("--max-name", Arity.ONE),
            Map.entry("--max-bytes", Arity.ONE),
            Map.entry("--unbuffered", Arity.SWITCH),
            Map.entry("--progress", Arity.SWITCH));

    private PlainArguments() {
    }

    /** Whether {@code name} is one of this command's options taking {@code arity}; for the test. */
    static boolean declares(String name, boolean takesValue, boolean repeatable) {
        Arity a = OPTIONS.get(name);
        return a != null && (a != Arity.SWITCH) == takesValue && (a == Arity.REPEATED) == repeatable;
    }

    /**
     * Sets {@code cli}'s option fields and files from {@code args}; false, with {@code cli} left in any state, when
     * picocli must parse them instead.
     */
    static boolean parse(String[] args, JsonStreamCli cli) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.isEmpty() || arg.charAt(0) == '@') {
                return false; // picocli reads @file arguments as files of arguments
            }
            if (arg.equals("-") || arg.charAt(0) != '-') {
                cli.files.add(arg);
                continue;
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Arity arity = OPTIONS.get(name);
            if (arity == null || (arity != Arity.REPEATED && !seen.add(name))) {
                return false; // unknown (or --help, --version, -h, --): picocli's; repeated: its error
            }
            if (arity == Arity.SWITCH) {
                if (value != null) {
                    return false; // --raw=true: picocli's conversion
                }
                setSwitch(cli, name);
                continue;
            }
            if (value == null) {
                if (i + 1 == args.length) {
                    return false; // a missing value: picocli's error
                }
                value = args[++i];
            }
            if (value.isEmpty() || value.charAt(0) == '-' || value.charAt(0) == '@') {
                return false; // an option where a value should be, or a value picocli may read otherwise
            }
            if (!setValue(cli, name, value)) {
                return false;
            }
        }
        return true;
    }

    private static void setSwitch(JsonStreamCli cli, String name) {
        switch (name) {
            case "--raw":
                cli.raw = true;
                break;
            case "--validate":
                cli.validate = true;
                break;
            case "--single":
                cli.single = true;
                break;
            case "--seq":
                cli.seq = true;
                break;
            case "--unbuffered":
                cli.unbuffered = true;
                break;
            default:
                cli.progress = true;
        }
    }

    /** Sets an option's value; false when it does not convert (picocli then words the error). */
    private static boolean setValue(JsonStreamCli cli, String name, String value) {
        if (name.equals("--select")) {
            cli.select.add(value);
            return true;
        }
        if (name.equals("--format")) {
            cli.format = JsonStreamCli.Format.named(value);
            return cli.format != null;
        }
        long n;
        try {
            n = Long.parseLong(value);
        } catch (NumberFormatException e) {
            return false;
        }
        switch (name) {
            case "--max-depth":
                cli.maxDepth = n;
                break;
            case "--max-string":
                cli.maxString = n;
                break;
            case "--max-number":
                cli.maxNumber = n;
                break;
            case "--max-name":
                cli.maxName = n;
                break;
            default:
                cli.maxBytes = n;
        }
        return true;
    }
}
