package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmIds;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.Scope;
import io.gridalarm.model.Severity;
import io.gridalarm.rules.fact.AlertFact;
import io.gridalarm.rules.fact.OpenAlarm;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.runtime.rule.RuleContext;

/**
 * The global {@code alarms} through which rules emit alarms, so that rule tests need no Flink. Stateful alarms
 * are opened and closed here: in DRL, opening inserts an {@link OpenAlarm} fact and closing deletes it, and the
 * caller reads the open alarms back as the meter's state.
 */
public final class AlarmCollector {

    private final String ruleSetId;
    private final List<AlarmDraft> drafts = new ArrayList<>();
    private Consumer<FactHandle> insertListener = handle -> { };

    public AlarmCollector(String ruleSetId) {
        this.ruleSetId = ruleSetId;
    }

    /** Raises a one-off alarm about a meter (an event that needs no clearing). */
    public AlarmDraft raise(RuleContext context, String kind, Severity severity, RegistryRow meter, Instant start,
                            Instant time) {
        return raise(context.getRule().getName(), kind, severity, meter, start, time);
    }

    /** Raises an alarm that stays open under {@code key} until a rule closes it. */
    public AlarmDraft open(RuleContext context, String key, String kind, Severity severity, RegistryRow meter,
                           Instant start, Instant time) {
        String rule = context.getRule().getName();
        insertListener.accept(context.getKieRuntime().insert(openAlarm(key, rule, kind, severity, meter, start)));
        return raise(rule, kind, severity, meter, start, time);
    }

    /** Clears an open alarm, keeping the id, rule, kind and start it was raised with. */
    public AlarmDraft close(RuleContext context, OpenAlarm open, RegistryRow meter, Instant time) {
        FactHandle handle = context.getKieRuntime().getFactHandle(open);
        if (handle != null) {
            context.getKieRuntime().delete(handle);
        }
        return close(context.getRule().getName(), open, meter, time);
    }

    /** Raises a one-off alarm about an alert, with its code, description and event id as details. */
    public AlarmDraft raise(RuleContext context, String kind, Severity severity, AlertFact alert) {
        return aboutAlert(raise(context, kind, severity, alert.meter(), alert.time(), alert.time()), alert);
    }

    /** Raises an alarm about an alert that stays open under {@code key}, with the alert's details. */
    public AlarmDraft open(RuleContext context, String key, String kind, Severity severity, AlertFact alert) {
        return aboutAlert(open(context, key, kind, severity, alert.meter(), alert.time(), alert.time()), alert);
    }

    /** Clears an open alarm because of an alert, with the alert's details. */
    public AlarmDraft close(RuleContext context, OpenAlarm open, AlertFact alert) {
        return aboutAlert(close(context, open, alert.meter(), alert.time()), alert);
    }

    private static AlarmDraft aboutAlert(AlarmDraft draft, AlertFact alert) {
        return draft.detail("code", alert.code())
                .detail("description", alert.description())
                .detail("eventId", alert.event().eventId());
    }

    /** Raises an alarm on behalf of the named rule (for rules written in Java). */
    public AlarmDraft raise(String rule, String kind, Severity severity, RegistryRow meter, Instant start,
                            Instant time) {
        Scope scope = Scope.meter(meter.meterId());
        return add(new AlarmDraft(AlarmIds.of(rule, scope, start), rule, kind, severity, AlarmStatus.RAISED, scope,
                meter, start, time));
    }

    /** The open-alarm record for an alarm the named rule raises now. */
    public static OpenAlarm openAlarm(String key, String rule, String kind, Severity severity, RegistryRow meter,
                                      Instant start) {
        Scope scope = Scope.meter(meter.meterId());
        return new OpenAlarm(key, AlarmIds.of(rule, scope, start), rule, kind, severity, scope, start);
    }

    /** Clears an open alarm on behalf of the named clearing rule (for rules written in Java). */
    public AlarmDraft close(String clearingRule, OpenAlarm open, RegistryRow meter, Instant time) {
        return add(new AlarmDraft(open.alarmId(), open.rule(), open.kind(), open.severity(), AlarmStatus.CLEARED,
                open.scope(), meter, open.startTime(), time)
                .detail("clearedBy", clearingRule)
                .detail("durationMinutes", Duration.between(open.startTime(), time).toMinutes()));
    }

    /** Tells the owner of the session about each fact the collector inserts, so it can remove them later. */
    void onInsert(Consumer<FactHandle> listener) {
        this.insertListener = listener;
    }

    private AlarmDraft add(AlarmDraft draft) {
        drafts.add(draft);
        return draft;
    }

    /** The alarms emitted since the last call, in firing order; the collector is empty afterwards. */
    public List<Alarm> drain() {
        return drainAll().alarms();
    }

    /** What the rules emitted since the last call: every alarm in firing order, and those for the roll-ups. */
    public record Drained(List<Alarm> alarms, List<MeterAlarm> outages, List<MeterAlarm> excursions) {
    }

    /** Everything emitted since the last call; the collector is empty afterwards. */
    Drained drainAll() {
        List<Alarm> alarms = new ArrayList<>(drafts.size());
        List<MeterAlarm> outages = new ArrayList<>(0);
        List<MeterAlarm> excursions = new ArrayList<>(0);
        for (AlarmDraft draft : drafts) {
            Alarm alarm = draft.toAlarm(ruleSetId);
            alarms.add(alarm);
            switch (draft.rollsUp()) {
                case OUTAGE -> outages.add(MeterAlarm.of(alarm, draft.meter()));
                case VOLTAGE -> excursions.add(MeterAlarm.of(alarm, draft.meter()));
                case NONE -> {
                    // Sent as the rules made it.
                }
            }
        }
        drafts.clear();
        return new Drained(alarms, outages, excursions);
    }

    public String ruleSetId() {
        return ruleSetId;
    }
}
