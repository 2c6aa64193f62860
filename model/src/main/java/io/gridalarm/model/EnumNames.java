package io.gridalarm.model;

/** Finds an enum constant by its name as a file writes it: in any case, spaces around it ignored. */
final class EnumNames {

    private EnumNames() {
    }

    /** The constant of {@code values} the text names, or null when it names none (or is null). */
    static <E extends Enum<E>> E parse(E[] values, String text) {
        if (text == null) {
            return null;
        }
        String name = text.trim();
        for (E value : values) {
            if (value.name().equalsIgnoreCase(name)) {
                return value;
            }
        }
        return null;
    }
}
