package io.gridalarm.rules;

import static io.gridalarm.rules.Fixtures.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gridalarm.model.AccessControl;
import io.gridalarm.model.Alarm;
import io.gridalarm.model.AlertCode;
import io.gridalarm.model.AlertCodes;
import io.gridalarm.model.Fuel;
import io.gridalarm.model.IntervalRead;
import io.gridalarm.model.MeterEvent;
import io.gridalarm.model.MeterRecord;
import io.gridalarm.model.PartyType;
import io.gridalarm.model.Recipient;
import io.gridalarm.model.Registry;
import io.gridalarm.model.RegistryRow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Over random registries (changes of supplier and of network operator included), random histories through the
 * default rules, and rules that also address random wrong parties: no alarm reaches a party the registry does not
 * entitle at the alarm's time, and no entitled party named by a rule is refused.
 */
class AccessControlPropertyTest {

    private static final List<String> NETWORK_OPERATORS = List.of("10", "12", "NGN", "WWU");
    private static final List<String> SUPPLIERS = List.of("ALFA", "BRVO", "CHRL", "DLTA", "ECHO");
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final int TRIALS = 300;
    private final FleetRun fleet = FleetRun.defaultRules();

    @AfterEach
    void close() {
        fleet.close();
    }

    @Test
    void noAlarmReachesAPartyThatIsNotEntitled() {
        List<AlertCode> codes = new ArrayList<>(AlertCodes.gbcs().all());
        long delivered = 0;
        long removed = 0;
        for (long seed = 1; seed <= TRIALS; seed++) {
            Random random = new Random(seed);
            List<RegistryRow> rows = randomRegistry(random);
            Registry registry = Registry.of(rows);
            AccessControl accessControl = new AccessControl(registry);
            for (MeterRecord record : randomHistory(random, rows, registry, codes)) {
                for (Alarm alarm : evaluate(record)) {
                    List<Recipient> addressed = new ArrayList<>(alarm.recipients());
                    for (int i = random.nextInt(3); i > 0; i--) {
                        addressed.add(random.nextBoolean()
                                ? Recipient.supplier(SUPPLIERS.get(random.nextInt(SUPPLIERS.size())))
                                : Recipient.networkOperator(NETWORK_OPERATORS.get(random.nextInt(NETWORK_OPERATORS.size()))));
                    }
                    AccessControl.Routing routing = accessControl.route(alarm.withRecipients(addressed));
                    for (AccessControl.Decision decision : routing.decisions()) {
                        boolean entitled = oracleEntitled(rows, decision.party(), alarm);
                        if (decision.delivered() != entitled) {
                            fail("seed " + seed + ": " + decision + " for " + alarm + " but the oracle says entitled="
                                    + entitled);
                        }
                        if (decision.delivered()) {
                            delivered++;
                        } else {
                            removed++;
                        }
                    }
                    assertEquals(routing.decisions().stream().filter(AccessControl.Decision::delivered)
                            .map(AccessControl.Decision::party).sorted().distinct().toList(),
                            routing.alarm().recipients(), "seed " + seed);
                    // Completeness for alarms the record itself caused; an alarm settled by the clock at an
                    // earlier instant (a confirmation delay running out) names the parties of the loss's time.
                    if (record.isEvent() && alarm.time().equals(record.time())) {
                        for (Recipient named : alarm.recipients()) {
                            assertTrue(routing.alarm().recipients().contains(named),
                                    "seed " + seed + ": the rule named " + named + ", who is entitled, for " + alarm);
                        }
                    }
                }
            }
        }
        assertTrue(delivered > 1000 && removed > 500, "the trials should exercise both outcomes: delivered "
                + delivered + ", removed " + removed);
    }

