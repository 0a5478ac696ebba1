package dev.jsonstream.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.Version;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

class JacksonVersionTest {
    private static Version core(int major, int minor, int patch) {
        return new Version(major, minor, patch, null, "com.fasterxml.jackson.core", "jackson-core");
    }

    @Test
    void versionsFromTheMinimumOnAreTaken() {
        assertThat(JacksonVersion.problem(core(2, 22, 1))).isNull();
        assertThat(JacksonVersion.problem(core(2, 22, 3))).isNull();
        assertThat(JacksonVersion.problem(core(2, 23, 0))).isNull();
        assertThat(JacksonVersion.problem(core(2, 30, 0))).isNull();
    }

    @Test
    void anOlderVersionIsNamedWithTheMinimumAndTheFix() {
        assertThat(JacksonVersion.problem(core(2, 22, 0))).contains("2.22.0 was found");
        assertThat(JacksonVersion.problem(core(2, 17, 2)))
                .startsWith("jsonstream needs jackson-core 2.22.1 or later, but 2.17.2 was found")
                .contains("import com.fasterxml.jackson:jackson-bom:2.23.0")
                .contains("implementation(platform(\"com.fasterxml.jackson:jackson-bom:2.23.0\"))");
    }

    /**
     * The decoder's classes beside a real jackson-core 2.17.2 (as jackson-databind 2.17.2 brings it in), in a class
     * loader of their own: the first config fails with the check's message, not a NoSuchMethodError. The same
     * loader over today's jackson-core makes configs, so the difference is the version alone.
     */
    @Test
    void theFirstConfigBesideAnOldJacksonCoreSaysWhatToDo() throws Exception {
        Path old = Paths.get(System.getProperty("oldJacksonCore", "target/old-jackson/jackson-core-2.17.2.jar"));
        assertThat(old).as("copied by the build (maven-dependency-plugin)").exists();
        Path classes = Paths.get(DecoderConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path current = Paths.get(JsonFactory.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        assertThat(Files.isSameFile(old, current)).isFalse();

        assertThat(firstConfig(classes, current, "defaults")).isNull();
        assertThat(firstConfig(classes, current, "builder")).isNull();

        for (String route : new String[] {"defaults", "builder"}) {
            Throwable failure = firstConfig(classes, old, route);
            assertThat(failure).as(route).isInstanceOf(IllegalStateException.class);
            assertThat(failure.getMessage()).as(route)
                    .startsWith("jsonstream needs jackson-core 2.22.1 or later, but 2.17.2 was found (in ")
                    .contains("jackson-core-2.17.2.jar")
                    .contains("jackson-bom:2.23.0");
        }
    }

    /** Makes a config in a fresh loader over the decoder and the given jackson-core; returns what it threw. */
    private static Throwable firstConfig(Path decoderClasses, Path jacksonCore, String route) throws Exception {
        URL[] urls = {decoderClasses.toUri().toURL(), jacksonCore.toUri().toURL()};
        try (URLClassLoader loader = new URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Class<?> config = loader.loadClass(DecoderConfig.class.getName());
            try {
                if (route.equals("defaults")) {
                    config.getMethod("defaults").invoke(null);
                } else {
                    Object builder = config.getMethod("builder").invoke(null);
                    builder.getClass().getMethod("build").invoke(builder);
                }
                return null;
            } catch (InvocationTargetException e) {
                return e.getCause();
            }
        }
    }
}
