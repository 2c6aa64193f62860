package io.gridalarm.model;

/** The fuel a meter measures. */
public enum Fuel {
    ELECTRICITY,
    GAS;

    /** Parses a fuel name in any case, or returns null when the text names no fuel. */
    public static Fuel parse(String text) {
        return EnumNames.parse(values(), text);
    }
}
