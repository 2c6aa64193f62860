package io.gridalarm.model;

import java.util.Objects;

/** Either a usable value or the rejection that explains why there is none. */
public final class Checked<T> {

    private final T value;
    private final Rejection rejection;

    private Checked(T value, Rejection rejection) {
        this.value = value;
        this.rejection = rejection;
    }

    public static <T> Checked<T> ok(T value) {
        return new Checked<>(Objects.requireNonNull(value, "value"), null);
    }

    public static <T> Checked<T> rejected(RejectReason reason, String message) {
        return new Checked<>(null, new Rejection(reason, message));
    }

    public static <T> Checked<T> rejected(Rejection rejection) {
        return new Checked<>(null, Objects.requireNonNull(rejection, "rejection"));
    }

    public boolean isOk() {
        return rejection == null;
    }

    /** The value; only when {@link #isOk()}. */
    public T value() {
        if (rejection != null) {
            throw new IllegalStateException("No value: " + rejection.message());
        }
        return value;
    }

    /** The rejection; only when not {@link #isOk()}. */
    public Rejection rejection() {
        if (rejection == null) {
            throw new IllegalStateException("The value was accepted; there is no rejection.");
        }
        return rejection;
    }

    @Override
    public String toString() {
        return isOk() ? "ok(" + value + ")" : "rejected(" + rejection + ")";
    }
}
