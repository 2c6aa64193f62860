package io.gridalarm.model;

import java.time.Instant;

/**
 * Matches a parsed input with its meter's registry history: the row valid at the input's time, and what only that
 * row can tell (the meter's fuel against the line's and the alert code's, no voltage from a gas meter, no more
 * energy than the supply could deliver), giving the {@link MeterRecord} the rules see or the reason it is refused.
 */
public final class RegistryMatch {

    private final AlertCodes codes;
    private final ReadLimits limits;

    public RegistryMatch(AlertCodes codes, ReadLimits limits) {
        this.codes = codes;
        this.limits = limits;
    }

    /** The input with its registry row, or why it cannot be used ({@code history}: null when the meter is unknown). */
    public Checked<MeterRecord> match(ParsedInput input, MeterHistory history) {
        String meterId = input.meterId();
        if (history == null || history.isRemoved()) {
            return Checked.rejected(RejectReason.UNKNOWN_METER, "meter " + meterId + " is not in the registry");
        }
        Instant time = input.read() != null ? input.read().start() : input.time();
        RegistryRow row = history.rowAt(time);
        if (row == null) {
            return Checked.rejected(RejectReason.NOT_REGISTERED_AT_TIME, "meter " + meterId
                    + " has no registry row valid at " + time + "; its first row is valid from "
                    + history.rows().get(0).validFrom());
        }
        Fuel claimed = input.event() != null ? input.event().fuel() : input.read() != null ? input.read().fuel() : null;
        if (claimed != null && claimed != row.fuel()) {
            return Checked.rejected(RejectReason.FUEL_MISMATCH, "the line says fuel " + claimed + " but meter "
                    + meterId + " is registered as " + row.fuel());
        }
        Rejection refused = input.event() != null ? eventRefusal(input.event(), row)
                : input.read() != null ? readRefusal(input.read(), row) : null;
        if (refused != null) {
            return Checked.rejected(refused);
        }
        MeterRecord record = input.event() != null ? MeterRecord.of(input.event(), row)
                : input.read() != null ? MeterRecord.of(input.read(), row) : MeterRecord.of(input.service(), row);
        return Checked.ok(input.receivedAt() == null ? record : record.withReceivedAt(input.receivedAt()));
    }

    private Rejection eventRefusal(MeterEvent event, RegistryRow row) {
        AlertCode code = codes.lookup(event.code());
        if (code != null && !code.appliesTo(row.fuel())) {
            return new Rejection(RejectReason.FUEL_MISMATCH, "alert " + code.code() + " (" + code.name()
                    + ") comes only from " + code.fuel() + " meters, but meter " + row.meterId() + " is "
                    + row.fuel());
        }
        return null;
    }

    private Rejection readRefusal(IntervalRead read, RegistryRow row) {
        if (row.fuel() == Fuel.GAS && read.hasVoltage()) {
            return new Rejection(RejectReason.IMPOSSIBLE_VALUE, "meter " + row.meterId()
                    + " is a GAS meter, which reports no voltage");
        }
        String beyond = beyondLimits(read, row);
        return beyond == null ? null : new Rejection(RejectReason.IMPLAUSIBLE_VALUE, beyond);
    }

    /** What limit the read's energy breaks, or null when none. */
    private String beyondLimits(IntervalRead read, RegistryRow row) {
        String beyond = read.importKwh() == null ? null
                : limits.beyond("importKwh", read.importKwh(), row.fuel(), read.minutes());
        if (beyond == null && read.exportKwh() != null) {
            beyond = limits.beyond("exportKwh", read.exportKwh(), row.fuel(), read.minutes());
        }
        return beyond;
    }
}
