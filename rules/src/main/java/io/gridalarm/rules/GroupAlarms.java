package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmIds;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.LostMinutes;
import io.gridalarm.model.Scope;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.rules.RollUpState.Group;
import io.gridalarm.rules.RollUpState.Member;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the roll-up's groups become alarms: an asset's outage at each emission (its meters, how many are off and back,
 * the asset's size), a nested outage raised behind it, and the customers interrupted and minutes lost when one clears.
 */
final class GroupAlarms {

    private final String ruleSetId;
    private final NetworkView network;

    GroupAlarms(String ruleSetId, NetworkView network) {
        this.ruleSetId = ruleSetId;
        this.network = network;
    }

    /** The group's outage alarm at an emission, with the extra details given. */
    Alarm of(Group group, AlarmStatus status, Instant time, Map<String, Object> extra) {
        Map<String, Object> details = new LinkedHashMap<>(extra);
        details.put("level", group.level().name());
        details.put("metersOff", (long) group.membersOff());
        details.put("metersBack", (long) group.membersBack());
        if (group.level() == ScopeLevel.FEEDER) {
            details.put("feederMeters", network.meters(group.scopeId()));
        } else if (group.level() == ScopeLevel.SUBSTATION) {
            details.put("substationFeeders", network.children(group.scopeId()));
        } else {
            details.put("assetMeters", network.meters(group.scopeId()));
            details.put("assetChildren", network.children(group.scopeId()));
        }
        if (!group.nestedMeterIds().isEmpty()) {
            details.put("nestedMeters", group.nestedMeterIds());
        }
        List<String> meterIds = group.members().stream().map(Member::meterId).toList();
        return Alarm.builder().alarmId(group.alarmId()).kind(OutageRollUp.KIND, group.severity())
                .emission(status, time).startTime(group.startTime())
                .about(new Scope(group.level(), group.scopeId()), meterIds).meterCount(meterIds.size())
                .raisedBy(group.rule(), ruleSetId).recipients(group.recipients()).details(details).build();
    }

    /** The group's outage cleared at {@code time}, over at {@code end}, with its customers and minutes lost. */
    Alarm cleared(Group group, Instant time, Instant end) {
        return of(group, AlarmStatus.CLEARED, time, lostSupply(group.members(), group.startTime(), end));
    }

    /**
     * The outage of an asset back, cleared at {@code time} without some of its meters: {@code group} holds the meters
     * back (their customers and minutes lost), over at {@code end}; the others are listed as not confirmed back.
     */
    Alarm clearedWithout(Group group, Instant time, Instant end, List<String> notConfirmedBack) {
        Map<String, Object> details = new LinkedHashMap<>(lostSupply(group.members(), group.startTime(), end));
        details.put("notConfirmedBack", notConfirmedBack);
        return of(group, AlarmStatus.CLEARED, time, details);
    }

    /**
     * A nested outage raised behind the group: the meters still off on one LV feeder, as one alarm of that feeder,
     * or of the meter when only one is off.
     */
    Alarm nested(Group parent, String rule, String feederId, List<Member> members, Instant now) {
        Scope scope = members.size() == 1 || members.get(0).feederId() == null
                ? Scope.meter(members.get(0).meterId()) : new Scope(ScopeLevel.FEEDER, feederId);
        Instant start = members.stream().map(Member::start).min(Comparator.naturalOrder()).orElse(now);
        List<String> meterIds = members.stream().map(Member::meterId).sorted().toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("parentAlarmId", parent.alarmId());
        details.put("feederId", members.get(0).feederId());
        details.put("metersOff", (long) members.size());
        return Alarm.builder().alarmId(AlarmIds.of(rule, scope, start))
                .kind(OutageRollUp.NESTED_KIND, parent.severity()).emission(AlarmStatus.RAISED, now).startTime(start)
                .about(scope, meterIds).meterCount(meterIds.size()).raisedBy(rule, ruleSetId)
                .recipients(parent.recipients()).details(details).build();
    }

    /**
     * Customers interrupted and customer minutes lost: each member from its own loss to its own restoration, summed
     * in exact seconds (then as minutes to the hundredth); the outage's end and how long it lasted from its start.
     */
    static Map<String, Object> lostSupply(List<Member> members, Instant start, Instant end) {
        long seconds = 0;
        for (Member member : members) {
            seconds += Duration.between(member.start(), member.restoredAt()).getSeconds();
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("customersInterrupted", members.size());
        details.put("customerMinutesLost", LostMinutes.of(seconds));
        details.put("customerSecondsLost", seconds);
        details.put("endTime", end.toString());
        details.put("durationMinutes", Duration.between(start, end).toMinutes());
        return details;
    }

    /** The raised alarm cleared at the instant, with these details. */
    static Alarm cleared(Alarm raised, Instant time, Map<String, Object> extra) {
        return raised.toBuilder().emission(AlarmStatus.CLEARED, time).details(extra).build();
    }
}
