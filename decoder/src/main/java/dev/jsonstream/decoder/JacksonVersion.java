package dev.jsonstream.decoder;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.Version;
import java.security.CodeSource;

/**
 * The jackson-core found at run time, checked once against the oldest the decoder works with.
 *
 * <p>Why: build tools pick one jackson-core for the whole class path, and Maven's nearest-wins rule lets an older
 * one come in with another library (jackson-databind 2.17 brings jackson-core 2.17). The decoder then fails at its
 * first use of a newer method with a {@code NoSuchMethodError} that names neither version nor fix. 2.22.1 is the
 * oldest with the non-blocking parser's number-limit fixes the decoder relies on.
 */
final class JacksonVersion {
    static final Version MINIMUM = new Version(2, 22, 1, null, "com.fasterxml.jackson.core", "jackson-core");
    /** The version of the jackson-core the decoder was built and tested with, for the advice. */
    static final String BUILT_WITH = "2.23.0";

    /** Null when the jackson-core found is recent enough, else the sentence saying what to do. */
    private static final String PROBLEM = problem(com.fasterxml.jackson.core.json.PackageVersion.VERSION);

    private JacksonVersion() {
    }

    /** Throws, naming the version found, the minimum and the fix, when the jackson-core found is too old. */
    static void requireSupported() {
        if (PROBLEM != null) {
            throw new IllegalStateException(PROBLEM);
        }
    }

    static String problem(Version found) {
        if (found.compareTo(MINIMUM) >= 0) {
            return null;
        }
        return "jsonstream needs jackson-core " + MINIMUM + " or later, but "
                + found + " was found" + from() + ". Another dependency brought the older one in (Maven takes the"
                + " version nearest to your project). To fix it, import com.fasterxml.jackson:jackson-bom:"
                + BUILT_WITH + " (Maven: in <dependencyManagement>, with <type>pom</type> and <scope>import</scope>;"
                + " Gradle: implementation(platform(\"com.fasterxml.jackson:jackson-bom:" + BUILT_WITH + "\"))), so"
                + " that every Jackson module takes the same version.";
    }

    private static String from() {
        try {
            CodeSource source = JsonFactory.class.getProtectionDomain().getCodeSource();
            return source == null || source.getLocation() == null ? "" : " (in " + source.getLocation() + ")";
        } catch (SecurityException e) {
            return "";
        }
    }
}
