package io.gridalarm.jobs;

import io.gridalarm.model.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** The checks replay and live settings share, each refusing a bad value with a sentence that names it. */
final class SettingsChecks {

    private SettingsChecks() {
    }

    static Path readableFile(Path file, String what) {
        if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new IllegalArgumentException("The " + what + " file " + file + " does not exist or cannot be read.");
        }
        return file;
    }

    static Path ruleSetFolder(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IllegalArgumentException("The rule set " + dir + " is not a folder; give a version folder "
                    + "such as rules/gb-default/1.0.0.");
        }
        return dir;
    }

    /** At build time: the rule set in use (the default one unless --rules was given) must be there. */
    static Path ruleSetPresent(Path ruleSet) {
        if (ruleSet == null || !Files.isDirectory(ruleSet)) {
            throw new IllegalArgumentException("The default rule set " + ruleSet + " is missing; give --rules.");
        }
        return ruleSet;
    }

    static int parallelism(int value) {
        if (value < 1 || value > 256) {
            throw new IllegalArgumentException("Parallelism must be between 1 and 256, not " + value + ".");
        }
        return value;
    }

    /** The duration, unless it is missing or negative. */
    static Duration notNegative(Duration value, String what) {
        if (value == null || value.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, not " + value + ".");
        }
        return value;
    }

    static Duration quietPeriod(Duration value) {
        if (value == null || value.toMillis() < 100) {
            throw new IllegalArgumentException("The quiet period must be at least 100 ms, not " + value + ".");
        }
        return value;
    }

    static Duration readsLateness(Duration value) {
        if (value == null || value.isNegative() || value.compareTo(Duration.ofDays(366)) > 0) {
            throw new IllegalArgumentException("How late reads may arrive must be between 0 and 366 days, not "
                    + value + ".");
        }
        return value;
    }

    static Duration duplicateHorizon(Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("The duplicate horizon must be positive, not " + value + ".");
        }
        return value;
    }

    /** What a file reader makes of a file, or the reader's refusal. */
    @FunctionalInterface
    interface FileReader<T> {
        T read(Path file) throws InputException;
    }

    /** The file read, or a setting error with the reader's sentence (file and reason). */
    static <T> T read(Path file, FileReader<T> reader) {
        try {
            return reader.read(file);
        } catch (InputException e) {
            throw new IllegalArgumentException(e.getMessage() + ".");
        }
    }
}
