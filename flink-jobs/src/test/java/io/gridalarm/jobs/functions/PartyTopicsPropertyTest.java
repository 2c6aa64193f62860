package io.gridalarm.jobs.functions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gridalarm.connectors.OutputLine;
import io.gridalarm.connectors.kafka.OutputTopics;
import io.gridalarm.model.AccessControl;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlarmStatus;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.Json;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryRow;
import io.gridalarm.model.Scope;
import io.gridalarm.model.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Over random registries (changes of supplier and of network operator) and random alarms addressed to right and
 * wrong parties: every record that lands in a party's topic is an alarm that party was entitled to at the alarm's
 * time, for every meter in it, and no two parties ever share a topic.
 */
class PartyTopicsPropertyTest {

    private static final List<String> NETWORK_OPERATORS = List.of("10", "12", "NGN", "WWU");
    private static final List<String> SUPPLIERS = List.of("ALFA", "BRVO", "CHRL", "DLTA", "ECHO");
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final OutputTopics TOPICS = OutputTopics.prefixed("prop.");

    @Test
    void aPartysTopicHoldsOnlyAlarmsThatPartyIsEntitledTo() throws Exception {
        long delivered = 0;
        Map<String, String> partyOfTopic = new HashMap<>();
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            List<RegistryRow> rows = new ArrayList<>();
            for (int m = 0; m < 6; m++) {
                int changes = 1 + random.nextInt(3);
                for (int c = 0; c < changes; c++) {
                    rows.add(new RegistryRow("m" + m, Fuel.ELECTRICITY, "F" + random.nextInt(2), "S1",
                            pick(random, NETWORK_OPERATORS), pick(random, SUPPLIERS),
                            T0.plus(Duration.ofDays(c * 3L + random.nextInt(3)))));
                }
            }
            AccessControl access = new AccessControl(Registry.of(dedupeValidFrom(rows)));
            for (int a = 0; a < 40; a++) {
                List<String> meters = new ArrayList<>();
                for (int n = 1 + random.nextInt(3); n > 0; n--) {
                    meters.add("m" + random.nextInt(7));
                }
                Instant time = T0.plus(Duration.ofHours(random.nextInt(24 * 14) - 24));
                List<Recipient> to = new ArrayList<>();
                for (int r = 1 + random.nextInt(4); r > 0; r--) {
                    to.add(random.nextBoolean() ? Recipient.supplier(pick(random, SUPPLIERS))
                            : Recipient.networkOperator(pick(random, NETWORK_OPERATORS)));
                }
                Alarm alarm = Alarm.builder().alarmId("a" + seed + "-" + a).kind("TAMPER", Severity.MAJOR)
                        .emission(AlarmStatus.RAISED, time).startTime(time).about(Scope.meter(meters.get(0)), meters)
                        .raisedBy("r", "set@1.0.0").recipients(to).build();
                List<OutputLine> lines = new ArrayList<>();
                RouteAlarms.route(access, alarm, lines::add);
                for (OutputLine line : lines) {
                    OutputTopics.Destination destination = TOPICS.destinationOf(line);
                    if (line.bucket().equals(OutputLine.AUDIT)) {
                        assertEquals(TOPICS.audit(), destination.topic(), "audit stays on the operator's topic");
                        continue;
                    }
                    String party = TOPICS.bucketOf(destination.topic());
                    assertEquals(line.bucket(), party, "seed " + seed);
                    String earlier = partyOfTopic.putIfAbsent(destination.topic(), party);
                    assertTrue(earlier == null || earlier.equals(party), destination.topic() + " is shared");
                    Alarm sent = Json.mapper().readValue(line.text(), Alarm.class);
                    for (String meter : sent.meterIds()) {
                        assertTrue(entitled(rows, meter, sent.time(), party),
                                "seed " + seed + ": " + party + " got " + meter + " at " + sent.time());
                    }
                    delivered++;
                }
            }
        }
        assertTrue(delivered > 500, "the trials delivered something to check: " + delivered);
    }

    /** The oracle, written apart from AccessControl: the latest row of the meter valid at the time names the party. */
    private static boolean entitled(List<RegistryRow> rows, String meter, Instant time, String party) {
        RegistryRow valid = null;
        for (RegistryRow row : rows) {
            if (row.meterId().equals(meter) && !row.validFrom().isAfter(time)
                    && (valid == null || row.validFrom().isAfter(valid.validFrom()))) {
                valid = row;
            }
        }
        if (valid == null) {
            return false;
        }
        return party.equals(PartyType.SUPPLIER.slug() + "/" + valid.supplier())
                || party.equals(PartyType.NETWORK_OPERATOR.slug() + "/" + valid.networkOperator());
    }

    private static List<RegistryRow> dedupeValidFrom(List<RegistryRow> rows) {
        Map<String, RegistryRow> byKey = new HashMap<>();
        rows.forEach(row -> byKey.put(row.meterId() + "@" + row.validFrom(), row));
        rows.retainAll(byKey.values());
        return rows;
    }

    private static String pick(Random random, List<String> from) {
        return from.get(random.nextInt(from.size()));
    }
}
