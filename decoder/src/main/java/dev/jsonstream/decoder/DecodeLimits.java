package dev.jsonstream.decoder;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * The values of every {@link Limit}, immutable and shareable. {@code Long.MAX_VALUE} means unlimited.
 *
 * <pre>{@code
 * DecodeLimits limits = DecodeLimits.defaults().with(Limit.MAX_INPUT_BYTES, 10 << 20).with(Limit.MAX_DEPTH, 64);
 * }</pre>
 */
public final class DecodeLimits {
    private static final DecodeLimits DEFAULTS = new DecodeLimits(defaultValues());

    private final long[] values; // indexed by Limit.ordinal(); never written after construction

    private DecodeLimits(long[] values) {
        this.values = values;
    }

    private static long[] defaultValues() {
        long[] v = new long[Limit.values().length];
        for (Limit l : Limit.values()) {
            v[l.ordinal()] = l.defaultValue();
        }
        return v;
    }

    /**
     * Every limit at its documented default.
     *
     * @return the same shared instance on every call
     */
    public static DecodeLimits defaults() {
        return DEFAULTS;
    }

    /**
     * A copy with one limit changed.
     *
     * @param limit the limit to set; not null
     * @param value in the limit's {@link Limit#unit() unit}, at least 1; {@code Long.MAX_VALUE} is unlimited. The
     *     depth, the length limits and {@link Limit#MAX_CAPTURE_BYTES} must be below {@code Integer.MAX_VALUE}
     * @return a new instance; this one is unchanged
     * @throws IllegalArgumentException if {@code value} is out of that range
     */
    public DecodeLimits with(Limit limit, long value) {
        Objects.requireNonNull(limit, "limit");
        if (value < 1) {
            throw new IllegalArgumentException(limit.configName() + " must be at least 1, was " + value);
        }
        if (limit != Limit.MAX_INPUT_BYTES && limit != Limit.MAX_TOKENS && limit != Limit.MAX_ROOT_VALUES
                && limit != Limit.MAX_CAPTURE_TOKENS && value > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException(limit.configName() + " must be at most " + (Integer.MAX_VALUE - 1)
                    + ", was " + value);
        }
        long[] v = values.clone();
        v[limit.ordinal()] = value;
        return new DecodeLimits(v);
    }

    /**
     * The value of one limit.
     *
     * @param limit the limit asked for; not null
     * @return the value in the limit's {@link Limit#unit() unit}; {@code Long.MAX_VALUE} when unlimited
     */
    public long get(Limit limit) {
        return values[limit.ordinal()];
    }

    /**
     * All values, in declaration order of {@link Limit}.
     *
     * @return a new map on each call, with every limit; changing it changes nothing here
     */
    public Map<Limit, Long> asMap() {
        Map<Limit, Long> m = new EnumMap<>(Limit.class);
        for (Limit l : Limit.values()) {
            m.put(l, values[l.ordinal()]);
        }
        return m;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecodeLimits && java.util.Arrays.equals(values, ((DecodeLimits) o).values);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("DecodeLimits{");
        for (Limit l : Limit.values()) {
            long v = values[l.ordinal()];
            sb.append(l.configName()).append('=').append(v == Long.MAX_VALUE ? "unlimited" : Long.toString(v));
            sb.append(l.ordinal() + 1 < values.length ? ", " : "}");
        }
        return sb.toString();
    }
}
