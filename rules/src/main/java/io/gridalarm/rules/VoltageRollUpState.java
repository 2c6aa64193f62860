package io.gridalarm.rules;

import io.gridalarm.model.Recipient;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What one location remembers about its voltage excursions between records: meter voltage alarms held back until
 * their neighbours' are in (on the clock of the input that raised them), meter alarms sent alone, and open alarms of
 * assets out of range as a whole with their meters' alarms. Null (no state) when nothing is out of range.
 */
public record VoltageRollUpState(List<Held> held, List<MeterAlarm> alone, List<AssetExcursion> groups) {

    public VoltageRollUpState {
        held = List.copyOf(held);
        alone = List.copyOf(alone);
        groups = List.copyOf(groups);
    }

    /** A meter's raised voltage alarm waiting for its neighbours', on the clock of the input that raised it. */
    public record Held(MeterAlarm excursion, VoltageRollUp.Clock clock) {
    }

    /**
     * An open alarm of an asset ({@code level}, {@code assetId}) out of range as a whole: the meters' alarms of one
     * kind it stands for ({@code members}, raised and not yet cleared), and every meter it has covered
     * ({@code meterIds}, sorted).
     */
    public record AssetExcursion(String kind, ScopeLevel level, String assetId, String alarmId, String rule,
                                 Severity severity, Instant startTime, List<Recipient> recipients,
                                 List<MeterAlarm> members, List<String> meterIds) {

        public AssetExcursion {
            recipients = List.copyOf(recipients);
            members = List.copyOf(members);
            meterIds = List.copyOf(meterIds);
        }

        /** This alarm with one more meter alarm. */
        AssetExcursion joined(MeterAlarm member) {
            List<MeterAlarm> more = new ArrayList<>(members);
            more.add(member);
            TreeSet<String> meters = new TreeSet<>(meterIds);
            meters.add(member.meterId());
            return new AssetExcursion(kind, level, assetId, alarmId, rule, severity, startTime, recipients, more,
                    List.copyOf(meters));
        }

        /** This alarm without a meter alarm that cleared. */
        AssetExcursion without(MeterAlarm member) {
            List<MeterAlarm> fewer = new ArrayList<>(members);
            fewer.removeIf(m -> m.alarm().alarmId().equals(member.alarm().alarmId()));
            return new AssetExcursion(kind, level, assetId, alarmId, rule, severity, startTime, recipients, fewer,
                    meterIds);
        }

        /** True when the meter alarm is one of this asset's. */
        boolean covers(String meterAlarmId) {
            return members.stream().anyMatch(m -> m.alarm().alarmId().equals(meterAlarmId));
        }
    }

    /** The state after a step, or null when nothing is left to remember. */
    static VoltageRollUpState of(List<Held> held, List<MeterAlarm> alone, List<AssetExcursion> groups) {
        return held.isEmpty() && alone.isEmpty() && groups.isEmpty() ? null
                : new VoltageRollUpState(held, alone, groups);
    }
}
