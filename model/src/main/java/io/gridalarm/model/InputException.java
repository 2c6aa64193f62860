package io.gridalarm.model;

/** An input file (registry, rule set, flag value) that cannot be used; the message names file, line and reason. */
public class InputException extends Exception {

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
