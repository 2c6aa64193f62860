package io.gridalarm.rules;

import io.gridalarm.model.Alarm;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.rules.fact.SupplyEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Feeds records through the default rule set, carrying each meter's state as the Flink operator does. */
final class FleetRun implements AutoCloseable {

    private final DroolsMeterRules rules;
    private final Map<String, MeterState> states = new HashMap<>();
    private final List<SupplyEvent> supplyEvents = new ArrayList<>();

    private FleetRun(DroolsMeterRules rules) {
        this.rules = rules;
    }

    /** A fresh session of the default rule set (compiled once per JVM). */
    static FleetRun defaultRules() {
        try {
            return new FleetRun(DroolsMeterRules.load(Fixtures.DEFAULT_RULES));
        } catch (RuleSetException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** Evaluates the records in order and returns every alarm they raise. */
    List<Alarm> feed(MeterRecord... records) {
        List<Alarm> alarms = new ArrayList<>();
        for (MeterRecord record : records) {
            Evaluation evaluation = rules.evaluate(record, states.get(record.meterId()));
            alarms.addAll(evaluation.alarms());
            supplyEvents.addAll(evaluation.supplyEvents());
            states.put(record.meterId(), evaluation.state());
        }
        return alarms;
    }

    /** The clock reached the instant with no record: every meter's deadlines up to it are settled, in order. */
    List<Alarm> settle(Instant now) {
        List<Alarm> alarms = new ArrayList<>();
        for (String meterId : new TreeSet<>(states.keySet())) {
            Instant due;
            while ((due = rules.nextDeadline(states.get(meterId))) != null && !due.isAfter(now)) {
                Evaluation evaluation = rules.settle(due, states.get(meterId));
                alarms.addAll(evaluation.alarms());
                states.put(meterId, evaluation.state());
            }
        }
        return alarms;
    }

    /** Forgets every meter's state, as if the fleet started afresh. */
    void reset() {
        states.clear();
        supplyEvents.clear();
    }

    MeterState state(String meterId) {
        return states.get(meterId);
    }

    List<SupplyEvent> supplyEvents() {
        return supplyEvents;
    }

    DroolsMeterRules rules() {
        return rules;
    }

    @Override
    public void close() {
        rules.close();
    }
}
