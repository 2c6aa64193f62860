package io.gridalarm.jobs.functions;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.gridalarm.connectors.OutputLine;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.Json;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.Recipient;
import io.gridalarm.rules.OutageRollUp;
import io.gridalarm.rules.fact.SupplyEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Regulatory reliability figures as they arise, one line per contribution (a short interruption, an outage raised,
 * customers interrupted and minutes lost when it clears), by GB local day of the interruption's start and network
 * operator; the replay sums them into {@code reliability.json}.
 */
public final class ReliabilityFigures {

    /** Days are counted in GB local time. */
    public static final ZoneId ZONE = ZoneId.of("Europe/London");

    /** The detail (and the measure) of customer seconds lost, exact; minutes are derived from it. */
    public static final String SECONDS_LOST = "customerSecondsLost";

    private ReliabilityFigures() {
    }

    /** One contribution to a day's figures of one network operator. */
    @JsonPropertyOrder({"day", "networkOperator", "measure", "value"})
    public record Contribution(String day, String networkOperator, String measure, long value) {
    }

    /** The contribution of a supply change: short interruptions are counted, other changes count via alarms. */
    public static List<OutputLine> of(SupplyEvent event) {
        if (event.change() != SupplyEvent.Change.SHORT_INTERRUPTION) {
            return List.of();
        }
        return List.of(line(event.interruption().start(), event.meter().networkOperator(), "shortInterruptions", 1));
    }

    /**
     * The contributions of an outage alarm (one the rules handed to the roll-up, or the roll-up made): counted when
     * raised, by level or as nested, and its customers interrupted and minutes lost when cleared; a nested outage
     * a late read corrected, or whose meters were back before it was due, is taken back from the count when it clears.
     */
    public static List<OutputLine> of(Alarm alarm) {
        boolean nested = alarm.kind().equals(OutageRollUp.NESTED_KIND);
        String operator = alarm.recipients().stream().filter(r -> r.type() == PartyType.NETWORK_OPERATOR)
                .map(Recipient::id).findFirst().orElse("unknown");
        List<OutputLine> lines = new ArrayList<>(2);
        if (alarm.status() == AlarmStatus.RAISED) {
            lines.add(line(alarm.startTime(), operator, "outages." + (nested ? "NESTED" : alarm.scope().level().name()),
                    1));
        } else if (alarm.status() == AlarmStatus.CLEARED && alarm.details().get("customersInterrupted") instanceof Number ci) {
            lines.add(line(alarm.startTime(), operator, "customersInterrupted", ci.longValue()));
            // Summed in exact seconds: minutes rounded per alarm would drift in a day's total.
            Object lost = alarm.details().get(SECONDS_LOST);
            lines.add(line(alarm.startTime(), operator, SECONDS_LOST, lost instanceof Number n ? n.longValue() : 0));
            if (nested && (OutageRollUp.CORRECTED_BY_LATE_READ.getValue().equals(
                    alarm.details().get(OutageRollUp.CORRECTED_BY_LATE_READ.getKey()))
                    || alarm.details().containsKey(OutageRollUp.BACK_BEFORE))) {
                // A late read proved the meter back before it was judged nested, or its meters were back before it
                // was due: it was never a nested outage (its customers and minutes still count).
                lines.add(line(alarm.startTime(), operator, "outages.NESTED", -1));
            }
        }
        return lines;
    }

    private static OutputLine line(Instant start, String operator, String measure, long value) {
        Contribution c = new Contribution(start.atZone(ZONE).toLocalDate().toString(), operator, measure, value);
        return new OutputLine(OutputLine.RELIABILITY, c.day() + "|" + operator + "|" + measure, measure, Json.line(c));
    }
}
