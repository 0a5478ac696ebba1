package dev.jsonstream.decoder;

import java.util.zip.DataFormatException;

/**
 * A compressed body that inflates past one of its {@link Inflation}'s bomb limits: which limit, and its value. A
 * {@link DataFormatException}, so that code that already gives up on a corrupt body gives up on a bomb too; a caller
 * that answers differently (an HTTP 413 rather than a 400) catches this first.
 */
public final class InflationLimitException extends DataFormatException {
    private static final long serialVersionUID = 1L;

    /** {@link #limitName()} of the limit on the inflated size. */
    static final String MAX_INFLATED_BYTES = "maxInflatedBytes";
    /** {@link #limitName()} of the limit on inflated bytes per compressed byte. */
    static final String MAX_INFLATION_RATIO = "maxInflationRatio";

    /** Which limit: one of the two names above. */
    private final String limitName;
    /** The limit's value, as given to {@link Inflation#forEncoding}. */
    private final long limitValue;

    InflationLimitException(String message, String limitName, long limitValue) {
        super(message);
        this.limitName = limitName;
        this.limitValue = limitValue;
    }

    /**
     * The limit the body went past, by the name of the parameter of {@link Inflation#forEncoding} that set it.
     *
     * @return {@code "maxInflatedBytes"} or {@code "maxInflationRatio"}
     */
    public String limitName() {
        return limitName;
    }

    /**
     * The limit's value.
     *
     * @return the most bytes the body could inflate to, or the most inflated bytes per compressed byte
     */
    public long limitValue() {
        return limitValue;
    }
}
