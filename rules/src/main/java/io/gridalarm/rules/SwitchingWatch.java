package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmIds;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.PathStep;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.Scope;
import io.gridalarm.model.ScopeLevel;
import io.gridalarm.model.SwitchPosition;
import io.gridalarm.rules.fact.SwitchingSpread;
import io.gridalarm.rules.fact.SwitchingVerdict;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The switching risk of one network location: each meter switched off or on again (by a command or its load
 * limiter) is counted, with those switched the same way within the window, on every asset above it; the rules
 * decide which assets that puts at risk ({@link MeterRules#classifySwitching}) and the highest of them is one
 * {@code SWITCHING_RISK} to its network operator, not raised again for that asset and way until a window has passed
 * without a further verdict.
 */
public final class SwitchingWatch {

    static final String KIND = "SWITCHING_RISK";

    private final MeterRules rules;
    private final NetworkView network;
    private final Duration window;

    /** What a switch did: the state to keep (null: none) and the alarms raised. */
    public record Step(SwitchingState state, List<Alarm> alarms) {
    }

    public SwitchingWatch(MeterRules rules, Thresholds thresholds, NetworkView network) {
        this.rules = rules;
        this.network = network;
        this.window = thresholds.switchingWindow();
    }

    /** A meter was switched; {@code state} is the location's (null: nothing remembered). */
    public Step switched(SwitchingState state, SwitchingState.Switched meter) {
        long now = meter.time();
        List<SwitchingState.Switched> recent = new ArrayList<>();
        List<SwitchingState.Raised> raised = new ArrayList<>();
        if (state != null) {
            SwitchingState kept = expired(state, now);
            for (SwitchingState.Switched s : kept.recent()) {
                if (!(s.meterId().equals(meter.meterId()) && s.position() == meter.position())) {
                    recent.add(s);
                }
            }
            raised.addAll(kept.raised());
        }
        recent.add(meter);
        AssetTally tally = new AssetTally();
        for (SwitchingState.Switched s : recent) {
            if (s.position() == meter.position()) {
                tally.add(s.path());
            }
        }
        Set<String> onItsWay = new TreeSet<>();
        meter.path().steps().forEach(step -> onItsWay.add(step.assetId()));
        List<SwitchingSpread> spreads = new ArrayList<>();
        tally.byAsset().forEach((assetId, below) -> {
            if (onItsWay.contains(assetId)) {
                spreads.add(new SwitchingSpread(assetId, below.kind(), below.parentId(), meter.position(),
                        network.meters(assetId), below.meters(), window.toMinutes()));
            }
        });
        List<Alarm> alarms = new ArrayList<>();
        for (SwitchingVerdict verdict : AssetTally.highest(rules.classifySwitching(spreads))) {
            int known = find(raised, verdict.assetId(), verdict.position());
            if (known < 0) {
                alarms.add(alarm(verdict, recent, now));
            } else {
                raised.remove(known);
            }
            raised.add(new SwitchingState.Raised(verdict.assetId(), verdict.position(), now + window.toMillis()));
        }
        return new Step(SwitchingState.of(recent, raised), alarms);
    }

    /** The state with what has left the window by {@code now} gone (null: nothing left). */
    public SwitchingState expire(SwitchingState state, long now) {
        if (state == null) {
            return null;
        }
        SwitchingState kept = expired(state, now);
        return SwitchingState.of(kept.recent(), kept.raised());
    }

    /** When something of the state next leaves the window, or null. */
    public Long nextExpiry(SwitchingState state) {
        Long next = null;
        if (state != null) {
            for (SwitchingState.Switched s : state.recent()) {
                next = next == null ? s.time() + window.toMillis() : Math.min(next, s.time() + window.toMillis());
            }
            for (SwitchingState.Raised r : state.raised()) {
                next = next == null ? r.until() : Math.min(next, r.until());
            }
        }
        return next;
    }

    private SwitchingState expired(SwitchingState state, long now) {
        long span = window.toMillis();
        return new SwitchingState(state.recent().stream().filter(s -> s.time() + span > now).toList(),
                state.raised().stream().filter(r -> r.until() > now).toList());
    }

    private static int find(List<SwitchingState.Raised> raised, String assetId, SwitchPosition position) {
        for (int i = 0; i < raised.size(); i++) {
            if (raised.get(i).assetId().equals(assetId) && raised.get(i).position() == position) {
                return i;
            }
        }
        return -1;
    }

    private Alarm alarm(SwitchingVerdict verdict, List<SwitchingState.Switched> recent, long now) {
        List<SwitchingState.Switched> below = recent.stream().filter(s -> s.position() == verdict.position()
                && s.path().steps().stream().map(PathStep::assetId).anyMatch(verdict.assetId()::equals)).toList();
        Instant start = Instant.ofEpochMilli(below.stream().mapToLong(SwitchingState.Switched::time).min()
                .orElse(now));
        Scope scope = new Scope(ScopeLevel.of(verdict.kind()), verdict.assetId());
        List<String> meters = below.stream().map(SwitchingState.Switched::meterId).distinct().sorted().toList();
        List<Recipient> operators = below.stream().map(s -> Recipient.networkOperator(s.networkOperator()))
                .distinct().sorted().toList();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("switchedTo", verdict.position().name());
        details.put("assetKind", verdict.kind().name());
        details.put("metersSwitched", meters.size());
        details.put("assetMeters", network.meters(verdict.assetId()));
        details.put("windowMinutes", window.toMinutes());
        return Alarm.builder().alarmId(AlarmIds.of(verdict.rule(), scope, start))
                .kind(KIND, verdict.severity()).emission(AlarmStatus.RAISED, Instant.ofEpochMilli(now))
                .startTime(start).about(scope, meters).raisedBy(verdict.rule(), rules.ruleSetId())
                .recipients(operators).details(details).build();
    }
}
