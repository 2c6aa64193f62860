package io.gridalarm.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes every recipient that is not entitled to an alarm, judged from the registry alone (not from what a rule
 * said): a network operator must be the one the registry names for every meter of the alarm, and a supplier the
 * one registered for every meter at the alarm's time. An alarm about a DCC user's own commands goes to that user
 * alone (it lists what the user itself sent), and an alarm about the whole fleet's commands to no party; security
 * is entitled to every alarm addressed to it. Each decision is kept for the audit trail. A meter's supply state
 * goes to the parties the registry names for it at the state's time, and to no one else.
 */
public final class AccessControl {

    private final RegistryLookup registry;

    public AccessControl(RegistryLookup registry) {
        this.registry = registry;
    }

    /** One recipient's outcome for one alarm emission. */
    public record Decision(Recipient party, boolean delivered, String reason) {
    }

    /** The alarm addressed only to entitled parties, and a decision for every party the rules named. */
    public record Routing(Alarm alarm, List<Decision> decisions) {
    }

    /** Decides each of the alarm's recipients. */
    public Routing route(Alarm alarm) {
        List<Recipient> entitled = new ArrayList<>();
        List<Decision> decisions = new ArrayList<>();
        for (Recipient party : alarm.recipients()) {
            String refusal = refusal(party, alarm);
            if (refusal == null) {
                entitled.add(party);
                decisions.add(new Decision(party, true, entitlement(party, alarm)));
            } else {
                decisions.add(new Decision(party, false, refusal));
            }
        }
        return new Routing(alarm.withRecipients(entitled), decisions);
    }

    /**
     * The parties entitled to see a meter's own state (its switch position, its energisation) at the instant: its
     * registered supplier and its network operator then; none when the meter has no registry row then.
     */
    public List<Recipient> entitledTo(String meterId, Instant time) {
        RegistryRow row = registry.rowAt(meterId, time);
        return row == null ? List.of()
                : List.of(Recipient.supplier(row.supplier()), Recipient.networkOperator(row.networkOperator()));
    }

    private static String entitlement(Recipient party, Alarm alarm) {
        if (party.type() == PartyType.SECURITY) {
            return "security watches every alarm addressed to it";
        }
        if (alarm.scope().level() == ScopeLevel.USER) {
            return "the alarm is about " + party + "'s own commands";
        }
        return "the registry names " + party + " for " + describeMeters(alarm) + " at " + alarm.time();
    }

    private String refusal(Recipient party, Alarm alarm) {
        if (party.type() == PartyType.SECURITY) {
            return null;
        }
        if (alarm.scope().level() == ScopeLevel.USER) {
            return party.id().equals(alarm.scope().id()) ? null : "the alarm is about the commands of user "
                    + alarm.scope().id() + ", not of " + party;
        }
        if (alarm.scope().level() == ScopeLevel.FLEET) {
            return "the alarm is about every user's commands, which only security may see";
        }
        if (alarm.meterIds().isEmpty()) {
            return "the alarm names no meters, so no party can be shown to be entitled to it";
        }
        for (String meterId : alarm.meterIds()) {
            RegistryRow row = registry.rowAt(meterId, alarm.time());
            if (row == null) {
                return "meter " + meterId + " has no registry row valid at " + alarm.time();
            }
            String registered = row.party(party.type());
            if (!party.id().equals(registered)) {
                return "meter " + meterId + " is registered to " + party.type().slug() + " " + registered + " at "
                        + alarm.time() + ", not " + party.id();
            }
        }
        return null;
    }

    private static String describeMeters(Alarm alarm) {
        return alarm.meterIds().size() == 1 ? "meter " + alarm.meterIds().get(0)
                : "all " + alarm.meterIds().size() + " meters";
    }
}
