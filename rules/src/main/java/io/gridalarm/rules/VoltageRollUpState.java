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
     * kind it stands for ({@code members}, raised and not yet cleared), every meter it has covered ({@code meterIds},
     * sorted), the clock its meters' alarms came on ({@code clock}; null in state kept before it was recorded), and
     * since when meters have left it without an UPDATED saying so ({@code shrunkSince}; null when none has).
     */
    public record AssetExcursion(String kind, ScopeLevel level, String assetId, String alarmId, String rule,
                                 Severity severity, Instant startTime, List<Recipient> recipients,
                                 List<MeterAlarm> members, List<String> meterIds, VoltageRollUp.Clock clock,
                                 Instant shrunkSince) {

        public AssetExcursion {
            recipients = List.copyOf(recipients);
            members = List.copyOf(members);
            meterIds = List.copyOf(meterIds);
        }

        /** This alarm with one more meter alarm (the UPDATED that says so also says who has left). */
        AssetExcursion joined(MeterAlarm member) {
            List<MeterAlarm> more = new ArrayList<>(members);
            more.add(member);
            TreeSet<String> meters = new TreeSet<>(meterIds);
            meters.add(member.meterId());
            return new AssetExcursion(kind, level, assetId, alarmId, rule, severity, startTime, recipients, more,
                    List.copyOf(meters), clock, null);
        }

        /** This alarm without a meter alarm that cleared at the instant. */
        AssetExcursion without(MeterAlarm member, Instant at) {
            List<MeterAlarm> fewer = new ArrayList<>(members);
            fewer.removeIf(m -> m.alarm().alarmId().equals(member.alarm().alarmId()));
            return new AssetExcursion(kind, level, assetId, alarmId, rule, severity, startTime, recipients, fewer,
                    meterIds, clock, shrunkSince == null ? at : shrunkSince);
        }

        /** This alarm once an UPDATED has said who has left. */
        AssetExcursion shrinkSent() {
            return new AssetExcursion(kind, level, assetId, alarmId, rule, severity, startTime, recipients, members,
                    meterIds, clock, null);
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
