package io.gridalarm.model;

/**
 * One GBCS alert code from the reference table.
 *
 * @param code normalised code: {@code 0x} and four upper-case hex digits, or {@code AD1}
 * @param name the GBCS description
 * @param category what the alert is about
 * @param fuel the fuel whose meters send it, or null when any meter may
 * @param phase the phase (1-3) the alert names, or null when it names none
 */
public record AlertCode(String code, String name, AlertCategory category, Fuel fuel, Integer phase) {

    /** True when a meter of the given fuel may send this alert. */
    public boolean appliesTo(Fuel meterFuel) {
        return fuel == null || fuel == meterFuel;
    }
}
