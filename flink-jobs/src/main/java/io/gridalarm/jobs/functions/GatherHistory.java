package io.gridalarm.jobs.functions;

import io.gridalarm.model.InputException;
import io.gridalarm.model.MeterHistory;
import org.apache.flink.api.common.functions.ReduceFunction;

/**
 * Gathers a meter's rows of a registry file into its history, refusing the file, by name, when two of the meter's
 * rows are valid from the same instant (nothing else sees the meter's rows together: the file is never held whole).
 */
public final class GatherHistory implements ReduceFunction<MeterHistory> {

    private static final long serialVersionUID = 1L;

    private final String file;

    public GatherHistory(String file) {
        this.file = file;
    }

    @Override
    public MeterHistory reduce(MeterHistory gathered, MeterHistory more) throws InputException {
        try {
            return gathered.with(more);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
    }
}
