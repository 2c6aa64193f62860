package io.gridalarm.rules;

import io.gridalarm.model.AlertCategory;
import io.gridalarm.model.AlertCode;
import io.gridalarm.model.AlertCodes;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.ServiceResponse;
import io.gridalarm.rules.fact.Interruption;
import io.gridalarm.rules.fact.SupplyEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Works out a meter's supply from its records: loss alerts (0x8F57-0x8F5A) start an interruption; the hub's AD1
 * (sent about three minutes after the loss) confirms it, or starts a confirmed one three minutes back when the
 * meter's own alert was lost; a restore alert, a read for an interval starting after the loss, or an electricity
 * meter's successful answer to a service request (it had power to answer) ends it. An
 * interruption is confirmed by the clock once it has lasted the confirmation delay; one that ends earlier is a
 * short interruption. The delay is the rule set's {@code outage.confirmationMinutes}.
 */
final class SupplyTracker {

    /** The hub sends AD1 this long after mains power is lost. */
    static final Duration AD1_DELAY = Duration.ofMinutes(3);

    /** The evidence of a restoration that a meter's answer to a service request gave. */
    static final String RESPONSE_EVIDENCE = "RESPONSE";

    /** A tracker for rule sets that do not use supply events: it never opens an interruption. */
    static final SupplyTracker OFF = new SupplyTracker();

    private final Duration confirmationDelay;
    private final AlertCodes codes = AlertCodes.gbcs();

    /** What a record or the clock changed: the events for rules and the interruption still open (or null). */
    public record Step(List<SupplyEvent> events, Interruption open) {
    }

    private SupplyTracker() {
        this.confirmationDelay = null;
    }

    public SupplyTracker(Duration confirmationDelay) {
        if (confirmationDelay == null || confirmationDelay.isNegative()) {
            throw new IllegalArgumentException("The confirmation delay must be zero or more, not "
                    + confirmationDelay + ".");
        }
        this.confirmationDelay = confirmationDelay;
    }

    /** The tracker for a rule set: its confirmation delay, or {@link #OFF} when its rules use no supply events. */
    public static SupplyTracker of(RuleSet ruleSet) {
        return ruleSet.thresholds().uses(Thresholds.Step.SUPPLY)
                ? new SupplyTracker(ruleSet.thresholds().confirmationDelay()) : OFF;
    }

    /** When an open, unconfirmed interruption will be confirmed by the clock, else null. */
    public Instant confirmationDeadline(Interruption open) {
        return open == null || open.confirmed() ? null : open.start().plus(confirmationDelay);
    }

    /** The clock has reached {@code now}: confirms an interruption that has lasted the delay. */
    public Step onClock(Instant now, Interruption open) {
        Instant deadline = confirmationDeadline(open);
        if (deadline == null || now.isBefore(deadline)) {
            return new Step(List.of(), open);
        }
        Interruption confirmed = open.confirm("DELAY");
        return new Step(List.of(new SupplyEvent(SupplyEvent.Change.CONFIRMED, confirmed, deadline, "DELAY",
                open.meter())), confirmed);
    }

    /** Applies one record of the meter. */
    public Step onRecord(MeterRecord record, Interruption open) {
        if (confirmationDelay == null) {
            return new Step(List.of(), null);
        }
        if (record.isService()) {
            // An electricity meter that answered a request (a supply status read, say) had mains power when it did:
            // its supply was back by then, whatever became of its restore alert. A gas meter runs on its battery.
            if (open != null && record.service() instanceof ServiceResponse response && response.succeeded()
                    && record.meter().fuel() == Fuel.ELECTRICITY && !response.time().isBefore(open.start())) {
                List<SupplyEvent> events = new ArrayList<>(2);
                end(open, response.time(), RESPONSE_EVIDENCE, record.meter(), events);
                return new Step(events, null);
            }
            return new Step(List.of(), open);
        }
        List<SupplyEvent> events = new ArrayList<>(2);
        if (!record.isEvent()) {
            Instant start = record.read().start();
            if (open != null && !start.isBefore(open.start())) {
                end(open, start, "READ", record.meter(), events);
                return new Step(events, null);
            }
            return new Step(events, open);
        }
        AlertCode code = codes.lookup(record.event().code());
        Instant time = record.time();
        if (code.category() == AlertCategory.OUTAGE) {
            boolean hub = code.code().equals("AD1");
            if (open == null) {
                Interruption lost = new Interruption(record.meter(), hub ? time.minus(AD1_DELAY) : time,
                        record.event().eventId(), hub ? "AD1" : null);
                events.add(new SupplyEvent(SupplyEvent.Change.LOST, lost, lost.start(), code.code(), record.meter()));
                if (hub) {
                    events.add(new SupplyEvent(SupplyEvent.Change.CONFIRMED, lost, time, code.code(), record.meter()));
                }
                return new Step(events, lost);
            }
            if (hub && !open.confirmed()) {
                Interruption confirmed = open.confirm("AD1");
                events.add(new SupplyEvent(SupplyEvent.Change.CONFIRMED, confirmed, time, code.code(),
                        record.meter()));
                return new Step(events, confirmed);
            }
            return new Step(events, open);
        }
        if (code.category() == AlertCategory.RESTORE && open != null && !time.isBefore(open.start())) {
            end(open, time, code.code(), record.meter(), events);
            return new Step(events, null);
        }
        return new Step(events, open);
    }

    /** Ends an interruption; one that outlasted the delay unconfirmed is confirmed first (at its deadline). */
    private void end(Interruption open, Instant restored, String evidence, RegistryRow meter,
                     List<SupplyEvent> events) {
        Instant deadline = open.start().plus(confirmationDelay);
        Interruption ended = open;
        if (!open.confirmed() && !restored.isBefore(deadline)) {
            ended = open.confirm("DELAY");
            events.add(new SupplyEvent(SupplyEvent.Change.CONFIRMED, ended, deadline, "DELAY", open.meter()));
        }
        events.add(new SupplyEvent(ended.confirmed() ? SupplyEvent.Change.RESTORED
                : SupplyEvent.Change.SHORT_INTERRUPTION, ended, restored, evidence, meter));
    }
}
