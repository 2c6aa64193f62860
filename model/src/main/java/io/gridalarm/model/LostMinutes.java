package io.gridalarm.model;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Customer minutes lost as the regulator counts them, from the exact seconds each customer was off: a decimal to
 * the hundredth of a minute, never floored per customer (17 meters off 39.9 minutes are 678.3 minutes, not 663).
 */
public final class LostMinutes {

    private LostMinutes() {
    }

    /** The seconds lost as minutes, to two decimals. */
    public static double of(long seconds) {
        return BigDecimal.valueOf(seconds).divide(BigDecimal.valueOf(60), 2, RoundingMode.HALF_UP).doubleValue();
    }
}
