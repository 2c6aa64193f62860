package io.gridalarm.jobs.cli;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine;

/** Converts an option's value to one of a fixed set of choices by its name, in any case. */
abstract class NamedChoice<T> implements CommandLine.ITypeConverter<T> {

    private final T[] choices;
    private final Function<T, String> nameOf;
    private final String what;

    /** @param what what a choice is, with its article ("a state backend"), for the error */
    NamedChoice(T[] choices, Function<T, String> nameOf, String what) {
        this.choices = choices.clone();
        this.nameOf = nameOf;
        this.what = what;
    }

    @Override
    public T convert(String value) {
        for (T choice : choices) {
            if (nameOf.apply(choice).equalsIgnoreCase(value)) {
                return choice;
            }
        }
        throw new CommandLine.TypeConversionException("'" + value + "' is not " + what + ": "
                + Arrays.stream(choices).map(nameOf).collect(Collectors.joining(" or ")) + ".");
    }
}
