package io.gridalarm.rules;

import io.gridalarm.model.InputException;
import java.util.List;

/** A rule set that cannot be used; each problem reads {@code file:line: reason}. */
public class RuleSetException extends InputException {

    private final List<String> problems;

    public RuleSetException(List<String> problems) {
        super("The rule set is refused:\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    /** Each problem as {@code file:line: reason}. */
    public List<String> problems() {
        return problems;
    }
}