    @Test
    void aChangeOfSupplierRoutesTheMorningToTheOldSupplierAndTheAfternoonToTheNew() {
        RegistryRow morning = new RegistryRow("m1", Fuel.ELECTRICITY, "F1", "S1", "12", "ALFA", T0);
        RegistryRow afternoon = new RegistryRow("m1", Fuel.ELECTRICITY, "F1", "S1", "12", "BRVO",
                at("12:00"));
        AccessControl accessControl = new AccessControl(Registry.of(List.of(morning, afternoon)));
        Alarm early = evaluate(Fixtures.event(morning, "e1", "0x8F74", at("09:00"))).get(0);
        Alarm late = evaluate(Fixtures.event(afternoon, "e2", "0x8F74", at("15:00"))).get(0);
        assertEquals(List.of(Recipient.supplier("ALFA")), accessControl.route(early).alarm().recipients());
        assertEquals(List.of(Recipient.supplier("BRVO")), accessControl.route(late).alarm().recipients());
        AccessControl.Routing misaddressed = accessControl.route(late.withRecipients(List.of(Recipient.supplier("ALFA"))));
        assertTrue(misaddressed.alarm().recipients().isEmpty());
        assertEquals("meter m1 is registered to supplier BRVO at 2026-11-20T15:00:00Z, not ALFA",
                misaddressed.decisions().get(0).reason());
    }

    private List<Alarm> evaluate(MeterRecord record) {
        return fleet.feed(record);
    }

    /** Entitlement by a plain scan of the rows, independent of {@link Registry#rowAt}. */
    private static boolean oracleEntitled(List<RegistryRow> rows, Recipient party, Alarm alarm) {
        for (String meterId : alarm.meterIds()) {
            RegistryRow valid = null;
            for (RegistryRow row : rows) {
                if (row.meterId().equals(meterId) && !row.validFrom().isAfter(alarm.time())
                        && (valid == null || row.validFrom().isAfter(valid.validFrom()))) {
                    valid = row;
                }
            }
            String named = valid == null ? null
                    : party.type() == PartyType.SUPPLIER ? valid.supplier() : valid.networkOperator();
            if (!party.id().equals(named)) {
                return false;
            }
        }
        return !alarm.meterIds().isEmpty();
    }

    private static List<RegistryRow> randomRegistry(Random random) {
        List<RegistryRow> rows = new ArrayList<>();
        int meters = 3 + random.nextInt(12);
        for (int m = 0; m < meters; m++) {
            Fuel fuel = random.nextInt(4) == 0 ? Fuel.GAS : Fuel.ELECTRICITY;
            Instant from = T0.plus(Duration.ofHours(random.nextInt(24)));
            for (int r = 1 + random.nextInt(3); r > 0; r--) {
                rows.add(new RegistryRow("m" + m, fuel, "F" + random.nextInt(3), "S1",
                        NETWORK_OPERATORS.get(random.nextInt(NETWORK_OPERATORS.size())),
                        SUPPLIERS.get(random.nextInt(SUPPLIERS.size())), from));
                from = from.plus(Duration.ofMinutes(30 + random.nextInt(48 * 60)));
            }
        }
        return rows;
    }

    /** Records in time order per meter, each with the registry row valid at its time. */
    private List<MeterRecord> randomHistory(Random random, List<RegistryRow> rows, Registry registry,
                                            List<AlertCode> codes) {
        fleet.reset();
        List<MeterRecord> records = new ArrayList<>();
        List<String> meters = rows.stream().map(RegistryRow::meterId).distinct().toList();
        for (int i = 0; i < 60; i++) {
            String meterId = meters.get(random.nextInt(meters.size()));
            boolean event = random.nextBoolean();
            Instant time = T0.plus(Duration.ofMinutes(30L * random.nextInt(48 * 4)))
                    .plusSeconds(event ? random.nextInt(1800) : 0);
            RegistryRow row = registry.rowAt(meterId, time);
            if (row == null) {
                continue;
            }
            if (event) {
                AlertCode code = codes.get(random.nextInt(codes.size()));
                if (code.appliesTo(row.fuel())) {
                    records.add(MeterRecord.of(new MeterEvent("e" + i, meterId, row.fuel(), code.code(),
                            time, null, null, null), row));
                }
            } else if (row.fuel() == Fuel.ELECTRICITY) {
                double avg = 200 + random.nextInt(70);
                records.add(MeterRecord.of(new IntervalRead(meterId, row.fuel(), time, 30, 0.2, 0.0, avg - 2, avg,
                        avg + 2), row));
            }
        }
        records.sort(Comparator.comparing(MeterRecord::time));
        return records;
    }
}
