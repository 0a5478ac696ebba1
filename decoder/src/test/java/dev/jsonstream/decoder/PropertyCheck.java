package dev.jsonstream.decoder;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A small property-test runner: a case generator driven by a seeded {@link Random}, a check, and greedy shrinking
 * over candidate simplifications so that a failure is reported on a small case. (In place of jqwik: from 1.10 on
 * its maintainer asks that it not be used by AI coding agents, and these tests were written by one; see
 * {@link DecoderProperties}.)
 *
 * <p>Seeds: each run picks a fresh base seed, so that CI keeps exploring; a failure names the base seed and the
 * try, and {@code -Djsonstream.seed=<seed>} replays exactly that run. {@code -Djsonstream.triesFactor=<n>}
 * multiplies the tries.
 */
final class PropertyCheck {
    /** The system property that fixes the base seed. */
    static final String SEED_PROPERTY = "jsonstream.seed";
    /** The system property that multiplies every property's tries, for a longer search than CI's. */
    static final String TRIES_FACTOR_PROPERTY = "jsonstream.triesFactor";
    /** Shrinking stops after this many evaluations of candidates, or this long, so that a slow failure ends. */
    private static final int MAX_SHRINK_STEPS = 3000;
    private static final long MAX_SHRINK_NANOS = 30_000_000_000L;

    private PropertyCheck() {
    }

    /** Makes one case from a random source. */
    interface Generator<T> {
        T next(Random random);
    }

    /** Simpler variants of a case, simplest first; an empty list when it cannot get simpler. */
    interface Shrinker<T> {
        List<T> candidates(T value);
    }

    /**
     * Runs {@code check} over {@code tries} generated cases. On the first failure, shrinks greedily (the first
     * candidate that still fails becomes the case) and throws an AssertionError that shows the original and the
     * shrunk case, the seed and the shrunk case's own failure.
     */
    static <T> void forAll(String property, int tries, Generator<T> generator, Shrinker<T> shrinker,
            Function<T, String> show, Consumer<T> check) {
        long base = Long.getLong(SEED_PROPERTY, new Random().nextLong());
        tries *= Integer.getInteger(TRIES_FACTOR_PROPERTY, 1);
        for (int i = 0; i < tries; i++) {
            long seed = base + i;
            T value = generator.next(new Random(seed));
            Throwable failure = failureOf(check, value);
            if (failure == null) {
                continue;
            }
            T original = value;
            int steps = 0;
            int shrinks = 0;
            long deadline = System.nanoTime() + MAX_SHRINK_NANOS;
            boolean progress = true;
            while (progress && steps < MAX_SHRINK_STEPS) {
                progress = false;
                for (T candidate : shrinker.candidates(value)) {
                    if (++steps > MAX_SHRINK_STEPS || System.nanoTime() > deadline) {
                        break;
                    }
                    Throwable f = failureOf(check, candidate);
                    if (f != null) {
                        value = candidate;
                        failure = f;
                        shrinks++;
                        progress = true;
                        break;
                    }
                }
            }
            AssertionError error = new AssertionError(property + " falsified at try " + (i + 1) + " of " + tries
                    + " (rerun with -D" + SEED_PROPERTY + "=" + base + ")\n"
                    + "shrunk (" + shrinks + " steps) to:\n  " + show.apply(value) + "\n"
                    + "because: " + failure + "\n"
                    + "original:\n  " + show.apply(original), failure);
            throw error;
        }
    }

    private static <T> Throwable failureOf(Consumer<T> check, T value) {
        try {
            check.accept(value);
            return null;
        } catch (Throwable t) {
            if (t instanceof VirtualMachineError && !(t instanceof StackOverflowError)) {
                throw (VirtualMachineError) t;
            }
            return t;
        }
    }
}
