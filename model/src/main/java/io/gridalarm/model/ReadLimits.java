package io.gridalarm.model;

import java.io.Serializable;
import java.util.Locale;

/**
 * The most power a supply can physically deliver, by fuel, in kW (null: no limit): a read claiming more energy in
 * its interval is implausible, most often a register that wrapped around (SMETS2 exports with about 65.5 kWh in
 * one half hour).
 */
public record ReadLimits(Double electricityKw, Double gasKw) implements Serializable {

    /** No limit for either fuel. */
    public static final ReadLimits NONE = new ReadLimits(null, null);

    public ReadLimits {
        for (Double kw : new Double[] {electricityKw, gasKw}) {
            if (kw != null && (!Double.isFinite(kw) || kw <= 0)) {
                throw new IllegalArgumentException("A supply's power limit must be a positive number of kW, not "
                        + kw + ".");
            }
        }
    }

    /** Why the energy is beyond what the supply could deliver in the interval, or null when it is not. */
    String beyond(String field, double kwh, Fuel fuel, int minutes) {
        Double kw = fuel == Fuel.GAS ? gasKw : electricityKw;
        if (kw == null) {
            return null;
        }
        double limit = kw * minutes / 60.0;
        String supply = fuel == Fuel.GAS ? "a gas" : "an electricity";
        return kwh <= limit ? null : String.format(Locale.ROOT, "%s %s kWh in %d minutes is beyond the %s kWh that %s "
                + "supply of at most %s kW can deliver", field, kwh, minutes, limit, supply, kw);
    }
}
