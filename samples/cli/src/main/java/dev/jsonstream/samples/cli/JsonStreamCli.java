package dev.jsonstream.samples.cli;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.jsonstream.decoder.DecoderConfig;
import dev.jsonstream.decoder.Framing;
import dev.jsonstream.decoder.JsonDecodeException;
import dev.jsonstream.decoder.TokenCursor;
import dev.jsonstream.decoder.TokenHandler;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Paths;

/**
 * {@code jsonstream [FILE...]}: decodes each file (or standard input) as a stream of JSON values and prints one
 * line per token, {@code KIND POINTER [VALUE]}, in constant memory. The first version of the CLI: options
 * (formats, selection, limits) come with the samples issue.
 */
public final class JsonStreamCli {
    private static final DecoderConfig CONFIG = DecoderConfig.builder().framing(Framing.CONCATENATED).build();

    private JsonStreamCli() {
    }

    public static void main(String[] args) throws IOException {
        Writer out = new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), 1 << 16);
        int status = 0;
        String[] files = args.length == 0 ? new String[] {"-"} : args;
        for (String file : files) {
            status = Math.max(status, decode(file, out));
        }
        out.flush();
        System.exit(status);
    }

    private static int decode(String file, Writer out) throws IOException {
        try (InputStream in = file.equals("-") ? System.in : Files.newInputStream(Paths.get(file))) {
            CONFIG.decode(in, new EventPrinter(out));
            return 0;
        } catch (JsonDecodeException e) {
            out.flush();
            System.err.println("jsonstream: " + file + ": " + e.getMessage());
            return 1;
        } catch (NoSuchFileException e) {
            System.err.println("jsonstream: " + file + ": no such file");
            return 3;
        } catch (UncheckedIOException e) {
            System.err.println("jsonstream: " + file + ": " + e.getCause().getMessage());
            return 3;
        }
    }

    /** Writes {@code KIND POINTER [VALUE]} for each token. */
    static final class EventPrinter implements TokenHandler {
        private final Writer out;
        private final StringBuilder line = new StringBuilder(128);

        EventPrinter(Writer out) {
            this.out = out;
        }

        @Override
        public void onToken(TokenCursor t) {
            line.setLength(0);
            switch (t.kind()) {
                case END_ROOT:
                    return;
                case FIELD_NAME:
                    line.append("FIELD ");
                    t.appendPointer(line);
                    break;
                case STRING:
                    line.append("STRING ");
                    t.appendPointer(line);
                    line.append(" \"");
                    JsonStringEncoder.getInstance().quoteAsString(t.textChars(), line);
                    line.append('"');
                    break;
                case INT:
                case FLOAT:
                    line.append("NUMBER ");
                    t.appendPointer(line);
                    line.append(' ').append(t.textChars());
                    break;
                default:
                    line.append(t.kind().name()).append(' ');
                    t.appendPointer(line);
                    break;
            }
            line.append('\n');
            try {
                out.append(line);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
