package io.gridalarm.jobs.functions;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.AccessControl;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.Json;
import io.gridalarm.model.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Applies access control to an alarm and turns it into output lines: one per entitled recipient in that party's
 * file, and one audit line per decision (delivered or removed, with the reason).
 */
public final class RouteAlarms {

    /** One line of the audit trail. */
    @JsonPropertyOrder({"time", "alarmId", "status", "kind", "rule", "meterIds", "party", "decision", "reason"})
    public record AuditEntry(Instant time, String alarmId, AlarmStatus status, String kind, String rule,
                             List<String> meterIds, Recipient party, String decision, String reason) {
    }

    private RouteAlarms() {
    }

    /** Routes the alarm under the access control, handing each line to {@code out}. */
    public static void route(AccessControl accessControl, Alarm alarm, Consumer<OutputLine> out) {
        AccessControl.Routing routing = accessControl.route(alarm);
        String sortKey = sortKey(alarm);
        if (!routing.alarm().recipients().isEmpty()) {
            String json = Json.line(routing.alarm());
            for (Recipient party : routing.alarm().recipients()) {
                out.accept(new OutputLine(OutputLine.partyBucket(party.type(), party.id()), sortKey, alarm.kind(),
                        json));
            }
        }
        for (AccessControl.Decision decision : routing.decisions()) {
            String verdict = decision.delivered() ? "DELIVERED" : "REMOVED";
            AuditEntry entry = new AuditEntry(alarm.time(), alarm.alarmId(), alarm.status(), alarm.kind(),
                    alarm.rule(), alarm.meterIds(), decision.party(), verdict, decision.reason());
            out.accept(new OutputLine(OutputLine.AUDIT, sortKey + "|" + decision.party(), verdict,
                    Json.line(entry)));
        }
    }

    /** Orders a party's file by emission time, then alarm, then status (RAISED before CLEARED). */
    static String sortKey(Alarm alarm) {
        return String.format("%015d", alarm.time().toEpochMilli()) + "|" + alarm.alarmId() + "|"
                + alarm.status().ordinal();
    }
}
