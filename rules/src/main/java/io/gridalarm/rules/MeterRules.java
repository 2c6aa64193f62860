package io.gridalarm.rules;

import io.gridalarm.model.MeterRecord;

/**
 * A rule set ready to evaluate records of one meter at a time: given a record and the meter's state before it,
 * the alarms it raises and the state after it. Implementations are not thread-safe; use one per operator.
 */
public interface MeterRules extends AutoCloseable {

    /** Evaluates one record; {@code state} is null when nothing is remembered about the meter. */
    Evaluation evaluate(MeterRecord record, MeterState state);

    /** {@code name@version} of the rule set, stamped on every alarm. */
    String ruleSetId();

    @Override
    void close();
}
