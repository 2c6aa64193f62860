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
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Applies access control to each alarm and turns it into output lines: one per entitled recipient in that
 * party's file, and one audit line per decision (delivered or removed, with the reason).
 */
public final class RouteAlarms extends ProcessFunction<Alarm, OutputLine> {

    private static final long serialVersionUID = 1L;

    /** Accumulator name prefix: alarm emissions of each kind. */
    public static final String ALARMS_OF_KIND = "alarms-of-kind.";

    private final String registryFile;
    private transient RegistryWatch registry;
    private transient AccessControl accessControl;

    /** One line of the audit trail. */
    @JsonPropertyOrder({"time", "alarmId", "status", "kind", "rule", "meterIds", "party", "decision", "reason"})
    public record AuditEntry(Instant time, String alarmId, AlarmStatus status, String kind, String rule,
                             List<String> meterIds, Recipient party, String decision, String reason) {
    }

    public RouteAlarms(String registryFile) {
        this.registryFile = registryFile;
    }

    @Override
    public void open(OpenContext openContext) throws Exception {
        registry = new RegistryWatch(registryFile);
        accessControl = new AccessControl(registry.current());
    }

    @Override
    public void processElement(Alarm alarm, Context ctx, Collector<OutputLine> out) {
        getRuntimeContext().getLongCounter(ALARMS_OF_KIND + alarm.kind()).add(1L);
        if (registry.current() != accessControl.registry()) {
            accessControl = new AccessControl(registry.current());
        }
        route(accessControl, alarm, out);
    }

    /** The routing itself, shared with tests and the live job. */
    public static void route(AccessControl accessControl, Alarm alarm, Collector<OutputLine> out) {
        AccessControl.Routing routing = accessControl.route(alarm);
        String sortKey = sortKey(alarm);
        if (!routing.alarm().recipients().isEmpty()) {
            String json = Json.line(routing.alarm());
            for (Recipient party : routing.alarm().recipients()) {
                out.collect(new OutputLine(OutputLine.partyBucket(party.type(), party.id()), sortKey, alarm.kind(),
                        json));
            }
        }
        for (AccessControl.Decision decision : routing.decisions()) {
            String verdict = decision.delivered() ? "DELIVERED" : "REMOVED";
            AuditEntry entry = new AuditEntry(alarm.time(), alarm.alarmId(), alarm.status(), alarm.kind(),
                    alarm.rule(), alarm.meterIds(), decision.party(), verdict, decision.reason());
            out.collect(new OutputLine(OutputLine.AUDIT, sortKey + "|" + decision.party(), verdict,
                    Json.line(entry)));
        }
    }

    /** Orders a party's file by emission time, then alarm, then status (RAISED before CLEARED). */
    static String sortKey(Alarm alarm) {
        return String.format("%015d", alarm.time().toEpochMilli()) + "|" + alarm.alarmId() + "|"
                + alarm.status().ordinal();
    }
}
