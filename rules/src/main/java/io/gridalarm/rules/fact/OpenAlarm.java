package io.gridalarm.rules.fact;

import io.gridalarm.model.Scope;
import io.gridalarm.model.Severity;
import java.time.Instant;

/**
 * An alarm that was raised and not yet cleared, kept in Flink state between records and shown to rules as a
 * fact, so a rule can decide not to raise it twice and another rule can clear it with the same id.
 *
 * @param key what the alarm is about within its scope, unique while open (e.g. {@code VOLTAGE_ALERT/VOLTAGE_HIGH/1})
 */
public record OpenAlarm(String key, String alarmId, String rule, String kind, Severity severity, Scope scope,
                        Instant startTime) {
}
