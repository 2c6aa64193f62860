package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.Scope;
import io.gridalarm.model.ServiceRequest;
import io.gridalarm.model.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An alarm a rule is building: the rule states its recipients and details in fluent calls, and the collector
 * turns it into an {@link Alarm} once the rules have fired.
 */
public final class AlarmDraft {

    private final String alarmId;
    private final String rule;
    private final String kind;
    private final Severity severity;
    private final AlarmStatus status;
    private final Scope scope;
    private final RegistryRow meter;
    private final Instant startTime;
    private final Instant time;
    private final List<Recipient> recipients = new ArrayList<>();
    private final Map<String, Object> details = new LinkedHashMap<>();
    private RollUp rollUp = RollUp.NONE;

    /** Which roll-up, if any, the rules handed the alarm to. */
    enum RollUp { NONE, OUTAGE, VOLTAGE }

    AlarmDraft(String alarmId, String rule, String kind, Severity severity, AlarmStatus status, Scope scope,
               RegistryRow meter, Instant startTime, Instant time) {
        this.alarmId = Objects.requireNonNull(alarmId);
        this.rule = Objects.requireNonNull(rule);
        this.kind = requireKind(kind);
        this.severity = Objects.requireNonNull(severity, "A rule must give an alarm a severity.");
        this.status = status;
        this.scope = scope;
        this.meter = Objects.requireNonNull(meter, "A rule must name the meter an alarm is about.");
        this.startTime = Objects.requireNonNull(startTime, "A rule must give an alarm its start time.");
        this.time = Objects.requireNonNull(time, "A rule must give an alarm the time of its emission.");
    }

    private static String requireKind(String kind) {
        if (kind == null || !kind.matches("[A-Z][A-Z0-9_]*")) {
            throw new IllegalArgumentException("An alarm kind must be UPPER_SNAKE_CASE, not '" + kind + "'.");
        }
        return kind;
    }

    /** Addresses the alarm to the network operator (DNO or GDN) the registry names for the meter. */
    public AlarmDraft toNetworkOperator() {
        recipients.add(Recipient.networkOperator(meter.networkOperator()));
        return this;
    }

    /** Addresses the alarm to the supplier the registry names for the meter at the record's time. */
    public AlarmDraft toSupplier() {
        recipients.add(Recipient.supplier(meter.supplier()));
        return this;
    }

    /**
     * Addresses the alarm to the party that sent the request, as its role says: a supplier's user, or a network
     * operator's; access control removes it if that party is not entitled to the meter.
     */
    public AlarmDraft toRequester(ServiceRequest request) {
        recipients.add(Recipient.ofUser(request.user(), request.role()));
        return this;
    }

    /** Adds the request's id, service, user and schedule as details (nothing for null: no request is known). */
    public AlarmDraft aboutCommand(ServiceRequest request) {
        if (request != null) {
            detail("requestId", request.requestId());
            detail("service", request.service().reference());
            detail("user", request.user());
            detail("scheduledFor", request.scheduledFor() == null ? null : request.scheduledFor().toString());
        }
        return this;
    }

    /** Addresses the alarm to a named party; access control removes it if that party is not entitled. */
    public AlarmDraft to(Recipient recipient) {
        recipients.add(Objects.requireNonNull(recipient));
        return this;
    }

    /** Adds a detail (a value, a threshold crossed, a duration); null values are left out. */
    public AlarmDraft detail(String name, Object value) {
        if (value != null) {
            details.put(name, value);
        }
        return this;
    }

    /**
     * Hands this meter outage alarm (raised or cleared) to the outage roll-up instead of sending it: it goes out
     * alone, or as part of a feeder or substation outage, as the roll-up rules decide.
     */
    public AlarmDraft rollUp() {
        rollUp = RollUp.OUTAGE;
        return this;
    }

    /**
     * Hands this meter voltage alarm (raised or cleared) to the voltage roll-up instead of sending it: it goes out
     * alone, or as part of one alarm of an LV feeder or substation out of range as a whole, as the rules decide.
     */
    public AlarmDraft rollUpVoltage() {
        rollUp = RollUp.VOLTAGE;
        return this;
    }

    RollUp rollsUp() {
        return rollUp;
    }

    RegistryRow meter() {
        return meter;
    }

    Alarm toAlarm(String ruleSetId) {
        return Alarm.builder().alarmId(alarmId).kind(kind, severity).emission(status, time).startTime(startTime)
                .about(scope, List.of(meter.meterId())).raisedBy(rule, ruleSetId).recipients(recipients)
                .details(details).build();
    }
}
